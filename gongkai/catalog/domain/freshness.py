"""Channel (栏目) freshness under 国办秘函〔2019〕19号 (pure Python, no Django).

statutes.md §3.2 (单项否决 for government websites): a check counts a column as *not updated* when
动态、要闻 columns have published nothing in the **2 weeks** before the check point, and 通知公告、
政策文件 first-level columns nothing in the **6 months** before it. Any one of these vetoes the whole
website: (1) ≥ 5 such columns not updated; (2) ≥ 10 columns that should be updated but have not
been for a long time; (3) ≥ 5 blank columns. The per-type periods live in
``taxonomy.DEFAULT_UPDATE_PERIOD_DAYS``; this module only does the date arithmetic and the counting.

Boundary rule (decided here, tested in tests/catalog/test_freshness_domain.py): a channel whose
latest item was published on day ``L`` with a period of ``P`` days is fresh up to and including
``L + P`` and stale from ``stale_on = L + P + 1``. A news channel (P = 14) updated on 1 Nov is
therefore still fresh on 15 Nov (the 2 weeks before a check on 15 Nov still contain 1 Nov) and
stale on 16 Nov. Put differently: stale iff ``(today - L).days > P``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Generic, TypeVar

from gongkai.catalog.domain.taxonomy import ChannelType
from gongkai.workdays.domain.engine import WorkCalendar

__all__ = [
    "FRESHNESS_LABELS",
    "VETO_BLANK_COLUMNS",
    "VETO_CHANNEL_TYPES",
    "VETO_LONG_STALE_COLUMNS",
    "VETO_STALE_COLUMNS",
    "ChannelFreshness",
    "FreshnessStatus",
    "UnitFreshnessSummary",
    "assess",
    "summarise",
    "veto_risk",
]

K = TypeVar("K")

# statutes.md §3.2 thresholds of the 栏目不更新 veto item.
VETO_STALE_COLUMNS = 5  # (1) 动态要闻 / 通知公告 / 政策文件 columns not updated
VETO_LONG_STALE_COLUMNS = 10  # (2) any column that should be updated but has not been
VETO_BLANK_COLUMNS = 5  # (3) blank columns

# Channel types counted by veto item (1). Only *first-level* 通知公告/政策文件 columns count; the
# level is a property of the channel tree, so callers filter on it when they build the predicate
# passed to ``summarise(counts_for_veto=...)``.
VETO_CHANNEL_TYPES: frozenset[ChannelType] = frozenset(
    {ChannelType.NEWS, ChannelType.NOTICE, ChannelType.POLICY}
)


class FreshnessStatus(StrEnum):
    """Where a channel stands against its update period."""

    FRESH = "fresh"
    DUE_SOON = "due_soon"  # inside the editor warning window, not yet stale
    STALE = "stale"
    EMPTY = "empty"  # no published item at all: a 空白栏目 under §3.2 (3)
    EXEMPT = "exempt"  # period 0/None: the channel's update frequency is not monitored


FRESHNESS_LABELS: dict[str, str] = {
    FreshnessStatus.FRESH: "正常",
    FreshnessStatus.DUE_SOON: "即将超期",
    FreshnessStatus.STALE: "已超期",
    FreshnessStatus.EMPTY: "空白栏目",
    FreshnessStatus.EXEMPT: "不监测",
}


@dataclass(frozen=True)
class ChannelFreshness:
    """The freshness of one channel on one day.

    ``last_update`` is the date given by the caller (the latest *published* item), even when it
    lies in the future; ``stale_on`` is the first calendar day on which the channel counts as not
    updated (``last_update + period + 1``, see the module docstring); ``warn_from`` the working day
    from which editors are warned (``None`` when no warning window applies); ``days_overdue`` the
    calendar days past the last fresh day (1 on ``stale_on``), 0 unless stale; ``days_left`` the
    calendar days left after today before the channel goes stale (0 on the last fresh day and when
    stale), ``None`` for empty and exempt channels. ``future_dated`` flags a ``last_update`` after
    today, which is a data error (see ``assess``).
    """

    status: FreshnessStatus
    last_update: date | None
    stale_on: date | None
    warn_from: date | None
    days_overdue: int
    days_left: int | None
    future_dated: bool = False

    @property
    def label(self) -> str:
        return FRESHNESS_LABELS[self.status]


def _nth_workday_before(calendar: WorkCalendar, day: date, n: int) -> date:
    """The ``n``-th working day strictly before ``day`` (n >= 1), without walking day by day.

    WorkCalendar only counts forwards, so count the working days in a window ending the day before
    ``day`` and step forward from the window's start; widen the window until it holds ``n``.
    """
    last = day - timedelta(days=1)
    span = 2 * n + 14  # covers n working days even across the longest (8-9 day) holiday
    while True:
        anchor = last - timedelta(days=span)
        count = calendar.workdays_between(anchor, last)
        if count >= n:
            return calendar.add_workdays(anchor, count - n + 1)
        if span > 3660:
            raise ValueError("工作日历在十年内找不到足够的工作日，请检查节假日数据")
        span *= 2


def assess(
    *,
    last_update: date | None,
    period_days: int | None,
    today: date,
    calendar: WorkCalendar,
    warn_working_days: int = 3,
) -> ChannelFreshness:
    """Assess one channel on ``today``.

    Decisions:

    * ``last_update is None`` (nothing published) gives EMPTY *whatever the period*, because §3.2
      (3) counts every blank column, monitored or not. Callers must not assess container channels
      that only hold sub-channels.
    * ``period_days`` of 0 or ``None`` gives EXEMPT; a negative period raises ``ValueError``.
    * The warning window: editors are warned from the ``warn_working_days``-th working day before
      ``stale_on`` (so they get that many working days, the warning day included, to publish),
      computed with the holiday calendar so that a window crossing a weekend or the 国庆 holiday
      still leaves real working days. ``warn_from`` is never earlier than the update itself. 0
      disables the warning; a negative value raises ``ValueError``.
    * A ``last_update`` after ``today`` is a data error (clock skew, a 定时发布 item passed as
      published, or a forged date, itself a veto item under §3.2). It does not raise, because one
      bad row must not break a board listing hundreds of channels, but it is credited only up to
      ``today``: the channel is assessed as if updated today (normally FRESH) and flagged
      ``future_dated``. A wrong date can thus never buy more freshness than a real update today.
    """
    if period_days is not None and period_days < 0:
        raise ValueError(f"栏目更新周期不能为负数（{period_days} 天）")
    if warn_working_days < 0:
        raise ValueError(f"提醒提前的工作日数不能为负数（{warn_working_days}）")
    if last_update is None:
        return ChannelFreshness(FreshnessStatus.EMPTY, None, None, None, 0, None)
    future_dated = last_update > today
    if not period_days:
        return ChannelFreshness(
            FreshnessStatus.EXEMPT, last_update, None, None, 0, None, future_dated
        )

    effective = min(last_update, today)
    stale_on = effective + timedelta(days=period_days + 1)
    warn_from: date | None = None
    if warn_working_days:
        warn_from = max(_nth_workday_before(calendar, stale_on, warn_working_days), effective)
    age = (today - effective).days
    if age > period_days:
        status = FreshnessStatus.STALE
    elif warn_from is not None and today >= warn_from:
        status = FreshnessStatus.DUE_SOON
    else:
        status = FreshnessStatus.FRESH
    return ChannelFreshness(
        status=status,
        last_update=last_update,
        stale_on=stale_on,
        warn_from=warn_from,
        days_overdue=max(0, age - period_days),
        days_left=max(0, period_days - age),
        future_dated=future_dated,
    )


@dataclass(frozen=True)
class UnitFreshnessSummary(Generic[K]):
    """Counts per status for a set of channels (one unit's, or the whole site's).

    ``oldest`` holds up to N monitored channels most in need of attention: EMPTY ones first, then
    by ``last_update`` ascending (input order breaks ties). EXEMPT channels are left out.
    ``veto_stale`` / ``veto_due_soon`` count the STALE / DUE_SOON channels that §3.2 veto item (1)
    counts (see ``summarise``); ``future_dated`` the rows with a date after today (data errors).
    """

    total: int
    fresh: int
    due_soon: int
    stale: int
    empty: int
    exempt: int
    oldest: tuple[tuple[K, ChannelFreshness], ...]
    veto_stale: int = 0
    veto_due_soon: int = 0
    future_dated: int = 0


def summarise(
    rows: Iterable[tuple[K, ChannelFreshness]],
    *,
    oldest_n: int = 5,
    counts_for_veto: Callable[[K], bool] | None = None,
) -> UnitFreshnessSummary[K]:
    """Summarise assessed channels for the county office's board.

    ``counts_for_veto(key)`` says whether a channel is one that §3.2 veto item (1) counts (a
    动态/要闻 column or a first-level 通知公告/政策文件 column, see ``VETO_CHANNEL_TYPES``). Without
    it every monitored channel counts, which over-warns rather than missing a veto.
    """
    if oldest_n < 0:
        raise ValueError(f"列出的栏目数不能为负数（{oldest_n}）")
    counts = dict.fromkeys(FreshnessStatus, 0)
    veto_stale = veto_due_soon = future_dated = 0
    monitored: list[tuple[K, ChannelFreshness]] = []
    for key, freshness in rows:
        counts[freshness.status] += 1
        future_dated += freshness.future_dated
        if freshness.status is not FreshnessStatus.EXEMPT:
            monitored.append((key, freshness))
        if freshness.status in (FreshnessStatus.STALE, FreshnessStatus.DUE_SOON) and (
            counts_for_veto is None or counts_for_veto(key)
        ):
            if freshness.status is FreshnessStatus.STALE:
                veto_stale += 1
            else:
                veto_due_soon += 1

    def order(row: tuple[K, ChannelFreshness]) -> tuple[int, date]:
        last = row[1].last_update
        return (0, date.min) if last is None else (1, last)

    monitored.sort(key=order)  # stable: equal dates keep the caller's order
    return UnitFreshnessSummary(
        total=sum(counts.values()),
        fresh=counts[FreshnessStatus.FRESH],
        due_soon=counts[FreshnessStatus.DUE_SOON],
        stale=counts[FreshnessStatus.STALE],
        empty=counts[FreshnessStatus.EMPTY],
        exempt=counts[FreshnessStatus.EXEMPT],
        oldest=tuple(monitored[:oldest_n]),
        veto_stale=veto_stale,
        veto_due_soon=veto_due_soon,
        future_dated=future_dated,
    )


def veto_risk(summary: UnitFreshnessSummary[Any]) -> list[str]:
    """Chinese warnings when a §3.2 栏目不更新 veto threshold is met or near.

    *Met*: ≥ 5 counted columns stale (item 1), ≥ 10 monitored columns stale (item 2), ≥ 5 blank
    columns (item 3). *Near*: one short of a threshold, or reaching it if every DUE_SOON column
    lapses. The veto applies to a whole website, so a per-unit summary that meets a threshold means
    the site would fail a check today. Assumes channel periods no longer than the §3.2 periods
    (true for ``DEFAULT_UPDATE_PERIOD_DAYS``); a longer configured period hides staleness here.
    """
    basis = "（国办秘函〔2019〕19号 单项否决指标「栏目不更新」）"
    warnings: list[str] = []

    stale, pending = summary.veto_stale, summary.veto_due_soon
    if stale >= VETO_STALE_COLUMNS:
        warnings.append(
            f"已有 {stale} 个动态要闻、通知公告或政策文件栏目超期未更新，"
            f"达到 {VETO_STALE_COLUMNS} 个的单项否决标准，网站将被判定为不合格{basis}"
        )
    elif stale >= VETO_STALE_COLUMNS - 1 or stale + pending >= VETO_STALE_COLUMNS:
        warnings.append(
            f"已有 {stale} 个动态要闻、通知公告或政策文件栏目超期未更新，另有 {pending} 个即将超期；"
            f"达到 {VETO_STALE_COLUMNS} 个即触发单项否决，请尽快更新{basis}"
        )

    stale_all, pending_all = summary.stale, summary.due_soon
    if stale_all >= VETO_LONG_STALE_COLUMNS:
        warnings.append(
            f"共有 {stale_all} 个应更新栏目超期未更新，"
            f"达到 {VETO_LONG_STALE_COLUMNS} 个的单项否决标准，网站将被判定为不合格{basis}"
        )
    elif (
        stale_all >= VETO_LONG_STALE_COLUMNS - 1
        or stale_all + pending_all >= VETO_LONG_STALE_COLUMNS
    ):
        warnings.append(
            f"共有 {stale_all} 个应更新栏目超期未更新，另有 {pending_all} 个即将超期；"
            f"达到 {VETO_LONG_STALE_COLUMNS} 个即触发单项否决，请尽快更新{basis}"
        )

    empty = summary.empty
    if empty >= VETO_BLANK_COLUMNS:
        warnings.append(
            f"共有 {empty} 个空白栏目，达到 {VETO_BLANK_COLUMNS} 个的单项否决标准，"
            f"网站将被判定为不合格；请发布内容或撤下空白栏目{basis}"
        )
    elif empty >= VETO_BLANK_COLUMNS - 1:
        warnings.append(
            f"共有 {empty} 个空白栏目，再有 1 个即触发单项否决；请发布内容或撤下空白栏目{basis}"
        )
    return warnings
