"""Recall and precision of the bigram index against a plain substring scan (issue 8).

The oracle below is written independently of ``gongkai.search.domain.tokens`` (only
``normalize`` is shared: "after the same normalisation"). For Han-only words it is literally
``word in normalize(doc)``. For words mixing Han, Latin letters and digits it is the substring
scan on the text's run skeleton, where a Latin or digit run at either end of the word must be a
whole run of the text ("2023" is not found in "12023"; "2023年" is found in "2023年度" and in
"2023 年").

The same corpora also go through SQLite FTS5 (always) and PostgreSQL (when DATABASE_URL points
at one, as in CI's second step), so the term format is checked against the real engines.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gongkai.search.domain import (
    clause_matches,
    fts5_match,
    index_terms,
    index_text,
    matches,
    parse_query,
    pg_tsquery,
)
from gongkai.search.domain.tokens import FIELD_GAP, normalize

# ~60 frequent characters, including every character of the hard cases, so that
# generated documents and queries collide often.
HAN = (
    "政府信息公开通知办一网环境局生态年热线关于印发的县人民国家工作管理"
    "服务实施意见规定市区部门会议行事业单位社建设展总结报告二三十中和对"
)
assert len(set(HAN)) == len(HAN) >= 60
LATIN_DIGITS = "ab09Ａ１"  # full-width letters and digits must behave as half-width
SEPARATORS = " ，。、-()\n"
DOC_ALPHABET = HAN * 3 + LATIN_DIGITS + SEPARATORS
WORD_ALPHABET = HAN * 3 + LATIN_DIGITS + "，-"

HARD_CASES = [
    ("通办", "关于推进“一网通办”改革的通知", True),
    ("环境局", "县生态环境局2023年工作总结", True),
    ("通知", "县人民政府办公室关于印发实施意见的通知", True),
    ("政府信息公开", "2023年政府信息公开工作年度报告", True),
    ("2023年", "2023年政府信息公开工作年度报告", True),
    ("2023年", "二〇二三年（2023 年）工作要点", True),
    ("2023年", "12023年", False),
    ("12345热线", "拨打12345热线反映问题", True),
    ("12345热线", "拨打12345 热线反映问题", True),
    ("12345热线", "拨打123456热线反映问题", False),
    ("热线", "12345热线", True),
    ("政府信息", "政府，信息", False),
    ("“政府 信息”", "政府，信息", True),
    ("通知 2023", "2023年通知", True),
    ("通知 2023", "2024年通知", False),
    ("ＧＢ", "按gb/t 9704执行", True),
]


def _kind(char: str) -> str | None:
    code = ord(char)
    if (
        code == 0x3007
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x323AF
    ):
        return "han"
    if unicodedata.category(char) == "Nd":
        return "digit"
    if char.isalnum():
        return "letter"
    return None


def _runs(text: str) -> list[tuple[str, str]]:
    return [
        (kind, "".join(chars))
        for kind, chars in itertools.groupby(normalize(text), key=_kind)
        if kind is not None
    ]


def oracle_contains(doc: str, word: str) -> bool:
    """Does ``word`` (one clause) occur in ``doc``? A substring scan, no index involved."""
    runs = _runs(word)
    if not runs:
        return False
    if all(kind == "han" for kind, _ in runs) and len(runs) == 1:
        return runs[0][1] in normalize(doc)
    skeleton = "|" + "|".join(text for _, text in _runs(doc)) + "|"
    needle = "|".join(text for _, text in runs)
    if runs[0][0] != "han":
        needle = "|" + needle
    if runs[-1][0] != "han":
        needle += "|"
    return needle in skeleton


@pytest.mark.parametrize(("query", "doc", "expected"), HARD_CASES)
def test_hard_cases(query: str, doc: str, expected: bool) -> None:
    words = [w.strip("“”") for w in ([query] if query.startswith("“") else query.split())]
    assert all(oracle_contains(doc, w) for w in words) is expected
    assert matches(index_terms(doc), parse_query(query)) is expected


docs = st.text(alphabet=DOC_ALPHABET, max_size=40)
corpora = st.lists(docs, min_size=1, max_size=12)
words = st.text(alphabet=WORD_ALPHABET, min_size=1, max_size=6)


@st.composite
def queries(draw: st.DrawFn, corpus: list[str]) -> tuple[str, list[str]]:
    """A raw query and its clauses: words from the alphabet or cut out of a document."""
    clauses: list[str] = []
    doc = draw(st.sampled_from(corpus))  # most words are cut out of it, so that hits are common
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 3)):
            start = draw(st.integers(0, len(doc)))
            piece = doc[start : start + draw(st.integers(1, 8))]
        else:
            piece = draw(words)
        quoted = draw(st.booleans())
        if not quoted:
            piece = piece.split()[0] if piece.split() else ""
        if piece.strip():
            clauses.append(f"“{piece}”" if quoted else piece)
    raw = " ".join(clauses)
    return raw, [c.strip("“”") for c in clauses]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), corpus=corpora)
def test_index_agrees_with_substring_oracle(data: st.DataObject, corpus: list[str]) -> None:
    raw, clause_texts = data.draw(queries(corpus))
    query = parse_query(raw)
    usable = [c for c in clause_texts if _runs(c)]
    assert len(query.clauses) == len({tuple(_runs(c)) for c in usable})
    for doc in corpus:
        expected = bool(usable) and all(oracle_contains(doc, c) for c in usable)
        assert matches(index_terms(doc), query) is expected, (doc, raw)


@settings(max_examples=300, deadline=None)
@given(doc=docs, data=st.data())
def test_every_han_substring_is_found(doc: str, data: st.DataObject) -> None:
    """Headline guarantee: any 2+ character Han substring of a document finds the document."""
    han_runs = [text for kind, text in _runs(doc) if kind == "han" and len(text) >= 2]
    assume(han_runs)
    run = data.draw(st.sampled_from(han_runs))
    start = data.draw(st.integers(0, len(run) - 2))
    end = data.draw(st.integers(start + 2, len(run)))
    assert matches(index_terms(doc), parse_query(run[start:end]))


def _expected(title: str, body: str, query) -> bool:
    """The reference matcher with the title-only rule: a lone Han character searches titles."""
    title_terms, body_terms = index_terms(title), index_terms(body)
    return all(
        clause_matches(title_terms, c) or (not c.title_only and clause_matches(body_terms, c))
        for c in query.clauses
    )


@settings(max_examples=150, deadline=None)
@given(data=st.data(), corpus=corpora)
def test_fts5_agrees_with_reference_matcher(data: st.DataObject, corpus: list[str]) -> None:
    raw, _ = data.draw(queries(corpus))
    query = parse_query(raw)
    assume(not query.is_empty)
    rows = list(zip(corpus, reversed(corpus), strict=True))  # (title, body)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE doc USING fts5(title, body)")
    db.executemany(
        "INSERT INTO doc(rowid, title, body) VALUES (?, ?, ?)",
        [(i, index_text(t), index_text(b)) for i, (t, b) in enumerate(rows)],
    )
    found = {row[0] for row in db.execute("SELECT rowid FROM doc(?)", (fts5_match(query),))}
    assert found == {i for i, (t, b) in enumerate(rows) if _expected(t, b, query)}, raw


POSTGRES_URL = os.environ.get("DATABASE_URL", "")
PG_DOCUMENT = (
    "SELECT setweight(to_tsvector('simple', %(title)s || ' ' || %(gap)s), 'A')"
    " || setweight(to_tsvector('simple', %(body)s), 'B') @@ to_tsquery('simple', %(query)s)"
)


@pytest.mark.skipif(not POSTGRES_URL.startswith("postgres"), reason="needs DATABASE_URL=postgres")
@settings(max_examples=100, deadline=None)
@given(data=st.data(), corpus=corpora)
def test_pg_tsquery_agrees_with_reference_matcher(data: st.DataObject, corpus: list[str]) -> None:
    import psycopg

    raw, _ = data.draw(queries(corpus))
    query = parse_query(raw)
    assume(not query.is_empty)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        for title, body in zip(corpus, reversed(corpus), strict=True):
            params = {
                "title": index_text(title),
                "gap": FIELD_GAP,
                "body": index_text(body),
                "query": pg_tsquery(query),
            }
            (found,) = conn.execute(PG_DOCUMENT, params).fetchone()
            assert found is _expected(title, body, query), (title, body, raw)
