"""Hotline services: every transition and its guard, stored deadlines across 国庆 2026,
encryption, the audit log, merge and duplicates (the calendar is the seeded one in the DB)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.core.models import Notice
from gongkai.hotline import knowledge, reception, selectors, services
from gongkai.hotline.domain.states import State
from gongkai.hotline.models import ClockSetting, Ticket, TicketAssist, TicketEvent
from gongkai.hotline.models_rates import ReturnedAssignment
from gongkai.units.errors import NotAllowed
from gongkai.units.scoping import system_scope
from tests.hotline.conftest import PHONE, at

pytestmark = pytest.mark.django_db


def reload(ticket: Ticket) -> Ticket:
    with system_scope("test"):
        return Ticket.unscoped.get(pk=ticket.pk)


def kinds(ticket: Ticket) -> list[str]:
    with system_scope("test"):
        return list(TicketEvent.unscoped.filter(ticket=ticket).values_list("kind", flat=True))


# ---------------------------------------------------------------- intake


def test_intake_numbers_encrypts_and_audits_masked(county, accept, system):
    ticket = accept()
    assert ticket.number == "20260929-0001"
    assert accept().number == "20260929-0002"
    assert accept(now=at(9, 30)).number == "20260930-0001"
    assert ticket.state == State.ACCEPTED and ticket.centre == county.data_bureau
    assert ticket.policy["reply"] == [10, 0] and ticket.policy["sign"] == [1, 0]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT caller_phone, caller_name FROM hotline_ticket WHERE id=%s", [ticket.pk]
        )
        raw_phone, raw_name = cursor.fetchone()
    assert PHONE not in raw_phone and "张三" not in raw_name
    assert reload(ticket).caller_phone == PHONE
    assert ticket.phone_digest == services.phone_digest("+86 138 1234 5678")
    entry = AuditEntry.objects.get(action="hotline.accept", object_id=str(ticket.pk))
    assert entry.after["caller_phone"] == "138****5678"
    assert PHONE not in str(entry.after)
    assert kinds(ticket) == ["accept"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"content": "  "}, "诉求内容"),
        ({"anonymous": True}, "匿名"),
        ({"lat": "31.5"}, "同时填写"),
        ({"lat": "95", "lon": "116"}, "纬度"),
        ({"lat": "31.5", "lon": "abc"}, "经度格式"),
        ({"caller_phone": "12"}, "电话"),
        ({"kind": "gossip"}, "诉求类型"),
    ],
)
def test_intake_bad_input_writes_nothing(county, accept, system, extra, message):
    with pytest.raises(services.HotlineError, match=message):
        accept(**extra)
    assert not Ticket.unscoped.exists()
    assert not AuditEntry.objects.filter(action__startswith="hotline.").exists()


def test_anonymous_and_coordinates(accept, system):
    ticket = accept(anonymous=True, caller_name="", caller_phone="", lat="31.123456", lon="116.3")
    assert ticket.anonymous and ticket.phone_digest == ""
    assert str(reload(ticket).lat) == "31.123456"


@pytest.mark.parametrize(
    "persona", ["township_editor", "county_admin", "observer", "other_reviewer"]
)
def test_only_operators_accept(county, accept, persona, system):
    with pytest.raises(NotAllowed):
        accept(by=getattr(county, persona))
    assert not Ticket.unscoped.exists()


def test_urgent_consult_uses_the_urgent_limits(accept):
    ticket = accept(kind="consult", urgent=True)
    assert ticket.policy["reply"] == [0, 0] and ticket.policy["sign"] == [0, 2]


def test_clock_settings_are_snapshotted_at_intake(county, accept, now, system):
    setting = ClockSetting.objects.get(kind="complaint", urgent=False)
    knowledge.update_clock_setting(setting, by=county.county_admin, now=now, reply_workdays=7)
    assert accept().policy["reply"] == [7, 0]
    with pytest.raises(NotAllowed):
        knowledge.update_clock_setting(setting, by=county.operator, now=now, reply_workdays=3)


def test_policy_snapshot_reads_both_settings_tables_and_falls_back_to_defaults(county):
    from gongkai.hotline.domain.clocks import DEFAULT_POLICY
    from gongkai.hotline.models import ClockParameters

    ClockSetting.objects.filter(kind="consult", urgent=False).update(
        sign_workdays=2, sign_hours=0, reply_workdays=4, callback_hours=8
    )
    ClockParameters.objects.update_or_create(
        pk=1,
        defaults={"work_start": dt.time(8, 0), "work_end": dt.time(17, 45), "max_extensions": 2},
    )
    snap = reception.current_policy_snapshot("consult", False)
    assert snap["sign"] == [2, 0] and snap["reply"] == [4, 0] and snap["callback"][1] == 8
    assert snap["work_start"] == "08:00" and snap["work_end"] == "17:45"
    assert snap["max_extensions"] == 2
    ClockSetting.objects.all().delete()
    ClockParameters.objects.all().delete()
    snap = reception.current_policy_snapshot("complaint", True)
    p = DEFAULT_POLICY
    assert snap["sign"] == [p.urgent_sign_for.workdays, p.urgent_sign_for.hours]
    assert snap["work_start"] == p.work_start.isoformat("minutes")
    assert snap["supervise_after_workdays"] == p.supervise_after_workdays


# ---------------------------------------------------------------- the happy path


def test_full_flow_stores_deadlines_across_national_day(county, dispatched, system):
    t = dispatched
    assert t.state == State.DISPATCHED and t.handling_unit == county.chengguan
    assert t.sign_due == at(9, 30, 17, 30)  # 1 working day, 次日起
    # 10 working days from 09-29: 09-30, (国庆 10-01..07), 10-08, 09, 10 (调休), 12..16, 19.
    assert t.reply_due == at(10, 19, 17, 30)
    services.sign(t, by=county.township_editor, now=at(9, 30, 10))
    assert t.state == State.HANDLING and t.sign_on_time is True
    services.submit_reply(
        t, text="已安排维修，路灯已恢复。", by=county.township_editor, now=at(10, 8)
    )
    assert t.awaiting_leader
    with pytest.raises(NotAllowed):
        services.approve_reply(t, by=county.township_editor, now=at(10, 8, 11))
    services.approve_reply(t, by=county.township_leader, now=at(10, 8, 12))
    assert (
        t.state == State.REPLIED
        and t.reply_on_time is True
        and t.reply == "已安排维修，路灯已恢复。"
    )
    services.check_reply(t, accept=True, by=county.operator, now=at(10, 9))
    assert t.state == State.AWAITING_CALLBACK
    assert t.callback_due == at(10, 12, 17, 30)  # 2 working days: 10-10 (调休), 10-12
    services.record_callback(
        t, satisfaction="satisfied", resolved=True, by=county.operator, now=at(10, 10, 9)
    )
    t = reload(t)
    assert t.state == State.CLOSED and t.closed_at == at(10, 10, 9)
    assert t.callback_on_time is True and t.satisfaction == "satisfied" and t.resolved is True
    assert kinds(t) == [
        "accept",
        "dispatch",
        "sign",
        "submit_reply",
        "reply",
        "accept_reply",
        "callback",
    ]
    actions = set(AuditEntry.objects.filter(object_id=str(t.pk)).values_list("action", flat=True))
    assert {"hotline.dispatch", "hotline.sign", "hotline.reply", "hotline.callback"} <= actions


def test_late_sign_is_stored_as_late(county, dispatched):
    services.sign(dispatched, by=county.township_editor, now=at(10, 8, 9))
    assert dispatched.sign_on_time is False


def test_sign_by_another_unit_is_refused(county, dispatched, system):
    for persona in ("other_reviewer", "operator", "dept_reviewer", "observer"):
        with pytest.raises(NotAllowed):
            services.sign(dispatched, by=getattr(county, persona), now=at(9, 30))
    assert reload(dispatched).state == State.DISPATCHED
    assert kinds(dispatched) == ["accept", "dispatch"]


def test_wrong_state_is_refused_with_a_chinese_message(county, dispatched, system):
    with pytest.raises(services.HotlineError, match="不能“答复审核通过”"):
        services.accept_reply(dispatched, by=county.operator, now=at(9, 30))
    before = AuditEntry.objects.count()
    with pytest.raises(services.HotlineError, match="须填写理由"):
        services.return_ticket(dispatched, reason=" ", by=county.township_editor, now=at(9, 30))
    assert AuditEntry.objects.count() == before
    assert reload(dispatched).state == State.DISPATCHED


def test_answer_directly_closes(county, accept, now, system):
    entry = knowledge.save_knowledge_entry(
        unit=county.chengguan,
        question="城关镇路灯报修电话是多少？",
        answer="请拨打城关镇城管中队 0564-1234567。",
        by=county.township_editor,
        now=now,
    )
    ticket = accept(kind="consult", content="请问城关镇路灯坏了找谁报修？", now=at(11, 26))
    hits = selectors.knowledge_hits(ticket.content, today=dt.date(2026, 11, 26))
    assert hits and hits[0].entry == entry
    services.answer_directly(ticket, entry=entry, by=county.operator, now=at(11, 26, 9, 5))
    assert ticket.state == State.CLOSED and ticket.reply == entry.answer and ticket.closed_at


def test_dispatch_with_assisting_units(county, accept, system):
    ticket = accept()
    services.dispatch(
        ticket,
        unit=county.chengguan,
        assists=[county.fgw, county.chengguan],
        by=county.operator,
        now=at(9, 29, 10),
    )
    assert list(TicketAssist.unscoped.filter(ticket=ticket).values_list("unit", flat=True)) == [
        county.fgw.pk
    ]


# ---------------------------------------------------------------- return, extension


def test_return_pauses_and_redispatch_resumes(county, dispatched, system):
    services.return_ticket(
        dispatched, reason="路灯属县城管局管理", by=county.township_editor, now=at(9, 30, 10)
    )
    assert dispatched.state == State.RETURNED and dispatched.return_count == 1
    with pytest.raises(services.HotlineError, match="已退单"):
        services.sign(dispatched, by=county.township_editor, now=at(9, 30, 11))
    # Re-dispatched on 10-09: the working days 10-08 and 10-09 after the 退单 are not counted.
    services.redispatch(
        dispatched, unit=county.hekou, designated=True, by=county.operator, now=at(10, 9, 9)
    )
    assert dispatched.state == State.DISPATCHED and dispatched.handling_unit == county.hekou
    assert dispatched.sign_due == at(10, 10, 17, 30)
    assert dispatched.reply_due == at(10, 21, 17, 30)
    services.sign(dispatched, by=county.other_reviewer, now=at(10, 10))
    with pytest.raises(services.HotlineError, match="指定承办"):
        services.return_ticket(
            dispatched, reason="不是我们的", by=county.other_reviewer, now=at(10, 12)
        )


def test_return_keeps_exactly_one_returned_assignment(county, dispatched, system):
    assignment = (dispatched.dispatched_at, dispatched.sign_due)
    services.return_ticket(
        dispatched, reason="路灯属县城管局管理", by=county.township_editor, now=at(9, 30, 10)
    )
    (kept,) = ReturnedAssignment.unscoped.filter(ticket=dispatched)
    assert kept.unit == county.chengguan and kept.returned_at == at(9, 30, 10)
    assert (kept.dispatched_at, kept.sign_due) == assignment
    assert kept.signed_at is None and kept.sign_on_time is None
    # Written by the service itself, in its transaction: no other writer of the table.
    assert ReturnedAssignment.unscoped.count() == 1


def test_refused_return_keeps_no_returned_assignment(county, dispatched, system):
    with pytest.raises(NotAllowed):  # another unit's staff
        services.return_ticket(
            dispatched, reason="不是我们的", by=county.other_reviewer, now=at(9, 30, 10)
        )
    with pytest.raises(services.HotlineError, match="须填写理由"):  # the domain guard
        services.return_ticket(dispatched, reason=" ", by=county.township_editor, now=at(9, 30))
    assert not ReturnedAssignment.unscoped.exists()
    assert reload(dispatched).state == State.DISPATCHED and reload(dispatched).return_count == 0


def test_extension_requested_approved_and_only_once(county, dispatched, system):
    services.sign(dispatched, by=county.township_editor, now=at(9, 30))
    with pytest.raises(services.HotlineError, match="工作日"):
        services.request_extension(
            dispatched,
            until=dt.date(2026, 10, 25),
            reason="需现场勘查",
            by=county.township_editor,
            now=at(10, 12),
        )
    services.request_extension(
        dispatched,
        until=dt.date(2026, 10, 30),
        reason="需现场勘查",
        by=county.township_editor,
        now=at(10, 12),
    )
    assert dispatched.state == State.EXTENSION_PENDING
    assert dispatched.extension_requested_until == dt.date(2026, 10, 30)
    with pytest.raises(NotAllowed):
        services.approve_extension(dispatched, by=county.township_leader, now=at(10, 13))
    services.approve_extension(dispatched, by=county.operator, now=at(10, 13))
    assert dispatched.reply_due == at(10, 30, 17, 30) and dispatched.extension_count == 1
    with pytest.raises(services.HotlineError, match="最多延期1次"):
        services.request_extension(
            dispatched,
            until=dt.date(2026, 11, 6),
            reason="再延",
            by=county.township_editor,
            now=at(10, 14),
        )


def test_extension_after_the_deadline_is_refused(county, dispatched):
    services.sign(dispatched, by=county.township_editor, now=at(9, 30))
    with pytest.raises(services.HotlineError, match="届满前"):
        services.request_extension(
            dispatched,
            until=dt.date(2026, 10, 30),
            reason="晚了",
            by=county.township_editor,
            now=at(10, 20),
        )


def test_rejected_extension_keeps_the_deadline(county, dispatched):
    services.sign(dispatched, by=county.township_editor, now=at(9, 30))
    services.request_extension(
        dispatched,
        until=dt.date(2026, 10, 30),
        reason="需勘查",
        by=county.township_editor,
        now=at(10, 12),
    )
    services.reject_extension(dispatched, reason="理由不充分", by=county.operator, now=at(10, 13))
    assert dispatched.state == State.HANDLING and dispatched.reply_due == at(10, 19, 17, 30)
    assert dispatched.extension_requested_until is None


# ---------------------------------------------------------------- reply check, callback, redo


def _replied(county, t):
    when = at(10, 8)
    services.sign(t, by=county.township_editor, now=at(9, 30))
    services.submit_reply(t, text="已维修。", by=county.township_editor, now=when)
    services.approve_reply(t, by=county.township_leader, now=when + dt.timedelta(hours=1))


def test_send_back_then_redo_counts_against_the_unit(county, dispatched, system):
    _replied(county, dispatched)
    services.check_reply(
        dispatched, accept=False, reason="未说明维修时间", by=county.operator, now=at(10, 9)
    )
    assert (
        dispatched.state == State.HANDLING
        and dispatched.sent_back
        and dispatched.replied_at is None
    )
    services.submit_reply(
        dispatched, text="已于10月9日维修。", by=county.township_editor, now=at(10, 9, 14)
    )
    services.approve_reply(dispatched, by=county.township_leader, now=at(10, 9, 15))
    services.accept_reply(dispatched, by=county.operator, now=at(10, 9, 16))
    services.record_callback(
        dispatched, satisfaction="dissatisfied", resolved=False, by=county.operator, now=at(10, 12)
    )
    assert dispatched.state == State.DISSATISFIED and dispatched.closed_at is None
    with pytest.raises(services.HotlineError, match="须填写理由"):
        services.redo(dispatched, reason="", by=county.operator, now=at(10, 12, 10))
    services.redo(dispatched, reason="路灯仍不亮", by=county.operator, now=at(10, 12, 10))
    assert dispatched.state == State.HANDLING and dispatched.redo_count == 1
    assert dispatched.reply_due == at(10, 26, 17, 30)  # a new 10-working-day clock
    assert dispatched.callback_due is None


def test_unjustified_dissatisfaction_is_closed(county, dispatched):
    _replied(county, dispatched)
    services.accept_reply(dispatched, by=county.operator, now=at(10, 9))
    services.record_callback(
        dispatched, satisfaction="dissatisfied", resolved=True, by=county.operator, now=at(10, 10)
    )
    services.close(
        dispatched, reason="诉求已解决，不满意系对政策本身", by=county.operator, now=at(10, 10, 10)
    )
    assert dispatched.state == State.CLOSED and dispatched.redo_count == 0


def test_leader_can_reject_a_draft(county, dispatched):
    services.sign(dispatched, by=county.township_editor, now=at(9, 30))
    services.submit_reply(dispatched, text="草稿", by=county.township_editor, now=at(10, 8))
    services.reject_draft(
        dispatched, reason="补充维修时间", by=county.township_leader, now=at(10, 8, 10)
    )
    assert dispatched.reply_draft == "" and dispatched.state == State.HANDLING
    with pytest.raises(services.HotlineError, match="没有待审核"):
        services.approve_reply(dispatched, by=county.township_leader, now=at(10, 8, 11))


# ---------------------------------------------------------------- 催办, 督办


def test_urge_only_when_overdue_and_notifies_the_unit(county, dispatched, system):
    with pytest.raises(services.HotlineError, match="尚未届满"):
        services.urge(dispatched, by=county.operator, now=at(9, 30, 10))
    services.urge(dispatched, by=county.operator, now=at(10, 8, 9))
    assert dispatched.urge_count == 1
    assert Notice.objects.filter(user=county.township_editor, kind="hotline.urge").exists()


def test_supervise_after_five_working_days_by_the_county_office(county, dispatched, system):
    services.sign(dispatched, by=county.township_editor, now=at(9, 30))
    # reply due 10-19; 5 working days late on 10-26.
    with pytest.raises(services.HotlineError, match="超期5个工作日后方可督办"):
        services.supervise(dispatched, by=county.county_admin, now=at(10, 22))
    with pytest.raises(NotAllowed):
        services.supervise(dispatched, by=county.operator, now=at(10, 27))
    services.supervise(dispatched, by=county.county_admin, now=at(10, 27))
    assert dispatched.supervise_count == 1
    notices = Notice.objects.filter(kind="hotline.supervise")
    assert [n.user for n in notices] == [county.township_leader]


# ---------------------------------------------------------------- merge and duplicates


def test_duplicates_by_phone_and_text_then_merge(county, accept, system):
    first = accept()
    same_text = accept(
        caller_phone="13900000000",
        content="城关镇光明路路灯连续一周不亮，夜间出行不便，请尽快维修！",
        now=at(9, 30),
    )
    other = accept(content="河口镇菜市场噪音扰民。", caller_phone="13700000000", now=at(9, 30, 10))
    hits = selectors.duplicate_candidates(
        content=first.content, phone="138-1234-5678", now=at(10, 1), exclude=None
    )
    assert [h.ticket.pk for h in hits][:2] == [first.pk, same_text.pk]
    assert other.pk not in [h.ticket.pk for h in hits]
    assert hits[0].same_phone
    # Older than 30 days: not a candidate.
    assert not selectors.duplicate_candidates(content=first.content, phone=PHONE, now=at(11, 5))
    reception.merge_ticket(same_text, into=first, by=county.operator, now=at(9, 30, 11))
    assert same_text.state == State.CLOSED and same_text.merged_into == first
    with pytest.raises(services.HotlineError, match="已合并"):
        services.dispatch(same_text, unit=county.chengguan, by=county.operator, now=at(9, 30, 12))
    with pytest.raises(services.HotlineError, match="本身已合并"):
        reception.merge_ticket(other, into=same_text, by=county.operator, now=at(9, 30, 12))


def test_merge_refused_after_dispatch(county, dispatched, accept):
    dup = accept(now=at(9, 29, 11))
    with pytest.raises(services.HotlineError, match="尚未派单"):
        reception.merge_ticket(dispatched, into=dup, by=county.operator, now=at(9, 29, 12))


# ---------------------------------------------------------------- attachments


def test_attachment_is_stored_privately_under_the_ticket_number(
    county, dispatched, settings, tmp_path, system
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.core.models import PrivateAttachment
    from gongkai.hotline.models import TicketAttachment

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff photo", content_type="image/jpeg")
    attachment = knowledge.attach_file(
        dispatched, upload=photo, by=county.township_editor, now=at(9, 30, 10)
    )
    assert isinstance(attachment, PrivateAttachment) and str(attachment) == "现场.jpg"
    assert attachment.file.name.startswith(f"hotline/{dispatched.number}/")
    assert (tmp_path / attachment.file.name).read_bytes() == b"\xff\xd8\xff photo"
    with pytest.raises(ValueError, match="no URL"):
        attachment.file.url  # noqa: B018 (private files have no public address)
    with pytest.raises(NotAllowed):
        knowledge.attach_file(dispatched, upload=photo, by=county.other_reviewer, now=at(9, 30))
    assert TicketAttachment.unscoped.filter(ticket=dispatched).count() == 1
