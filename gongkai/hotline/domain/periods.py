"""Report periods of the hotline rates (issue #6 "Rates and reports": weekly and monthly reports;
the rates page offers this week, this month, last month, this quarter and a custom range).

A period is a range of 派单 days, both ends inclusive (docs/hotline-metrics.md: the period of an
assignment is the day it was dispatched). Weeks run Monday to Sunday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

__all__ = [
    "PERIOD_LABELS",
    "Period",
    "PeriodError",
    "custom",
    "last_month",
    "month_of",
    "named_period",
    "quarter_of",
    "week_of",
]

MAX_DAYS: Final = 366 * 3  # a custom range longer than three years is a typo


class PeriodError(ValueError):
    """A period that cannot be reported; the message is Chinese."""


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def week_of(day: date) -> Period:
    start = day - timedelta(days=day.weekday())
    end = start + timedelta(days=6)
    return Period(start, end, f"{start:%Y年%m月%d日}至{end:%m月%d日}（周）")


def _month_end(start: date) -> date:
    nxt = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def month_of(day: date) -> Period:
    start = day.replace(day=1)
    return Period(start, _month_end(start), f"{start.year}年{start.month}月")


def last_month(day: date) -> Period:
    return month_of(day.replace(day=1) - timedelta(days=1))


def quarter_of(day: date) -> Period:
    q = (day.month - 1) // 3
    start = date(day.year, q * 3 + 1, 1)
    end = _month_end(date(day.year, q * 3 + 3, 1))
    return Period(start, end, f"{day.year}年第{q + 1}季度")


def custom(start: date, end: date) -> Period:
    if end < start:
        raise PeriodError("结束日期不能早于开始日期")
    if (end - start).days >= MAX_DAYS:
        raise PeriodError("统计区间不能超过三年")
    return Period(start, end, f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}")


PERIOD_LABELS: Final = MappingProxyType(
    {
        "week": "本周",
        "month": "本月",
        "last_month": "上月",
        "quarter": "本季度",
        "year": "近一年",
        "custom": "自定义",
    }
)


def named_period(
    name: str, *, today: date, start: date | None = None, end: date | None = None
) -> Period:
    """The period called ``name`` (a key of :data:`PERIOD_LABELS`) as seen on ``today``."""
    if name == "week":
        return week_of(today)
    if name == "month":
        return month_of(today)
    if name == "last_month":
        return last_month(today)
    if name == "quarter":
        return quarter_of(today)
    if name == "year":
        start = month_of(today).start.replace(year=today.year - 1)
        start = _month_end(start) + timedelta(days=1)
        return Period(start, today, f"近一年（{start:%Y年%m月}至{today:%Y年%m月}）")
    if name == "custom":
        if start is None or end is None:
            raise PeriodError("自定义区间须填写开始和结束日期")
        return custom(start, end)
    raise PeriodError("未知的统计区间")
