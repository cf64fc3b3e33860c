"""Ordering of search results from per-document facts (pure; the backends gather the facts).

The order the issue asks for, most important first:

1. title matches before body matches (every clause in the title, then some, then none);
2. the whole query as one phrase before scattered words (in the title, then in the body);
3. a clause that is a whole word (jieba) before one found across word boundaries — "环境局" as
   the word 环境局 before "环境局" inside 生态环境局 — when the backend supplies the words;
4. in-force policy before expired (documents without validity count as in force);
5. more hits before fewer, in coarse steps (1, 2–3, 4+) so that repetition cannot outweigh 4;
6. newer before older.

A relevance score from the database (bm25, ts_rank) is deliberately not part of the key: it
rewards repetition and short documents, which citizens searching a catalogue do not expect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import TypeVar

from gongkai.search.domain.query import Clause, Query, find_occurrences
from gongkai.search.domain.tokens import normalize

__all__ = ["MatchFacts", "compute_facts", "rank", "sort_key"]

T = TypeVar("T")


@dataclass(frozen=True)
class MatchFacts:
    """What ranking needs to know about one matching document."""

    clause_count: int = 1
    title_clauses: int = 0
    title_phrase: bool = False
    body_phrase: bool = False
    title_hits: int = 0
    body_hits: int = 0
    word_match: bool = False
    in_force: bool | None = None
    published: dt.date | None = None


def _hit_step(hits: int) -> int:
    return min(3, max(0, hits).bit_length())  # 0 → 0, 1 → 1, 2–3 → 2, 4+ → 3


def sort_key(facts: MatchFacts) -> tuple[int, ...]:
    """Ascending sort key: ``sorted(docs, key=…)`` puts the best document first."""
    # 2: every clause in the title, 1: some, 0: none
    title_level = int(facts.title_clauses > 0) + int(0 < facts.clause_count <= facts.title_clauses)
    phrase_level = 2 if facts.title_phrase else 1 if facts.body_phrase else 0
    published = facts.published.toordinal() if facts.published else 0
    return (
        -title_level,
        -phrase_level,
        -int(facts.word_match),
        -int(facts.in_force is not False),
        -_hit_step(facts.title_hits + facts.body_hits),
        -published,
    )


def rank(items: Iterable[T], facts_of: Callable[[T], MatchFacts]) -> list[T]:
    """Items best first; the sort is stable, so ties keep the caller's order."""
    return sorted(items, key=lambda item: sort_key(facts_of(item)))


def _phrase_clauses(query: Query) -> list[Clause]:
    """The query's clauses read as one phrase: "信息 公开" → 信息公开 (or "信息 公开" literally)."""
    if len(query.clauses) < 2:
        return list(query.clauses)
    texts = [c.text for c in query.clauses]
    return [Clause(joined, ()) for joined in ("".join(texts), " ".join(texts))]


def compute_facts(
    query: Query,
    *,
    title: str,
    body: str = "",
    in_force: bool | None = None,
    published: dt.date | None = None,
    words: Collection[str] | None = None,
) -> MatchFacts:
    """Facts for plain-text title and body, for reranking the candidates a backend returned.

    ``words`` are the document's jieba words (:func:`~gongkai.search.domain.tokens.word_terms`,
    typically stored at index time); without them ``word_match`` stays False.
    """
    norm_title, norm_body = normalize(title), normalize(body)
    title_counts = [len(find_occurrences(norm_title, c)) for c in query.clauses]
    body_counts = [len(find_occurrences(norm_body, c)) for c in query.clauses]
    phrases = _phrase_clauses(query)
    return MatchFacts(
        clause_count=len(query.clauses),
        title_clauses=sum(1 for count in title_counts if count),
        title_phrase=any(find_occurrences(norm_title, p) for p in phrases),
        body_phrase=any(find_occurrences(norm_body, p) for p in phrases),
        title_hits=sum(title_counts),
        body_hits=sum(body_counts),
        word_match=bool(words) and any(c.text in words for c in query.clauses),
        in_force=in_force,
        published=published,
    )
