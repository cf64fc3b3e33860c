"""Statutory holidays of 《全国年节及纪念日放假办法》 (statutes.md §10.1)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from lunardate import LunarDate

from gongkai.workdays.domain import statutory
from gongkai.workdays.domain.statutory import (
    HOLIDAY_NAMES,
    lunar_to_solar,
    qingming_day,
    statutory_holidays,
)


def _days(first: date, last: date, name: str) -> dict[date, str]:
    return {first + timedelta(days=i): name for i in range((last - first).days + 1)}


EXPECTED: dict[int, dict[date, str]] = {
    # 2014 revision: 春节 = 初一..初三 (no 除夕), 劳动节 = 1 May only.
    2024: {
        date(2024, 1, 1): "元旦",
        **_days(date(2024, 2, 10), date(2024, 2, 12), "春节"),  # 初一 2024-02-10
        date(2024, 4, 4): "清明节",
        date(2024, 5, 1): "劳动节",
        date(2024, 6, 10): "端午节",
        date(2024, 9, 17): "中秋节",
        **_days(date(2024, 10, 1), date(2024, 10, 3), "国庆节"),
    },
    # 4th revision, in force 2025-01-01: 除夕 added, 劳动节 1-2 May.
    2025: {
        date(2025, 1, 1): "元旦",
        **_days(date(2025, 1, 28), date(2025, 1, 31), "春节"),  # 除夕 2025-01-28
        date(2025, 4, 4): "清明节",
        **_days(date(2025, 5, 1), date(2025, 5, 2), "劳动节"),
        date(2025, 5, 31): "端午节",
        **_days(date(2025, 10, 1), date(2025, 10, 3), "国庆节"),
        date(2025, 10, 6): "中秋节",
    },
    2026: {
        date(2026, 1, 1): "元旦",
        **_days(date(2026, 2, 16), date(2026, 2, 19), "春节"),  # 除夕 2026-02-16 (腊月廿九)
        date(2026, 4, 5): "清明节",
        **_days(date(2026, 5, 1), date(2026, 5, 2), "劳动节"),
        date(2026, 6, 19): "端午节",
        date(2026, 9, 25): "中秋节",
        **_days(date(2026, 10, 1), date(2026, 10, 3), "国庆节"),
    },
    # The brief's 2027 dates, all confirmed by lunardate / chinese_calendar: 正月初一 2027-02-06,
    # so 除夕 is 2027-02-05; 五月初五 2027-06-09; 八月十五 2027-09-15; 清明 2027-04-05.
    2027: {
        date(2027, 1, 1): "元旦",
        **_days(date(2027, 2, 5), date(2027, 2, 8), "春节"),
        date(2027, 4, 5): "清明节",
        **_days(date(2027, 5, 1), date(2027, 5, 2), "劳动节"),
        date(2027, 6, 9): "端午节",
        date(2027, 9, 15): "中秋节",
        **_days(date(2027, 10, 1), date(2027, 10, 3), "国庆节"),
    },
}


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_statutory_holidays_by_year(year: int) -> None:
    assert statutory_holidays(year) == EXPECTED[year]


@pytest.mark.parametrize(
    ("year", "day_count"),
    [(2008, 11), (2014, 11), (2024, 11), (2025, 13), (2026, 13), (2027, 13), (2099, 13)],
)
def test_day_counts_follow_the_revision(year: int, day_count: int) -> None:
    # 11 days before the 2025 revision, 13 from 2025 (除夕 and 2 May added).
    assert len(statutory_holidays(year)) == day_count


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, date(2024, 4, 4)),
        (2025, date(2025, 4, 4)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 4, 5)),
    ],
)
def test_qingming_known_years(year: int, expected: date) -> None:
    assert qingming_day(year) == expected


def test_eve_is_day_before_new_year_not_always_the_30th() -> None:
    # 2026's 12th lunar month has 29 days: 除夕 is 腊月廿九 (2026-02-16), not a "腊月三十".
    with pytest.raises(ValueError, match="day out of range"):
        LunarDate(2025, 12, 30).to_solar_date()
    assert LunarDate(2025, 12, 29).to_solar_date() == date(2026, 2, 16)
    assert statutory_holidays(2026)[date(2026, 2, 16)] == "春节"


def test_two_holidays_on_one_day_keep_both_names() -> None:
    # 中秋 2020 fell on 1 October.
    assert statutory_holidays(2020)[date(2020, 10, 1)] == "中秋节、国庆节"
    assert len(statutory_holidays(2020)) == 10


def test_names_are_the_statutory_ones() -> None:
    for year in range(2008, 2031):
        for name in statutory_holidays(year).values():
            assert set(name.split("、")) <= set(HOLIDAY_NAMES)


def test_returns_a_fresh_dict() -> None:
    first = statutory_holidays(2026)
    first.clear()
    assert statutory_holidays(2026) == EXPECTED[2026]


@pytest.mark.parametrize("year", range(2008, 2027))
def test_every_statutory_day_is_off_in_chinese_calendar(year: int) -> None:
    # The State Council notices always give the statutory days off (2008-2026 data).
    for day in statutory_holidays(year):
        assert not chinese_calendar.is_workday(day), day


@pytest.mark.parametrize("year", range(2008, 2027))
def test_qingming_matches_the_notices(year: int) -> None:
    assert chinese_calendar.get_holiday_detail(qingming_day(year)) == (True, "Tomb-sweeping Day")


# Years where the astronomical fallback and lunardate disagree, each explained:
#  * 1916: lunardate's table predates the modern (1929+) reckoning at 120°E.
#  * 1978: lunardate gives 中秋 1978-09-16; modern tables give 09-17 (new moon near midnight).
#  * 2033/2034: the "2033 problem" (a leap 11th month); the simple 中气 rule does not hold.
_KNOWN_DIFFERENCES = {(1916, 1), (1978, 8), (2033, 8), (2034, 1)}


def test_astronomical_fallback_agrees_with_lunardate() -> None:
    for year in range(1950, 2100):
        for month, day in ((1, 1), (5, 5), (8, 15)):
            if (year, month) in _KNOWN_DIFFERENCES:
                continue
            expected = lunar_to_solar(year, month, day)
            assert statutory._astronomical_lunar_to_solar(year, month, day) == expected


def test_astronomical_qingming_agrees_with_chinese_calendar() -> None:
    for year in range(1950, 2100):
        assert statutory._solar_term_date(year, 15.0) == qingming_day(year), year


def test_years_beyond_lunardate_do_not_raise() -> None:
    # Receipt dates up to 2100-12-31 are accepted, so 2100-2101 must be computable.
    h2100 = statutory_holidays(2100)
    h2101 = statutory_holidays(2101)
    assert len(h2100) == len(h2101) == 13
    # 2100's 除夕 from lunardate's own data: the 12th month of lunar 2099 has 30 days.
    assert LunarDate(2099, 12, 30).to_solar_date() == date(2100, 2, 8)
    assert h2100[date(2100, 2, 8)] == "春节"
    assert date(2100, 2, 11) in h2100
    # chinese_calendar's formula says 2100-04-04 (it treats 2100 like the leap year 2000).
    assert qingming_day(2100) == date(2100, 4, 5)
    assert date(2101, 1, 1) in h2101


def test_pre_2008_years_do_not_raise() -> None:
    assert date(2000, 1, 1) in statutory_holidays(2000)
    assert len(statutory_holidays(1999)) == 11
