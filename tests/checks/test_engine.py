"""The check engine's API: findings, context, rule selection, ordering, dates, robustness."""

from __future__ import annotations

import dataclasses
import itertools
import json
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.checks.domain import engine
from gongkai.checks.domain.engine import (
    MARKUP_RULES,
    RULE_LABELS,
    TEXT_RULES,
    CheckContext,
    Finding,
    Lexicon,
    LexiconEntry,
    Severity,
    check_dates,
    check_text,
)

TODAY = date(2026, 11, 26)
LEXICON = Lexicon([LexiconEntry("冯岭镇", "typo", "冯瓴镇"), LexiconEntry("FLG", "sensitive")])
CONTEXT = CheckContext(today=TODAY, office_phones=frozenset({"05646065010"}), lexicon=LEXICON)


def test_rule_ids_and_severity_values() -> None:
    assert TEXT_RULES == (
        "pii.id_card",
        "pii.mobile",
        "pii.landline",
        "pii.bank_card",
        "pii.email",
        "docnum.format",
        "lexicon.sensitive",
        "lexicon.typo",
    )
    assert MARKUP_RULES == ("a11y.img_alt", "a11y.table_header")
    assert [s.value for s in Severity] == ["blocking", "warning", "info"]
    assert Severity.BLOCKING == "blocking"
    assert set(RULE_LABELS) == {*TEXT_RULES, *MARKUP_RULES, "meta.dates"}


def test_finding_is_frozen_and_serialises_with_the_fixed_keys() -> None:
    finding = Finding("pii.mobile", Severity.BLOCKING, 2, 13, "13800001234", "疑似", "138****1234")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 0  # type: ignore[misc]
    data = finding.as_json()
    assert list(data) == ["rule", "severity", "start", "end", "text", "suggestion", "message"]
    assert data["severity"] == "blocking" and type(data["severity"]) is str
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert Finding("x", Severity.INFO, 0, 0, "", "m").as_json()["suggestion"] is None


DOCUMENT = (
    "霍邱县冯岭镇人民政府关于发放2026年临时救助金的公示\n"
    "索引号：11341522MB0000000X/202611-00017　文号：霍政〔2021〕14号\n"
    "根据皖政办[2021]65号文件，经审核，申请人张某（身份证号11010519491231002X，"
    "手机138-0000-1234）符合条件，救助金1,234.00元已打入其银行卡6222021234567890128。\n"
    "监督电话：0564-6065010，举报邮箱 zhangmou@163.com，县政府邮箱 gkb@huoqiu.gov.cn。"
)


def test_a_realistic_document() -> None:
    findings = check_text(DOCUMENT, context=CONTEXT)
    got = [(f.rule, f.text, f.severity.value, f.suggestion) for f in findings]
    assert got == [
        ("lexicon.typo", "冯岭镇", "blocking", "冯瓴镇"),
        ("docnum.format", "皖政办[2021]65号", "warning", "皖政办〔2021〕65号"),
        ("pii.id_card", "11010519491231002X", "blocking", "110105********002X"),
        ("pii.mobile", "138-0000-1234", "blocking", "138-****-1234"),
        ("pii.bank_card", "6222021234567890128", "blocking", "622202*********0128"),
        ("pii.email", "zhangmou@163.com", "blocking", "zh******@163.com"),
    ]
    starts = [f.start for f in findings]
    assert starts == sorted(starts)
    for finding in findings:
        assert DOCUMENT[finding.start : finding.end] == finding.text
        assert finding.message


def test_rules_select_what_runs() -> None:
    only = CheckContext(
        today=TODAY, lexicon=LEXICON, rules=frozenset({"pii.mobile", "lexicon.typo"})
    )
    assert {f.rule for f in check_text(DOCUMENT, context=only)} == {"pii.mobile", "lexicon.typo"}
    nothing = CheckContext(today=TODAY, lexicon=LEXICON, rules=frozenset())
    assert check_text(DOCUMENT, context=nothing) == []
    # Ids of rules that live elsewhere (Django side) are ignored, not an error.
    mixed = CheckContext(
        today=TODAY, rules=frozenset({"link.internal", "meta.required", "pii.email"})
    )
    assert [f.rule for f in check_text(DOCUMENT, context=mixed)] == ["pii.email"]


def test_default_context_uses_the_date_in_china(monkeypatch: pytest.MonkeyPatch) -> None:
    assert check_text("") == []
    assert [f.rule for f in check_text("手机13800001234")] == ["pii.mobile"]
    monkeypatch.setattr(engine, "_today", lambda: date(1990, 1, 1))
    # Born 1990-01-02: in the future on the patched day, so not an ID number.
    assert check_text("身份证号：110105199001020015") == []


def test_findings_sorted_by_start_then_end() -> None:
    text = "FLG 13800001234 冯岭镇 0564-6012345 霍政【2021】1号 x@qq.com"
    findings = check_text(text, context=CONTEXT)
    assert [f.rule for f in findings] == [
        "lexicon.sensitive",
        "pii.mobile",
        "lexicon.typo",
        "pii.landline",
        "docnum.format",
        "pii.email",
    ]


def test_office_phones_in_context_are_not_findings() -> None:
    assert check_text("监督电话：0564-6065010", context=CONTEXT) == []
    bare = CheckContext(today=TODAY)
    assert [f.rule for f in check_text("监督电话：0564-6065010", context=bare)] == ["pii.landline"]


# --- meta.dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "published", "expected"),
    [
        (date(2026, 11, 20), date(2026, 11, 26), []),
        (date(2026, 11, 26), date(2026, 11, 26), []),  # same day is fine
        (None, None, []),
        (date(2026, 11, 20), None, []),
        (date(2026, 11, 25), date(2026, 11, 24), [Severity.BLOCKING]),  # written after published
        (date(2026, 11, 27), None, [Severity.BLOCKING]),  # written in the future
        (date(2026, 11, 27), date(2026, 11, 26), [Severity.BLOCKING, Severity.BLOCKING]),
        (date(2026, 11, 20), date(2026, 12, 1), [Severity.WARNING]),  # scheduled or mistyped
        (None, date(2027, 1, 1), [Severity.WARNING]),
    ],
)
def test_check_dates(
    written: date | None, published: date | None, expected: list[Severity]
) -> None:
    findings = check_dates(written_on=written, published_on=published, today=TODAY)
    assert [f.severity for f in findings] == expected
    for finding in findings:
        assert (finding.rule, finding.start, finding.end, finding.text) == ("meta.dates", 0, 0, "")
        assert "日期" in finding.message


def test_check_dates_message_names_the_dates_and_accepts_datetimes() -> None:
    [finding] = check_dates(
        written_on=datetime(2026, 11, 25, 9, 30),
        published_on=datetime(2026, 11, 24, 17, 45),
        today=TODAY,
    )
    assert "2026年11月25日" in finding.message and "2026年11月24日" in finding.message


# --- robustness ------------------------------------------------------------------------------------------

TRICKY = st.sampled_from(
    ["1", "3", "8", "0", "X", "x", "*", "-", " ", "\u3000", "+", "86", "(", "（", ")", "）", "@", ".",
     "163", "com", "gov.cn", "0564", "138", "0000", "1234", "身份证", "卡号", "编号", "〔", "〕", "【",
     "】", "号", "第", "霍政", "冯岭镇", "FLG", "／", "１", "Ｘ", "＠", "元", "\n", "11010519491231002X"]
)  # fmt: skip


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=300), st.lists(TRICKY, max_size=80).map("".join)))
def test_check_text_never_raises_and_offsets_are_inside_the_text(text: str) -> None:
    findings = check_text(text, context=CONTEXT)
    previous = (-1, -1)
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.rule in TEXT_RULES
        assert isinstance(finding.severity, Severity)
        assert (finding.start, finding.end) >= previous
        previous = (finding.start, finding.end)
    pii = [f for f in findings if f.rule.startswith("pii.")]
    for first, second in itertools.pairwise(pii):
        assert first.end <= second.start  # PII findings never overlap


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=100))
def test_check_text_handles_astral_and_control_characters(text: str) -> None:
    text = "\U0001f600" + text + "\x00\ud7ff"
    for finding in check_text(text, context=CONTEXT):
        assert text[finding.start : finding.end] == finding.text
