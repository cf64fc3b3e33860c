"""The working-day engine against the State Council notices (statutes.md §10.2-10.4, Test facts)."""

from __future__ import annotations

import itertools
import threading
from datetime import date, timedelta

import chinese_calendar
import pytest

from gongkai.workdays.domain.engine import (
    WorkCalendar,
    YearArrangement,
    calendar_from_chinese_calendar,
)


def _span(first: date, last: date, name: str) -> dict[date, str]:
    return {first + timedelta(days=i): name for i in range((last - first).days + 1)}


# Built by hand from the tables of statutes.md §10.2-10.4 (the 国务院办公厅 notices), independently
# of chinese_calendar. Weekend days inside a holiday range are listed as in the notices.
HAND_ARRANGEMENTS: tuple[YearArrangement, ...] = (
    YearArrangement(
        2024,
        holidays={
            date(2024, 1, 1): "元旦",
            **_span(date(2024, 2, 10), date(2024, 2, 17), "春节"),
            **_span(date(2024, 4, 4), date(2024, 4, 6), "清明节"),
            **_span(date(2024, 5, 1), date(2024, 5, 5), "劳动节"),
            **_span(date(2024, 6, 8), date(2024, 6, 10), "端午节"),
            **_span(date(2024, 9, 15), date(2024, 9, 17), "中秋节"),
            **_span(date(2024, 10, 1), date(2024, 10, 7), "国庆节"),
        },
        makeup_days={
            date(2024, 2, 4): "春节调休上班",
            date(2024, 2, 18): "春节调休上班",
            date(2024, 4, 7): "清明节调休上班",
            date(2024, 4, 28): "劳动节调休上班",
            date(2024, 5, 11): "劳动节调休上班",
            date(2024, 9, 14): "中秋节调休上班",
            date(2024, 9, 29): "国庆节调休上班",
            date(2024, 10, 12): "国庆节调休上班",
        },
    ),
    YearArrangement(
        2025,
        holidays={
            date(2025, 1, 1): "元旦",
            **_span(date(2025, 1, 28), date(2025, 2, 4), "春节"),
            **_span(date(2025, 4, 4), date(2025, 4, 6), "清明节"),
            **_span(date(2025, 5, 1), date(2025, 5, 5), "劳动节"),
            **_span(date(2025, 5, 31), date(2025, 6, 2), "端午节"),
            **_span(date(2025, 10, 1), date(2025, 10, 8), "国庆节、中秋节"),
        },
        makeup_days={
            date(2025, 1, 26): "春节调休上班",
            date(2025, 2, 8): "春节调休上班",
            date(2025, 4, 27): "劳动节调休上班",
            date(2025, 9, 28): "国庆节、中秋节调休上班",
            date(2025, 10, 11): "国庆节、中秋节调休上班",
        },
    ),
    YearArrangement(
        2026,
        holidays={
            **_span(date(2026, 1, 1), date(2026, 1, 3), "元旦"),
            **_span(date(2026, 2, 15), date(2026, 2, 23), "春节"),
            **_span(date(2026, 4, 4), date(2026, 4, 6), "清明节"),
            **_span(date(2026, 5, 1), date(2026, 5, 5), "劳动节"),
            **_span(date(2026, 6, 19), date(2026, 6, 21), "端午节"),
            **_span(date(2026, 9, 25), date(2026, 9, 27), "中秋节"),
            **_span(date(2026, 10, 1), date(2026, 10, 7), "国庆节"),
        },
        makeup_days={
            date(2026, 1, 4): "元旦调休上班",
            date(2026, 2, 14): "春节调休上班",
            date(2026, 2, 28): "春节调休上班",
            date(2026, 5, 9): "劳动节调休上班",
            date(2026, 9, 20): "国庆节调休上班",
            date(2026, 10, 10): "国庆节调休上班",
        },
    ),
)

HAND = WorkCalendar(HAND_ARRANGEMENTS)
SEEDED = calendar_from_chinese_calendar()
CALENDARS = pytest.mark.parametrize("cal", [HAND, SEEDED], ids=["hand", "chinese_calendar"])

HOLIDAY_CASES = [(d, name) for a in HAND_ARRANGEMENTS for d, name in a.holidays.items()]
MAKEUP_CASES = [(d, name) for a in HAND_ARRANGEMENTS for d, name in a.makeup_days.items()]


def _all_days(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year, 12, 31) - first).days + 1)]


@CALENDARS
@pytest.mark.parametrize(("day", "name"), HOLIDAY_CASES, ids=lambda v: str(v))
def test_every_notice_holiday_is_off(cal: WorkCalendar, day: date, name: str) -> None:
    assert not cal.is_workday(day)
    info = cal.day_info(day)
    assert not info.workday
    assert info.confirmed
    # chinese_calendar omits some weekend days merged into a holiday (statutes.md §10.5 caveat).
    assert info.kind == "holiday" or (cal is SEEDED and info.kind == "weekend")


@CALENDARS
@pytest.mark.parametrize(("day", "name"), MAKEUP_CASES, ids=lambda v: str(v))
def test_every_makeup_day_is_a_working_weekend_day(cal: WorkCalendar, day: date, name: str) -> None:
    assert day.weekday() >= 5
    assert cal.is_workday(day)
    info = cal.day_info(day)
    assert (info.kind, info.workday) == ("makeup", True)
    assert info.name.endswith("调休上班")
    assert info.name.split("调休")[0].split("、")[0] == name.split("调休")[0].split("、")[0]


@CALENDARS
@pytest.mark.parametrize(("year", "expected"), [(2024, 251), (2025, 248), (2026, 248)])
def test_working_days_per_year(cal: WorkCalendar, year: int, expected: int) -> None:
    # Test fact 18.
    assert cal.workdays_between(date(year - 1, 12, 31), date(year, 12, 31)) == expected
    assert sum(cal.is_workday(d) for d in _all_days(year)) == expected


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_hand_and_seeded_calendars_agree_on_every_day(year: int) -> None:
    for day in _all_days(year):
        assert HAND.is_workday(day) == SEEDED.is_workday(day) == chinese_calendar.is_workday(day)


def test_seeded_calendar_matches_chinese_calendar_everywhere() -> None:
    day = date(2004, 1, 1)
    while day <= date(2026, 12, 31):
        assert SEEDED.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


# Test fact 19: spot checks.
FACT19_WORKING = [
    date(2024, 2, 4), date(2024, 2, 9), date(2024, 5, 11), date(2025, 10, 11), date(2026, 1, 4),
    date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10),
]  # fmt: skip
FACT19_OFF = [
    date(2025, 10, 8), date(2026, 2, 23), date(2026, 4, 6), date(2026, 5, 5), date(2026, 9, 25),
    date(2026, 10, 7),
]  # fmt: skip


@CALENDARS
@pytest.mark.parametrize("day", FACT19_WORKING, ids=str)
def test_fact19_working(cal: WorkCalendar, day: date) -> None:
    assert cal.is_workday(day)


@CALENDARS
@pytest.mark.parametrize("day", FACT19_OFF, ids=str)
def test_fact19_off(cal: WorkCalendar, day: date) -> None:
    assert not cal.is_workday(day)


@CALENDARS
def test_eve_2024_was_a_working_day(cal: WorkCalendar) -> None:
    # 除夕 2024-02-09 (Fri) was not a day off under the 2014 rules (Test fact 5).
    assert cal.day_info(date(2024, 2, 9)).kind == "workday"


@CALENDARS
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 9, 26), 20, date(2025, 10, 30)),  # fact 1
        (date(2025, 9, 26), 40, date(2025, 11, 27)),  # fact 2
        (date(2026, 2, 13), 20, date(2026, 3, 19)),  # fact 3
        (date(2026, 2, 12), 7, date(2026, 2, 28)),  # fact 4
        (date(2024, 2, 8), 1, date(2024, 2, 9)),  # fact 5
        (date(2024, 2, 8), 2, date(2024, 2, 18)),  # fact 5
        (date(2024, 2, 8), 20, date(2024, 3, 13)),  # fact 5
        (date(2024, 12, 31), 18, date(2025, 1, 26)),  # fact 6
        (date(2024, 12, 31), 20, date(2025, 2, 5)),  # fact 6
        (date(2025, 1, 20), 20, date(2025, 2, 21)),  # fact 7
        (date(2025, 1, 20), 40, date(2025, 3, 21)),  # fact 7
        (date(2026, 9, 18), 20, date(2026, 10, 22)),  # fact 8
        (date(2025, 4, 25), 20, date(2025, 5, 27)),  # fact 9
        (date(2025, 12, 31), 1, date(2026, 1, 4)),  # fact 10
        (date(2025, 12, 31), 20, date(2026, 1, 29)),  # fact 10
        (date(2026, 4, 30), 20, date(2026, 6, 1)),  # fact 11
        (date(2026, 9, 24), 15, date(2026, 10, 22)),  # fact 12
        (date(2026, 3, 10), 20, date(2026, 4, 8)),  # fact 14
        (date(2026, 6, 18), 20, date(2026, 7, 17)),  # fact 15
        (date(2026, 9, 30), 5, date(2026, 10, 13)),  # fact 24
        (date(2025, 5, 30), 7, date(2025, 6, 11)),  # fact 25
        (date(2026, 3, 2), 20, date(2026, 3, 30)),  # fact 26
    ],
)
def test_add_workdays_worked_examples(
    cal: WorkCalendar, start: date, n: int, expected: date
) -> None:
    assert cal.add_workdays(start, n) == expected
    assert cal.workdays_between(start, expected) == n
    assert cal.is_workday(expected)


def test_add_workdays_from_a_non_working_day() -> None:
    # Start on a holiday: day 1 is still the first working day after it.
    assert SEEDED.add_workdays(date(2026, 10, 3), 1) == date(2026, 10, 8)


def test_workdays_between_is_signed_and_half_open() -> None:
    a, b = date(2026, 3, 2), date(2026, 3, 30)
    assert SEEDED.workdays_between(a, b) == 20
    assert SEEDED.workdays_between(b, a) == -20
    assert SEEDED.workdays_between(a, a) == 0
    # (Fri, Sat] of an ordinary weekend: 0.
    assert SEEDED.workdays_between(date(2026, 3, 6), date(2026, 3, 7)) == 0


def test_add_workdays_rejects_n_below_one() -> None:
    with pytest.raises(ValueError, match="n must be >= 1"):
        SEEDED.add_workdays(date(2026, 3, 2), 0)


# ------------------------------------------------------------------- unconfirmed years


def test_unconfirmed_year_falls_back_to_statutory_holidays() -> None:
    assert SEEDED.confirmed_years == frozenset(range(2004, 2027))
    assert not SEEDED.is_confirmed(date(2027, 1, 1))
    info = SEEDED.day_info(date(2027, 1, 1))
    assert (info.workday, info.kind, info.name, info.confirmed) == (False, "holiday", "元旦", False)
    # 除夕 2027 is a statutory day off (2025 rules); no make-up days are known.
    assert not SEEDED.is_workday(date(2027, 2, 5))
    assert SEEDED.day_info(date(2027, 2, 6)).kind == "holiday"  # Saturday, but a holiday too
    assert SEEDED.is_workday(date(2027, 2, 9))
    # Test fact 20: 2027-01-01 is off, so 2026-12-31 + 20 working days is 2027-01-29.
    assert SEEDED.add_workdays(date(2026, 12, 31), 20) == date(2027, 1, 29)


def test_years_before_the_data_use_pre_2025_statutory_rules() -> None:
    assert not SEEDED.is_confirmed(date(2003, 5, 1))
    assert not SEEDED.is_workday(date(2003, 5, 1))  # Thursday, 劳动节
    assert SEEDED.is_workday(date(2003, 5, 2))  # only 1 May before 2025
    assert SEEDED.add_workdays(date(1999, 12, 30), 1) == date(1999, 12, 31)


def test_empty_calendar_never_raises_and_is_never_confirmed() -> None:
    cal = WorkCalendar([])
    assert cal.confirmed_years == frozenset()
    assert cal.add_workdays(date(2100, 12, 31), 40) > date(2101, 2, 1)
    assert not cal.is_workday(date(2101, 1, 1))
    assert not cal.day_info(date(2050, 1, 1)).confirmed


def test_lazy_extension_far_in_both_directions() -> None:
    cal = WorkCalendar([a for a in HAND_ARRANGEMENTS if a.year == 2026])
    assert cal.add_workdays(date(2090, 6, 1), 1000) > date(2094, 1, 1)
    assert cal.is_workday(date(1990, 1, 2))
    assert cal.workdays_between(date(1989, 12, 31), date(2100, 12, 31)) > 27000
    # The confirmed year is untouched by the rebuilds.
    assert cal.add_workdays(date(2026, 2, 13), 20) == date(2026, 3, 19)


def test_concurrent_extension_is_consistent() -> None:
    cal = WorkCalendar(HAND_ARRANGEMENTS)
    expected = WorkCalendar(HAND_ARRANGEMENTS).add_workdays(date(2080, 1, 1), 300)
    results: list[date] = []
    errors: list[BaseException] = []

    def worker(offset: int) -> None:
        try:
            cal.is_workday(date(1995 + offset, 1, 1))
            results.append(cal.add_workdays(date(2080, 1, 1), 300))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == [expected] * 16


# ------------------------------------------------------------------- data validation


def test_arrangement_rejects_dates_of_another_year() -> None:
    with pytest.raises(ValueError, match="不属于 2026 年"):
        YearArrangement(2026, {date(2025, 12, 31): "元旦"}, {})


def test_arrangement_rejects_a_day_both_off_and_working() -> None:
    with pytest.raises(ValueError, match="不能同时是放假日和调休上班日"):
        YearArrangement(2026, {date(2026, 2, 14): "春节"}, {date(2026, 2, 14): "春节调休上班"})


def test_calendar_rejects_duplicate_years() -> None:
    with pytest.raises(ValueError, match="重复"):
        WorkCalendar([HAND_ARRANGEMENTS[0], HAND_ARRANGEMENTS[0]])


def test_arrangement_is_a_read_only_copy() -> None:
    holidays = {date(2026, 1, 1): "元旦"}
    arrangement = YearArrangement(2026, holidays, {})
    holidays[date(2026, 1, 2)] = "元旦"
    assert dict(arrangement.holidays) == {date(2026, 1, 1): "元旦"}
    with pytest.raises(TypeError):
        arrangement.holidays[date(2026, 1, 3)] = "元旦"  # type: ignore[index]


def test_runs_cover_the_range_without_gaps() -> None:
    runs = list(SEEDED.runs(date(2026, 2, 13), date(2026, 3, 2)))
    assert runs[0].first == date(2026, 2, 13)
    assert runs[-1].last == date(2026, 3, 2)
    for before, after in itertools.pairwise(runs):
        assert after.first == before.last + timedelta(days=1)
    spring = next(r for r in runs if r.kind == "holiday")
    assert (spring.first, spring.last, spring.name, spring.days) == (
        date(2026, 2, 15),
        date(2026, 2, 23),
        "春节",
        9,
    )
    assert list(SEEDED.runs(date(2026, 3, 2), date(2026, 3, 1))) == []
