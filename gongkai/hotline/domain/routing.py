"""Help for operators at intake: duplicate detection and hot spots (issue #6 "Help for operators").

Issue #6: "the same phone or a near-identical text within 30 days is shown at intake with
one-click merge; hot spots (many tickets on one place or topic this week) on the board". Text
similarity is the Jaccard index of character bigrams (Chinese needs no word segmentation for
near-identical texts); the 0.8 threshold is a default. The routing suggestion learned from past
dispatches (TF-IDF + jieba) is not here: it needs a trained model, not a rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Final

__all__ = [
    "DUPLICATE_WINDOW",
    "TEXT_THRESHOLD",
    "Duplicate",
    "Intake",
    "find_duplicates",
    "hot_spots",
    "normalize_phone",
    "text_similarity",
]

DUPLICATE_WINDOW: Final = timedelta(days=30)  # issue #6
TEXT_THRESHOLD: Final = 0.8  # default


@dataclass(frozen=True, slots=True)
class Intake:
    """What duplicate detection needs of a ticket."""

    id: str
    at: datetime
    phone: str = ""
    text: str = ""
    place: str = ""


@dataclass(frozen=True, slots=True)
class Duplicate:
    id: str
    same_phone: bool
    similarity: float
    reason: str


def normalize_phone(phone: str) -> str:
    """Digits only, without a +86 / 0086 / 86 country prefix on an 11-digit mobile number."""
    digits = re.sub(r"\D", "", phone)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


def _bigrams(text: str) -> frozenset[str]:
    chars = [
        ch
        for ch in unicodedata.normalize("NFKC", text).lower()
        if unicodedata.category(ch)[0] in "LN"
    ]
    if len(chars) == 1:
        return frozenset(chars)
    return frozenset(a + b for a, b in pairwise(chars))


def text_similarity(a: str, b: str) -> float:
    """Jaccard index of character bigrams, ignoring punctuation, spaces and width (0..1)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def find_duplicates(
    new: Intake,
    previous: Iterable[Intake],
    *,
    window: timedelta = DUPLICATE_WINDOW,
    threshold: float = TEXT_THRESHOLD,
) -> list[Duplicate]:
    """Earlier tickets within ``window`` before ``new`` with the same phone or a near-identical
    text, most similar first."""
    phone = normalize_phone(new.phone)
    hits: list[Duplicate] = []
    for old in previous:
        if old.id == new.id or not (new.at - window <= old.at <= new.at):
            continue
        same_phone = bool(phone) and normalize_phone(old.phone) == phone
        similarity = text_similarity(new.text, old.text)
        if same_phone or similarity >= threshold:
            reasons = []
            if same_phone:
                reasons.append("同一来电号码")
            if similarity >= threshold:
                reasons.append(f"诉求内容相似度{similarity:.0%}")
            hits.append(Duplicate(old.id, same_phone, similarity, "，".join(reasons)))
    return sorted(hits, key=lambda d: (-d.similarity, not d.same_phone, d.id))


def hot_spots(
    tickets: Iterable[Intake], *, since: datetime, until: datetime, minimum: int = 5
) -> list[tuple[str, int]]:
    """Places with at least ``minimum`` tickets in [since, until), most first."""
    counts = Counter(
        " ".join(t.place.split()) for t in tickets if since <= t.at < until and t.place.strip()
    )
    return sorted(
        ((place, n) for place, n in counts.items() if n >= minimum), key=lambda r: (-r[1], r[0])
    )
