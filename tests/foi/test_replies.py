"""Reply letters (答复书): each outcome's letter, approval, delivery and the closing guards."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
import pytest

from gongkai.audit.models import AuditEntry
from gongkai.foi import replies, services
from gongkai.foi.domain.events import Channel, EventKind, State
from gongkai.foi.domain.letters import LetterState
from gongkai.foi.domain.outcomes import OUTCOME_REPLY_TYPES, Outcome, ReplyType
from gongkai.foi.letter_docx import letter_docx
from gongkai.foi.models import FoiEvent, FoiRequest
from gongkai.foi.replies_models import DeliveryRecord, ReplyLetter, ReplyTemplate
from gongkai.units.errors import NotAllowed

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC)


NOV_2 = D(2026, 11, 2)


def make_case(county, *, arrived_on=NOV_2, unit=None, name="张三") -> FoiRequest:
    return services.register_request(
        unit=unit or county.chengguan,
        by=county.county_admin,
        channel=Channel.IN_PERSON,
        arrived_on=arrived_on,
        applicant_type="natural_person",
        applicant_name=name,
        id_number="340102199001011234",
        phone="13812345678",
        description="2025年城关镇老旧小区改造项目的招标文件",
        today=TODAY,
        now=at(arrived_on),
    )


def approved_letter(county, request, outcome=Outcome.DISCLOSED, reply_type=None):
    letter = replies.draft_letter(
        request, outcome=outcome, reply_type=reply_type, by=county.township_editor, now=NOW
    )
    replies.submit_letter(letter, by=county.township_editor, now=NOW)
    return replies.approve_letter(letter, by=county.township_leader, today=TODAY, now=NOW)


def deliver(county, letter, on=TODAY):
    return replies.record_delivery(
        letter,
        method="post",
        delivered_on=on,
        tracking_number="1151234567890",
        by=county.township_editor,
        now=NOW,
    )


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(BytesIO(data)).paragraphs]


# ------------------------------------------------------------------------ every outcome


@pytest.mark.parametrize("outcome", list(Outcome))
def test_each_outcome_has_a_lawful_letter(county, outcome):
    request = make_case(county)
    letter = approved_letter(county, request, outcome)
    assert letter.state == LetterState.APPROVED
    assert letter.number == "城政公开〔2026〕1号"
    assert letter.reply_type == OUTCOME_REPLY_TYPES[outcome][0]
    text = paragraphs(letter_docx(letter, today=TODAY))
    joined = "\n".join(text)
    assert text[0] == "霍邱县城关镇人民政府"
    assert text[1] == "政府信息公开申请答复书"
    assert text[2] == "城政公开〔2026〕1号"
    assert text[4] == "张三："  # the applicant's name only
    assert "340102" not in joined and "13812345678" not in joined
    assert "2026年11月2日收到您提出的政府信息公开申请" in joined
    assert "《中华人民共和国政府信息公开条例》" in joined  # the legal basis
    assert (
        "可以自收到本答复之日起六十日内向霍邱县人民政府申请行政复议，"
        "或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。"
    ) in joined
    assert text[-3:] == ["（印章）", "霍邱县城关镇人民政府", "二〇二六年十一月二十六日"]


def test_legal_basis_of_withheld_and_not_ours(county):
    withheld = approved_letter(county, make_case(county), Outcome.WITHHELD_THIRD_PARTY)
    assert "第十五条" in withheld.body and "第三十六条第（三）项" in withheld.body
    other = make_case(county, name="李四")
    letter = approved_letter(county, other, Outcome.UNAVAILABLE_NOT_HELD, ReplyType.NOT_OURS)
    assert letter.number == "城政公开〔2026〕2号"  # the unit's sequence of the year
    assert "第三十六条第（五）项" in letter.body


def test_county_office_letters_name_the_city_for_review(county):
    request = make_case(county, unit=county.office)
    letter = replies.draft_letter(
        request, outcome=Outcome.DISCLOSED, by=county.county_admin, now=NOW
    )
    assert "向六安市人民政府申请行政复议" in letter.body
    data = letter_docx(letter, today=TODAY)
    text = paragraphs(data)
    assert text[1] == "政府信息公开申请答复书（草稿）"
    assert text[2] == "（签发后生成文号）"
    assert "仿宋_GB2312" in docx.Document(BytesIO(data)).paragraphs[5].runs[0]._element.xml


def test_mismatched_reply_type_is_refused(county, system):
    request = make_case(county)
    with pytest.raises(services.FoiError, match="不能使用答复类型"):
        replies.draft_letter(
            request,
            outcome=Outcome.DISCLOSED,
            reply_type=ReplyType.NOT_EXIST,
            by=county.township_editor,
            now=NOW,
        )
    assert not ReplyLetter.objects.exists()


def test_edited_template_is_used(county, system):
    replies.update_template(
        Outcome.DISCLOSED,
        title="信息公开答复",
        body="{申请人}：\n同意公开。{法律依据}\n{救济途径}",
        by=county.county_admin,
        now=NOW,
    )
    letter = replies.draft_letter(
        make_case(county), outcome=Outcome.DISCLOSED, by=county.township_editor, now=NOW
    )
    assert letter.title == "信息公开答复"
    assert letter.body.startswith("张三：\n同意公开。根据")
    assert AuditEntry.objects.filter(action="foi.template.update").count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{申请人}：{未知}\n{救济途径}", "无法识别的占位符"),
        ("{申请人}：同意公开。", "救济途径"),
    ],
)
def test_bad_templates_are_refused(county, system, body, message):
    before = ReplyTemplate.objects.get(outcome=Outcome.DISCLOSED).body
    with pytest.raises(services.FoiError, match=message):
        replies.update_template(
            Outcome.DISCLOSED, title="答复书", body=body, by=county.county_admin, now=NOW
        )
    assert ReplyTemplate.objects.get(outcome=Outcome.DISCLOSED).body == before


@pytest.mark.parametrize("persona", ["township_leader", "township_editor", "observer"])
def test_only_the_county_office_edits_templates(county, persona):
    with pytest.raises(NotAllowed):
        replies.update_template(
            Outcome.DISCLOSED,
            title="x",
            body="{救济途径}",
            by=getattr(county, persona),
            now=NOW,
        )


def test_seeded_templates_cover_every_outcome(db, system):
    assert set(ReplyTemplate.objects.values_list("outcome", flat=True)) == {str(o) for o in Outcome}


# ---------------------------------------------------------------------------- approval


@pytest.mark.parametrize(
    ("approver", "allowed"),
    [
        ("township_leader", True),
        ("county_admin", True),
        ("township_editor", False),
        ("township_reviewer", False),
        ("other_reviewer", False),
        ("dept_reviewer", False),
        ("observer", False),
    ],
)
def test_approval_matrix(county, approver, allowed):
    request = make_case(county)
    letter = replies.draft_letter(
        request, outcome=Outcome.DISCLOSED, by=county.township_editor, now=NOW
    )
    replies.submit_letter(letter, by=county.township_editor, now=NOW)
    if allowed:
        replies.approve_letter(letter, by=getattr(county, approver), today=TODAY, now=NOW)
        assert letter.state == LetterState.APPROVED and letter.number
    else:
        with pytest.raises(NotAllowed):
            replies.approve_letter(letter, by=getattr(county, approver), today=TODAY, now=NOW)
        letter.refresh_from_db()
        assert letter.state == LetterState.SUBMITTED and letter.number == ""


def test_the_drafter_cannot_approve_even_as_leader(county, system):
    letter = replies.draft_letter(
        make_case(county), outcome=Outcome.DISCLOSED, by=county.township_leader, now=NOW
    )
    replies.submit_letter(letter, by=county.township_leader, now=NOW)
    with pytest.raises(NotAllowed, match="拟稿人"):
        replies.approve_letter(letter, by=county.township_leader, today=TODAY, now=NOW)
    assert not AuditEntry.objects.filter(action="foi.letter.approve").exists()


def test_return_then_edit_and_resubmit(county, system):
    letter = replies.draft_letter(
        make_case(county), outcome=Outcome.DISCLOSED, by=county.township_editor, now=NOW
    )
    with pytest.raises(services.FoiError, match="不能签发"):
        replies.approve_letter(letter, by=county.township_leader, today=TODAY, now=NOW)
    replies.submit_letter(letter, by=county.township_editor, now=NOW)
    with pytest.raises(services.FoiError, match="退回意见"):
        replies.return_letter(letter, by=county.township_leader, reason=" ", now=NOW)
    replies.return_letter(letter, by=county.township_leader, reason="请补充获取方式", now=NOW)
    assert letter.state == LetterState.RETURNED
    replies.update_letter(
        letter,
        outcome=Outcome.DISCLOSED,
        reply_type=ReplyType.ALREADY_PUBLIC,
        title=letter.title,
        body="",
        regenerate=True,
        by=county.township_editor,
        now=NOW,
    )
    assert "第三十六条第（一）项" in letter.body
    replies.submit_letter(letter, by=county.township_editor, now=NOW)
    replies.approve_letter(letter, by=county.township_leader, today=TODAY, now=NOW)
    with pytest.raises(services.FoiError, match="不能修改"):
        replies.update_letter(
            letter, outcome=Outcome.DISCLOSED, title="x", body="y", by=county.county_admin, now=NOW
        )


def test_unfilled_placeholder_blocks_submission(county, system):
    letter = replies.draft_letter(
        make_case(county),
        outcome=Outcome.DISCLOSED,
        body="张三：\n{法律依据}",
        by=county.township_editor,
        now=NOW,
    )
    with pytest.raises(services.FoiError, match="占位符"):
        replies.submit_letter(letter, by=county.township_editor, now=NOW)


# ---------------------------------------------------------------------------- delivery


def test_delivery_rules(county, system):
    letter = replies.draft_letter(
        make_case(county), outcome=Outcome.DISCLOSED, by=county.township_editor, now=NOW
    )
    with pytest.raises(services.FoiError, match="签发后"):
        deliver(county, letter)
    replies.submit_letter(letter, by=county.township_editor, now=NOW)
    replies.approve_letter(letter, by=county.township_leader, today=TODAY, now=NOW)
    with pytest.raises(services.FoiError, match="邮件号码"):
        replies.record_delivery(
            letter, method="post", delivered_on=TODAY, by=county.township_editor, now=NOW
        )
    with pytest.raises(services.FoiError, match="收件邮箱"):
        replies.record_delivery(
            letter, method="email", delivered_on=TODAY, by=county.township_editor, now=NOW
        )
    with pytest.raises(services.FoiError, match="早于答复书签发日期"):
        deliver(county, letter, on=D(2026, 11, 25))
    with pytest.raises(NotAllowed):
        replies.record_delivery(
            letter, method="pickup", delivered_on=TODAY, by=county.other_reviewer, now=NOW
        )
    assert not DeliveryRecord.objects.exists()
    record = replies.record_delivery(
        letter, method="email", email="a@example.com", delivered_on=TODAY,
        by=county.township_editor, now=NOW,
    )  # fmt: skip
    assert record.email == "a@example.com" and record.tracking_number == ""


# ------------------------------------------------------------------------------ closing


def closing_writes() -> tuple[int, int]:
    return (
        FoiEvent.objects.filter(kind=EventKind.REPLIED).count(),
        AuditEntry.objects.filter(action="foi.close").count(),
    )


def test_closing_guards(county, system):
    request = make_case(county)
    with pytest.raises(services.FoiError, match="签发的答复书"):
        replies.close_with_reply(request, by=county.township_editor, now=NOW)
    letter = replies.draft_letter(
        request, outcome=Outcome.DISCLOSED, by=county.township_editor, now=NOW
    )
    replies.submit_letter(letter, by=county.township_editor, now=NOW)
    with pytest.raises(services.FoiError, match="签发的答复书"):
        replies.close_with_reply(request, by=county.township_editor, now=NOW)
    replies.approve_letter(letter, by=county.township_leader, today=TODAY, now=NOW)
    with pytest.raises(services.FoiError, match="送达"):
        replies.close_with_reply(request, by=county.township_editor, now=NOW)
    assert closing_writes() == (0, 0)
    assert replies.closing_blockers(request) == ["尚未登记送达"]
    request.refresh_from_db()
    assert request.state == State.OPEN
    # The ledger refuses closing events outside the reply module.
    with pytest.raises(services.FoiError, match="答复书"):
        services.record_event(
            request, kind=EventKind.REPLIED, on=TODAY, by=county.county_admin, now=NOW
        )
    deliver(county, letter)
    with pytest.raises(NotAllowed):
        replies.close_with_reply(request, by=county.other_reviewer, now=NOW)
    replies.close_with_reply(request, by=county.township_editor, now=NOW)
    assert request.state == State.CLOSED
    stored = FoiRequest.objects.get(pk=request.pk)
    assert (stored.outcome, stored.reply_type, stored.closed_on) == (
        Outcome.DISCLOSED,
        ReplyType.DISCLOSE,
        TODAY,
    )
    assert closing_writes() == (1, 1)
    with pytest.raises(services.FoiError, match="已办结"):
        replies.close_with_reply(request, by=county.township_editor, now=NOW)


def test_correction_lapsed_closes_as_other_1(county, system):
    request = make_case(county, arrived_on=D(2026, 10, 9))
    services.send_correction_notice(
        request, on=D(2026, 10, 12), until=D(2026, 10, 30), by=county.township_editor,
        now=at(D(2026, 10, 12)),
    )  # fmt: skip
    letter = approved_letter(county, request, Outcome.OTHER_NO_CORRECTION)
    deliver(county, letter)
    with pytest.raises(services.FoiError, match="不是"):
        replies.close_fee_lapsed(request, by=county.township_editor, now=NOW)
    replies.close_correction_lapsed(request, by=county.township_editor, now=NOW)
    stored = FoiRequest.objects.get(pk=request.pk)
    assert stored.state == State.CLOSED and stored.outcome == Outcome.OTHER_NO_CORRECTION
    assert list(stored.events.values_list("kind", flat=True))[-1] == EventKind.CORRECTION_LAPSED


def test_fee_lapsed_closes_as_other_2(county, system):
    request = make_case(county, arrived_on=D(2026, 10, 9))
    services.send_fee_notice(
        request, on=D(2026, 10, 12), by=county.township_editor, now=at(D(2026, 10, 12))
    )
    letter = approved_letter(county, request, Outcome.OTHER_FEE_UNPAID)
    deliver(county, letter)
    replies.close_fee_lapsed(request, by=county.township_editor, now=NOW)
    stored = FoiRequest.objects.get(pk=request.pk)
    assert stored.outcome == Outcome.OTHER_FEE_UNPAID
    assert list(stored.events.values_list("kind", flat=True))[-1] == EventKind.FEE_LAPSED


def test_lapse_letter_for_a_case_not_waiting_is_refused_by_the_ledger(county, system):
    request = make_case(county)
    letter = approved_letter(county, request, Outcome.OTHER_NO_CORRECTION)
    deliver(county, letter)
    with pytest.raises(services.FoiError, match="不能登记"):
        replies.close_with_reply(request, by=county.township_editor, now=NOW)
    assert closing_writes() == (0, 0)
    assert FoiRequest.objects.get(pk=request.pk).state == State.OPEN


def test_letter_prefixes(county, system):
    from tests.personas import make_unit

    # Derived without a 机关代字: the county's first character + two of the short name.
    assert replies.letter_prefix(county.fgw) == "霍发改公开"
    # The unit's own 机关代字 wins.
    for unit, code in (
        (county.government, "霍政"),
        (county.office, "霍政办"),
        (county.fgw, "霍发"),
    ):
        unit.agency_code = code
        unit.save(update_fields=["agency_code"])
    assert replies.letter_prefix(county.government) == "霍政公开"
    assert replies.letter_prefix(county.office) == "霍政办公开"
    assert replies.letter_prefix(county.fgw) == "霍发公开"
    assert replies.letter_prefix(county.chengguan) == "城政公开"
    later = make_unit(
        "霍邱县城西湖乡人民政府", "城西湖乡", "cxh", "township", county.government, 50
    )
    assert replies.letter_prefix(later) == "城西政公开"


def test_closing_withdraws_unanswered_contributions(county, system):
    from gongkai.foi import contributions
    from gongkai.foi.contributions_models import FoiContribution

    request = make_case(county)
    contributions.ask_contribution(
        request,
        unit=county.fgw,
        question="请核实项目批复情况",
        due_on=TODAY,
        by=county.township_editor,
        now=NOW,
    )
    letter = replies.draft_letter(
        request, outcome=Outcome.DISCLOSED, by=county.township_editor, now=NOW
    )
    replies.submit_letter(letter, by=county.township_editor, now=NOW)
    replies.approve_letter(letter, by=county.township_leader, today=TODAY, now=NOW)
    deliver(county, letter)
    replies.close_with_reply(request, by=county.township_editor, now=NOW)
    [row] = FoiContribution.unscoped.filter(request=request)
    assert (row.state, row.withdrawn_reason) == ("withdrawn", "申请已办结")
    assert AuditEntry.objects.filter(action="foi.contribution.withdraw").count() == 1
