"""Property tests (hypothesis) for the working-day engine and the reply-deadline rule."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays.domain.deadlines import (
    MAX_DATE,
    MIN_DATE,
    Pause,
    add_working_days,
    compute_reply_deadline,
)
from gongkai.workdays.domain.engine import WorkCalendar, calendar_from_chinese_calendar
from tests.workdays.test_deadlines import assert_explanation_complete

CAL = calendar_from_chinese_calendar()
DAY = timedelta(days=1)

any_date = st.dates(min_value=MIN_DATE, max_value=MAX_DATE)
# Dates whose 20/40-working-day window stays inside chinese_calendar's 2004-2026 data.
seeded_date = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 31))


def _clip(day: date) -> date:
    return min(day, MAX_DATE)


@st.composite
def applications(draw: st.DrawFn) -> dict[str, object]:
    received = draw(any_date)
    corrected = None
    if draw(st.booleans()):
        corrected = _clip(received + timedelta(days=draw(st.integers(0, 60))))
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        start = _clip(received + timedelta(days=draw(st.integers(0, 90))))
        end = _clip(start + timedelta(days=draw(st.integers(0, 40))))
        pauses.append(
            Pause(start, end, draw(st.sampled_from(["征求第三方意见", "征求其他机关意见"])))
        )
    return {
        "received": received,
        "corrected": corrected,
        "pauses": pauses,
        "extended": draw(st.booleans()),
    }


def _paused_workdays(cal: WorkCalendar, after: date, until: date, pauses: list[Pause]) -> int:
    """Working days in (after, until] that fall inside at least one pause."""
    days = set()
    for pause in pauses:
        day = max(pause.start, after + DAY)
        while day <= min(pause.end, until):
            if cal.is_workday(day):
                days.add(day)
            day += DAY
    return len(days)


@settings(deadline=None, max_examples=300)
@given(applications())
def test_never_raises_and_due_is_a_counted_working_day(app: dict[str, object]) -> None:
    result = compute_reply_deadline(CAL, **app)  # type: ignore[arg-type]
    pauses: list[Pause] = app["pauses"]  # type: ignore[assignment]
    assert CAL.is_workday(result.due)
    assert not any(p.start <= result.due <= p.end for p in pauses)
    counted = CAL.workdays_between(result.start, result.due)
    assert counted - _paused_workdays(CAL, result.start, result.due, pauses) == result.counted_days
    assert CAL.is_workday(result.correction_notice_due)
    assert_explanation_complete(result)
    years = set(range(result.start.year, result.due.year + 1))
    years |= set(range(app["received"].year, result.correction_notice_due.year + 1))  # type: ignore[union-attr]
    assert result.provisional == (not years <= CAL.confirmed_years)


@settings(deadline=None)
@given(any_date, any_date, st.booleans())
def test_later_receipt_never_gives_an_earlier_due_date(a: date, b: date, extended: bool) -> None:
    first, second = sorted((a, b))
    due_first = compute_reply_deadline(CAL, received=first, extended=extended, explain=False).due
    due_second = compute_reply_deadline(CAL, received=second, extended=extended, explain=False).due
    assert due_first <= due_second


@settings(deadline=None)
@given(any_date, st.integers(0, 60), st.integers(0, 60), st.booleans())
def test_adding_a_pause_never_gives_an_earlier_due_date(
    received: date, offset: int, length: int, extended: bool
) -> None:
    start = _clip(received + timedelta(days=offset))
    pause = Pause(start, _clip(start + timedelta(days=length)))
    plain = compute_reply_deadline(CAL, received=received, extended=extended, explain=False)
    paused = compute_reply_deadline(
        CAL, received=received, extended=extended, pauses=[pause], explain=False
    )
    assert paused.due >= plain.due


@settings(deadline=None)
@given(any_date)
def test_extension_is_later(received: date) -> None:
    plain = compute_reply_deadline(CAL, received=received)
    extended = compute_reply_deadline(CAL, received=received, extended=True)
    assert extended.due > plain.due
    assert CAL.workdays_between(plain.due, extended.due) == 20


@settings(deadline=None)
@given(seeded_date, st.integers(1, 40))
def test_add_workdays_matches_a_naive_chinese_calendar_loop(start: date, n: int) -> None:
    day, counted = start, 0
    while counted < n:
        day += DAY
        counted += chinese_calendar.is_workday(day)
    assert CAL.add_workdays(start, n) == day


@settings(deadline=None)
@given(any_date, st.integers(1, 60))
def test_add_workdays_matches_its_own_day_by_day_definition(start: date, n: int) -> None:
    day, counted = start, 0
    while counted < n:
        day += DAY
        counted += CAL.is_workday(day)
    assert CAL.add_workdays(start, n) == day
    assert CAL.workdays_between(start, day) == n


@settings(deadline=None)
@given(any_date, st.integers(1, 40), st.integers(0, 30), st.integers(0, 30))
def test_add_working_days_skips_the_paused_days(
    start: date, n: int, offset: int, length: int
) -> None:
    first = _clip(start + timedelta(days=offset))
    pause = Pause(first, _clip(first + timedelta(days=length)))
    due, provisional = add_working_days(CAL, start, n, pauses=[pause])
    assert CAL.is_workday(due)
    assert not pause.start <= due <= pause.end
    lost = _paused_workdays(CAL, start, due, [pause])
    assert CAL.workdays_between(start, due) - lost == n
    assert provisional == any(
        year not in CAL.confirmed_years for year in range(start.year, due.year + 1)
    )


@settings(deadline=None)
@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)))
def test_day_info_agrees_with_chinese_calendar(day: date) -> None:
    info = CAL.day_info(day)
    assert info.workday == chinese_calendar.is_workday(day)
    assert info.confirmed
    if info.kind == "makeup":
        assert day.weekday() >= 5
        assert day in chinese_calendar.workdays
    if info.kind == "holiday":
        assert day in chinese_calendar.holidays
