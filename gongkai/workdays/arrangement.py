"""Validation of a year's holiday arrangement as staff type it in (pure Python, no Django).

The State Council notice lists, per holiday, a range of days off and the weekend days worked
instead (调休). A typo here moves every statutory deadline in the county, so the rules are
strict: each statutory holiday of 《全国年节及纪念日放假办法》 must fall inside some range, a
make-up day must be a Saturday or Sunday outside every range, and ranges may not overlap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gongkai.workdays.domain.engine import YearArrangement
from gongkai.workdays.domain.statutory import statutory_holidays

WEEKDAYS = "一二三四五六日"


def fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


@dataclass(frozen=True)
class HolidayEntry:
    name: str
    first: dt.date
    last: dt.date
    makeup_days: tuple[dt.date, ...] = ()


@dataclass
class ArrangementCheck:
    errors: list[str] = field(default_factory=list)
    arrangement: YearArrangement | None = None


# A holiday range is at most 9 days (春节 2026: 15–23 Feb); more is a typing error.
MAX_RANGE_DAYS = 12


def build_arrangement(year: int, entries: list[HolidayEntry]) -> ArrangementCheck:
    check = ArrangementCheck()
    errors = check.errors
    holidays: dict[dt.date, str] = {}
    makeup: dict[dt.date, str] = {}
    if not 2000 <= year <= 2100:
        errors.append("年份应在2000年至2100年之间")
        return check
    for entry in entries:
        if entry.last < entry.first:
            errors.append(f"{entry.name}：放假结束日期不能早于开始日期")
            continue
        length = (entry.last - entry.first).days + 1
        if length > MAX_RANGE_DAYS:
            errors.append(f"{entry.name}：放假{length}天，超过{MAX_RANGE_DAYS}天，请检查日期")
            continue
        day = entry.first
        while day <= entry.last:
            if day.year != year:
                # Weekend days of a range that starts in December (元旦) are off anyway;
                # only the year being loaded is stored.
                if day.weekday() < 5:
                    errors.append(f"{entry.name}：{fmt(day)}不属于{year}年，请在该年度录入")
            elif day in holidays:
                errors.append(f"{entry.name}与{holidays[day]}的放假日期重叠：{fmt(day)}")
            else:
                holidays[day] = entry.name
            day += dt.timedelta(days=1)
        for extra in entry.makeup_days:
            if extra.year != year:
                errors.append(f"{entry.name}：调休上班日{fmt(extra)}不属于{year}年")
            elif extra.weekday() < 5:
                errors.append(f"{entry.name}：调休上班日{fmt(extra)}不是周末，无需调休")
            elif extra in makeup:
                errors.append(f"调休上班日{fmt(extra)}重复录入")
            else:
                makeup[extra] = f"{entry.name}调休上班"
    for day in sorted(set(makeup) & set(holidays)):
        errors.append(f"{fmt(day)}不能既放假又调休上班")
    for day, name in sorted(statutory_holidays(year).items()):
        if day not in holidays:
            errors.append(f"法定节假日{name}（{fmt(day)}）不在任何放假时间段内，请核对通知")
    if not errors:
        check.arrangement = YearArrangement(year=year, holidays=holidays, makeup_days=makeup)
    return check
