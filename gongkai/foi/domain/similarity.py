"""Repeat and bulk detection for 依申请公开 (issue #3: "the same applicant's applications in the
last 30 days, and near-identical requests (重复申请), are shown to the handler").

Pure rules, no Django:

* :func:`normalize_id_number` / :func:`normalize_phone` give the canonical form of the values
  whose keyed digest identifies an applicant (the ciphertexts are randomised, so matching uses
  a digest column, see gongkai/foi/models.py).
* :func:`similarity` is the Jaccard index of character bigrams: Chinese needs no word
  segmentation to spot a near-identical text, and punctuation, spaces and full/half width are
  ignored. Two descriptions at or above :data:`SIMILARITY_THRESHOLD` are shown as possible
  重复申请 — a hint for the handler, who decides (a repeated application may be 不予处理 under
  Art. 36 (六) only when it is really the same request).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Final

__all__ = [
    "REPEAT_WINDOW",
    "SIMILARITY_THRESHOLD",
    "Candidate",
    "Match",
    "bigrams",
    "find_similar",
    "in_window",
    "normalize_id_number",
    "normalize_phone",
    "similarity",
]

REPEAT_WINDOW: Final = timedelta(days=30)  # issue #3
SIMILARITY_THRESHOLD: Final = 0.6


def normalize_id_number(value: str) -> str:
    """Letters and digits only, upper case (a final x of an ID card number is X)."""
    text = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def normalize_phone(value: str) -> str:
    """Digits only, without a +86 / 0086 / 86 prefix on an 11-digit mobile number."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value or ""))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the letters and digits of ``text`` (a single character: itself)."""
    chars = [
        ch
        for ch in unicodedata.normalize("NFKC", text or "").lower()
        if unicodedata.category(ch)[0] in "LN"
    ]
    if len(chars) == 1:
        return frozenset(chars)
    return frozenset(a + b for a, b in pairwise(chars))


def similarity(a: str | frozenset[str], b: str | frozenset[str]) -> float:
    """Jaccard index of the character bigrams of ``a`` and ``b`` (0..1); empty texts give 0."""
    x = a if isinstance(a, frozenset) else bigrams(a)
    y = b if isinstance(b, frozenset) else bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def in_window(day: date, around: date, window: timedelta = REPEAT_WINDOW) -> bool:
    """Is ``day`` within ``window`` before or after ``around`` (both ends included)?"""
    return around - window <= day <= around + window


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    on: date
    text: str


@dataclass(frozen=True, slots=True)
class Match:
    id: int
    score: float


def find_similar(
    text: str,
    candidates: Iterable[Candidate],
    *,
    around: date,
    exclude: int | None = None,
    threshold: float = SIMILARITY_THRESHOLD,
    window: timedelta = REPEAT_WINDOW,
) -> list[Match]:
    """Candidates within ``window`` of ``around`` whose text is at least ``threshold`` similar,
    most similar first (ties: the lower id first)."""
    mine = bigrams(text)
    hits = []
    for candidate in candidates:
        if candidate.id == exclude or not in_window(candidate.on, around, window):
            continue
        score = similarity(mine, bigrams(candidate.text))
        if score >= threshold:
            hits.append(Match(candidate.id, score))
    return sorted(hits, key=lambda m: (-m.score, m.id))
