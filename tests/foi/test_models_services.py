"""依申请公开 models and services: registration (Art. 31), tracking codes, the guarded ledger,
encryption at rest, the audit log without personal data, scoping and permissions."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection

from gongkai.audit.models import AuditEntry
from gongkai.foi import selectors, services
from gongkai.foi.domain.events import Channel, EventKind, State
from gongkai.foi.domain.ledger import compute_clock
from gongkai.foi.models import FoiEvent, FoiRequest
from gongkai.units.errors import NotAllowed
from gongkai.units.scoping import ScopeError, system_scope
from gongkai.units.selectors import scope_for_user
from gongkai.workdays.calendar import get_calendar

pytestmark = pytest.mark.django_db

D = dt.date
ID = "340102199001011234"
PHONE = "13812345678"
ADDRESS = "安徽省六安市霍邱县城关镇光明路12号"


_STAFF = object()


def register(county, *, by=_STAFF, channel=Channel.IN_PERSON, arrived_on=None, **extra):
    values = {
        "unit": county.chengguan,
        "by": county.township_editor if by is _STAFF else by,
        "channel": channel,
        "arrived_on": arrived_on or D(2026, 11, 2),
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "id_number": ID,
        "phone": PHONE,
        "address": ADDRESS,
        "description": "2025年城关镇老旧小区改造项目的招标文件",
        "today": D(2026, 11, 26),
        "now": dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC),
    }
    values.update(extra)
    return services.register_request(**values)


def now_on(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC)


# ---------------------------------------------------------------- registration, Art. 31


def test_register_in_person_starts_the_clock(county, today):
    request = register(county)
    assert request.state == State.OPEN
    assert request.received_on == D(2026, 11, 2)
    with system_scope("test"):
        events = list(request.events.all())
    assert [e.kind for e in events] == [EventKind.RECEIVED]
    clock = services.clock_of(request, today=today)
    assert clock is not None and clock.received_on == D(2026, 11, 2)
    assert clock.due == get_calendar().add_workdays(D(2026, 11, 2), 20)


def test_register_online_by_the_citizen_is_received_on_the_day_it_arrives(county):
    request = register(county, by=None, channel=Channel.ONLINE, arrived_on=D(2026, 11, 20))
    assert request.tracking_code.startswith("YSQ-2026-")
    assert request.state == State.OPEN
    assert request.received_on == D(2026, 11, 20)
    assert request.created_by is None
    with system_scope("test"):
        entry = AuditEntry.objects.get(action="foi.register")
    assert entry.actor is None and entry.actor_name == services.ONLINE_APPLICANT


def test_offline_needs_staff(county):
    with pytest.raises(NotAllowed):
        register(county, by=None, channel=Channel.REGISTERED_MAIL)


def test_registered_mail_waits_for_the_signing_date(county, today):
    request = register(county, channel=Channel.REGISTERED_MAIL, arrived_on=D(2026, 11, 9))
    assert request.state == State.NEW and request.received_on is None
    assert services.clock_of(request, today=today) is None
    services.confirm_receipt(
        request, confirmed_on=D(2026, 11, 11), by=county.township_editor, now=now_on(today)
    )
    request.refresh_from_db()
    assert request.state == State.OPEN
    assert request.received_on == D(2026, 11, 11)  # 以签收之日为收到申请之日
    assert services.clock_of(request, today=today).received_on == D(2026, 11, 11)


def test_ordinary_mail_with_confirmation_date(county):
    request = register(
        county,
        channel=Channel.ORDINARY_MAIL,
        arrived_on=D(2026, 11, 9),
        confirmed_on=D(2026, 11, 12),
    )
    assert request.received_on == D(2026, 11, 12)


def test_confirmation_before_arrival_is_refused_and_nothing_is_written(county, system):
    with pytest.raises(services.FoiError, match="不能早于"):
        register(
            county, channel=Channel.FAX, arrived_on=D(2026, 11, 9), confirmed_on=D(2026, 11, 6)
        )
    assert not FoiRequest.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="foi.").exists()


def test_tracking_codes_are_unique_and_sequential(county, system):
    first = register(county)
    second = register(county, channel=Channel.ONLINE, by=None)
    third = register(county, arrived_on=D(2025, 12, 30))
    assert first.tracking_code == "YSQ-2026-000001"
    assert second.tracking_code == "YSQ-2026-000002"
    assert third.tracking_code == "YSQ-2025-000001"
    assert len({first.query_code, second.query_code}) == 2
    assert len(first.query_code) == 8
    stored = FoiRequest.unscoped.get(pk=first.pk)
    assert first.query_code not in stored.query_code_hash
    assert services.query_code_matches(stored, first.query_code.lower())
    assert not services.query_code_matches(stored, second.query_code)
    assert not services.query_code_matches(stored, "")


def test_future_arrival_and_missing_description_are_refused(county):
    with pytest.raises(services.FoiError):
        register(county, arrived_on=D(2026, 11, 27))
    with pytest.raises(services.FoiError, match="描述"):
        register(county, description="  ")


# ------------------------------------------------------------------ encryption at rest


def test_personal_data_is_encrypted_at_rest(county, system):
    request = register(county)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, address FROM foi_foirequest WHERE id = %s", [request.pk]
        )
        row = cursor.fetchone()
    for raw in row:
        assert raw.startswith("v1:")
    assert ID not in "".join(row) and PHONE not in "".join(row) and "光明路" not in "".join(row)
    fresh = FoiRequest.objects.get(pk=request.pk)
    assert (fresh.id_number, fresh.phone, fresh.address) == (ID, PHONE, ADDRESS)


def test_audit_entries_carry_masked_values_only(county, today, system):
    request = register(county)
    services.send_correction_notice(
        request,
        on=D(2026, 11, 5),
        until=D(2026, 11, 20),
        by=county.township_editor,
        now=now_on(today),
    )
    entries = AuditEntry.objects.filter(object_id=str(request.pk))
    dumped = json.dumps(
        [[e.before, e.after, e.reason, e.object_repr] for e in entries], ensure_ascii=False
    )
    for secret in (ID, PHONE, "光明路", "张三"):
        assert secret not in dumped
    registered = entries.get(action="foi.register")
    assert registered.after["id_number"] == "340102********1234"
    assert registered.after["phone"] == "138****5678"
    assert registered.after["address"] == "安徽省六安市霍邱县****"
    assert registered.after["applicant_name"] == "张*"
    assert {e.action for e in entries} == {
        "foi.register",
        "foi.event.received",
        "foi.event.correction_notice_sent",
    }


def test_viewing_personal_data_is_audited_and_refused_to_others(county, today, system):
    request = register(county)
    data = selectors.personal_data(request, by=county.township_reviewer, now=now_on(today))
    assert data["id_number"] == ID
    assert AuditEntry.objects.filter(action="foi.view_personal_data").count() == 1
    with pytest.raises(NotAllowed):
        selectors.personal_data(request, by=county.other_reviewer, now=now_on(today))
    assert selectors.masked(request)["id_number"] == "340102********1234"


# ------------------------------------------------------------------------------ ledger


def test_guarded_event_is_refused_with_nothing_written(county, today, system):
    request = register(county)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(services.FoiError, match="不能登记"):
        services.receive_correction(
            request, on=D(2026, 11, 5), by=county.township_editor, now=now_on(today)
        )
    # A correction notice later than 7 working days after receipt is refused too (Art. 30).
    with pytest.raises(services.FoiError, match="7个工作日"):
        services.send_correction_notice(
            request,
            on=D(2026, 11, 20),
            until=D(2026, 11, 30),
            by=county.township_editor,
            now=now_on(today),
        )
    assert FoiEvent.objects.filter(request=request).count() == 1
    assert AuditEntry.objects.count() == audit_before
    request.refresh_from_db()
    assert request.state == State.OPEN


def test_closing_events_wait_for_the_reply_module(county, today):
    request = register(county)
    with pytest.raises(services.FoiError, match="答复书"):
        services.record_event(
            request,
            kind=EventKind.REPLIED,
            on=D(2026, 11, 20),
            outcome="disclosed",
            by=county.township_editor,
            now=now_on(today),
        )


def test_correction_moves_the_due_date(county, today, system):
    request = register(county)
    calendar = get_calendar()
    before = services.clock_of(request, today=today).due
    editor = county.township_editor
    services.send_correction_notice(
        request, on=D(2026, 11, 5), until=D(2026, 11, 20), by=editor, now=now_on(today)
    )
    assert request.state == State.AWAITING_CORRECTION
    waiting = services.clock_of(request, today=today)
    assert waiting.due is None  # the period restarts when the correction arrives
    services.receive_correction(request, on=D(2026, 11, 16), by=editor, now=now_on(today))
    request.refresh_from_db()
    assert request.state == State.OPEN
    clock = services.clock_of(request, today=today)
    events = [e.to_clock_event() for e in FoiEvent.objects.filter(request=request)]
    assert clock == compute_clock(events, calendar, today=today)
    assert clock.due == calendar.add_workdays(D(2026, 11, 16), 20)
    assert clock.due > before
    assert clock.corrected_on == D(2026, 11, 16)


def test_extension_once_and_only_by_the_head(county, today, system):
    request = register(county)
    editor, leader = county.township_editor, county.township_leader
    due = services.clock_of(request, today=today).due
    with pytest.raises(NotAllowed, match="负责人"):
        services.approve_extension(request, on=D(2026, 11, 20), by=editor, now=now_on(today))
    services.approve_extension(request, on=D(2026, 11, 20), by=leader, now=now_on(today))
    clock = services.clock_of(request, today=today)
    assert clock.extended
    assert clock.due == get_calendar().add_workdays(due, 20)
    with pytest.raises(services.FoiError, match="只能一次"):
        services.approve_extension(request, on=D(2026, 11, 24), by=leader, now=now_on(today))
    assert FoiEvent.objects.filter(request=request, kind=EventKind.EXTENSION_APPROVED).count() == 1


def test_consultation_and_fee_pause_the_clock(county, today, system):
    request = register(county, arrived_on=D(2026, 10, 12))
    editor = county.township_editor
    services.send_consultation(request, on=D(2026, 10, 20), by=editor, now=now_on(today))
    assert request.state == State.CONSULTING
    services.receive_consultation_answer(request, on=D(2026, 10, 23), by=editor, now=now_on(today))
    services.send_fee_notice(request, on=D(2026, 10, 26), by=editor, now=now_on(today))
    assert request.state == State.AWAITING_FEE
    services.record_fee_paid(request, on=D(2026, 10, 28), by=editor, now=now_on(today))
    clock = services.clock_of(request, today=today)
    assert [p.reason for p in clock.pauses] == ["征求第三方意见", "通知缴纳信息处理费"]
    assert clock.due > get_calendar().add_workdays(D(2026, 10, 12), 20)


def test_event_in_the_future_is_refused(county, today):
    request = register(county)
    with pytest.raises(services.FoiError, match="晚于今天"):
        services.send_consultation(
            request, on=D(2026, 11, 27), by=county.township_editor, now=now_on(today)
        )


# ------------------------------------------------------------- assignment and scoping


def test_assign_and_the_handling_unit_sees_and_acts(county, today):
    request = register(county)
    with pytest.raises(services.FoiError, match="法定答复期限"):
        services.assign_request(
            request,
            handling_unit=county.fgw,
            internal_due=D(2026, 12, 31),
            by=county.township_editor,
            now=now_on(today),
        )
    with scope_for_user(county.dept_reviewer):
        assert not FoiRequest.objects.filter(pk=request.pk).exists()
    services.assign_request(
        request,
        handling_unit=county.fgw,
        internal_due=D(2026, 11, 27),
        by=county.township_editor,
        now=now_on(today),
    )
    with scope_for_user(county.dept_reviewer):
        assert list(FoiRequest.objects.all()) == [request]
        assert FoiEvent.objects.filter(request=request).count() == 1
    with scope_for_user(county.township_editor):
        assert FoiRequest.objects.filter(pk=request.pk).exists()
    with scope_for_user(county.other_reviewer):
        assert not FoiRequest.objects.exists()
        assert not FoiEvent.objects.exists()
    services.send_consultation(
        request, on=D(2026, 11, 26), by=county.dept_reviewer, now=now_on(today)
    )
    # The handling unit may not reassign: the receiving office does.
    with pytest.raises(NotAllowed):
        services.assign_request(
            request,
            handling_unit=county.hekou,
            internal_due=D(2026, 11, 27),
            by=county.dept_reviewer,
            now=now_on(today),
        )


def test_other_units_staff_are_refused(county, today, system):
    request = register(county)
    with pytest.raises(NotAllowed):
        register(county, by=county.other_reviewer)
    with pytest.raises(NotAllowed):
        services.send_consultation(
            request, on=D(2026, 11, 20), by=county.other_reviewer, now=now_on(today)
        )
    with pytest.raises(NotAllowed):  # a county leader reads but does not act
        services.send_consultation(
            request, on=D(2026, 11, 20), by=county.observer, now=now_on(today)
        )
    services.send_consultation(
        request, on=D(2026, 11, 20), by=county.county_admin, now=now_on(today)
    )
    assert FoiEvent.objects.filter(request=request).count() == 2


def test_reading_outside_a_scope_fails_loudly(county):
    register(county)
    with pytest.raises(ScopeError):
        list(FoiRequest.objects.all())


def test_str_has_no_personal_data(county):
    request = register(county)
    assert str(request) == request.tracking_code


# ------------------------------------------------------------------------- attachments


def test_attachment_is_stored_privately_and_audited(county, private_media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = register(county)
    scan = SimpleUploadedFile("信封.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    attachment = services.attach_file(
        request, kind="evidence", upload=scan, by=county.township_editor, now=now_on(D(2026, 11, 2))
    )
    assert attachment.size == len(b"%PDF-1.4 scan")
    assert (private_media / attachment.file.name).exists()
    assert attachment.file.name.startswith(f"foi/{request.tracking_code}/evidence/")
    with system_scope("test"):
        assert AuditEntry.objects.filter(action="foi.attach").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "kind", "by", "message"),
    [
        ("a.exe", b"MZ", "evidence", "staff", "只接受"),
        ("a.pdf", b"", "evidence", "staff", "空的"),
        ("a.pdf", b"x", "nonsense", "staff", "类别"),
        ("a.pdf", b"x", "disclosed", None, "申请人只能"),
    ],
)
def test_bad_attachments_are_refused(county, private_media, name, content, kind, by, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = register(county)
    actor = county.township_editor if by == "staff" else None
    with pytest.raises((services.FoiError, NotAllowed), match=message):
        services.attach_file(
            request,
            kind=kind,
            upload=SimpleUploadedFile(name, content),
            by=actor,
            now=now_on(D(2026, 11, 2)),
        )
    assert not list(private_media.rglob("*.*"))
