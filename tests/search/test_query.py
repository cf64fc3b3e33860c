"""Query parsing (never raises), the FTS5 and tsquery renderings, injection safety."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.search.domain import fts5_match, index_text, matches, parse_query, pg_tsquery
from gongkai.search.domain.query import MAX_QUERY_CHARS, Clause, Query, find_occurrences
from gongkai.search.domain.tokens import index_terms, normalize


def terms(raw: str) -> list[tuple[tuple[str, ...], bool]]:
    return [(c.terms, c.prefix_last) for c in parse_query(raw).clauses]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("通知", [(("通知",), False)]),
        ("政府信息 公开", [(("政府", "府信", "信息"), False), (("公开",), False)]),
        ("“政府 信息”", [(("政府", "府", "信息"), False)]),
        ("「政府 信息」 通知", [(("政府", "府", "信息"), False), (("通知",), False)]),
        ('"open data" 2023年', [(("open", "data"), False), (("2023", "年"), True)]),
        ("＂政府　信息＂", [(("政府", "府", "信息"), False)]),  # full-width quotes and space
        ("“政府 信息", [(("政府",), False), (("信息",), False)]),  # unbalanced: plain words
        ("通知 通知 ＂通知＂", [(("通知",), False)]),  # duplicates collapse
        ("12345热线", [(("12345", "热线"), False)]),
        ("政府,信息", [(("政府", "府", "信息"), False)]),
        ("", []),
        ("   ", []),
        ("，。！？“”「」", []),
        ("\x00\x07\u200b\ud800", []),
    ],
)
def test_parse(raw: str, expected: list) -> None:
    assert terms(raw) == expected


def test_one_character_queries_fall_back_to_titles() -> None:
    assert parse_query("税").title_only
    assert parse_query("税 费").title_only
    mixed = parse_query("税 政策")
    assert not mixed.title_only
    assert [c.title_only for c in mixed.clauses] == [True, False]
    assert not parse_query("2023年").title_only


def test_long_and_odd_input_is_cut_not_refused() -> None:
    query = parse_query("政" * 1000)
    assert len(query.clauses) == 1
    assert len(query.clauses[0].terms) == MAX_QUERY_CHARS - 1
    assert parse_query(None).is_empty
    assert parse_query(12).is_empty  # type: ignore[arg-type]
    assert len(parse_query(" ".join(f"词{i}" for i in range(100))).clauses) == 16


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_input_parses_and_renders(raw: str) -> None:
    query = parse_query(raw)
    fts5_match(query)
    pg_tsquery(query)
    matches(index_terms(raw), query)


def test_renderings() -> None:
    query = parse_query("政府信息 2023年 税")
    assert fts5_match(query) == '"政府 府信 信息" AND "2023 年" * AND title : ("税" *)'
    assert fts5_match(query, title_column=None).endswith('AND "税" *')
    assert pg_tsquery(query) == "('政府' <-> '府信' <-> '信息') & ('2023' <-> '年':*) & '税':*A"
    assert pg_tsquery(query, title_weight=None).endswith("& '税':*")
    assert fts5_match(parse_query("!!")) == ""
    assert pg_tsquery(parse_query("!!")) == ""
    with pytest.raises(ValueError, match="column"):
        fts5_match(query, title_column="title) OR (1")
    with pytest.raises(ValueError, match="weight"):
        pg_tsquery(query, title_weight="A|B")


HOSTILE = [
    'a" OR "b',
    "* NEAR(a b) ^x",
    "title : 政府",
    "政府 NOT 信息",
    "'; DROP TABLE x; --",
    "a:* | !b & (c <-> d)",
    '"""',
    "\\'\\",
]


@pytest.mark.parametrize("raw", HOSTILE)
def test_user_input_cannot_inject_fts5_syntax(raw: str) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE doc USING fts5(title, body)")
    db.execute("INSERT INTO doc VALUES (?, ?)", (index_text(raw), index_text("政府 信息 a b")))
    query = parse_query(raw)
    if not query.is_empty:
        rows = db.execute("SELECT count(*) FROM doc(?)", (fts5_match(query),)).fetchall()
        assert rows == [(1,)]  # the document holding the same text is found, no error
    for clause in query.clauses:
        assert all(t.isalnum() for t in clause.terms)


def test_quoting_would_hold_even_for_terms_with_quotes() -> None:
    """Terms are letters and digits only, but the renderers escape as if they were not."""
    odd = Query("", (Clause("x", ('a"b', "c'd\\"), prefix_last=True),))
    assert fts5_match(odd) == '"a""b c\'d\\" *'
    assert pg_tsquery(odd) == "('a\"b' <-> 'c''d\\\\':*)"


def test_find_occurrences_respects_word_edges() -> None:
    (clause,) = parse_query("2023").clauses
    assert find_occurrences(normalize("2023年 12023 2023"), clause) == [(0, 4), (12, 16)]
    (clause,) = parse_query("哈哈").clauses
    assert find_occurrences("哈哈哈", clause) == [(0, 2), (1, 3)]
