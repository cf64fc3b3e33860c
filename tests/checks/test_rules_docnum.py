"""docnum.format in running text: wrong forms warned with the canonical suggestion (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.checks.domain.docnumbers import find_doc_numbers
from gongkai.checks.domain.engine import (
    CheckContext,
    Severity,
    check_text,
    find_doc_numbers_fast,
)

CONTEXT = CheckContext(today=date(2026, 11, 26), rules=frozenset({"docnum.format"}))


def docnum(text: str) -> list[tuple[str, str | None]]:
    findings = check_text(text, context=CONTEXT)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.rule == "docnum.format"
        assert finding.severity is Severity.WARNING
        assert finding.message.startswith("发文字号")
    return [(f.text, f.suggestion) for f in findings]


WRONG: list[tuple[str, str, str | None]] = [
    ("根据皖政办[2021]65号文件", "皖政办[2021]65号", "皖政办〔2021〕65号"),
    ("按照皖政办（2021）65号要求", "皖政办（2021）65号", "皖政办〔2021〕65号"),
    ("以霍政〔2021〕第14号印发", "霍政〔2021〕第14号", "霍政〔2021〕14号"),
    ("霍政〔2021〕014号", "霍政〔2021〕014号", "霍政〔2021〕14号"),
    ("见霍政【21】第05号。", "霍政【21】第05号", "霍政〔2021〕5号"),
    ("云价调控【2014】65号", "云价调控【2014】65号", "云价调控〔2014〕65号"),
    ("湘财绩【2015】15号", "湘财绩【2015】15号", "湘财绩〔2015〕15号"),
    ("霍政﹝2021﹞14号", "霍政﹝2021﹞14号", "霍政〔2021〕14号"),  # look-alike brackets
    ("霍政〔２０２１〕１４号", "霍政〔２０２１〕１４号", "霍政〔2021〕14号"),  # full-width digits
    ("依据霍政 〔2021〕 14号", "霍政 〔2021〕 14号", "霍政〔2021〕14号"),
    ("霍政办〔202130", "霍政办〔202130", "霍政办〔2021〕30号"),  # OCR lost 〕 and 号
    ("霍政〔2021〕14，", "霍政〔2021〕14", "霍政〔2021〕14号"),  # 号 missing
    ("和六政务公开办［2024］2号", "六政务公开办［2024］2号", "六政务公开办〔2024〕2号"),
    ("霍政〔2031〕1号", "霍政〔2031〕1号", None),  # a future year: no guess
    ("皖政办〔2021]65号", "皖政办〔2021]65号", "皖政办〔2021〕65号"),  # mismatched pair
]


@pytest.mark.parametrize(("text", "expected", "suggestion"), WRONG)
def test_wrong_document_numbers_are_warned(
    text: str, expected: str, suggestion: str | None
) -> None:
    assert docnum(text) == [(expected, suggestion)]


RIGHT_OR_NOT_A_DOCNUM = [
    "根据霍政〔2021〕14号和霍政秘〔2026〕39号文件",
    "皖政务办秘〔2023〕1号、国办公开办函〔2021〕30号",
    "霍山县也用霍政办秘〔2018〕87号这样的文号。",
    "索引号：11341522MB0000000X/202403-00017",
    "咨询电话：(0564)6021234",
    "共计（2021）12万元。",
    "民事判决书（2021）皖1522民初1234号",
    "《中华人民共和国政府信息公开条例》（国务院令第711号）",
    "2021年第3号公告",
    "【2021】年度报告",
    "2026年11月26日",
    "（工作简报〔2023〕第14期）",  # an issue of a bulletin, not a 文号
    "第〔2024〕3批",
]


@pytest.mark.parametrize("text", RIGHT_OR_NOT_A_DOCNUM)
def test_canonical_numbers_and_other_text_are_not_findings(text: str) -> None:
    assert docnum(text) == []


def test_message_lists_each_problem() -> None:
    [finding] = check_text("霍政【21】第05号", context=CONTEXT)
    for part in ("六角括号", "四位", "第", "虚位"):
        assert part in finding.message
    assert finding.as_json()["suggestion"] == "霍政〔2021〕5号"


def test_today_decides_the_future_year() -> None:
    later = CheckContext(today=date(2031, 1, 2), rules=frozenset({"docnum.format"}))
    assert check_text("霍政〔2031〕1号", context=later) == []


# The windowed search must give exactly what find_doc_numbers gives on the whole text.
ALPHABET = "霍邱政办秘皖国发函根据和以的〔〕【】[]()（）第号年0123456789０１２ ，。\n"


@given(st.text(alphabet=ALPHABET, max_size=200))
def test_fast_search_equals_whole_text_search(text: str) -> None:
    assert find_doc_numbers_fast(text, today_year=2026) == find_doc_numbers(text, today_year=2026)


@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["霍政〔2021〕14号", "皖政办[2021]65号", "霍政【21】第05号", "〔202130"]
            ),
            st.text(alphabet="霍邱县人民政府根据关于印发的通知", min_size=0, max_size=60),
        ),
        max_size=12,
    )
)
def test_fast_search_equals_whole_text_search_on_long_prose(parts: list[str]) -> None:
    text = "".join(parts)
    assert find_doc_numbers_fast(text, today_year=2026) == find_doc_numbers(text, today_year=2026)
