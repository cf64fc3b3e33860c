"""Highlighted snippets: the window of text around the best match, with <mark> on every hit.

Matching happens on normalised text (so "ＧＢ" in the text is found by "gb"), and every hit is
mapped back to the original characters, which are what the reader sees. Occurrences of all
clauses are merged where they overlap or touch ("政府" and "府信" in "政府信息" give one mark).
Python strings index code points, so no window boundary ever splits a surrogate pair; windows
also avoid starting or ending between a character and its combining marks, and lone surrogates
(undecodable input) are shown as U+FFFD.
"""

from __future__ import annotations

import html
import re
import unicodedata

from gongkai.search.domain.query import Query, find_occurrences
from gongkai.search.domain.tokens import fold_char

__all__ = ["find_matches", "highlight", "snippet", "snippet_segments"]

ELLIPSIS = "…"
_WHITESPACE = re.compile(r"\s+")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
Segment = tuple[str, bool]


def _normalize_with_map(text: str) -> tuple[str, list[int] | None]:
    """Normalised text and, per normalised character, its original index (None: identity)."""
    if unicodedata.is_normalized("NFKC", text):
        folded = text.casefold()
        if len(folded) == len(text):  # casefold never shortens, so each char stayed one char
            return folded, None
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = fold_char(char)
        pieces.append(piece)
        origin.extend([index] * len(piece))
    return "".join(pieces), origin


def find_matches(text: str, query: Query) -> list[tuple[int, int, frozenset[int]]]:
    """Merged (start, end, clause indexes) hits in ``text``'s own coordinates, in order."""
    normalized, origin = _normalize_with_map(text)
    hits: list[tuple[int, int, int]] = []
    for number, clause in enumerate(query.clauses):
        for start, end in find_occurrences(normalized, clause):
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            hits.append((start, end, number))
    hits.sort()
    merged: list[tuple[int, int, frozenset[int]]] = []
    for start, end, number in hits:
        if merged and start <= merged[-1][1]:
            last_start, last_end, numbers = merged[-1]
            merged[-1] = (last_start, max(last_end, end), numbers | {number})
        else:
            merged.append((start, end, frozenset({number})))
    return merged


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in {"Mn", "Mc", "Me"}


def _window(text: str, hits: list[tuple[int, int, frozenset[int]]], width: int) -> tuple[int, int]:
    """The window of about ``width`` characters that shows the most distinct clauses.

    Each hit is tried as an anchor with a little context before it; ties go to the earliest.
    """
    best = (0, min(len(text), width))
    if hits:
        best_count = -1
        for anchor_start, anchor_end, _ in hits[:200]:
            lead = max(0, (width - (anchor_end - anchor_start)) // 4)
            start = max(0, min(anchor_start - lead, len(text) - width))
            end = min(len(text), start + width)
            covered: set[int] = set()
            for hit_start, hit_end, numbers in hits:
                if hit_start >= start and hit_end <= max(end, anchor_end):
                    covered |= numbers
            if len(covered) > best_count:
                best, best_count = (start, end), len(covered)
    start, end = best
    for hit_start, hit_end, _ in hits:  # never cut a hit in two
        if hit_start < start < hit_end:
            start = hit_start
        if hit_start < end < hit_end:
            end = hit_end
    while 0 < start < len(text) and _is_mark(text[start]):
        start -= 1
    while end < len(text) and _is_mark(text[end]):
        end += 1
    return start, end


def _clean(segment: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", _WHITESPACE.sub(" ", segment))


def _segments(
    text: str, hits: list[tuple[int, int, frozenset[int]]], start: int, end: int
) -> list[Segment]:
    segments: list[Segment] = []
    position = start
    for hit_start, hit_end, _ in hits:
        if hit_end <= start or hit_start >= end:
            continue
        if hit_start > position:
            segments.append((_clean(text[position:hit_start]), False))
        segments.append((_clean(text[hit_start:hit_end]), True))
        position = hit_end
    if position < end:
        segments.append((_clean(text[position:end]), False))
    return segments


def snippet_segments(text: str, query: Query, *, width: int = 80) -> list[Segment]:
    """(segment, is_match) pairs of the best window; ellipses mark cut ends, whitespace collapses.

    Text without a hit (the match was in the title) yields its opening ``width`` characters.
    """
    width = max(1, width)
    hits = find_matches(text, query)
    start, end = _window(text, hits, width)
    segments = _segments(text, hits, start, end)
    if segments and not segments[0][1]:
        segments[0] = (segments[0][0].lstrip(), False)
    if segments and not segments[-1][1]:
        segments[-1] = (segments[-1][0].rstrip(), False)
    if start > 0:
        segments.insert(0, (ELLIPSIS, False))
    if end < len(text):
        segments.append((ELLIPSIS, False))
    return [(s, is_match) for s, is_match in segments if s]


def _html(segments: list[Segment]) -> str:
    return "".join(
        f"<mark>{html.escape(s)}</mark>" if is_match else html.escape(s) for s, is_match in segments
    )


def snippet(text: str, query: Query, *, width: int = 80) -> str:
    """HTML-safe snippet: everything escaped, hits wrapped in <mark>…</mark>."""
    return _html(snippet_segments(text, query, width=width))


def highlight(text: str, query: Query) -> str:
    """The whole text (a title), escaped, with every hit marked."""
    hits = find_matches(text, query)
    return _html(_segments(text, hits, 0, len(text)))
