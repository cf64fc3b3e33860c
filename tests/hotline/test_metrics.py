"""The hotline rates on a hand-computed fixture (statutes.md §7.4, issue #6), no database."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.hotline.domain.clocks import SHANGHAI, compute_clock
from gongkai.hotline.domain.metrics import (
    Rate,
    Rates,
    TicketSummary,
    compute_rates,
    rank_units,
    rates_by_unit,
)
from gongkai.hotline.domain.states import Category, Event, EventKind, Satisfaction
from gongkai.workdays.domain.engine import WorkCalendar
from tests.workdays.test_engine import HAND_ARRANGEMENTS

SAT, BASIC, UNSAT = (
    Satisfaction.SATISFIED,
    Satisfaction.BASICALLY_SATISFIED,
    Satisfaction.DISSATISFIED,
)
D = date(2026, 10, 12)
Sm = TicketSummary

# 住建局, 6 assignments in October (hand-computed below); one in September outside the period.
FIXTURE = [
    Sm("住建局", D, True, True, True, SAT, True),
    Sm("住建局", D, True, True, False, BASIC, True),
    Sm("住建局", D, False, True, True, UNSAT, False, redone=True),
    Sm("住建局", D, True, True, True, SAT, None),
    Sm("住建局", D, None, False, None),  # open, nothing due yet
    Sm("住建局", D, True, False, None, returned=True),
    Sm("住建局", date(2026, 9, 30), False, False, False),
    Sm("城管局", D, True, True, True, SAT, True),
    Sm("城管局", D, True, True, True, BASIC, True),
    Sm("民政局", D, None, False, None),
]


def test_hand_computed_rates() -> None:
    by_unit = rates_by_unit(FIXTURE, start=date(2026, 10, 1), end=date(2026, 10, 31))
    r = by_unit["住建局"]
    assert r.volume == 6
    assert r.on_time_sign == Rate(4, 5)  # 按时签收率: 4 of 5 decided
    assert r.on_time_reply == Rate(3, 4)  # 按时办结率: 3 of 4 decided
    assert r.reply == Rate(4, 5)  # 回复率: 4 replied of 5 not returned
    assert r.satisfaction == Rate(3, 4)  # 满意率: (2 满意 + 1 基本满意) / 4 回访
    assert r.resolution == Rate(2, 3)  # 解决率: one callback left 'resolved' blank
    assert r.redo == Rate(1, 4)  # 重办率
    assert r.returned == Rate(1, 6)  # 退单率
    assert r.satisfaction.percent() == "75.00%"
    assert r.returned.percent(1) == "16.7%"
    assert list(by_unit) == ["住建局", "城管局", "民政局"]


def test_zero_denominators_are_none_not_zero() -> None:
    r = compute_rates([Sm("民政局", D)])
    assert r.volume == 1
    for rate in (r.on_time_sign, r.on_time_reply, r.satisfaction, r.resolution, r.redo):
        assert rate.denominator == 0 and rate.value is None and rate.percent() == "—"
    assert r.reply == Rate(0, 1) and r.reply.value == 0
    empty = compute_rates([])
    assert empty.volume == 0 and empty.returned.value is None


def test_ranking_puts_units_without_callbacks_last() -> None:
    by_unit = rates_by_unit(FIXTURE, start=date(2026, 10, 1), end=date(2026, 10, 31))
    ranking = rank_units(by_unit)
    assert [u for u, _ in ranking] == ["城管局", "住建局", "民政局"]
    assert ranking[0][1].value == 1 and ranking[1][1].value == Fraction(3, 4)
    assert next(u for u, _ in rank_units(by_unit, key="returned")) == "住建局"


@given(
    st.lists(
        st.builds(
            TicketSummary,
            unit=st.just("U"),
            on=st.just(D),
            signed_on_time=st.none() | st.booleans(),
            replied=st.booleans(),
            reply_on_time=st.none() | st.booleans(),
            satisfaction=st.none() | st.sampled_from(Satisfaction),
            resolved=st.none() | st.booleans(),
            redone=st.booleans(),
            returned=st.booleans(),
        ),
        max_size=40,
    )
)
def test_rates_stay_between_0_and_1(summaries: list[TicketSummary]) -> None:
    r: Rates = compute_rates(summaries)
    assert r.volume == len(summaries)
    for name in Rates.__slots__:
        rate = getattr(r, name)
        if isinstance(rate, Rate):
            assert 0 <= rate.numerator <= rate.denominator


def test_summary_from_clock() -> None:
    cal = WorkCalendar(HAND_ARRANGEMENTS)

    def at(m: int, d: int, h: int = 9) -> datetime:
        return datetime(2026, m, d, h, tzinfo=SHANGHAI)

    events = [
        Event(EventKind.ACCEPT, at(9, 30), category=Category.CONSULT),
        Event(EventKind.DISPATCH, at(9, 30), unit="住建局"),
    ]
    open_late = TicketSummary.from_clock(compute_clock(events, cal, now=at(10, 12)), now=at(10, 12))
    assert (open_late.signed_on_time, open_late.reply_on_time, open_late.replied) == (
        False,
        False,
        False,
    )
    fresh = TicketSummary.from_clock(compute_clock(events, cal, now=at(10, 8)), now=at(10, 8))
    assert (fresh.signed_on_time, fresh.reply_on_time, fresh.on) == (None, None, date(2026, 9, 30))
    done = [
        *events,
        Event(EventKind.SIGN, at(10, 8)),
        Event(EventKind.REPLY, at(10, 9)),
        Event(EventKind.ACCEPT_REPLY, at(10, 9, 10)),
        Event(EventKind.CALLBACK, at(10, 10), satisfaction=BASIC, resolved=True),
    ]
    s = TicketSummary.from_clock(compute_clock(done, cal, now=at(11, 1)), now=at(11, 1))
    assert s == TicketSummary("住建局", date(2026, 9, 30), True, True, True, BASIC, True)
    with pytest.raises(ValueError, match="未派单"):
        TicketSummary.from_clock(compute_clock(events[:1], cal, now=at(10, 1)), now=at(10, 1))
