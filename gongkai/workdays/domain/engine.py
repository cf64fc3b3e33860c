"""An immutable, fast working-day calendar over explicit holiday data.

A *working day* is a Monday-Friday that is not a day off, or a 调休 weekend day declared a working
day (make-up day). The yearly arrangements come from the 国务院办公厅 notices, which implement
《全国年节及纪念日放假办法》; a year with no loaded notice falls back to the statutory holidays
alone (no make-up days are knowable in advance) and is reported as *not confirmed*.

Queries never walk day by day: the calendar precomputes, over a range of years, a bytearray of
day kinds indexed by ordinal offset (O(1) ``is_workday``) and a sorted list of working-day
ordinals (``bisect`` for ``add_workdays`` / ``workdays_between``). The range is extended lazily,
under a lock, when a query falls outside it; readers never lock because every extension swaps in
a complete new immutable table.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal, NamedTuple

from gongkai.workdays.domain.statutory import statutory_holidays

__all__ = [
    "DayInfo",
    "DayKind",
    "DayRun",
    "WorkCalendar",
    "YearArrangement",
    "calendar_from_chinese_calendar",
]

DayKind = Literal["workday", "weekend", "holiday", "makeup"]

# Kind codes stored in the table. Working kinds are even so ``code & 1 == 0`` means "working".
_WORKDAY, _WEEKEND, _MAKEUP, _HOLIDAY = 0, 1, 2, 3
_KIND_NAMES: tuple[DayKind, ...] = ("workday", "weekend", "makeup", "holiday")

# How many years past the last confirmed year the table is built eagerly; deadlines run at most a
# few months ahead, so this avoids rebuilding in practice.
_LOOKAHEAD_YEARS = 10
_DEFAULT_FIRST_YEAR = 2000


@dataclass(frozen=True)
class YearArrangement:
    """One year's arrangement as published by the 国务院办公厅 notice.

    ``holidays`` holds every day off under the notice (weekend days inside a holiday range may be
    listed too); ``makeup_days`` the 调休 weekend days that are working days. Both are copied into
    read-only mappings.
    """

    year: int
    holidays: Mapping[date, str]
    makeup_days: Mapping[date, str]

    def __post_init__(self) -> None:
        holidays = dict(self.holidays)
        makeup_days = dict(self.makeup_days)
        for day in (*holidays, *makeup_days):
            if day.year != self.year:
                raise ValueError(f"{day.isoformat()} 不属于 {self.year} 年的节假日安排")
        both = holidays.keys() & makeup_days.keys()
        if both:
            listed = "、".join(sorted(d.isoformat() for d in both))
            raise ValueError(f"{listed} 不能同时是放假日和调休上班日")
        # Frozen dataclass: bypass __setattr__ once to store the defensive, read-only copies.
        object.__setattr__(self, "holidays", MappingProxyType(holidays))
        object.__setattr__(self, "makeup_days", MappingProxyType(makeup_days))

    __hash__ = None  # type: ignore[assignment]  # mappings are not hashable


@dataclass(frozen=True, slots=True)
class DayInfo:
    """What one calendar day is, and why."""

    date: date
    workday: bool
    kind: DayKind
    name: str  # holiday / make-up name; "" for ordinary working days and weekends
    confirmed: bool  # the day's year has a loaded State Council arrangement


class DayRun(NamedTuple):
    """A maximal run of consecutive days with the same kind and name (for explanations)."""

    first: date
    last: date
    kind: DayKind
    name: str

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


class _Table:
    """Immutable precomputed data for the years ``first_year`` .. ``last_year``."""

    __slots__ = (
        "base",
        "first_year",
        "kinds",
        "last_year",
        "limit",
        "names",
        "run_info",
        "run_starts",
        "work",
    )

    def __init__(
        self,
        first_year: int,
        last_year: int,
        arrangements: Mapping[int, YearArrangement],
    ) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.base = date(first_year, 1, 1).toordinal()
        self.limit = date(last_year, 12, 31).toordinal() + 1  # exclusive
        kinds = bytearray(self.limit - self.base)
        names: dict[int, str] = {}
        # Weekday of ordinal o is (o - 1) % 7 with Monday = 0 (ordinal 1 = 0001-01-01, a Monday).
        for offset in range(len(kinds)):
            if (self.base + offset - 1) % 7 >= 5:
                kinds[offset] = _WEEKEND
        for year in range(first_year, last_year + 1):
            arrangement = arrangements.get(year)
            if arrangement is None:
                holidays: Mapping[date, str] = statutory_holidays(year)
                makeup_days: Mapping[date, str] = {}
            else:
                holidays, makeup_days = arrangement.holidays, arrangement.makeup_days
            for day, name in holidays.items():
                ordinal = day.toordinal()
                kinds[ordinal - self.base] = _HOLIDAY
                names[ordinal] = name
            for day, name in makeup_days.items():
                ordinal = day.toordinal()
                kinds[ordinal - self.base] = _MAKEUP
                names[ordinal] = name
        self.kinds = bytes(kinds)
        self.names = names
        base = self.base
        self.work = [base + i for i, code in enumerate(self.kinds) if not code & 1]
        # Maximal runs of equal (kind, name), so explanations cost O(runs), not O(days).
        self.run_starts: list[int] = []
        self.run_info: list[DayRun] = []
        previous: tuple[int, str] | None = None
        for offset, code in enumerate(self.kinds):
            key = (code, names.get(base + offset, ""))
            if key != previous:
                self.run_starts.append(base + offset)
                previous = key
        ends = [*self.run_starts[1:], self.limit]
        for run_start, run_end in zip(self.run_starts, ends, strict=True):
            code = self.kinds[run_start - base]
            self.run_info.append(
                DayRun(
                    date.fromordinal(run_start),
                    date.fromordinal(run_end - 1),
                    _KIND_NAMES[code],
                    names.get(run_start, ""),
                )
            )


class WorkCalendar:
    """Working-day arithmetic over the confirmed yearly arrangements plus a statutory fallback."""

    def __init__(self, arrangements: Iterable[YearArrangement]) -> None:
        by_year: dict[int, YearArrangement] = {}
        for arrangement in arrangements:
            if arrangement.year in by_year:
                raise ValueError(f"{arrangement.year} 年的节假日安排重复")
            by_year[arrangement.year] = arrangement
        self._arrangements: Mapping[int, YearArrangement] = MappingProxyType(by_year)
        self._confirmed = frozenset(by_year)
        years = self._confirmed | {_DEFAULT_FIRST_YEAR}
        self._lock = threading.Lock()
        self._table = _Table(min(years), max(years) + _LOOKAHEAD_YEARS, self._arrangements)

    # ----------------------------------------------------------------------------- internals

    def _cover(self, first_ordinal: int, last_ordinal: int) -> _Table:
        """Return a table covering both ordinals, extending (and publishing) it if needed."""
        table = self._table
        if table.base <= first_ordinal and last_ordinal < table.limit:
            return table
        with self._lock:
            table = self._table
            if table.base <= first_ordinal and last_ordinal < table.limit:
                return table
            first_year = min(table.first_year, date.fromordinal(first_ordinal).year)
            last_year = max(table.last_year, date.fromordinal(last_ordinal).year)
            if last_year > table.last_year:
                last_year = min(last_year + _LOOKAHEAD_YEARS, date.max.year)
            table = _Table(first_year, last_year, self._arrangements)
            self._table = table  # atomic swap; readers holding the old table stay consistent
            return table

    # ------------------------------------------------------------------------------- queries

    @property
    def confirmed_years(self) -> frozenset[int]:
        return self._confirmed

    def arrangement(self, year: int) -> YearArrangement | None:
        return self._arrangements.get(year)

    def is_confirmed(self, d: date) -> bool:
        return d.year in self._confirmed

    def is_workday(self, d: date) -> bool:
        ordinal = d.toordinal()
        table = self._table
        offset = ordinal - table.base
        if not 0 <= offset < len(table.kinds):
            table = self._cover(ordinal, ordinal)
            offset = ordinal - table.base
        return not table.kinds[offset] & 1

    def day_info(self, d: date) -> DayInfo:
        ordinal = d.toordinal()
        table = self._cover(ordinal, ordinal)
        code = table.kinds[ordinal - table.base]
        return DayInfo(
            date=d,
            workday=not code & 1,
            kind=_KIND_NAMES[code],
            name=table.names.get(ordinal, ""),
            confirmed=d.year in self._confirmed,
        )

    def add_workdays(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is never counted), n >= 1."""
        if n < 1:
            raise ValueError("n must be >= 1")
        ordinal = start.toordinal()
        table = self._table
        if ordinal < table.base:
            table = self._cover(ordinal, ordinal)
        work = table.work
        index = bisect_right(work, ordinal) + n - 1
        while index >= len(work):
            # Beyond the table: extend by (at least) the look-ahead and retry. A year has more
            # than 200 working days, so n // 200 + 1 extra years always suffice.
            last = date.fromordinal(table.limit - 1)
            if last.year >= date.max.year:
                raise OverflowError("add_workdays result is beyond date.max")
            table = self._cover(
                ordinal, date(min(last.year + n // 200 + 1, 9999), 12, 31).toordinal()
            )
            work = table.work
            index = bisect_right(work, ordinal) + n - 1
        return date.fromordinal(work[index])

    def workdays_between(self, start: date, end: date) -> int:
        """Number of working days in (start, end]; negative (-(end, start]) if end < start."""
        first, last = start.toordinal(), end.toordinal()
        table = self._table
        if not (table.base <= min(first, last) and max(first, last) < table.limit):
            table = self._cover(min(first, last), max(first, last))
        work = table.work
        return bisect_right(work, last) - bisect_right(work, first)

    def runs(self, first: date, last: date) -> list[DayRun]:
        """Maximal runs of same-kind, same-name days from ``first`` to ``last`` inclusive.

        The first and last runs are clipped to the range; an empty list if ``last < first``.
        """
        lo, hi = first.toordinal(), last.toordinal()
        if hi < lo:
            return []
        table = self._cover(lo, hi)
        starts = table.run_starts
        first_index = bisect_right(starts, lo) - 1
        result = table.run_info[first_index : bisect_right(starts, hi)]
        if result[0].first < first:
            result[0] = result[0]._replace(first=first)
        if result[-1].last > last:
            result[-1] = result[-1]._replace(last=last)
        return result


# ---------------------------------------------------------------------------------- seeding

# chinese_calendar's Holiday enum values (English) -> the names used in the State Council notices.
_CHINESE_CALENDAR_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "New Year's Day": "元旦",
        "Spring Festival": "春节",
        "Tomb-sweeping Day": "清明节",
        "Labour Day": "劳动节",
        "Dragon Boat Festival": "端午节",
        "Mid-autumn Festival": "中秋节",
        "National Day": "国庆节",
        "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
    }
)


def arrangements_from_chinese_calendar(
    first: int = 2004, last: int = 2026
) -> list[YearArrangement]:
    """Yearly arrangements from the ``chinese_calendar`` package (data for 2004-2026 only)."""
    import chinese_calendar  # local import: only seeding and tests need the package

    def chinese(value: str) -> str:
        return _CHINESE_CALENDAR_NAMES.get(value, value)

    holidays: dict[int, dict[date, str]] = {year: {} for year in range(first, last + 1)}
    makeup: dict[int, dict[date, str]] = {year: {} for year in range(first, last + 1)}
    for day, value in chinese_calendar.holidays.items():
        if first <= day.year <= last:
            holidays[day.year][day] = chinese(value)
    for day, value in chinese_calendar.workdays.items():
        if first <= day.year <= last:
            makeup[day.year][day] = f"{chinese(value)}调休上班"
    return [
        YearArrangement(
            year, dict(sorted(holidays[year].items())), dict(sorted(makeup[year].items()))
        )
        for year in range(first, last + 1)
    ]


def calendar_from_chinese_calendar(first: int = 2004, last: int = 2026) -> WorkCalendar:
    """A calendar whose confirmed years ``first``..``last`` come from ``chinese_calendar``."""
    return WorkCalendar(arrangements_from_chinese_calendar(first, last))
