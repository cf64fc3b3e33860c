"""索引号 patterns (statutes.md §9.2, huoqiu.md §2.3 D): render, parse, scopes, validation."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.catalog.domain.index_numbers import (
    ANHUI_PATTERN,
    DEFAULT_PATTERN,
    IndexPattern,
    IndexPatternError,
    normalise_org_code,
    normalise_uscc,
)

DEMO_USCC = "11341522MB0000000X"  # huoqiu.md §2.3 D demo (its check character is not verified)
DEFAULT = IndexPattern.parse(DEFAULT_PATTERN)
ANHUI = IndexPattern.parse(ANHUI_PATTERN)
ORG_MONTH = IndexPattern.parse("{org}/{YYYYMM}-{seq:05}")
USCC_YEAR = IndexPattern.parse("{uscc}/{YYYY}-{seq:05}")
USCC_LONG = IndexPattern.parse("{uscc}/{YYYY}-{seq}")


def test_default_pattern_text() -> None:
    assert DEFAULT_PATTERN == "{code}/{YYYY}-{seq:05}"
    assert IndexPattern(DEFAULT_PATTERN) == DEFAULT
    assert hash(IndexPattern(DEFAULT_PATTERN)) == hash(DEFAULT)
    assert DEFAULT.tokens == {"code", "YYYY", "seq"}
    assert DEFAULT.seq_width == 5


@pytest.mark.parametrize(
    ("code", "published_on", "seq", "expected"),
    [
        ("hq-fgw", date(2024, 3, 5), 1, "hq-fgw/2024-00001"),
        ("HQ_XZF", date(2026, 12, 31), 99999, "HQ_XZF/2026-99999"),
        ("003159383", date(2025, 1, 1), 123, "003159383/2025-00123"),
    ],
)
def test_default_render_and_parse(code: str, published_on: date, seq: int, expected: str) -> None:
    number = DEFAULT.render(code=code, published_on=published_on, seq=seq)
    assert number == expected
    scope = f"{published_on.year}"
    assert DEFAULT.parse_number(number) == (scope, seq)
    assert DEFAULT.parse_number(number, code=code) == (scope, seq)
    assert DEFAULT.parse_number(f"  {number}\n", code=code) == (scope, seq)


def test_anhui_demo() -> None:
    number = ANHUI.render(code="hq-fgw", uscc=DEMO_USCC, published_on=date(2024, 3, 18), seq=17)
    assert number == "11341522MB0000000X/202403-00017"
    assert ANHUI.parse_number(number) == ("2024-03", 17)
    assert ANHUI.parse_number(number, uscc=DEMO_USCC) == ("2024-03", 17)
    # Input is trimmed and upper-cased.
    lower = ANHUI.render(
        code="x", uscc=" 11341522mb0000000x ", published_on=date(2024, 3, 18), seq=17
    )
    assert lower == number


@pytest.mark.parametrize(
    ("pattern", "number", "expected"),
    [
        # Real numbers quoted in statutes.md §9.2 / huoqiu.md §2.3 D.
        (ORG_MONTH, "003159383/201807-56138", ("2018-07", 56138)),
        (ORG_MONTH, "003110926/201510-00216", ("2015-10", 216)),
        (ANHUI, "113417030032499282/202011-00140", ("2020-11", 140)),
        (USCC_YEAR, "11441700007280420Y/2021-00050", ("2021", 50)),
        (USCC_YEAR, "11620622013933539B/2021-03844", ("2021", 3844)),
        (USCC_LONG, "11370322004222241N/2021-5135380", ("2021", 5135380)),
        (DEFAULT, "035210000/2025-00016", ("2025", 16)),
        # Not numbers these patterns make.
        (ORG_MONTH, "01424668-5/2021-00063", None),  # hyphenated org code, year only
        (ANHUI, "11341522MB0000000X/202413-00017", None),  # month 13
        (ANHUI, "11341522MB0000000X/202403-0017", None),  # 4-digit sequence
        (ANHUI, "11341522MB0000000X/202403-000017", None),  # 6-digit sequence
        (ANHUI, "11341522MB0000000X/202403-00000", None),  # sequence 0 is never issued
        (ANHUI, "11341522MI0000000X/202403-00017", None),  # I is not a USCC character
        (USCC_LONG, "11370322004222241N/2021-05", None),  # unpadded: no leading zero
        (DEFAULT, "hq/fgw/2024-00001", None),
        (DEFAULT, "hq-fgw/2024-00001x", None),
        (DEFAULT, "", None),
    ],
)
def test_parse_number_table(
    pattern: IndexPattern, number: str, expected: tuple[str, int] | None
) -> None:
    assert pattern.parse_number(number) == expected


def test_org_token_renders_without_hyphen() -> None:
    for org in ("00315938-3", "003159383", " 00315938-3 "):
        number = ORG_MONTH.render(code="x", org=org, published_on=date(2018, 7, 9), seq=56138)
        assert number == "003159383/201807-56138"
    with pytest.raises(IndexPatternError, match="组织机构代码"):
        normalise_org_code("0142768-8")  # 7-character body (as printed in a 国务院 example)


def test_parse_number_restricted_to_one_unit() -> None:
    number = DEFAULT.render(code="hq-fgw", published_on=date(2024, 3, 5), seq=7)
    assert DEFAULT.parse_number(number, code="hq-fgw") == ("2024", 7)
    assert DEFAULT.parse_number(number, code="hq-fg") is None
    assert DEFAULT.parse_number(number, code="hq-fgw2") is None
    other = ANHUI.render(code="x", uscc=DEMO_USCC, published_on=date(2024, 3, 5), seq=7)
    assert ANHUI.parse_number(other, uscc="11441700007280420Y") is None


def test_regex_is_anchored() -> None:
    pattern = DEFAULT.regex(code="hq")
    assert pattern.fullmatch("hq/2024-00001")
    assert pattern.match("hq/2024-00001")
    assert not pattern.match("hq/2024-000012")
    assert not pattern.search("xhq/2024-00001")
    assert pattern is DEFAULT.regex(code="hq")  # compiled once


@pytest.mark.parametrize(
    ("text", "kind", "published_on", "scope"),
    [
        (DEFAULT_PATTERN, "year", date(2024, 3, 5), "2024"),
        (ANHUI_PATTERN, "month", date(2024, 3, 5), "2024-03"),
        ("{code}/{YYYY}/{MM}-{seq:04}", "month", date(2026, 12, 1), "2026-12"),
        ("{code}/{YYYY}{YYYYMM}-{seq}", "month", date(2026, 1, 1), "2026-01"),
        ("{code}-{seq:06}", "all", date(2024, 3, 5), "all"),
        ("{org}.{seq}", "all", date(2024, 3, 5), "all"),
    ],
)
def test_sequence_scope(text: str, kind: str, published_on: date, scope: str) -> None:
    pattern = IndexPattern.parse(text)
    assert pattern.scope_kind == kind
    assert pattern.sequence_scope(published_on) == scope


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "不能为空"),
        (" {code}/{seq}", "首尾不能有空格"),
        ("{code}/{YYYY}-{seq", "花括号不配对"),
        ("{code}}/{YYYY}-{seq}", "花括号不配对"),
        ("{code/{YYYY}-{seq}", "花括号不配对"),
        ("{code}/{yyyy}-{seq}", "未知的占位符「{yyyy}」"),
        ("{code}/{}-{seq}", "未知的占位符「{}」"),
        ("{code}/{YYYY}-{NN}", "未知的占位符"),
        ("{code}/{YYYY}", "缺少序号占位符"),
        ("{code}/{seq}-{seq:05}", "只能包含一个序号占位符"),
        ("{code}/{seq:5}", "{seq:0N}"),
        ("{code}/{seq:00}", "1 到 10"),
        ("{code}/{seq:011}", "1 到 10"),
        ("{code}/索引-{seq}", "不安全的字符「索」"),
        ("{code}/{YYYY} {seq}", "不安全的字符「 」"),
        ("{code}?{seq}", "不安全的字符「?」"),
        ("{code}/{YYYY}-{seq}%", "不安全的字符「%」"),
        ("/{code}/{seq:05}", "不能以 / 开头"),
        ("{code}//{seq:05}", "//"),
        ("{code}/../{seq:05}", ".."),
        ("{YYYY}-{seq:05}", "必须包含单位标识"),
        ("{code}/{MM}-{seq:05}", "没有年份"),
        ("{code}{seq}", "不能紧接 {code}"),
        ("{seq}{code}", "不能紧接 {code}"),
    ],
)
def test_invalid_patterns(text: str, message: str) -> None:
    with pytest.raises(IndexPatternError, match=None) as caught:
        IndexPattern.parse(text)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "text",
    [
        "{code}{seq:05}",  # padded sequence next to the code is unambiguous
        "{uscc}{seq}",  # fixed-width code
        "{code}.{YYYY}.{seq:010}",
        "{code}_{YYYYMM}_{seq:01}",
    ],
)
def test_valid_edge_patterns(text: str) -> None:
    IndexPattern.parse(text)


def test_width_overflow() -> None:
    assert DEFAULT.render(code="hq", published_on=date(2024, 1, 1), seq=99999) == "hq/2024-99999"
    with pytest.raises(IndexPatternError, match="序号超出 5 位"):
        DEFAULT.render(code="hq", published_on=date(2024, 1, 1), seq=100000)
    one = IndexPattern.parse("{code}-{seq:01}")
    with pytest.raises(IndexPatternError, match="序号超出 1 位"):
        one.render(code="hq", published_on=date(2024, 1, 1), seq=10)
    # Unpadded sequences have no maximum.
    assert USCC_LONG.render(
        code="x", uscc=DEMO_USCC, published_on=date(2021, 1, 1), seq=5135380
    ).endswith("/2021-5135380")


@pytest.mark.parametrize("seq", [0, -1, True, 1.0])
def test_sequence_must_be_positive_int(seq: object) -> None:
    with pytest.raises(IndexPatternError, match="序号必须是大于等于 1 的整数"):
        DEFAULT.render(code="hq", published_on=date(2024, 1, 1), seq=seq)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pattern", "kwargs", "message"),
    [
        (ANHUI, {}, "未设置统一社会信用代码"),
        (ANHUI, {"uscc": ""}, "未设置统一社会信用代码"),
        (ANHUI, {"uscc": "1134152"}, "统一社会信用代码「1134152」格式不正确"),
        (ORG_MONTH, {}, "未设置组织机构代码"),
        (ORG_MONTH, {"org": "0031593-83"}, "组织机构代码「0031593-83」格式不正确"),
    ],
)
def test_missing_or_malformed_unit_codes(
    pattern: IndexPattern, kwargs: dict[str, str], message: str
) -> None:
    with pytest.raises(IndexPatternError, match=message):
        pattern.render(code="hq", published_on=date(2024, 3, 1), seq=1, **kwargs)


@pytest.mark.parametrize("code", ["", "霍邱", "hq/fgw", "hq.fgw", "x" * 41])
def test_unit_code_must_be_a_slug(code: str) -> None:
    with pytest.raises(IndexPatternError, match="单位编码"):
        DEFAULT.render(code=code, published_on=date(2024, 3, 1), seq=1)


def test_unused_unit_values_are_ignored() -> None:
    # The Anhui pattern does not use {code}; an odd unit slug must not block numbering.
    number = ANHUI.render(code="", uscc=DEMO_USCC, published_on=date(2024, 3, 1), seq=1)
    assert number == "11341522MB0000000X/202403-00001"


def test_normalisers() -> None:
    assert normalise_uscc(" 11341522mb0000000x") == DEMO_USCC
    assert normalise_org_code("00315938-3") == "003159383"
    with pytest.raises(IndexPatternError):
        normalise_uscc("11341522MB0000000")


# --------------------------------------------------------------------------------- properties

PATTERNS = [
    IndexPattern.parse(text)
    for text in (
        DEFAULT_PATTERN,
        ANHUI_PATTERN,
        "{org}/{YYYYMM}-{seq:05}",
        "{uscc}/{YYYY}-{seq}",
        "{code}-{seq:06}",
        "{code}/{YYYY}/{MM}/{seq:03}",
        "{code}{seq:04}.{YYYY}",
        "{seq}-{YYYY}-{code}",
        "{code}-{YYYY}{seq}",
        "{code}/{YYYYMM}{seq:02}",
        "{code}_{org}_{YYYY}{YYYYMM}_{seq:01}",
    )
]
SLUGS = st.from_regex(r"[A-Za-z0-9_-]{1,40}", fullmatch=True)
DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))
UNIT = {"uscc": DEMO_USCC, "org": "003159383"}


def _seq(pattern: IndexPattern) -> st.SearchStrategy[int]:
    width = pattern.seq_width
    return st.integers(min_value=1, max_value=10**width - 1 if width else 10**12)


@settings(max_examples=400, deadline=None)
@given(data=st.data(), pattern=st.sampled_from(PATTERNS), code=SLUGS, published_on=DATES)
def test_render_parse_round_trip(
    data: st.DataObject, pattern: IndexPattern, code: str, published_on: date
) -> None:
    seq = data.draw(_seq(pattern))
    number = pattern.render(code=code, published_on=published_on, seq=seq, **UNIT)
    assert pattern.regex().fullmatch(number)
    expected = (pattern.sequence_scope(published_on), seq)
    assert pattern.parse_number(number, code=code, **UNIT) == expected
    if "code" not in pattern.tokens or pattern.text.startswith("{code}/"):
        # The code cannot contain "/", so even without knowing it the number parses back.
        assert pattern.parse_number(number) == expected


@settings(max_examples=400, deadline=None)
@given(
    data=st.data(),
    pattern=st.sampled_from(PATTERNS),
    code=SLUGS,
    first=DATES,
    second=DATES,
)
def test_numbers_are_unique_within_a_unit(
    data: st.DataObject, pattern: IndexPattern, code: str, first: date, second: date
) -> None:
    seq_a, seq_b = data.draw(_seq(pattern)), data.draw(_seq(pattern))
    key_a = (pattern.sequence_scope(first), seq_a)
    key_b = (pattern.sequence_scope(second), seq_b)
    assume(key_a != key_b)
    a = pattern.render(code=code, published_on=first, seq=seq_a, **UNIT)
    b = pattern.render(code=code, published_on=second, seq=seq_b, **UNIT)
    assert a != b


@settings(max_examples=200, deadline=None)
@given(first=DATES, second=DATES, pattern=st.sampled_from(PATTERNS))
def test_scope_changes_exactly_when_the_date_part_changes(
    first: date, second: date, pattern: IndexPattern
) -> None:
    a = pattern.render(code="hq", published_on=first, seq=1, **UNIT)
    b = pattern.render(code="hq", published_on=second, seq=1, **UNIT)
    assert (a == b) == (pattern.sequence_scope(first) == pattern.sequence_scope(second))
