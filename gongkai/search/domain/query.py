"""User queries → backend-neutral clauses, FTS5 and tsquery renderings, and a reference matcher.

A query is a conjunction of clauses. Each whitespace-separated word is a clause, and so is each
quoted phrase ("…", “…”, 「…」, 『…』). A clause is a sequence of index terms that must occur at
consecutive positions (see :func:`~gongkai.search.domain.tokens.clause_terms`); for Han text
that is exactly a substring match. Parsing never raises: junk yields an empty query, and over-long
input is cut to its first :data:`MAX_QUERY_CHARS` characters.

:func:`matches` evaluates a query against a document's terms in memory. It is the definition
the database backends must agree with, and what the recall tests check against a substring scan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from gongkai.search.domain.tokens import (
    SEPARATOR,
    char_kind,
    clause_terms,
    normalize,
    split_runs,
)

__all__ = [
    "MAX_CLAUSES",
    "MAX_QUERY_CHARS",
    "Clause",
    "Query",
    "clause_matches",
    "find_occurrences",
    "fts5_match",
    "matches",
    "parse_query",
    "pg_tsquery",
]

MAX_QUERY_CHARS = 200
MAX_CLAUSES = 16
_QUOTES = {'"': '"', "“": '”“"', "「": "」", "『": "』"}


@dataclass(frozen=True)
class Clause:
    """One word or phrase: ``terms`` must appear consecutively; ``text`` is its normalised form."""

    text: str
    terms: tuple[str, ...]
    prefix_last: bool = False

    @property
    def title_only(self) -> bool:
        """A lone Han character: searched in titles only (in bodies it would hit everything)."""
        return self.prefix_last and len(self.terms) == 1

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Finds the clause in normalised text, overlapping occurrences included.

        Runs of the same kind were separated in the query, so they must be separated in the
        text; runs of different kinds may touch ("2023年") or not ("2023 年"), as in the index.
        """
        runs = split_runs(self.text)
        parts: list[str] = []
        for index, run in enumerate(runs):
            if index:
                parts.append(SEPARATOR + ("+" if runs[index - 1].kind == run.kind else "*"))
            parts.append(re.escape(run.text))
        return re.compile("(?=(" + "".join(parts) + "))")


@dataclass(frozen=True)
class Query:
    """A parsed query: every clause must match (AND)."""

    raw: str
    clauses: tuple[Clause, ...]

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def title_only(self) -> bool:
        """Every clause is a lone Han character: the whole search falls back to titles."""
        return bool(self.clauses) and all(c.title_only for c in self.clauses)


def _pieces(text: str) -> list[tuple[str, bool]]:
    """Split normalised text into (piece, quoted); a quote without its closing mate is ignored."""
    pieces: list[tuple[str, bool]] = []
    plain: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        closers = _QUOTES.get(char)
        end = -1
        if closers:
            ends = [text.find(c, index + 1) for c in closers]
            end = min((e for e in ends if e != -1), default=-1)
        if end == -1:
            plain.append(" " if closers else char)
            index += 1
            continue
        pieces.append(("".join(plain), False))
        plain = []
        pieces.append((text[index + 1 : end], True))
        index = end + 1
    pieces.append(("".join(plain), False))
    return pieces


def _clause(text: str) -> Clause | None:
    text = " ".join(text.split())
    terms, prefix_last = clause_terms(text)
    return Clause(text, terms, prefix_last) if terms else None


def parse_query(raw: object) -> Query:
    """Parse what a user typed into the search box. Never raises."""
    if not isinstance(raw, str):
        return Query("", ())
    text = normalize(raw[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS]
    clauses: list[Clause] = []
    seen: set[tuple[tuple[str, ...], bool]] = set()
    for piece, quoted in _pieces(text):
        for chunk in [piece] if quoted else piece.split():
            clause = _clause(chunk)
            if clause is None or (clause.terms, clause.prefix_last) in seen:
                continue
            seen.add((clause.terms, clause.prefix_last))
            clauses.append(clause)
    return Query(raw, tuple(clauses[:MAX_CLAUSES]))


# --- the reference matcher -------------------------------------------------------------------


def _clause_at(doc_terms: Sequence[str], clause: Clause, start: int) -> bool:
    terms = clause.terms
    for offset, term in enumerate(terms):
        found = doc_terms[start + offset]
        if clause.prefix_last and offset == len(terms) - 1:
            if not found.startswith(term):
                return False
        elif found != term:
            return False
    return True


def clause_matches(doc_terms: Sequence[str], clause: Clause) -> bool:
    """Whether the clause's terms occur consecutively in the document's terms."""
    span = len(clause.terms)
    return any(_clause_at(doc_terms, clause, s) for s in range(len(doc_terms) - span + 1))


def matches(doc_terms: Sequence[str], query: Query) -> bool:
    """In-memory evaluation of a query against :func:`index_terms` output (AND of clauses).

    ``title_only`` is the caller's business: pass the title's terms for such clauses.
    """
    return not query.is_empty and all(clause_matches(doc_terms, c) for c in query.clauses)


def find_occurrences(normalized: str, clause: Clause) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of the clause in normalised text, overlaps included.

    The same rule as the index: a Latin or digit run at either end of the clause must be a whole
    run of the text ("2023" does not occur in "12023"); a Han end may continue.
    """
    runs = split_runs(clause.text)
    if not runs:
        return []
    check_start = runs[0].kind != "han"
    check_end = runs[-1].kind != "han"
    found: list[tuple[int, int]] = []
    for match in clause.pattern.finditer(normalized):
        start, end = match.start(1), match.end(1)
        if check_start and start and char_kind(normalized[start - 1]) == runs[0].kind:
            continue
        if check_end and end < len(normalized) and char_kind(normalized[end]) == runs[-1].kind:
            continue
        found.append((start, end))
    return found


# --- backend renderings ----------------------------------------------------------------------


def _fts5_clause(clause: Clause) -> str:
    # One FTS5 string per clause: unicode61 splits it at the spaces back into our terms, which
    # makes it a phrase. Doubling '"' is FTS5's only escape; terms hold no quotes anyway.
    phrase = '"' + " ".join(clause.terms).replace('"', '""') + '"'
    return phrase + " *" if clause.prefix_last else phrase


def fts5_match(query: Query, *, title_column: str | None = "title") -> str:
    """An FTS5 MATCH expression: one phrase per clause, joined by AND.

    Title-only clauses get a column filter on ``title_column`` (None: no filter). Returns ""
    for an empty query, which the caller must not send (an empty MATCH is a syntax error).
    User text only ever appears inside double-quoted strings, so it cannot inject operators.
    """
    if title_column is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title_column):
        raise ValueError(f"not a column name: {title_column!r}")
    parts = []
    for clause in query.clauses:
        expression = _fts5_clause(clause)
        if clause.title_only and title_column:
            expression = f"{title_column} : ({expression})"
        parts.append(expression)
    return " AND ".join(parts)


def _pg_lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def pg_tsquery(query: Query, *, title_weight: str | None = "A") -> str:
    """A ``to_tsquery('simple', …)`` string: ``<->`` inside a clause, ``&`` between clauses.

    Title-only clauses are restricted to lexemes of weight ``title_weight`` (the backend gives
    title terms that weight with setweight()). Returns "" for an empty query.
    """
    if title_weight is not None and title_weight not in {"A", "B", "C", "D"}:
        raise ValueError(f"not a tsvector weight: {title_weight!r}")
    parts = []
    for clause in query.clauses:
        lexemes = [_pg_lexeme(term) for term in clause.terms]
        if clause.prefix_last:
            lexemes[-1] += ":*"
            if clause.title_only and title_weight:
                lexemes[-1] += title_weight
        parts.append("(" + " <-> ".join(lexemes) + ")" if len(lexemes) > 1 else lexemes[0])
    return " & ".join(parts)
