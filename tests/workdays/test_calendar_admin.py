"""The calendar in the database: seeded years, loading a new year, the calculator and command."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.audit.models import AuditEntry
from gongkai.units.errors import NotAllowed
from gongkai.units.scoping import system_scope
from gongkai.workdays import calendar, recompute, services
from gongkai.workdays.arrangement import HolidayEntry, build_arrangement
from gongkai.workdays.models import CalendarDay, HolidayYear

D = dt.date

# The 2027 arrangement as an administrator would type it (a plausible notice, for the test).
ENTRIES_2027 = [
    HolidayEntry("元旦", D(2027, 1, 1), D(2027, 1, 3)),
    HolidayEntry("春节", D(2027, 2, 5), D(2027, 2, 13), (D(2027, 1, 31), D(2027, 2, 20))),
    HolidayEntry("清明节", D(2027, 4, 3), D(2027, 4, 5)),
    HolidayEntry("劳动节", D(2027, 5, 1), D(2027, 5, 5), (D(2027, 4, 25),)),
    HolidayEntry("端午节", D(2027, 6, 9), D(2027, 6, 11)),
    HolidayEntry("中秋节", D(2027, 9, 15), D(2027, 9, 17)),
    HolidayEntry("国庆节", D(2027, 10, 1), D(2027, 10, 7), (D(2027, 9, 26), D(2027, 10, 9))),
]


@pytest.fixture(autouse=True)
def fresh_calendar():
    calendar.invalidate()
    yield
    calendar.invalidate()


def test_2004_to_2026_are_seeded_and_2026_has_248_working_days(db):
    assert set(HolidayYear.objects.values_list("year", flat=True)) == set(range(2004, 2027))
    cal = calendar.get_calendar()
    assert cal.workdays_between(D(2025, 12, 31), D(2026, 12, 31)) == 248
    assert cal.workdays_between(D(2023, 12, 31), D(2024, 12, 31)) == 251
    assert CalendarDay.objects.get(date=D(2026, 2, 14)).kind == "makeup"


def test_a_missing_statutory_holiday_is_refused():
    check = build_arrangement(2027, [e for e in ENTRIES_2027 if e.name != "国庆节"])
    assert any("国庆节" in error and "不在任何放假时间段内" in error for error in check.errors)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (HolidayEntry("元旦", D(2027, 1, 3), D(2027, 1, 1)), "结束日期不能早于开始日期"),
        (HolidayEntry("元旦", D(2027, 1, 1), D(2027, 1, 3), (D(2027, 1, 6),)), "不是周末"),
        (HolidayEntry("元旦", D(2027, 1, 1), D(2027, 1, 30)), "超过"),
        (HolidayEntry("元旦", D(2027, 1, 1), D(2027, 1, 3), (D(2028, 1, 8),)), "不属于2027年"),
    ],
)
def test_bad_entries_get_chinese_errors(entry, message):
    check = build_arrangement(2027, [entry, *ENTRIES_2027[1:]])
    assert any(message in error for error in check.errors), check.errors


def test_loading_2027_confirms_it_audits_and_recomputes_open_deadlines(
    county, now, django_capture_on_commit_callbacks
):
    seen = []

    @recompute.register_deadline_recompute("test.cases", "测试")
    def recompute_cases(cal, today):
        seen.append((cal.is_confirmed(D(2027, 3, 1)), today))
        return 3

    try:
        before = calendar.get_calendar()
        assert not before.is_confirmed(D(2027, 1, 4))
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.load_year_arrangement(
                year=2027,
                entries=ENTRIES_2027,
                notice_title="国务院办公厅关于2027年部分节假日安排的通知",
                notice_number="国办发明电〔2026〕9号",
                published_on=D(2026, 11, 10),
                by=county.county_admin,
                now=now,
            )
        assert len(callbacks) == 1  # recompute runs only after the commit
    finally:
        recompute._REGISTRY.pop("test.cases")
    after = calendar.get_calendar()
    assert after.is_confirmed(D(2027, 1, 4))
    assert after.is_workday(D(2027, 1, 31))  # a Sunday, now a make-up working day
    assert seen == [(True, D(2026, 11, 26))]
    with system_scope("test"):
        entry = AuditEntry.objects.get(action="workdays.year.load")
    assert entry.after["makeup_days"]["2027-01-31"] == "春节调休上班"
    assert entry.before == {"holidays": {}, "makeup_days": {}}


def test_only_the_county_office_loads_a_year(county, now):
    with pytest.raises(NotAllowed):
        services.load_year_arrangement(
            year=2027,
            entries=ENTRIES_2027,
            notice_title="",
            notice_number="",
            published_on=None,
            by=county.township_editor,
            now=now,
        )


def test_a_refused_arrangement_changes_nothing(county, now):
    with pytest.raises(services.ArrangementError):
        services.load_year_arrangement(
            year=2026,
            entries=ENTRIES_2027,
            notice_title="",
            notice_number="",
            published_on=None,
            by=county.county_admin,
            now=now,
        )
    assert CalendarDay.objects.filter(date__year=2026).count() == 39


def test_deadline_command_json_interface(db, capsys):
    call_command("deadline", "--received", "2026-02-13", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == "2026-03-19"
    assert data["correction_notice_due"] == "2026-03-02"
    assert data["provisional"] is False
    assert any("春节" in line for line in data["explanation"])


def test_deadline_command_flags_2027_as_provisional(db, capsys):
    call_command("deadline", "--received", "2026-12-31", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data == data | {"due": "2027-01-29", "provisional": True}


def test_deadline_command_with_extension_correction_and_pause(db, capsys):
    call_command("deadline", "--received", "2025-09-26", "--extended", "--json")
    assert json.loads(capsys.readouterr().out)["due"] == "2025-11-27"
    call_command("deadline", "--received", "2026-03-01", "--corrected", "2026-03-10", "--json")
    assert json.loads(capsys.readouterr().out)["due"] == "2026-04-08"


def test_deadline_command_rejects_bad_input_in_chinese(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期格式错误"):
        call_command("deadline", "--received", "2026-02-30")
    with pytest.raises(CommandError, match="START:END"):
        call_command("deadline", "--received", "2026-02-03", "--pause", "2026-02-05")


def test_calculator_page_shows_due_date_and_explanation(county):
    client = Client()
    client.force_login(county.township_editor)
    html = client.get("/admin/deadline-calculator/", {"received": "2026-02-13"}).content.decode()
    assert "2026年3月19日" in html
    assert "春节放假" in html
    bad = client.get("/admin/deadline-calculator/", {"received": "2026-13-01"}).content.decode()
    assert "请输入有效日期" in bad


def test_year_form_round_trip_in_the_admin(county):
    client = Client()
    client.force_login(county.county_admin)
    assert "2026" in client.get("/admin/calendar/2026/edit/").content.decode()
    data = {
        "year": "2027",
        "notice_title": "国务院办公厅关于2027年部分节假日安排的通知",
        "notice_number": "",
        "published_on": "",
        "rows-TOTAL_FORMS": "7",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "7",
        "rows-MAX_NUM_FORMS": "10",
    }
    for i, e in enumerate(ENTRIES_2027):
        data[f"rows-{i}-name"] = e.name
        data[f"rows-{i}-first"] = e.first.isoformat()
        data[f"rows-{i}-last"] = e.last.isoformat()
        data[f"rows-{i}-makeup_days"] = "，".join(d.isoformat() for d in e.makeup_days)
    response = client.post("/admin/calendar/new/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert HolidayYear.objects.filter(year=2027).exists()
    data["rows-6-first"] = "2027-10-02"  # 国庆 1 Oct no longer covered
    html = client.post("/admin/calendar/new/", data).content.decode()
    assert "不在任何放假时间段内" in html
