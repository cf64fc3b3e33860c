"""lexicon.sensitive and lexicon.typo: whole-word matching, allow-phrases, severities (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.checks.domain.engine import (
    CheckContext,
    Lexicon,
    LexiconEntry,
    Severity,
    check_text,
)

ENTRIES = [
    LexiconEntry("冯岭镇", "typo", "冯瓴镇", note="地名，huoqiu.md §1.2"),
    LexiconEntry("临淮岗乡", "typo", "临淮岗镇", Severity.WARNING, "已撤乡设镇"),
    LexiconEntry("霍邱经济开发区", "typo", "安徽霍邱经济开发区", Severity.WARNING),
    LexiconEntry("布署", "typo", "部署"),
    LexiconEntry("县政务服务管理局", "typo", "县数据资源管理局", Severity.INFO, "机构名称已变更"),
    LexiconEntry("FLG", "sensitive"),
    LexiconEntry("VPN翻墙", "sensitive", "（删除）"),
    LexiconEntry("张三县长", "sensitive", "张三副县长", note="领导职务错误"),
    LexiconEntry("霍邱", "sensitive", note="test: a short term inside longer ones"),
    LexiconEntry("霍邱县人民政府办", "typo", "霍邱县人民政府办公室"),
]
LEXICON = Lexicon(ENTRIES, allow=["霍邱县", "霍邱发布"])
CONTEXT = CheckContext(today=date(2026, 11, 26), lexicon=LEXICON)


def lexicon_hits(text: str, context: CheckContext = CONTEXT) -> list[tuple[str, str]]:
    findings = [f for f in check_text(text, context=context) if f.rule.startswith("lexicon.")]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    return [(f.rule, f.text) for f in findings]


CASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("冯岭镇召开会议", [("lexicon.typo", "冯岭镇")]),
    ("冯瓴镇召开会议", []),  # the right name
    ("冯岭镇与冯瓴镇", [("lexicon.typo", "冯岭镇")]),
    ("临淮岗乡", [("lexicon.typo", "临淮岗乡")]),
    ("临淮岗镇", []),
    # The typo is inside its own correct form: the correct form is an allow-phrase.
    ("安徽霍邱经济开发区管委会", []),
    ("霍邱经济开发区管委会", [("lexicon.typo", "霍邱经济开发区")]),
    ("认真布署，狠抓落实", [("lexicon.typo", "布署")]),
    ("认真部署", []),
    ("原县政务服务管理局", [("lexicon.typo", "县政务服务管理局")]),
    # ASCII terms only match whole ASCII words, in any case, also full-width.
    ("FLG", [("lexicon.sensitive", "FLG")]),
    ("含flg字样", [("lexicon.sensitive", "flg")]),
    ("ＦＬＧ", [("lexicon.sensitive", "ＦＬＧ")]),
    ("FLGS", []),
    ("xFLG", []),
    ("FLG2", []),
    ("ABC-FLG-DEF", [("lexicon.sensitive", "FLG")]),
    ("使用VPN翻墙软件", [("lexicon.sensitive", "VPN翻墙")]),
    ("OPENVPN翻墙", []),  # VPN is inside a longer ASCII word
    # Leftmost-longest: a term inside a longer entry or allow-phrase is not reported on its own.
    ("张三县长出席", [("lexicon.sensitive", "张三县长")]),
    ("张三副县长出席", []),  # the suggestion contains no listed term, and nothing matches
    ("霍邱", [("lexicon.sensitive", "霍邱")]),
    ("霍邱县", []),  # an allow-phrase passed by the caller
    ("关注霍邱发布", []),
    ("霍邱县人民政府办", [("lexicon.typo", "霍邱县人民政府办")]),  # longer entry beats 霍邱县
    ("霍邱县人民政府办公室", []),  # its suggestion is allowed, so neither term fires
    ("霍邱人", [("lexicon.sensitive", "霍邱")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_lexicon_whole_word_matching(text: str, expected: list[tuple[str, str]]) -> None:
    assert lexicon_hits(text) == expected


def test_finding_carries_entry_severity_suggestion_and_note() -> None:
    findings = check_text("冯岭镇、临淮岗乡、原县政务服务管理局、FLG", context=CONTEXT)
    by_text = {f.text: f for f in findings}
    typo = by_text["冯岭镇"]
    assert typo.severity is Severity.BLOCKING  # the LexiconEntry default
    assert typo.suggestion == "冯瓴镇"
    assert "冯瓴镇" in typo.message and "地名" in typo.message
    assert by_text["临淮岗乡"].severity is Severity.WARNING
    assert "已撤乡设镇" in by_text["临淮岗乡"].message
    assert by_text["县政务服务管理局"].severity is Severity.INFO
    sensitive = by_text["FLG"]
    assert sensitive.rule == "lexicon.sensitive"
    assert sensitive.suggestion is None
    assert "敏感词" in sensitive.message


def test_offsets_in_a_longer_text() -> None:
    text = "各乡镇：\n冯岭镇、冯瓴镇和临淮岗乡要认真布署。"
    findings = check_text(text, context=CONTEXT)
    assert [(f.start, f.end) for f in findings] == [(5, 8), (13, 17), (20, 22)]
    assert [text[f.start : f.end] for f in findings] == ["冯岭镇", "临淮岗乡", "布署"]


def test_rules_filter_selects_kind() -> None:
    only_typos = CheckContext(lexicon=LEXICON, rules=frozenset({"lexicon.typo"}))
    assert lexicon_hits("冯岭镇 FLG", only_typos) == [("lexicon.typo", "冯岭镇")]


def test_no_lexicon_no_findings() -> None:
    assert check_text("冯岭镇 FLG", context=CheckContext(today=date(2026, 11, 26))) == []
    assert Lexicon([]).find("冯岭镇") == []


def test_find_works_without_the_engine() -> None:
    [finding] = LEXICON.find("在冯岭镇")
    assert (finding.start, finding.end, finding.text) == (1, 4, "冯岭镇")


def test_later_entry_for_the_same_term_wins() -> None:
    lexicon = Lexicon(
        [
            LexiconEntry("布署", "typo", "部署"),
            LexiconEntry("布署", "sensitive", None, Severity.INFO),
        ]
    )
    assert len(lexicon) == 1
    [finding] = lexicon.find("布署")
    assert (finding.rule, finding.severity) == ("lexicon.sensitive", Severity.INFO)


def test_regex_metacharacters_in_terms_are_literal() -> None:
    lexicon = Lexicon(
        [LexiconEntry("a.b(c)*", "sensitive"), LexiconEntry("【测试】", "typo", "测试")]
    )
    assert [f.text for f in lexicon.find("a.b(c)* axb(c) 【测试】")] == ["a.b(c)*", "【测试】"]


@pytest.mark.parametrize("term", ["", "   "])
def test_empty_terms_are_refused(term: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        LexiconEntry(term, "typo")


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        LexiconEntry("x", "other")  # type: ignore[arg-type]


def test_large_lexicon_compiles_and_matches() -> None:
    entries = [LexiconEntry(f"词条{i:04d}号", "sensitive") for i in range(2000)]
    lexicon = Lexicon(entries)
    assert [f.text for f in lexicon.find("含有词条1234号和词条99999号")] == ["词条1234号"]
