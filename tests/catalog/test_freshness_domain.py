"""Channel freshness under 国办秘函〔2019〕19号 (statutes.md §3.2): boundaries, summary, veto."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.catalog.domain.freshness import (
    FRESHNESS_LABELS,
    VETO_CHANNEL_TYPES,
    ChannelFreshness,
    FreshnessStatus,
    UnitFreshnessSummary,
    assess,
    summarise,
    veto_risk,
)
from gongkai.catalog.domain.taxonomy import DEFAULT_UPDATE_PERIOD_DAYS, ChannelType
from gongkai.workdays.domain.engine import WorkCalendar, calendar_from_chinese_calendar

CAL = calendar_from_chinese_calendar(2024, 2026)
DAY = timedelta(days=1)
F, D, S, E, X = (
    FreshnessStatus.FRESH,
    FreshnessStatus.DUE_SOON,
    FreshnessStatus.STALE,
    FreshnessStatus.EMPTY,
    FreshnessStatus.EXEMPT,
)
NEWS = DEFAULT_UPDATE_PERIOD_DAYS[ChannelType.NEWS]


def _assess(last: date | None, period: int | None, today: date, **kw: object) -> ChannelFreshness:
    return assess(last_update=last, period_days=period, today=today, calendar=CAL, **kw)  # type: ignore[arg-type]


def test_periods_follow_the_statute() -> None:
    # §3.2: 动态/要闻 2 weeks, 通知公告/政策文件 6 months.
    assert NEWS == 14
    assert DEFAULT_UPDATE_PERIOD_DAYS[ChannelType.NOTICE] >= 182
    assert DEFAULT_UPDATE_PERIOD_DAYS[ChannelType.POLICY] <= 184


def test_labels_cover_every_status() -> None:
    assert FRESHNESS_LABELS == {
        F: "正常",
        D: "即将超期",
        S: "已超期",
        E: "空白栏目",
        X: "不监测",
    }
    assert _assess(None, NEWS, date(2026, 11, 1)).label == "空白栏目"


# A news channel updated on Sunday 1 Nov 2026: fresh through 15 Nov (day 14), stale from 16 Nov
# (day 15). Warned from Wed 11 Nov: the 3rd working day before 16 Nov (11, 12, 13 Nov).
@pytest.mark.parametrize(
    ("today", "status", "days_left", "days_overdue"),
    [
        (date(2026, 11, 1), F, 14, 0),
        (date(2026, 11, 10), F, 5, 0),
        (date(2026, 11, 11), D, 4, 0),
        (date(2026, 11, 14), D, 1, 0),
        (date(2026, 11, 15), D, 0, 0),  # day 14: still fresh for a check
        (date(2026, 11, 16), S, 0, 1),  # day 15
        (date(2026, 11, 17), S, 0, 2),  # day 16
        (date(2026, 12, 31), S, 0, 46),
    ],
)
def test_news_channel_boundaries(
    today: date, status: FreshnessStatus, days_left: int, days_overdue: int
) -> None:
    result = _assess(date(2026, 11, 1), NEWS, today)
    assert result.status is status
    assert result.last_update == date(2026, 11, 1)
    assert result.stale_on == date(2026, 11, 16)
    assert result.warn_from == date(2026, 11, 11)
    assert result.days_left == days_left
    assert result.days_overdue == days_overdue
    assert not result.future_dated


@pytest.mark.parametrize(
    ("last_update", "period", "stale_on", "warn_from"),
    [
        # Stale on Wed 18 Nov: Tue 17, Mon 16 and Fri 13 Nov are the 3 working days; the weekend
        # in between does not count.
        (date(2026, 11, 3), 14, date(2026, 11, 18), date(2026, 11, 13)),
        # Stale on Mon 16 Nov from a Sunday update: Fri 13, Thu 12, Wed 11.
        (date(2026, 11, 1), 14, date(2026, 11, 16), date(2026, 11, 11)),
        # 国庆 2026 (Oct 1-7 off, Sat 10 Oct a make-up working day). Stale on Fri 9 Oct: Thu 8 Oct,
        # then Wed 30 Sep and Tue 29 Sep: editors are warned before the holiday.
        (date(2026, 9, 24), 14, date(2026, 10, 9), date(2026, 9, 29)),
        # Stale on Mon 12 Oct: Sat 10 Oct (make-up day), Fri 9 and Thu 8 Oct.
        (date(2026, 9, 27), 14, date(2026, 10, 12), date(2026, 10, 8)),
        # A 6-month notice channel: 183 days after 15 Apr 2026 is 15 Oct; stale on Fri 16 Oct;
        # warned from Tue 13 Oct.
        (date(2026, 4, 15), 183, date(2026, 10, 16), date(2026, 10, 13)),
    ],
)
def test_warning_window_uses_working_days(
    last_update: date, period: int, stale_on: date, warn_from: date
) -> None:
    result = _assess(last_update, period, last_update)
    assert result.stale_on == stale_on
    assert result.warn_from == warn_from
    assert CAL.is_workday(warn_from)
    # Exactly 3 working days from warn_from (included) to stale_on (excluded).
    assert CAL.workdays_between(warn_from - DAY, stale_on - DAY) == 3


def test_national_day_2026_per_real_calendar() -> None:
    # chinese_calendar follows the State Council notice: 1-7 Oct off, 8 Oct back at work.
    assert not any(CAL.is_workday(date(2026, 10, d)) for d in range(1, 8))
    assert CAL.is_workday(date(2026, 10, 8))
    assert CAL.is_workday(date(2026, 10, 10))  # Saturday make-up day


def test_whole_national_day_holiday_inside_warning_window() -> None:
    last = date(2026, 9, 24)  # stale on 9 Oct, warned from 29 Sep
    statuses = {
        today: _assess(last, NEWS, today).status for today in (last + i * DAY for i in range(0, 17))
    }
    assert statuses[date(2026, 9, 28)] is F
    assert all(statuses[date(2026, 9, 29) + i * DAY] is D for i in range(10))  # 29 Sep - 8 Oct
    assert statuses[date(2026, 10, 9)] is S


def test_warning_follows_the_calendar_passed_in() -> None:
    # With the statutory fallback only (国庆 1-3 Oct), 5-7 Oct 2026 are working days, so the
    # warning for a channel stale on 9 Oct starts on 6 Oct instead of 29 Sep.
    statutory_only = WorkCalendar([])
    result = assess(
        last_update=date(2026, 9, 24),
        period_days=14,
        today=date(2026, 9, 30),
        calendar=statutory_only,
    )
    assert result.warn_from == date(2026, 10, 6)
    assert result.status is F


def test_warn_working_days_option() -> None:
    last = date(2026, 11, 1)
    assert _assess(last, NEWS, date(2026, 11, 10), warn_working_days=5).warn_from == date(
        2026, 11, 9
    )
    none = _assess(last, NEWS, date(2026, 11, 15), warn_working_days=0)
    assert none.warn_from is None
    assert none.status is F
    with pytest.raises(ValueError, match="不能为负数"):
        _assess(last, NEWS, date(2026, 11, 15), warn_working_days=-1)


def test_warning_never_starts_before_the_update() -> None:
    # A 2-day period from Friday 13 Nov: stale on Mon 16 Nov; 3 working days before that would be
    # Wed 11 Nov, before the update, so the warning starts on the update day itself.
    result = _assess(date(2026, 11, 13), 2, date(2026, 11, 13))
    assert result.warn_from == date(2026, 11, 13)
    assert result.status is D
    assert result.days_left == 2


@pytest.mark.parametrize("period", [NEWS, 183, 0, None])
def test_no_published_item_is_empty_whatever_the_period(period: int | None) -> None:
    # §3.2 (3) counts every blank column, monitored or not.
    result = _assess(None, period, date(2026, 11, 26))
    assert result == ChannelFreshness(E, None, None, None, 0, None)


@pytest.mark.parametrize("period", [0, None])
def test_unmonitored_channel_is_exempt(period: int | None) -> None:
    result = _assess(date(2020, 1, 1), period, date(2026, 11, 26))
    assert result.status is X
    assert (result.stale_on, result.warn_from, result.days_left, result.days_overdue) == (
        None,
        None,
        None,
        0,
    )


def test_negative_period_is_rejected() -> None:
    with pytest.raises(ValueError, match="更新周期不能为负数"):
        _assess(date(2026, 11, 1), -1, date(2026, 11, 26))


def test_future_last_update_is_credited_only_up_to_today() -> None:
    today = date(2026, 11, 26)
    result = _assess(today + 30 * DAY, NEWS, today)
    assert result.future_dated
    assert result.status is F
    assert result.last_update == today + 30 * DAY  # shown as given, for the data fix
    assert result.stale_on == today + 15 * DAY  # as if updated today, not 30 days from now
    assert result.days_left == NEWS
    # Once the date is reached it is an ordinary update.
    reached = _assess(today + 30 * DAY, NEWS, today + 30 * DAY)
    assert not reached.future_dated
    assert reached.stale_on == today + 45 * DAY
    exempt = _assess(today + DAY, 0, today)
    assert exempt.status is X
    assert exempt.future_dated


RANK = {F: 0, D: 1, S: 2}


@settings(max_examples=300, deadline=None)
@given(
    last=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    period=st.integers(min_value=1, max_value=400),
    offsets=st.lists(st.integers(min_value=-30, max_value=500), min_size=2, max_size=8),
)
def test_status_never_goes_back_as_today_advances(
    last: date, period: int, offsets: list[int]
) -> None:
    results = [_assess(last, period, last + offset * DAY) for offset in sorted(offsets)]
    for before, after in pairwise(results):
        assert not (before.status is S and after.status is F)
        if before.last_update is not None and not before.future_dated:
            assert RANK[after.status] >= RANK[before.status]


@settings(max_examples=300, deadline=None)
@given(
    last=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    period=st.integers(min_value=1, max_value=400),
    offset=st.integers(min_value=0, max_value=500),
)
def test_status_agrees_with_the_dates(last: date, period: int, offset: int) -> None:
    today = last + offset * DAY
    result = _assess(last, period, today)
    assert result.stale_on == last + (period + 1) * DAY
    assert result.warn_from is not None
    assert last <= result.warn_from < result.stale_on
    assert (result.status is S) == (today >= result.stale_on)
    assert (result.status is D) == (result.warn_from <= today < result.stale_on)
    assert result.days_overdue == max(0, offset - period)
    if result.warn_from > last:
        assert CAL.is_workday(result.warn_from)
        assert CAL.workdays_between(result.warn_from - DAY, result.stale_on - DAY) == 3


# ------------------------------------------------------------------------------------ summary


def _row(
    key: str, last: date | None, period: int | None, today: date
) -> tuple[str, ChannelFreshness]:
    return key, _assess(last, period, today)


def test_summary_counts_and_oldest_order() -> None:
    today = date(2026, 11, 26)
    rows = [
        _row("news-a", date(2026, 11, 20), 14, today),  # fresh
        _row("news-b", date(2026, 11, 1), 14, today),  # stale since 16 Nov
        _row("notice", date(2026, 3, 1), 183, today),  # stale
        _row("blank-1", None, 14, today),  # empty
        _row("guide", date(2019, 1, 1), None, today),  # exempt: left out of `oldest`
        _row("news-c", date(2026, 11, 13), 14, today),  # due soon (stale on 28 Nov)
        _row("blank-2", None, 0, today),  # empty even though unmonitored
        _row("typo", today + 3 * DAY, 14, today),  # future date: fresh, flagged
    ]
    summary = summarise(rows, oldest_n=4)
    assert (
        summary.total,
        summary.fresh,
        summary.due_soon,
        summary.stale,
        summary.empty,
        summary.exempt,
        summary.future_dated,
    ) == (8, 2, 1, 2, 2, 1, 1)
    assert [key for key, _ in summary.oldest] == ["blank-1", "blank-2", "notice", "news-b"]
    everything = summarise(rows, oldest_n=100)
    assert [key for key, _ in everything.oldest] == [
        "blank-1",
        "blank-2",
        "notice",
        "news-b",
        "news-c",
        "news-a",
        "typo",
    ]
    # Without a predicate every stale/due-soon channel counts towards veto item (1).
    assert (summary.veto_stale, summary.veto_due_soon) == (2, 1)
    only_news = summarise(rows, counts_for_veto=lambda key: key.startswith("news"))
    assert (only_news.veto_stale, only_news.veto_due_soon) == (1, 1)


def test_summary_of_nothing_and_bad_n() -> None:
    summary: UnitFreshnessSummary[str] = summarise([])
    assert summary == UnitFreshnessSummary(0, 0, 0, 0, 0, 0, ())
    assert veto_risk(summary) == []
    with pytest.raises(ValueError, match="不能为负数"):
        summarise([], oldest_n=-1)


def test_veto_channel_types() -> None:
    assert {ChannelType.NEWS, ChannelType.NOTICE, ChannelType.POLICY} == VETO_CHANNEL_TYPES


# --------------------------------------------------------------------------------------- veto


def _summary(**counts: int) -> UnitFreshnessSummary[str]:
    fields = {"total": 0, "fresh": 0, "due_soon": 0, "stale": 0, "empty": 0, "exempt": 0}
    fields.update(counts)
    return UnitFreshnessSummary(oldest=(), **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("counts", "fragments"),
    [
        ({}, []),
        ({"stale": 3, "veto_stale": 3}, []),
        (
            {"stale": 5, "veto_stale": 5},
            ["已有 5 个动态要闻、通知公告或政策文件栏目超期未更新", "不合格"],
        ),
        ({"stale": 4, "veto_stale": 4}, ["已有 4 个", "即触发单项否决"]),
        (
            {"stale": 3, "veto_stale": 3, "due_soon": 2, "veto_due_soon": 2},
            ["另有 2 个即将超期", "即触发单项否决"],
        ),
        # Item (2): 10 columns of any kind, though only 2 are news/notice/policy.
        ({"stale": 10, "veto_stale": 2}, ["共有 10 个应更新栏目超期未更新", "不合格"]),
        ({"stale": 8, "due_soon": 2}, ["共有 8 个应更新栏目", "即触发单项否决"]),
        ({"empty": 5}, ["5 个空白栏目", "不合格"]),
        ({"empty": 4}, ["4 个空白栏目", "再有 1 个即触发单项否决"]),
        ({"empty": 3}, []),
    ],
)
def test_veto_risk(counts: dict[str, int], fragments: list[str]) -> None:
    warnings = veto_risk(_summary(**counts))
    assert len(warnings) == (1 if fragments else 0)
    for fragment in fragments:
        assert fragment in warnings[0]
    for warning in warnings:
        assert "国办秘函〔2019〕19号" in warning


def test_veto_risk_reports_every_item_met() -> None:
    warnings = veto_risk(_summary(stale=12, veto_stale=6, empty=5))
    assert len(warnings) == 3
    assert all("不合格" in w for w in warnings)


def test_board_end_to_end() -> None:
    # Five news columns last updated before the National Day holiday, checked on 20 Oct 2026.
    today = date(2026, 10, 20)
    rows = [(f"动态{i}", _assess(date(2026, 9, 25) - i * DAY, NEWS, today)) for i in range(5)]
    rows.append(("政策文件", _assess(date(2026, 10, 19), 183, today)))
    summary = summarise(rows, counts_for_veto=lambda key: key.startswith("动态"))
    assert summary.stale == 5
    assert summary.oldest[0][0] == "动态4"
    (warning,) = veto_risk(summary)
    assert "达到 5 个的单项否决标准" in warning
