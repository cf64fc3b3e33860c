"""Normalisation, index terms, the stored serialisation, HTML text and jieba words."""

from __future__ import annotations

import logging
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.search.domain import tokens
from gongkai.search.domain.tokens import (
    FIELD_GAP,
    clause_terms,
    fold_char,
    index_terms,
    index_terms_with_positions,
    index_text,
    normalize,
    plain_text,
    split_runs,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＧＢ／Ｔ　９７０４", "gb/t 9704"),  # full-width → half-width, ideographic space
        ("ABC", "abc"),
        ("\uf900", "\u8c48"),  # compatibility ideograph → unified
        ("ΟΔΟΣ", "οδοσ"),  # casefold has no final-sigma context rule
        ("①号", "1号"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_normalize_is_per_code_point(a: str, b: str) -> None:
    """The fast path (already-NFKC text) and the per-character path agree, so highlighting's
    offset map is exact and normalisation commutes with concatenation."""
    assert normalize(a + b) == normalize(a) + normalize(b)
    assert normalize(a) == "".join(fold_char(c) for c in a)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("政府信息公开", ["政府", "府信", "信息", "息公", "公开", "开"]),
        ("通知", ["通知", "知"]),
        ("县", ["县"]),
        ("2023年度报告", ["2023", "年度", "度报", "报告", "告"]),
        ("拨打12345热线", ["拨打", "打", "12345", "热线", "线"]),
        ("GB2312编码", ["gb", "2312", "编码", "码"]),
        ("政府，信息", ["政府", "府", "信息", "息"]),
        ("二〇二三年", ["二〇", "〇二", "二三", "三年", "年"]),
        ("𠀀𠀁", ["𠀀𠀁", "𠀁"]),  # Extension B, a surrogate pair in UTF-16
        ("a_b—c…!?", ["a", "b", "c"]),
        ("", []),
        ("，。！", []),
    ],
)
def test_index_terms(text: str, expected: list[str]) -> None:
    assert index_terms(text) == expected


def test_positions_and_serialisation() -> None:
    assert index_terms_with_positions("通知2023") == [("通知", 0), ("知", 1), ("2023", 2)]
    assert index_text("关于印发《通知》的 通知") == "关于 于印 印发 发 通知 知 的 通知 知"
    assert FIELD_GAP not in index_terms("0gap 0 gap")


def test_long_words_are_cut() -> None:
    assert index_terms("x" * 500) == ["x" * tokens.MAX_WORD_LENGTH]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_terms_are_single_tokens(text: str) -> None:
    """Every term is letters/digits of one kind, so FTS5 and PostgreSQL split our
    serialisation back into exactly these terms. (Code points of the Han blocks that this
    Python's Unicode tables do not know yet count as Han: category Cn.)"""
    for term in index_terms(text):
        assert term and all(
            unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "Cn" for c in term
        )
        assert len({tokens.char_kind(c) for c in term}) == 1
        assert len(term) <= 2 or tokens.char_kind(term[0]) != "han"


@pytest.mark.parametrize(
    ("text", "terms", "prefix"),
    [
        ("政府信息", ("政府", "府信", "信息"), False),
        ("2023年", ("2023", "年"), True),
        ("年2023", ("年", "2023"), False),
        ("热线12345", ("热线", "线", "12345"), False),
        ("税", ("税",), True),
        ("政府 信息", ("政府", "府", "信息"), False),
        ("!!", (), False),
    ],
)
def test_clause_terms(text: str, terms: tuple[str, ...], prefix: bool) -> None:
    assert clause_terms(normalize(text)) == (terms, prefix)


def test_split_runs_offsets() -> None:
    runs = split_runs("ab政府12")
    assert [(r.kind, r.text, r.start) for r in runs] == [
        ("letter", "ab", 0),
        ("han", "政府", 2),
        ("digit", "12", 4),
    ]


def test_plain_text() -> None:
    html = (
        "<h1>关于&ldquo;一网通办&rdquo;</h1><p>政府</p><p>信息&amp;公开<br>第二行</p>"
        "<script>var x = '隐藏';</script><style>p{}</style>"
    )
    text = plain_text(html)
    assert "“一网通办”" in text
    assert "隐藏" not in text
    assert "府信" not in index_terms(text)  # block boundaries separate words
    assert "信息&公开" in text


@pytest.mark.parametrize(
    "markup", ["<p>未闭合", "<![if !supportLists]>条<![endif]>", "&#xZZ;<", ""]
)
def test_plain_text_never_raises(markup: str) -> None:
    assert isinstance(plain_text(markup), str)


def test_jieba_words_are_lazy_quiet_and_cached_where_told(tmp_path, capfd) -> None:
    tokens.configure_jieba(tmp_path)
    try:
        words = tokens.word_terms("县生态环境局关于推进一网通办的通知")
    finally:
        tokens.configure_jieba(tokens._default_cache_dir())
    assert "环境" in words
    assert "通知" in words
    assert all(len(w) >= 2 for w in words)
    assert list(tmp_path.glob("jieba*.cache"))
    assert "Building prefix dict" not in capfd.readouterr().err
    assert logging.getLogger("jieba").level >= logging.WARNING
