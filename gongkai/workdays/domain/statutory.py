"""Statutory holidays of 《全国年节及纪念日放假办法》 (the "放假办法").

The State Council publishes each year's actual arrangement (days off plus 调休 make-up working days)
only a few weeks before the year starts. Until an administrator loads that notice, the only days
that are certain are the statutory holidays themselves; this module computes them so that a
deadline reaching into an unannounced year can still be estimated (and flagged as provisional).

Rules modelled:

* 4th revision (2024-11-10, in force 2025-01-01): 元旦 1 Jan; 春节 4 days (农历除夕 and 正月初一
  to 初三); 清明节 (the 清明 solar-term day); 劳动节 1-2 May; 端午节 (农历五月初五); 中秋节
  (农历八月十五); 国庆节 1-3 Oct.
* The earlier revisions (in force 2008-01-01 and 2014-01-01): 春节 3 days (正月初一 to 初三, no
  除夕) and 劳动节 1 May only; the rest as above. Pre-2008 rules (the "golden weeks" of 1999)
  are deliberately not modelled: earlier years get the 2008 rules, which only matters for the
  statutory fallback of a calendar with no data for those years.

Lunar dates come from ``lunardate`` (lunar years 1900-2099) and 清明 from
``chinese_calendar.get_solar_terms`` (used for 1901-2099). Outside those ranges (only 2100-2101
can be reached from the 2000-2100 receipt dates the deadline module accepts) a small astronomical
fallback (Meeus, *Astronomical Algorithms*, ch. 25 and 49) is used; the test-suite checks it
against both libraries over 1950-2099.
"""

from __future__ import annotations

import math
import warnings
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from lunardate import LunarDate

__all__ = [
    "HOLIDAY_NAMES",
    "lunar_to_solar",
    "qingming_day",
    "statutory_holidays",
]

#: Names in the order the 放假办法 lists them.
HOLIDAY_NAMES: tuple[str, ...] = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")

# First year of the 4th revision of the 放假办法 (in force 2025-01-01): 除夕 added to 春节 and
# 2 May added to 劳动节.
_REVISION_2025 = 2025

_ONE_DAY = timedelta(days=1)

# chinese_calendar's 寿星 formula uses 21st-century constants with Y = year % 100, so it accepts
# 2100 but gets it wrong (Y = 0 treats 2100 as a leap year like 2000): 清明 2100 is 5 April, the
# formula says 4 April. Use it only where it is right and fall back to astronomy elsewhere.
_SOLAR_TERM_FORMULA_YEARS = (1901, 2099)


# --------------------------------------------------------------------------------------------
# Astronomical fallback (used only where lunardate / chinese_calendar have no data)
# --------------------------------------------------------------------------------------------

_SYNODIC_MONTH = 29.530588861
_TROPICAL_YEAR = 365.2422
_BEIJING_OFFSET_DAYS = 8 / 24  # the Chinese calendar is reckoned at UTC+8 (东经120°)


def _delta_t_days(year: float) -> float:
    """TT - UT in days (Espenak & Meeus polynomial fits; precise enough for a date)."""
    if 2005 <= year < 2050:
        t = year - 2000
        seconds = 62.92 + 0.32217 * t + 0.005589 * t * t
    elif 2050 <= year < 2150:
        seconds = -20 + 32 * ((year - 1820) / 100) ** 2 - 0.5628 * (2150 - year)
    elif 1986 <= year < 2005:
        t = year - 2000
        seconds = 63.86 + 0.3345 * t - 0.060374 * t**2 + 0.0017275 * t**3
    elif 1961 <= year < 1986:
        t = year - 1975
        seconds = 45.45 + 1.067 * t - t * t / 260 - t**3 / 718
    elif 1941 <= year < 1961:
        t = year - 1950
        seconds = 29.07 + 0.407 * t - t * t / 233 + t**3 / 2547
    else:
        u = (year - 1820) / 100
        seconds = -20 + 32 * u * u
    return seconds / 86400


def _jde_to_beijing_date(jde: float) -> date:
    year_approx = 2000 + (jde - 2451545.0) / 365.25
    jd_beijing = jde - _delta_t_days(year_approx) + _BEIJING_OFFSET_DAYS
    # JD 1721425.5 is 0001-01-01 00:00 (proleptic Gregorian), i.e. ordinal 1.
    return date.fromordinal(math.floor(jd_beijing - 1721424.5))


def _new_moon_jde(k: int) -> float:
    """JDE of the k-th new moon after 2000-01-06 (Meeus ch. 49, main periodic terms)."""
    t = k / 1236.85
    jde = (
        2451550.09766
        + _SYNODIC_MONTH * k
        + 0.00015437 * t**2
        - 0.000000150 * t**3
        + 0.00000000073 * t**4
    )
    e = 1 - 0.002516 * t - 0.0000074 * t**2
    m = math.radians(2.5534 + 29.10535670 * k - 0.0000014 * t**2 - 0.00000011 * t**3)
    mp = math.radians(
        201.5643 + 385.81693528 * k + 0.0107582 * t**2 + 0.00001238 * t**3 - 0.000000058 * t**4
    )
    f = math.radians(
        160.7108 + 390.67050284 * k - 0.0016118 * t**2 - 0.00000227 * t**3 + 0.000000011 * t**4
    )
    om = math.radians(124.7746 - 1.56375588 * k + 0.0020672 * t**2 + 0.00000215 * t**3)
    jde += (
        -0.40720 * math.sin(mp)
        + 0.17241 * e * math.sin(m)
        + 0.01608 * math.sin(2 * mp)
        + 0.01039 * math.sin(2 * f)
        + 0.00739 * e * math.sin(mp - m)
        - 0.00514 * e * math.sin(mp + m)
        + 0.00208 * e * e * math.sin(2 * m)
        - 0.00111 * math.sin(mp - 2 * f)
        - 0.00057 * math.sin(mp + 2 * f)
        + 0.00056 * e * math.sin(2 * mp + m)
        - 0.00042 * math.sin(3 * mp)
        + 0.00042 * e * math.sin(m + 2 * f)
        + 0.00038 * e * math.sin(m - 2 * f)
        - 0.00024 * e * math.sin(2 * mp - m)
        - 0.00017 * math.sin(om)
        - 0.00007 * math.sin(mp + 2 * m)
        + 0.00004 * math.sin(2 * mp - 2 * f)
        + 0.00004 * math.sin(3 * m)
        + 0.00003 * math.sin(mp + m - 2 * f)
        + 0.00003 * math.sin(2 * mp + 2 * f)
        - 0.00003 * math.sin(mp + m + 2 * f)
        + 0.00003 * math.sin(mp - m + 2 * f)
        - 0.00002 * math.sin(mp - m - 2 * f)
        - 0.00002 * math.sin(3 * mp + m)
        + 0.00002 * math.sin(4 * mp)
    )
    return jde


def _apparent_solar_longitude(jde: float) -> float:
    """Apparent geocentric longitude of the Sun in degrees (Meeus ch. 25, low precision)."""
    t = (jde - 2451545.0) / 36525
    l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    m = math.radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    c = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * math.sin(m)
        + (0.019993 - 0.000101 * t) * math.sin(2 * m)
        + 0.000289 * math.sin(3 * m)
    )
    omega = math.radians(125.04 - 1934.136 * t)
    return (l0 + c - 0.00569 - 0.00478 * math.sin(omega)) % 360


def _solar_term_date(year: int, longitude: float) -> date:
    """Beijing date on which the Sun reaches ``longitude`` (degrees) in ``year``."""
    # Start from the mean date (longitude 0 is about 20 March; 2000-01-01 is day 0) and refine by
    # Newton steps. Longitudes past about 285° fall in January-March of the same civil year.
    days_into_year = (79.0 + longitude * _TROPICAL_YEAR / 360) % _TROPICAL_YEAR
    jde = 2451545.0 + (year - 2000) * _TROPICAL_YEAR + days_into_year
    for _ in range(6):
        diff = (longitude - _apparent_solar_longitude(jde) + 180) % 360 - 180
        jde += diff * _TROPICAL_YEAR / 360
    return _jde_to_beijing_date(jde)


def _new_moon_index_on_or_before(day: date) -> int:
    """Index k of the last new moon whose Beijing date is on or before ``day``."""
    k = math.floor((day.toordinal() - date(2000, 1, 6).toordinal()) / _SYNODIC_MONTH) + 1
    while _jde_to_beijing_date(_new_moon_jde(k)) > day:
        k -= 1
    return k


def _astronomical_lunar_to_solar(year: int, month: int, day: int) -> date:
    """Lunar (month, day) -> Gregorian date from astronomy, for years lunardate does not cover.

    A lunar month starts on the Beijing date of a new moon, and the 中气 it contains fixes its
    number: month 5 contains 夏至 (90°) and month 8 contains 秋分 (180°); a leap month never
    contains a 中气. 正月 is taken as the second month after the one holding 冬至 (270°); that is
    wrong only when a leap 11th/12th month intervenes (e.g. 2033-34), which the checks against
    lunardate over 1901-2099 show to be rare.
    """
    if month == 1:
        k = _new_moon_index_on_or_before(_solar_term_date(year - 1, 270.0)) + 2
    elif month in (5, 8):
        k = _new_moon_index_on_or_before(_solar_term_date(year, 90.0 if month == 5 else 180.0))
    else:
        raise ValueError(f"unsupported lunar month {month} for the astronomical fallback")
    return _jde_to_beijing_date(_new_moon_jde(k)) + timedelta(days=day - 1)


# --------------------------------------------------------------------------------------------
# Public helpers
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def lunar_to_solar(year: int, month: int, day: int) -> date:
    """Gregorian date of a (non-leap) lunar date; lunardate first, astronomy as a fallback."""
    try:
        with warnings.catch_warnings():
            # lunardate 0.3 deprecates the camelCase API; use the snake_case one when present.
            warnings.simplefilter("ignore", DeprecationWarning)
            lunar = LunarDate(year, month, day)
            convert = getattr(lunar, "to_solar_date", None) or lunar.toSolarDate
            return convert()
    except ValueError:
        return _astronomical_lunar_to_solar(year, month, day)


@lru_cache(maxsize=256)
def qingming_day(year: int) -> date:
    """The 清明 solar-term day (solar longitude 15°) of ``year``, Beijing time."""
    if not _SOLAR_TERM_FORMULA_YEARS[0] <= year <= _SOLAR_TERM_FORMULA_YEARS[1]:
        return _solar_term_date(year, 15.0)
    terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
    for day, name in terms:
        if name == "清明":
            return day
    return _solar_term_date(year, 15.0)  # pragma: no cover - the formula always yields 清明


def statutory_holidays(year: int) -> dict[date, str]:
    """Statutory holiday days of ``year`` under the 放假办法 in force that year, sorted by date.

    Two holidays on the same date keep both names joined with "、" (e.g. 中秋节 on 1 October).
    The computation is cached; every call returns a fresh dict, so callers may mutate it.
    """
    return dict(_statutory_items(year))


@lru_cache(maxsize=256)
def _statutory_items(year: int) -> tuple[tuple[date, str], ...]:
    result: dict[date, str] = {}

    def add(day: date, name: str) -> None:
        if day.year != year:  # 除夕 can never leave the year, but be defensive
            return
        existing = result.get(day)
        result[day] = name if existing is None or existing == name else f"{existing}、{name}"

    add(date(year, 1, 1), "元旦")

    # 春节: 正月初一..初三; from 2025 also 除夕, the last day of the 12th lunar month, which is
    # simply the day before 正月初一 (the 12th month may have 29 or 30 days).
    new_year = lunar_to_solar(year, 1, 1)
    if year >= _REVISION_2025:
        add(new_year - _ONE_DAY, "春节")
    for offset in range(3):
        add(new_year + timedelta(days=offset), "春节")

    add(qingming_day(year), "清明节")

    add(date(year, 5, 1), "劳动节")
    if year >= _REVISION_2025:
        add(date(year, 5, 2), "劳动节")

    add(lunar_to_solar(year, 5, 5), "端午节")
    add(lunar_to_solar(year, 8, 15), "中秋节")

    for day in range(1, 4):
        add(date(year, 10, day), "国庆节")

    return tuple(sorted(result.items()))
