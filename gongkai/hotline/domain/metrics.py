"""The hotline rates per handling unit and period (三率 and the rest of issue #6's list).

statutes.md §7.4 lists the metrics that recur in local rules (line 843: 按时签收率 and 按时办结率;
line 845: 满意率 and 解决率; line 846: 退单率) and says their definitions are local; glossary.md
defines 三率 as 按时办结率, 回复率 (or 解决率) and 满意率. Issue #6 ("Rates and reports") fixes
满意率 = (满意 + 基本满意) / 回访 and names volume, 按时签收率, 按时办结率, 回复率, 满意率, 解决率,
重办率, 退单率. The other definitions below are this module's choice; each is one docstring line of
:class:`Rates` and the table in docs/hotline-metrics.md must repeat them.

Input is one :class:`TicketSummary` per ticket **and** handling unit (派单 assignment), built from
the on-time flags fixed when each event happened (:mod:`gongkai.hotline.domain.clocks`), so a
period's figures never change when the calendar or the settings change later. A rate whose
denominator is 0 is ``None`` (shown as "—"), never 0% or 100%.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime
from fractions import Fraction
from types import MappingProxyType
from typing import Final

from gongkai.hotline.domain.clocks import SHANGHAI, Clock
from gongkai.hotline.domain.states import Satisfaction, State

__all__ = [
    "RATE_KEYS",
    "RATE_LABELS",
    "Rate",
    "RateCounts",
    "Rates",
    "TicketSummary",
    "compute_rates",
    "rank_units",
    "rates_by_unit",
    "rates_from_counts",
    "returned_summary",
]

_SATISFIED = frozenset({Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED})


@dataclass(frozen=True, slots=True)
class TicketSummary:
    """One ticket as seen by one handling unit.

    ``signed_on_time`` / ``reply_on_time``: True or False once decided (done, or the deadline
    passed undone), None while still open and not yet due.
    """

    unit: str
    on: date  # the 派单 day: decides the period
    signed_on_time: bool | None = None
    replied: bool = False
    reply_on_time: bool | None = None
    satisfaction: Satisfaction | None = None  # None: no callback (回访) answered
    resolved: bool | None = None
    redone: bool = False  # at least one 重办
    returned: bool = False  # this unit returned the ticket (退单)

    @classmethod
    def from_clock(cls, clock: Clock, *, now: datetime) -> TicketSummary:
        """The summary of a ticket's current assignment from its clock at ``now``."""
        if clock.dispatched_at is None or clock.reply_due is None:
            raise ValueError("未派单的工单没有承办单位统计")
        signed = clock.signed_on_time
        if signed is None and clock.sign_due is not None and now > clock.sign_due:
            signed = False
        reply = clock.reply_on_time
        if reply is None and clock.state is not State.RETURNED and now > clock.reply_due:
            reply = False
        return cls(
            unit=clock.unit,
            on=clock.dispatched_at.astimezone(SHANGHAI).date(),  # the local 派单 day
            signed_on_time=signed,
            replied=clock.replied_at is not None or clock.callback_at is not None,
            reply_on_time=reply,
            satisfaction=clock.satisfaction,
            resolved=clock.resolved,
            redone=clock.redos > 0,
            returned=clock.state is State.RETURNED,
        )


@dataclass(frozen=True, slots=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    def percent(self, digits: int = 2) -> str:
        """ "95.24%", or "—" when the denominator is 0."""
        v = self.value
        return "—" if v is None else f"{float(v) * 100:.{digits}f}%"


@dataclass(frozen=True, slots=True)
class Rates:
    """The rates of one unit (or the county) over one period.

    * volume: assignments (派单) in the period;
    * on_time_sign 按时签收率 = signed by the sign-for deadline / assignments whose signing is
      decided (signed, or deadline passed unsigned);
    * on_time_reply 按时办结率 = replied by the reply deadline / assignments whose reply is
      decided (replied, or deadline passed unreplied);
    * reply 回复率 = replied / assignments not returned by the unit (a returned one never counts
      as replied);
    * satisfaction 满意率 = (满意 + 基本满意) / answered callbacks (issue #6);
    * resolution 解决率 = callbacks saying resolved / callbacks with an answer on resolution;
    * redo 重办率 = replied assignments redone at least once / replied;
    * returned 退单率 = assignments returned by the unit / volume.
    """

    volume: int
    on_time_sign: Rate
    on_time_reply: Rate
    reply: Rate
    satisfaction: Rate
    resolution: Rate
    redo: Rate
    returned: Rate


@dataclass(frozen=True, slots=True)
class RateCounts:
    """The counts behind :class:`Rates`, as a database can sum them (conditional COUNTs)."""

    volume: int = 0
    sign_ok: int = 0
    sign_decided: int = 0
    reply_ok: int = 0
    reply_decided: int = 0
    replied: int = 0
    kept: int = 0  # assignments not returned by the unit
    callbacks: int = 0
    satisfied: int = 0
    resolved: int = 0
    resolution_answered: int = 0
    redone: int = 0
    returned: int = 0

    def __add__(self, other: RateCounts) -> RateCounts:
        return RateCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def rates_from_counts(c: RateCounts) -> Rates:
    """The :class:`Rates` of already-summed counts: the same numbers as :func:`compute_rates` over
    the summaries the counts were summed from (tested on generated tickets)."""
    return Rates(
        volume=c.volume,
        on_time_sign=Rate(c.sign_ok, c.sign_decided),
        on_time_reply=Rate(c.reply_ok, c.reply_decided),
        reply=Rate(c.replied, c.kept),
        satisfaction=Rate(c.satisfied, c.callbacks),
        resolution=Rate(c.resolved, c.resolution_answered),
        redo=Rate(c.redone, c.replied),
        returned=Rate(c.returned, c.volume),
    )


def returned_summary(
    *,
    unit: str,
    dispatched_at: datetime,
    sign_due: datetime | None,
    signed_on_time: bool | None,
    now: datetime,
) -> TicketSummary:
    """The summary of an assignment the unit returned (退单), also after the ticket was
    re-dispatched to another unit: like :meth:`TicketSummary.from_clock` of a returned ticket,
    signing is decided by the stored flag, or is late once the sign-for deadline has passed
    unsigned; the unit has no reply, callback or 重办 of its own to count."""
    signed = signed_on_time
    if signed is None and sign_due is not None and now > sign_due:
        signed = False
    on = dispatched_at.astimezone(SHANGHAI).date()
    return TicketSummary(unit=unit, on=on, signed_on_time=signed, returned=True)


# Rate attributes of :class:`Rates` in display order, with their Chinese names.
RATE_LABELS: Final = MappingProxyType(
    {
        "on_time_sign": "按时签收率",
        "on_time_reply": "按时办结率",
        "reply": "回复率",
        "satisfaction": "满意率",
        "resolution": "解决率",
        "redo": "重办率",
        "returned": "退单率",
    }
)
RATE_KEYS: Final = tuple(RATE_LABELS)


def compute_rates(summaries: Iterable[TicketSummary]) -> Rates:
    """The rates over ``summaries`` (already filtered to one unit and period)."""
    n = sign_ok = sign_n = reply_ok = reply_n = replied = kept = 0
    cb = sat = res_ok = res_n = redone = returned = 0
    for s in summaries:
        n += 1
        if s.signed_on_time is not None:
            sign_n += 1
            sign_ok += s.signed_on_time
        if s.reply_on_time is not None:
            reply_n += 1
            reply_ok += s.reply_on_time
        if s.returned:  # a returned assignment has no reply of this unit to count
            returned += 1
        else:
            kept += 1
            if s.replied:
                replied += 1
                redone += s.redone
        if s.satisfaction is not None:
            cb += 1
            sat += s.satisfaction in _SATISFIED
            if s.resolved is not None:
                res_n += 1
                res_ok += s.resolved
    return Rates(
        volume=n,
        on_time_sign=Rate(sign_ok, sign_n),
        on_time_reply=Rate(reply_ok, reply_n),
        reply=Rate(replied, kept),
        satisfaction=Rate(sat, cb),
        resolution=Rate(res_ok, res_n),
        redo=Rate(redone, replied),
        returned=Rate(returned, n),
    )


def rates_by_unit(
    summaries: Iterable[TicketSummary], *, start: date, end: date
) -> dict[str, Rates]:
    """Rates per unit over the period ``start``..``end`` (both inclusive, by 派单 day)."""
    groups: dict[str, list[TicketSummary]] = {}
    for s in summaries:
        if start <= s.on <= end:
            groups.setdefault(s.unit, []).append(s)
    return {unit: compute_rates(items) for unit, items in sorted(groups.items())}


def rank_units(by_unit: dict[str, Rates], *, key: str = "satisfaction") -> list[tuple[str, Rate]]:
    """County ranking by one rate, best first; units without a denominator come last."""
    rows = [(unit, getattr(rates, key)) for unit, rates in by_unit.items()]
    return sorted(rows, key=lambda row: (row[1].value is None, -(row[1].value or 0), row[0]))
