"""The 文号 normaliser: real numbers, every wrong form seen on pages, negatives (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.checks.domain.docnumbers import (
    DOCNUMBER_PATTERN,
    DocNumber,
    NormalisedDocNumber,
    find_doc_numbers,
    normalise,
)

TODAY_YEAR = 2026

# Real numbers from /work/shared/domain/huoqiu.md §3 and statutes.md §6.3: already canonical.
REAL_NUMBERS = [
    "霍政〔2021〕14号",
    "霍政秘〔2026〕39号",
    "霍政办秘〔2018〕87号",  # 霍山县's number: the same prefix as 霍邱 would use
    "国办公开办函〔2021〕30号",
    "皖政务办秘〔2023〕1号",
    "皖政务办秘〔2024〕2号",
    "六政务公开办〔2024〕2号",
    "六政府信息公开办〔2022〕53号",  # probably mis-rendered, but well-formed
    "皖政办秘〔2021〕65号",
    "皖政办秘〔2021〕109号",
    "皖政办〔2017〕80号",
    "皖政务办〔2020〕5号",
    "国办发〔2020〕53号",
    "国办发〔2018〕37号",
    "中办发〔2012〕14号",
    "国办秘函〔2019〕19号",
]

# (input, expected canonical, expected problem codes in order)
CASES: list[tuple[str, str | None, tuple[str, ...]]] = [
    *((number, number, ()) for number in REAL_NUMBERS),
    # wrong brackets
    ("云价调控【2014】65号", "云价调控〔2014〕65号", ("brackets",)),
    ("湘财绩【2015】15号", "湘财绩〔2015〕15号", ("brackets",)),
    ("皖政办[2021]65号", "皖政办〔2021〕65号", ("brackets",)),
    ("皖政办(2021)65号", "皖政办〔2021〕65号", ("brackets",)),
    ("皖政办（2021）65号", "皖政办〔2021〕65号", ("brackets",)),
    ("皖政办〈2021〉65号", "皖政办〔2021〕65号", ("brackets",)),
    ("皖政办﹝2021﹞65号", "皖政办〔2021〕65号", ("brackets",)),  # look-alike U+FE5D/U+FE5E
    ("皖政办［2021］65号", "皖政办〔2021〕65号", ("brackets",)),
    ("皖政办〔2021]65号", "皖政办〔2021〕65号", ("brackets",)),  # mismatched pair
    # year, serial, 号
    ("霍政〔21〕14号", "霍政〔2021〕14号", ("short_year",)),
    ("霍政〔2021〕第14号", "霍政〔2021〕14号", ("di_prefix",)),
    ("霍政〔2021〕014号", "霍政〔2021〕14号", ("leading_zero",)),
    ("霍政〔2021〕14", "霍政〔2021〕14号", ("missing_hao",)),
    (
        "霍政【21】第05号",
        "霍政〔2021〕5号",
        ("brackets", "short_year", "di_prefix", "leading_zero"),
    ),
    # spaces and full-width characters
    ("霍政 〔2021〕 14 号", "霍政〔2021〕14号", ("spaces",)),
    ("\u3000霍政〔2021〕14号\u3000", "霍政〔2021〕14号", ("spaces",)),
    ("霍政〔2021〕14号\n", "霍政〔2021〕14号", ("spaces",)),
    ("霍政\u200b〔2021〕14号", "霍政〔2021〕14号", ("spaces",)),  # zero-width space from a web page
    ("霍政〔２０２１〕１４号", "霍政〔2021〕14号", ("fullwidth_digits",)),
    ("ＲＦ〔2021〕3号", "RF〔2021〕3号", ("fullwidth_letters",)),
    (
        "霍政（２０２１） 第 ０１４ 号",
        "霍政〔2021〕14号",
        ("spaces", "fullwidth_digits", "brackets", "di_prefix", "leading_zero"),
    ),
    # lost brackets: split only when a four-digit year is followed by digits
    ("霍政办〔202130", "霍政办〔2021〕30号", ("missing_bracket", "missing_hao")),
    ("霍政办〔202130号", "霍政办〔2021〕30号", ("missing_bracket",)),
    ("霍政办2021〕30号", "霍政办〔2021〕30号", ("missing_bracket",)),
    ("霍政办 2021 30号", "霍政办〔2021〕30号", ("spaces", "missing_bracket")),
    ("霍政办〔2021第30号", "霍政办〔2021〕30号", ("missing_bracket", "di_prefix")),
    ("霍政办〔2130", None, ("missing_bracket",)),  # 〔21〕30 or 〔2130〕? ambiguous
    ("霍政办〔2021", None, ("missing_bracket",)),
    # not understood
    ("", None, ("empty",)),
    ("   ", None, ("empty",)),
    ("无", None, ("absent",)),
    ("暂无", None, ("absent",)),
    ("—", None, ("absent",)),
    ("N/A", None, ("absent",)),
    ("关于印发霍邱县城新型城镇化建设方案的通知", None, ("unparseable",)),
    ("国务院令第711号", None, ("missing_year",)),  # a decree number has no year
    ("〔2021〕14号", None, ("missing_issuer",)),
    ("霍政〔2021〕0号", None, ("bad_serial",)),
    ("霍政〔2021〕", None, ("missing_serial",)),
    ("霍政〔202〕14号", None, ("bad_year",)),
    ("霍政〔0564〕14号", None, ("bad_year",)),
    ("霍政〔2021〕14号文", None, ("unparseable",)),
    ("11341522MB0000000X/202403-00017", None, ("unparseable",)),  # 索引号
    ("2021年", None, ("unparseable",)),
    ("0564-6021234", None, ("unparseable",)),
    ("（2021）皖1522民初1234号", None, ("unparseable",)),  # court case number
    # future years, with today's year known
    ("霍政〔2031〕1号", None, ("future_year",)),
    ("霍政〔98〕1号", None, ("future_year",)),  # 1998 or a typo? not guessed
    ("霍政〔26〕1号", "霍政〔2026〕1号", ("short_year",)),
]


@pytest.mark.parametrize(("text", "canonical", "codes"), CASES)
def test_normalise(text: str, canonical: str | None, codes: tuple[str, ...]) -> None:
    result = normalise(text, today_year=TODAY_YEAR)
    assert result.original == text
    assert result.canonical == canonical
    assert tuple(problem.code for problem in result.problems) == codes
    assert all(problem.message for problem in result.problems)
    assert result.is_canonical == (canonical == text)
    if canonical is None:
        assert result.parsed is None
        assert result.problems  # always says why
    else:
        assert str(result.parsed) == canonical
        assert DOCNUMBER_PATTERN.match(canonical)


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


def test_messages_are_chinese_and_specific() -> None:
    problems = {p.code: p.message for p in normalise("霍政【21】第05号").problems}
    assert problems["brackets"] == "年份应使用六角括号〔〕，不应使用“【】”"
    assert problems["short_year"] == "年份应写全四位：“21”应为“2021”"
    assert problems["leading_zero"] == "序号不编虚位：“05”应为“5”"
    assert problems["di_prefix"] == "序号前不加“第”"
    assert (
        "晚于今年（2026 年）" in normalise("霍政〔2031〕1号", today_year=2026).problems[0].message
    )


def test_without_today_year_two_digit_years_always_expand_to_20xx() -> None:
    assert normalise("霍政〔98〕1号").canonical == "霍政〔2098〕1号"
    assert normalise("霍政〔2031〕1号").canonical == "霍政〔2031〕1号"


def test_parsed_fields_and_the_huoshan_collision() -> None:
    parsed = normalise("霍政办秘〔2018〕87号").parsed
    assert parsed == DocNumber("霍政办秘", 2018, 87)
    # A number alone cannot tell 霍邱 from 霍山: nothing in it names the county.
    assert "霍邱" not in parsed.issuer_code


@pytest.mark.parametrize(
    ("issuer", "year", "serial"),
    [("", 2021, 1), ("霍政1", 2021, 1), ("霍政", 21, 1), ("霍政", 2021, 0), ("霍 政", 2021, 1)],
)
def test_doc_number_refuses_invalid_fields(issuer: str, year: int, serial: int) -> None:
    with pytest.raises(ValueError):
        DocNumber(issuer, year, serial)


def test_the_strict_pattern() -> None:
    assert DOCNUMBER_PATTERN.match("皖政办秘〔2021〕65号")
    for wrong in (
        "皖政办秘〔2021〕65号\n",
        "皖政办秘〔２０２１〕65号",
        "皖政办秘〔2021〕065号",
        "〔2021〕65号",
    ):
        assert not DOCNUMBER_PATTERN.match(wrong)


# --- document numbers in running text ---------------------------------------------------------

FOUND = [
    # (running text, the spans' texts, their canonical forms)
    (
        "根据《关于印发2018年度全县政务公开要点的通知》（霍政办秘〔2018〕87号）要求，",
        ["霍政办秘〔2018〕87号"],
        ["霍政办秘〔2018〕87号"],
    ),
    ("以霍政〔2021〕14号文件正式印发实施", ["霍政〔2021〕14号"], ["霍政〔2021〕14号"]),
    (
        "依据皖政办秘【2021】65号和皖政办秘〔2021〕109号，",
        ["皖政办秘【2021】65号", "皖政办秘〔2021〕109号"],
        ["皖政办秘〔2021〕65号", "皖政办秘〔2021〕109号"],
    ),
    ("按照霍政办〔202130文件精神", ["霍政办〔202130"], ["霍政办〔2021〕30号"]),
    ("转发国办发 〔2018〕 37 号的通知", ["国办发 〔2018〕 37 号"], ["国办发〔2018〕37号"]),
    ("见湘财绩(2015)第15号。", ["湘财绩(2015)第15号"], ["湘财绩〔2015〕15号"]),
    ("霍邱县人民政府霍政〔21〕14号", ["霍政〔21〕14号"], ["霍政〔2021〕14号"]),
    ("霍政〔２０２１〕１４号", ["霍政〔２０２１〕１４号"], ["霍政〔2021〕14号"]),
]


@pytest.mark.parametrize(("text", "spans", "canonicals"), FOUND)
def test_find_doc_numbers(text: str, spans: list[str], canonicals: list[str]) -> None:
    found = find_doc_numbers(text)
    assert [text[start:end] for start, end, _ in found] == spans
    assert [result.canonical for _, _, result in found] == canonicals
    assert all(result.original == text[start:end] for start, end, result in found)


NOT_DOC_NUMBERS = [
    "2021年霍邱县地区生产总值增长7%左右，逼近300亿元。",
    "索引号：11341522MB0000000X/202403-00017",
    "索引号：003226988/201805-00082",
    "咨询电话：(0564)6021234，市长热线 0564-12345。",
    "共计（2021）12万元。",
    "民事判决书（2021）皖1522民初1234号",
    "《中华人民共和国政府信息公开条例》（国务院令第492号公布，国务院令第711号修订）",
    "2021年第3号公告",
    "规划期为（2021—2025年），3号楼",
    "【2021】年度报告",
    "霍政办(21)3号",  # round brackets with a two-digit year: too weak a signal
    "霍政〔2021〕1234567",  # seven digits: not a serial
]


@pytest.mark.parametrize("text", NOT_DOC_NUMBERS)
def test_find_doc_numbers_leaves_other_numbers_alone(text: str) -> None:
    assert find_doc_numbers(text) == []


def test_find_doc_numbers_passes_today_year_on() -> None:
    [(_, _, result)] = find_doc_numbers("依据霍政〔2031〕1号", today_year=2026)
    assert result.canonical is None
    assert result.problems[0].code == "future_year"


# --- properties -------------------------------------------------------------------------------

ISSUER_CHARS = "霍邱政办秘皖国发函六务公开中湘财绩云价调控令第号ABCXYZabc"
issuers = st.text(alphabet=ISSUER_CHARS, min_size=1, max_size=8)
years = st.integers(min_value=1900, max_value=2099)
serials = st.integers(min_value=1, max_value=99999)
doc_numbers = st.builds(DocNumber, issuers, years, serials)


@given(doc_numbers)
def test_canonical_text_round_trips(number: DocNumber) -> None:
    result = normalise(str(number))
    assert result.is_canonical
    assert result.parsed == number
    assert result.canonical == str(number)
    assert DOCNUMBER_PATTERN.match(str(number))


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isascii() and ch.isalnum() else ch for ch in text)


BRACKET_PAIRS = ["〔〕", "【】", "[]", "()", "（）", "〈〉", "﹝﹞", "［］"]


@given(
    doc_numbers,
    st.sampled_from(BRACKET_PAIRS),
    st.booleans(),  # 第
    st.integers(min_value=0, max_value=2),  # leading zeros
    st.booleans(),  # 号
    st.booleans(),  # full-width
    st.sampled_from(["", " ", "\u3000"]),
)
def test_messy_forms_normalise_to_the_number(
    number: DocNumber, brackets: str, di: bool, zeros: int, hao: bool, wide: bool, space: str
) -> None:
    serial = "0" * zeros + str(number.serial)
    body = f"{brackets[0]}{number.year}{brackets[1]}{'第' if di else ''}{serial}"
    text = f"{number.issuer_code}{space}{body}{space}{'号' if hao else ''}"
    if wide:
        text = _fullwidth(text)
    result = normalise(text)
    assert result.canonical == str(number)
    assert result.is_canonical == (text == str(number))


MESSY_ALPHABET = ISSUER_CHARS + "0123456789０１２３４５ 〔〕【】[]()（）﹝﹞第号年/-\u3000"


@given(st.one_of(st.text(alphabet=MESSY_ALPHABET, max_size=20), st.text(max_size=20)))
def test_normalise_is_total_and_idempotent(text: str) -> None:
    result = normalise(text)
    assert isinstance(result, NormalisedDocNumber)
    assert result.is_canonical == (result.canonical == text)
    if result.canonical is None:
        assert result.parsed is None and result.problems
    else:
        assert DOCNUMBER_PATTERN.match(result.canonical)
        again = normalise(result.canonical)
        assert again.is_canonical
        assert again.canonical == result.canonical
        assert again.parsed == result.parsed


@given(st.text(alphabet=MESSY_ALPHABET + "，。根据以和的", max_size=40))
def test_found_spans_are_inside_the_text(text: str) -> None:
    previous_end = 0
    for start, end, result in find_doc_numbers(text):
        assert previous_end <= start < end <= len(text)
        assert result.original == text[start:end]
        previous_end = end
