"""The foi.reminders job: who is reminded of what, dry run, idempotence, a moved due date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from gongkai.core.jobs import registered_jobs
from gongkai.core.models import Notice
from gongkai.foi import services
from gongkai.foi.jobs import remind_due
from gongkai.units.scoping import system_scope
from tests.conftest import TODAY
from tests.foi.case_helpers import (
    DUE_SOON_ON,
    NOW,
    OK_ON,
    OVERDUE_ON,
    URGENT_ON,
    close_case,
    make_case,
    url,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def cases(county):
    c = county
    made = {
        "urgent": make_case(c, arrived_on=URGENT_ON),
        "due_soon": make_case(c, arrived_on=DUE_SOON_ON),
        "overdue": make_case(c, arrived_on=OVERDUE_ON),
        "ok": make_case(c, arrived_on=OK_ON),
        "paused": make_case(c, arrived_on=OVERDUE_ON),
        "closed": make_case(c, arrived_on=OVERDUE_ON),
    }
    with system_scope("test setup"):
        services.send_consultation(made["paused"], on=D(2026, 11, 10), by=c.county_admin, now=NOW)
    close_case(made["closed"], on=D(2026, 11, 20), by=c.county_admin)
    return made


def run(dry_run=False, today=TODAY):
    with system_scope("test job"):
        return remind_due(today=today, now=NOW, dry_run=dry_run)


def notices(**filters):
    return list(Notice.objects.filter(kind="foi.due", **filters).order_by("pk"))


def test_job_is_registered():
    assert "foi.reminders" in {job.name for job in registered_jobs()}


def test_reminders_go_to_the_units_staff_and_the_county_office(county, cases):
    report = run()
    staff = {county.township_editor, county.township_reviewer, county.township_leader}
    expected = {
        (cases["urgent"].tracking_code, "d2"),
        (cases["due_soon"].tracking_code, "d5"),
        (cases["overdue"].tracking_code, "overdue"),
    }
    found = {(n.dedupe_key.split(":")[1], n.dedupe_key.split(":")[3]) for n in notices()}
    by_pk = {str(c.pk): c.tracking_code for c in cases.values()}
    assert {(by_pk[pk], key) for pk, key in found} == expected
    assert report.changed == 3 * (len(staff) + 1)
    for user in [*staff, county.county_admin]:
        assert len(notices(user=user)) == 3
    for outsider in (county.other_reviewer, county.observer, county.operator):
        assert not notices(user=outsider)
    overdue = notices(user=county.county_admin, dedupe_key__contains=":overdue")[0]
    assert overdue.title == f"依申请公开已超过答复期限：{cases['overdue'].tracking_code}"
    assert "法定答复期限为2026年11月17日，已超期7个工作日" in overdue.body
    assert overdue.url == url("detail", cases["overdue"].pk)
    urgent = notices(user=county.township_editor, dedupe_key__contains=":d2")[0]
    assert urgent.title.startswith("依申请公开答复期限2个工作日内到期")


def test_handling_unit_staff_are_reminded_too(county, cases):
    with system_scope("test setup"):
        services.assign_request(
            cases["urgent"],
            handling_unit=county.hekou,
            internal_due=D(2026, 11, 27),
            by=county.county_admin,
            now=NOW,
        )
    run()
    (notice,) = notices(user=county.other_reviewer)
    assert notice.dedupe_key.endswith(":d2") and "承办单位：河口镇" in notice.body


def test_dry_run_writes_nothing(county, cases):
    report = run(dry_run=True)
    assert report.changed == 0 and not notices()
    assert len(report.messages) == 3


def test_rerun_is_idempotent_and_a_moved_due_date_reminds_again(county, cases):
    first = run()
    assert run().changed == 0
    # The next working day the urgent case still has d2 (already sent) — nothing new.
    assert run(today=D(2026, 11, 27)).changed == 0
    # An extension moves the due date: later reminders are keyed on the new date.
    with system_scope("test setup"):
        services.approve_extension(cases["urgent"], on=TODAY, by=county.county_admin, now=NOW)
    assert run().changed == 0  # 22 working days left now
    later = run(today=D(2026, 12, 24))  # the new due date is 2026-12-28
    assert later.changed > 0
    keys = {n.dedupe_key for n in notices(user=county.county_admin)}
    assert f"foi.due:{cases['urgent'].pk}:2026-11-30:d2" in keys
    assert f"foi.due:{cases['urgent'].pk}:2026-12-28:d2" in keys
    assert first.changed == 12


def test_run_jobs_command(county, cases, capsys):
    call_command("run_jobs", "--only", "foi.reminders", "--dry-run", "--today", "2026-11-26")
    assert not notices()
    call_command("run_jobs", "--only", "foi.reminders", "--today", "2026-11-26")
    assert len(notices(user=county.county_admin)) == 3
