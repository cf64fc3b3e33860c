"""The working-day calendar as loaded from the database, cached per process.

Reading it costs one query for all years; a process re-checks the database at most every
GONGKAI_CALENDAR_RECHECK_SECONDS (another worker may have loaded a new year) and drops its
copy at once when it changes the calendar itself.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Max

from gongkai.workdays.domain.engine import WorkCalendar, YearArrangement
from gongkai.workdays.models import CalendarDay, DayKind, HolidayYear

_lock = threading.Lock()
_cached: tuple[WorkCalendar, tuple, float] | None = None


def _stamp() -> tuple:
    agg = HolidayYear.objects.aggregate(n=Count("id"), last=Max("loaded_at"), top=Max("year"))
    return (agg["n"], agg["last"], agg["top"], CalendarDay.objects.count())


def load_calendar() -> WorkCalendar:
    holidays: dict[int, dict] = defaultdict(dict)
    makeup: dict[int, dict] = defaultdict(dict)
    for day, kind, name, year in CalendarDay.objects.values_list(
        "date", "kind", "name", "year__year"
    ):
        (holidays if kind == DayKind.HOLIDAY else makeup)[year][day] = name
    years = HolidayYear.objects.values_list("year", flat=True)
    return WorkCalendar(
        YearArrangement(year=y, holidays=holidays[y], makeup_days=makeup[y]) for y in years
    )


def get_calendar() -> WorkCalendar:
    global _cached
    now = time.monotonic()
    with _lock:
        if _cached is not None:
            calendar, stamp, checked_at = _cached
            if now - checked_at < settings.GONGKAI_CALENDAR_RECHECK_SECONDS:
                return calendar
            current = _stamp()
            if current == stamp:
                _cached = (calendar, stamp, now)
                return calendar
        stamp = _stamp()
        calendar = load_calendar()
        _cached = (calendar, stamp, now)
        return calendar


def invalidate() -> None:
    global _cached
    with _lock:
        _cached = None
