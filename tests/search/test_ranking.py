"""Ranking table: title before body, phrase before scattered words, in force before expired,
newer before older at equal relevance."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.search.domain import MatchFacts, compute_facts, parse_query, rank, sort_key

OLD, NEW = dt.date(2019, 3, 1), dt.date(2026, 11, 1)

# (query, better document, worse document, why); a document is (title, body, in_force, published)
CASES = [
    (
        "通知",
        ("关于…的通知", "", None, OLD),
        ("工作要点", "见通知", None, NEW),
        "title before body",
    ),
    (
        "信息 公开",
        ("信息公开指南", "", None, OLD),
        ("信息化建设与政务公开", "", None, NEW),
        "whole phrase before scattered words, both in titles",
    ),
    (
        "信息 公开",
        ("工作报告", "政府信息公开", None, OLD),
        ("工作报告", "信息化……政务公开", None, NEW),
        "whole phrase before scattered words, both in bodies",
    ),
    (
        "信息 公开",
        ("信息化与政务公开", "", None, OLD),
        ("年度报告", "政府信息公开", None, NEW),
        "all words in the title before a phrase in the body",
    ),
    (
        "信息 公开",
        ("信息公开", "", None, OLD),
        ("信息", "政府信息公开", None, NEW),
        "all words in the title before some",
    ),
    (
        "补贴",
        ("农机购置补贴实施办法", "", True, OLD),
        ("农机购置补贴实施办法", "", False, NEW),
        "in force before expired at equal relevance, even if older",
    ),
    (
        "补贴",
        ("农机购置补贴实施办法", "", None, OLD),
        ("农机购置补贴实施办法", "", False, NEW),
        "documents without validity count as in force",
    ),
    (
        "补贴",
        ("补贴办法", "", True, NEW),
        ("补贴办法", "", True, OLD),
        "newer before older at equal relevance",
    ),
    (
        "补贴",
        ("补贴办法", "补贴标准和补贴对象", True, OLD),
        ("补贴办法", "", True, NEW),
        "more hits (in coarse steps) before fewer",
    ),
    (
        "补贴",
        ("补贴办法", "补贴……补贴……补贴……补贴", True, NEW),
        ("补贴办法", "补贴……补贴……补贴……补贴……补贴……补贴", True, OLD),
        "beyond four hits repetition no longer counts: newer wins",
    ),
    (
        "补贴",
        ("补贴办法", "", True, OLD),
        ("补贴办法", "补贴……补贴……补贴", False, NEW),
        "validity outweighs hits",
    ),
]


def _facts(query, doc):
    title, body, in_force, published = doc
    return compute_facts(query, title=title, body=body, in_force=in_force, published=published)


@pytest.mark.parametrize(("raw", "better", "worse", "why"), CASES, ids=[c[3] for c in CASES])
def test_order(raw, better, worse, why) -> None:
    query = parse_query(raw)
    assert sort_key(_facts(query, better)) < sort_key(_facts(query, worse)), why
    assert rank([worse, better], lambda d: _facts(query, d)) == [better, worse]


def test_whole_words_rank_before_substrings_across_word_boundaries() -> None:
    query = parse_query("环境局")
    word = compute_facts(query, title="县环境局通知", words={"环境局", "通知"}, published=OLD)
    inside = compute_facts(query, title="县生态环境局通知", words={"生态", "环境", "通知"})
    assert word.word_match and not inside.word_match
    assert sort_key(word) < sort_key(inside)


def test_facts() -> None:
    query = parse_query("信息 公开")
    facts = compute_facts(query, title="信息公开", body="信息、信息和公开")
    assert facts == MatchFacts(
        clause_count=2,
        title_clauses=2,
        title_phrase=True,
        body_phrase=False,
        title_hits=2,
        body_hits=3,
    )


def test_rank_is_stable() -> None:
    same = MatchFacts(title_clauses=1, title_phrase=True)
    assert rank(["a", "b", "c"], lambda _: same) == ["a", "b", "c"]
