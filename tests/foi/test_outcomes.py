"""Outcome taxonomy of table 三 and the Art. 36 reply types (statutes.md §1.6, §2.1, fact 27)."""

from __future__ import annotations

import pytest

from gongkai.foi.domain.outcomes import (
    GROUP_LABELS,
    OUTCOME_GROUP,
    OUTCOME_LABELS,
    OUTCOME_REPLY_TYPES,
    REMEDY_SENTENCE,
    Outcome,
    OutcomeGroup,
    ReplyType,
    legal_basis,
    outcome_for_reply_type,
    outcome_label,
    outcomes_in,
)


@pytest.mark.parametrize(
    ("group", "label", "labels"),
    [
        (OutcomeGroup.DISCLOSED, "予以公开", ["予以公开"]),
        (OutcomeGroup.PARTIAL, "部分公开", ["部分公开"]),
        (
            OutcomeGroup.WITHHELD,
            "不予公开",
            [
                "属于国家秘密",
                "其他法律行政法规禁止公开",
                "危及“三安全一稳定”",
                "保护第三方合法权益",
                "属于三类内部事务信息",
                "属于四类过程性信息",
                "属于行政执法案卷",
                "属于行政查询事项",
            ],
        ),
        (
            OutcomeGroup.UNAVAILABLE,
            "无法提供",
            ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
        ),
        (
            OutcomeGroup.NOT_HANDLED,
            "不予处理",
            [
                "信访举报投诉类申请",
                "重复申请",
                "要求提供公开出版物",
                "无正当理由大量反复申请",
                "要求行政机关确认或重新出具已获取信息",
            ],
        ),
        (
            OutcomeGroup.OTHER,
            "其他处理",
            [
                "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "其他",
            ],
        ),
    ],
)
def test_taxonomy_matches_the_annual_report_rows(
    group: OutcomeGroup, label: str, labels: list[str]
) -> None:
    assert GROUP_LABELS[group] == label
    assert [OUTCOME_LABELS[o] for o in outcomes_in(group)] == labels


def test_21_leaf_rows_each_with_a_group_and_reply_type() -> None:
    assert len(Outcome) == 21
    assert set(OUTCOME_GROUP) == set(Outcome) == set(OUTCOME_REPLY_TYPES)
    assert outcome_label(Outcome.DISCLOSED) == "予以公开"
    assert outcome_label(Outcome.NOT_HANDLED_REPEAT) == "不予处理—重复申请"


@pytest.mark.parametrize(
    ("reply_type", "outcome"),
    [  # statutes.md Test fact 27
        (ReplyType.REPEAT, Outcome.NOT_HANDLED_REPEAT),
        (ReplyType.NOT_EXIST, Outcome.UNAVAILABLE_NOT_HELD),
        (ReplyType.NOT_OURS, Outcome.UNAVAILABLE_NOT_HELD),
        (ReplyType.NEEDS_PROCESSING, Outcome.UNAVAILABLE_NEEDS_CREATION),
        (ReplyType.PETITION, Outcome.NOT_HANDLED_PETITION),
        (ReplyType.PUBLICATION, Outcome.NOT_HANDLED_PUBLICATION),
        (ReplyType.EXCESSIVE, Outcome.NOT_HANDLED_EXCESSIVE),
        (ReplyType.PARTIAL, Outcome.PARTIAL),
        (ReplyType.ALREADY_PUBLIC, Outcome.DISCLOSED),
        (ReplyType.DISCLOSE, Outcome.DISCLOSED),
        (ReplyType.NO_CORRECTION, Outcome.OTHER_NO_CORRECTION),
        (ReplyType.FEE_UNPAID, Outcome.OTHER_FEE_UNPAID),
    ],
)
def test_reply_type_counts_under_row(reply_type: ReplyType, outcome: Outcome) -> None:
    assert outcome_for_reply_type(reply_type) is outcome


def test_partial_disclosure_is_never_also_withheld() -> None:
    """部分公开 is counted only in (二) (statutes.md §2.1)."""
    assert OUTCOME_REPLY_TYPES[Outcome.PARTIAL] == (ReplyType.PARTIAL,)
    for outcome in outcomes_in(OutcomeGroup.WITHHELD):
        assert ReplyType.PARTIAL not in OUTCOME_REPLY_TYPES[outcome]


@pytest.mark.parametrize(
    ("outcome", "reply_type", "citation"),
    [
        (Outcome.DISCLOSED, None, "第三十六条第（二）项"),
        (Outcome.DISCLOSED, ReplyType.ALREADY_PUBLIC, "第三十六条第（一）项"),
        (Outcome.PARTIAL, None, "第三十七条"),
        (Outcome.WITHHELD_STATE_SECRET, None, "第三十六条第（三）项、第十四条"),
        (Outcome.WITHHELD_THIRD_PARTY, None, "第三十六条第（三）项、第十五条"),
        (Outcome.WITHHELD_INTERNAL_AFFAIRS, None, "第三十六条第（三）项、第十六条第一款"),
        (Outcome.WITHHELD_PROCESS_INFO, None, "第三十六条第（三）项、第十六条第二款"),
        (Outcome.WITHHELD_ADMIN_QUERY, None, "第三十六条第（七）项"),
        (Outcome.UNAVAILABLE_NOT_HELD, None, "第三十六条第（四）项"),
        (Outcome.UNAVAILABLE_NOT_HELD, ReplyType.NOT_OURS, "第三十六条第（五）项"),
        (Outcome.UNAVAILABLE_NEEDS_CREATION, None, "第三十八条"),
        (Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION, None, "第三十条"),
        (Outcome.NOT_HANDLED_PETITION, None, "第三十九条第一款"),
        (Outcome.NOT_HANDLED_REPEAT, None, "第三十六条第（六）项"),
        (Outcome.NOT_HANDLED_PUBLICATION, None, "第三十九条第二款"),
        (Outcome.NOT_HANDLED_EXCESSIVE, None, "第三十五条"),
        (Outcome.OTHER_NO_CORRECTION, None, "第三十条"),
        (Outcome.OTHER_FEE_UNPAID, None, "国办函〔2020〕109号"),
    ],
)
def test_legal_basis_cites_the_article(
    outcome: Outcome, reply_type: ReplyType | None, citation: str
) -> None:
    sentence = legal_basis(outcome, reply_type)
    assert "《中华人民共和国政府信息公开条例》" in sentence
    assert citation in sentence
    assert sentence.endswith("。")


def test_every_outcome_has_a_basis_sentence() -> None:
    for outcome in Outcome:
        for reply_type in OUTCOME_REPLY_TYPES[outcome]:
            assert legal_basis(outcome, reply_type).startswith(("根据", "您申请的信息"))


def test_reply_type_must_fit_the_outcome() -> None:
    with pytest.raises(ValueError, match="不能使用答复类型"):
        legal_basis(Outcome.DISCLOSED, ReplyType.REPEAT)


def test_remedy_sentence() -> None:
    text = REMEDY_SENTENCE.format(review_body="霍邱县人民政府")
    assert "六十日内向霍邱县人民政府申请行政复议" in text
    assert "六个月内" in text
