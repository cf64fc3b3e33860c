"""Writes to the working-day calendar."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.units.roles import Capability
from gongkai.units.services import require
from gongkai.workdays import calendar
from gongkai.workdays.arrangement import HolidayEntry, build_arrangement
from gongkai.workdays.models import CalendarDay, DayKind, HolidayYear

register_actions({"workdays.year.load": "录入年度节假日安排"})


class ArrangementError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


def _days_of(year: HolidayYear | None) -> dict[str, dict[str, str]]:
    if year is None:
        return {"holidays": {}, "makeup_days": {}}
    data: dict[str, dict[str, str]] = {"holidays": {}, "makeup_days": {}}
    for day in year.days.all():
        key = "holidays" if day.kind == DayKind.HOLIDAY else "makeup_days"
        data[key][day.date.isoformat()] = day.name
    return data


@transaction.atomic
def load_year_arrangement(
    *,
    year: int,
    entries: list[HolidayEntry],
    notice_title: str,
    notice_number: str,
    published_on: dt.date | None,
    by,
    now: dt.datetime,
) -> HolidayYear:
    """Store (or replace) one year's arrangement and recompute open deadlines after commit."""
    require(by, Capability.MANAGE_CALENDAR)
    check = build_arrangement(year, entries)
    if check.errors:
        raise ArrangementError(check.errors)
    arrangement = check.arrangement
    assert arrangement is not None  # noqa: S101 (no errors implies an arrangement)
    existing = HolidayYear.objects.select_for_update().filter(year=year).first()
    before = _days_of(existing)
    holiday_year, _ = HolidayYear.objects.update_or_create(
        year=year,
        defaults={
            "notice_title": notice_title,
            "notice_number": notice_number,
            "published_on": published_on,
            "source": "人工录入",
            "loaded_by": by,
            "loaded_at": now,
        },
    )
    holiday_year.days.all().delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(year=holiday_year, date=d, kind=DayKind.HOLIDAY, name=n)
            for d, n in sorted(arrangement.holidays.items())
        ]
        + [
            CalendarDay(year=holiday_year, date=d, kind=DayKind.MAKEUP, name=n)
            for d, n in sorted(arrangement.makeup_days.items())
        ]
    )
    audit.record(
        action="workdays.year.load",
        by=by,
        obj=holiday_year,
        before=before,
        after=_days_of(holiday_year),
        reason=f"{notice_number} {notice_title}".strip(),
        at=now,
    )

    def after_commit() -> None:
        from gongkai.workdays.tasks import recompute_open_deadlines

        calendar.invalidate()
        recompute_open_deadlines.enqueue(timezone.localdate(now).isoformat())

    transaction.on_commit(after_commit)
    return holiday_year
