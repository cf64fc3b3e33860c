"""The hotline rates from the database (docs/hotline-metrics.md; the Django adapter of
:mod:`gongkai.hotline.domain.metrics`).

The rates are summed in SQL, not by replaying tickets: one grouped query of conditional COUNTs
over the flags stored on the ticket (its current assignment) and one over
:class:`~gongkai.hotline.models_rates.ReturnedAssignment` (the assignments returned by a unit),
both restricted to the period by the indexed 派单 time. The counts go to
:func:`~gongkai.hotline.domain.metrics.rates_from_counts`, which gives the same numbers as
:func:`~gongkai.hotline.domain.metrics.compute_rates` over the summaries of the same tickets
(tests/hotline/test_rates.py checks it on generated tickets).

Who sees what: the county office, county leaders (county-wide scope) and the 12345 centre see
every unit; other staff see the units of their scope (their units and those below).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Value, When

from gongkai.hotline import permissions
from gongkai.hotline.domain.clocks import SHANGHAI
from gongkai.hotline.domain.metrics import (
    RATE_KEYS,
    Rate,
    RateCounts,
    Rates,
    rank_units,
    rates_from_counts,
)
from gongkai.hotline.domain.periods import Period
from gongkai.hotline.domain.routing import Intake, hot_spots
from gongkai.hotline.domain.states import Satisfaction, State
from gongkai.hotline.models import Ticket
from gongkai.hotline.models_rates import ReturnedAssignment
from gongkai.units.models import Unit
from gongkai.units.selectors import scope_for

__all__ = [
    "RatesTable",
    "UnitRates",
    "hot_spots_between",
    "monthly_trend",
    "rates_table",
    "unit_counts",
    "visible_unit_ids",
]

# One line per rate, as in docs/hotline-metrics.md (shown as help text on the rates page).
DEFINITIONS = {
    "volume": ("工单量", "统计期内派单的承办件数（一件工单派给一个主办单位为一件；"
               "退单后重新派单，原单位保留其退单件）。"),
    "on_time_sign": ("按时签收率", "在签收期限内签收的件数 ÷ 签收结果已确定的件数（已签收，或签收期限已过仍未签收）。"),
    "on_time_reply": ("按时办结率", "在答复期限（含批准的延期）内答复的件数 ÷ "
                      "答复结果已确定的件数（已答复，或答复期限已过仍未答复）。"),
    "reply": ("回复率", "已答复的件数 ÷ 未被本单位退单的件数。"),
    "satisfaction": ("满意率", "回访结果为“满意”或“基本满意”的件数 ÷ 回访件数。"),
    "resolution": ("解决率", "回访表示已解决的件数 ÷ 回访中回答了是否解决的件数。"),
    "redo": ("重办率", "不满意理由成立、发回重办过的已答复件数 ÷ 已答复件数。"),
    "returned": ("退单率", "本单位退单的件数 ÷ 工单量。"),
}  # fmt: skip
NO_DENOMINATOR = "分母为0的指标显示为“—”。统计期按派单日（北京时间）确定；各按时标志在签收、答复发生时即已确定，之后修改日历或时限设置不会改变历史数据。"  # fmt: skip  # noqa: E501

_SATISFIED = [str(Satisfaction.SATISFIED), str(Satisfaction.BASICALLY_SATISFIED)]
_RETURNED = str(State.RETURNED)


@dataclass(frozen=True, slots=True)
class UnitRates:
    unit_id: int | None  # None: the total row
    code: str
    name: str
    counts: RateCounts
    rates: Rates


@dataclass(frozen=True, slots=True)
class RatesTable:
    period: Period
    rows: list[UnitRates]
    total: UnitRates
    county_wide: bool
    now: dt.datetime

    def ranking(self, key: str = "satisfaction") -> list[tuple[int, UnitRates, Rate]]:
        """``(place, row, rate)`` best first (:func:`rank_units`); units without a
        denominator come last and get no place (0)."""
        if key not in RATE_KEYS:
            raise ValueError(key)
        by_code = {row.code: row for row in self.rows}
        ranked = rank_units({code: row.rates for code, row in by_code.items()}, key=key)
        out, place = [], 0
        for code, rate in ranked:
            place = place + 1 if rate.value is not None else 0
            out.append((place, by_code[code], rate))
        return out


def visible_unit_ids(user) -> frozenset[int] | None:
    """The handling units whose rates ``user`` may read (None: every unit)."""
    if permissions.is_county_office(user) or permissions.is_centre_staff(user):
        return None
    return scope_for(user).unit_ids


def can_view_rates(user) -> bool:
    ids = visible_unit_ids(user)
    return ids is None or bool(ids)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, end+1 00:00) in Asia/Shanghai: the 派单 days of the period."""
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=SHANGHAI),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=SHANGHAI),
    )


def _counts(row: dict, **extra: int) -> RateCounts:
    """RateCounts of one grouped row (annotations are prefixed: ``resolved`` is a field)."""
    return RateCounts(**{k.removeprefix("n_"): v for k, v in row.items()}, **extra)


def _ticket_aggregates(now: dt.datetime) -> dict:
    """Conditional COUNTs over the current assignment's stored flags, mirroring
    :meth:`TicketSummary.from_clock` and :func:`compute_rates` clause by clause."""
    replied = Q(replied_at__isnull=False) | Q(callback_at__isnull=False)
    called = ~Q(satisfaction="")
    return {
        "n_" + k: v
        for k, v in {
            "volume": Count("pk"),
            "sign_ok": Count("pk", filter=Q(sign_on_time=True)),
            "sign_decided": Count("pk", filter=Q(sign_on_time__isnull=False) | Q(sign_due__lt=now)),
            "reply_ok": Count("pk", filter=Q(reply_on_time=True)),
            "reply_decided": Count(
                "pk", filter=Q(reply_on_time__isnull=False) | Q(reply_due__lt=now)
            ),
            "replied": Count("pk", filter=replied),
            "callbacks": Count("pk", filter=called),
            "satisfied": Count("pk", filter=Q(satisfaction__in=_SATISFIED)),
            "resolved": Count("pk", filter=called & Q(resolved=True)),
            "resolution_answered": Count("pk", filter=called & Q(resolved__isnull=False)),
            "redone": Count("pk", filter=replied & Q(redo_count__gt=0)),
        }.items()
    }


def _returned_aggregates(now: dt.datetime) -> dict:
    return {
        "n_volume": Count("pk"),
        "n_sign_ok": Count("pk", filter=Q(sign_on_time=True)),
        "n_sign_decided": Count("pk", filter=Q(sign_on_time__isnull=False) | Q(sign_due__lt=now)),
    }


def _current(since: dt.datetime, until: dt.datetime, unit_ids):
    # Deliberately unscoped: the caller restricts to the handling units the user may read.
    qs = Ticket.unscoped.filter(
        dispatched_at__gte=since, dispatched_at__lt=until, handling_unit__isnull=False
    ).exclude(state=_RETURNED)  # a returned ticket counts through its ReturnedAssignment
    return qs if unit_ids is None else qs.filter(handling_unit_id__in=sorted(unit_ids))


def _returned(since: dt.datetime, until: dt.datetime, unit_ids):
    qs = ReturnedAssignment.unscoped.filter(dispatched_at__gte=since, dispatched_at__lt=until)
    return qs if unit_ids is None else qs.filter(unit_id__in=sorted(unit_ids))


def unit_counts(
    *, start: dt.date, end: dt.date, now: dt.datetime, unit_ids: Iterable[int] | None = None
) -> dict[int, RateCounts]:
    """The counts per handling unit of the assignments dispatched from ``start`` to ``end``
    (inclusive), as of ``now``; ``unit_ids`` None means every unit."""
    since, until = _bounds(start, end)
    ids = None if unit_ids is None else frozenset(unit_ids)
    out: dict[int, RateCounts] = {}
    rows = (
        _current(since, until, ids)
        .order_by()
        .values("handling_unit_id")
        .annotate(**_ticket_aggregates(now))
    )
    for row in rows:
        unit = row.pop("handling_unit_id")
        out[unit] = _counts(row, kept=row["n_volume"])
    returned = (
        _returned(since, until, ids)
        .order_by()
        .values("unit_id")
        .annotate(**_returned_aggregates(now))
    )
    for row in returned:
        unit = row.pop("unit_id")
        extra = _counts(row, returned=row["n_volume"])
        out[unit] = out.get(unit, RateCounts()) + extra
    return out


def rates_table(*, user, period: Period, now: dt.datetime) -> RatesTable:
    """The rates per unit the user may read, for ``period`` as of ``now``, with the total."""
    ids = visible_unit_ids(user)
    counts = unit_counts(start=period.start, end=period.end, now=now, unit_ids=ids)
    shown = set(counts)
    if ids is not None:  # a unit's own staff see their unit even in a quiet period
        shown |= set(ids)
    units = Unit.unscoped.filter(pk__in=shown)
    rows = []
    for unit in sorted(units, key=lambda u: (u.sort_order, u.code)):
        c = counts.get(unit.pk, RateCounts())
        if ids is not None and unit.pk not in counts and not unit.is_active:
            continue
        rows.append(
            UnitRates(unit.pk, unit.code, unit.short_name or unit.name, c, rates_from_counts(c))
        )
    total_counts = sum((r.counts for r in rows), RateCounts())
    label = "全县合计" if ids is None else "合计"
    total = UnitRates(None, "", label, total_counts, rates_from_counts(total_counts))
    return RatesTable(period=period, rows=rows, total=total, county_wide=ids is None, now=now)


def monthly_trend(*, user, months: list[dt.date], now: dt.datetime) -> list[tuple[dt.date, Rates]]:
    """The rates of each calendar month starting at ``months`` (first days, ascending) over the
    units the user may read: one grouped query, each row bucketed into its month by a CASE."""
    if not months:
        return []
    ids = visible_unit_ids(user)
    edges = [*months, (months[-1].replace(day=28) + dt.timedelta(days=4)).replace(day=1)]
    bounds = [_bounds(d, d)[0] for d in edges]
    bucket = Case(
        *(
            When(dispatched_at__gte=bounds[i], dispatched_at__lt=bounds[i + 1], then=Value(i))
            for i in range(len(months))
        ),
        default=Value(-1),
        output_field=IntegerField(),
    )
    found: dict[int, RateCounts] = {}
    current = (
        _current(bounds[0], bounds[-1], ids)
        .order_by()
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(**_ticket_aggregates(now))
    )
    for row in current:
        i = row.pop("bucket")
        found[i] = _counts(row, kept=row["n_volume"])
    returned = (
        _returned(bounds[0], bounds[-1], ids)
        .order_by()
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(**_returned_aggregates(now))
    )
    for row in returned:
        i = row.pop("bucket")
        found[i] = found.get(i, RateCounts()) + _counts(row, returned=row["n_volume"])
    return [(m, rates_from_counts(found.get(i, RateCounts()))) for i, m in enumerate(months)]


def hot_spots_between(
    *,
    user,
    since: dt.datetime,
    until: dt.datetime,
    minimum: int = 5,
    limit: int = 10,
    by: str = "place",
) -> list[tuple[str, int]]:
    """Places (``by="place"``) or 诉求分类 (``by="topic"``) with many tickets accepted in
    [since, until) (:func:`hot_spots`), among the tickets the user may read (the request's scope
    applies to ``Ticket.objects``)."""
    rows = Ticket.objects.filter(accepted_at__gte=since, accepted_at__lt=until)
    if by == "topic":  # the 诉求分类 stands in for the place: many tickets on one subject
        values = rows.exclude(category=None).values_list("pk", "accepted_at", "category__name")
    else:
        values = rows.exclude(address="").values_list("pk", "accepted_at", "address")
    intakes = [Intake(id=str(pk), at=at, place=place) for pk, at, place in values.iterator()]
    return hot_spots(intakes, since=since, until=until, minimum=minimum)[:limit]
