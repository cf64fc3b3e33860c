"""The hotline rates from the database (gongkai/hotline/rates.py): a hand-computed fixture driven
through the services, SQL aggregation == the domain's compute_rates on generated tickets,
report periods, and who sees which units (docs/hotline-metrics.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.hotline import demo, rates, services
from gongkai.hotline.domain.clocks import SHANGHAI, compute_clock
from gongkai.hotline.domain.metrics import (
    Rate,
    RateCounts,
    TicketSummary,
    compute_rates,
    rates_by_unit,
    rates_from_counts,
    returned_summary,
)
from gongkai.hotline.domain.periods import PeriodError, custom, named_period
from gongkai.hotline.domain.states import EventKind, Satisfaction, State
from gongkai.hotline.models import Ticket, TicketEvent
from gongkai.hotline.models_rates import ReturnedAssignment
from gongkai.hotline.views import rates as rates_views
from gongkai.units import demo_data
from gongkai.units.models import Unit, UnitKind, User
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar
from tests.hotline.conftest import at
from tests.personas import make_unit

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI)
SEPTEMBER = custom(dt.date(2026, 9, 1), dt.date(2026, 9, 30))

# ------------------------------------------------------------------ pure: counts and periods


def _counts(summaries: list[TicketSummary]) -> RateCounts:
    """The counts the SQL sums, clause by clause, over summaries (for the property below)."""
    c = RateCounts()
    for s in summaries:
        kept = not s.returned
        replied = kept and s.replied
        called = s.satisfaction is not None
        c += RateCounts(
            volume=1,
            sign_ok=s.signed_on_time is True,
            sign_decided=s.signed_on_time is not None,
            reply_ok=s.reply_on_time is True,
            reply_decided=s.reply_on_time is not None,
            replied=replied,
            kept=kept,
            callbacks=called,
            satisfied=s.satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED),
            resolved=called and s.resolved is True,
            resolution_answered=called and s.resolved is not None,
            redone=replied and s.redone,
            returned=s.returned,
        )
    return c


summary = st.builds(
    TicketSummary,
    unit=st.sampled_from(["a", "b"]),
    on=st.just(dt.date(2026, 10, 12)),
    signed_on_time=st.none() | st.booleans(),
    replied=st.booleans(),
    reply_on_time=st.none() | st.booleans(),
    satisfaction=st.none() | st.sampled_from(list(Satisfaction)),
    resolved=st.none() | st.booleans(),
    redone=st.booleans(),
    returned=st.booleans(),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(summary, max_size=40))
def test_rates_from_counts_equals_compute_rates(summaries):
    assert rates_from_counts(_counts(summaries)) == compute_rates(summaries)


def test_rates_without_denominator_are_dashes():
    rates_ = rates_from_counts(RateCounts())
    assert rates_.volume == 0
    assert rates_.satisfaction == Rate(0, 0) and rates_.satisfaction.percent() == "—"


@pytest.mark.parametrize(
    ("signed", "sign_due", "expected"),
    [
        (True, dt.datetime(2026, 9, 30, 17, 30, tzinfo=SHANGHAI), True),
        (False, dt.datetime(2026, 9, 30, 17, 30, tzinfo=SHANGHAI), False),
        (None, dt.datetime(2026, 11, 27, 17, 30, tzinfo=SHANGHAI), None),  # not yet due
        (None, dt.datetime(2026, 9, 30, 17, 30, tzinfo=SHANGHAI), False),  # passed unsigned
    ],
)
def test_returned_summary(signed, sign_due, expected):
    # 2026-09-29 23:30 UTC is already 30 September in Shanghai: the period is the local day.
    dispatched = dt.datetime(2026, 9, 29, 23, 30, tzinfo=dt.UTC)
    s = returned_summary(
        unit="x", dispatched_at=dispatched, sign_due=sign_due, signed_on_time=signed, now=NOW
    )
    assert s.on == dt.date(2026, 9, 30)
    assert s.signed_on_time is expected
    assert s.returned and not s.replied and s.satisfaction is None


@pytest.mark.parametrize(
    ("name", "today", "start", "end"),
    [
        ("week", dt.date(2026, 11, 26), dt.date(2026, 11, 23), dt.date(2026, 11, 29)),
        ("month", dt.date(2026, 11, 26), dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
        ("last_month", dt.date(2026, 1, 5), dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
        ("quarter", dt.date(2026, 11, 26), dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("quarter", dt.date(2026, 2, 28), dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("year", dt.date(2026, 11, 26), dt.date(2025, 12, 1), dt.date(2026, 11, 26)),
    ],
)
def test_named_periods(name, today, start, end):
    period = named_period(name, today=today)
    assert (period.start, period.end) == (start, end)


def test_bad_periods_are_refused_in_chinese():
    with pytest.raises(PeriodError, match="结束日期不能早于开始日期"):
        custom(dt.date(2026, 10, 2), dt.date(2026, 10, 1))
    with pytest.raises(PeriodError, match="须填写开始和结束日期"):
        named_period("custom", today=dt.date(2026, 10, 1))
    with pytest.raises(PeriodError):
        named_period("decade", today=dt.date(2026, 10, 1))


# ------------------------------------------------------------------ hand-computed fixture


@pytest.fixture
def september(county, accept):
    """Three tickets dispatched on Tuesday 2026-09-29 (reply limit 10 working days, sign-for 1):

    A → 城关镇: signed 10:00, reply approved 10-09, accepted, callback 满意 and resolved (closed).
    B → 城关镇, returned unsigned at 11:00, re-dispatched 14:00 to 河口镇, signed late on 10-09.
    C → 城关镇: never signed (sign-for and reply deadlines passed by 11-26).
    """
    op, cg_staff, cg_leader = county.operator, county.township_editor, county.township_leader
    a = accept()
    services.dispatch(a, unit=county.chengguan, by=op, now=at(9, 29, 9, 10))
    services.sign(a, by=cg_staff, now=at(9, 29, 10))
    services.submit_reply(a, text="已修复路灯。", by=cg_staff, now=at(10, 9, 9))
    services.approve_reply(a, by=cg_leader, now=at(10, 9, 10))
    services.check_reply(a, accept=True, by=op, now=at(10, 9, 11))
    services.record_callback(a, satisfaction="satisfied", resolved=True, by=op, now=at(10, 9, 15))
    b = accept(content="河口镇某村道路破损。", address="河口镇")
    services.dispatch(b, unit=county.chengguan, by=op, now=at(9, 29, 9, 20))
    services.return_ticket(b, reason="不属于城关镇辖区", by=cg_staff, now=at(9, 29, 11))
    services.redispatch(b, unit=county.hekou, by=op, now=at(9, 29, 14))
    services.sign(b, by=county.other_reviewer, now=at(10, 9, 9))
    c = accept(content="城关镇某小区噪声扰民。")
    services.dispatch(c, unit=county.chengguan, by=op, now=at(9, 29, 9, 30))
    return a, b, c


def test_return_keeps_the_returning_units_assignment(county, september, system):
    _, b, _ = september
    (kept,) = ReturnedAssignment.unscoped.filter(ticket=b)
    assert kept.unit == county.chengguan
    assert kept.dispatched_at == at(9, 29, 9, 20) and kept.signed_at is None
    assert kept.sign_on_time is None and kept.returned_at == at(9, 29, 11)
    assert kept.sign_due == at(9, 30, 17, 30)
    assert Ticket.unscoped.get(pk=b.pk).handling_unit == county.hekou


def test_hand_computed_rates(county, september, system):
    table = rates.rates_table(user=county.county_admin, period=SEPTEMBER, now=NOW)
    rows = {row.code: row.rates for row in table.rows}
    cg, hk = rows["chengguan"], rows["hekou"]
    # 城关镇: A, B (returned), C.
    assert cg.volume == 3
    assert cg.on_time_sign == Rate(1, 3)  # A on time; B returned unsigned and C: passed
    assert cg.on_time_reply == Rate(1, 2)  # A on time; C overdue; B has no reply of 城关镇
    assert cg.reply == Rate(1, 2)
    assert cg.satisfaction == Rate(1, 1) and cg.resolution == Rate(1, 1)
    assert cg.redo == Rate(0, 1) and cg.returned == Rate(1, 3)
    # 河口镇: B after re-dispatch, signed late, reply overdue.
    assert hk.volume == 1 and hk.on_time_sign == Rate(0, 1)
    assert hk.on_time_reply == Rate(0, 1) and hk.reply == Rate(0, 1)
    assert hk.satisfaction == Rate(0, 0) and hk.returned == Rate(0, 1)
    assert table.county_wide and table.total.name == "全县合计"
    assert table.total.rates.volume == 4 and table.total.rates.on_time_sign == Rate(1, 4)
    assert table.total.rates.on_time_reply == Rate(1, 3)
    # Ranking by 按时办结率: 城关镇 50 % before 河口镇 0 %.
    places = [(place, row.code) for place, row, _ in table.ranking("on_time_reply")]
    assert places[:2] == [(1, "chengguan"), (2, "hekou")]
    # October has none of these dispatches.
    october = custom(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert rates.unit_counts(start=october.start, end=october.end, now=NOW) == {}


def test_before_the_deadline_nothing_is_decided(county, september, system):
    early = at(9, 29, 16)  # all three dispatched, none overdue yet
    counts = rates.unit_counts(start=SEPTEMBER.start, end=SEPTEMBER.end, now=early)
    cg = rates_from_counts(counts[county.chengguan.pk])
    assert cg.on_time_sign == Rate(1, 1)  # only A's signing is decided
    assert cg.on_time_reply == Rate(1, 1)  # A's reply (at 10-09) counts even if "now" is earlier


# ------------------------------------------------------------------ SQL == domain on generated


def demo_units(county) -> None:
    """The demo's departments, enterprises and townships next to the personas' units."""
    existing = set(Unit.unscoped.values_list("code", flat=True))
    rows = [(f, s, c, UnitKind.DEPARTMENT) for f, s, c in demo_data.DEPARTMENTS]
    rows += [(f, s, c, UnitKind.PUBLIC_ENTERPRISE) for f, s, c, _ in demo_data.PUBLIC_ENTERPRISES]
    rows += [
        (f"霍邱县{t}人民政府", t, c, UnitKind.TOWNSHIP) for t, c in demo_data.TOWNSHIP_CODES.items()
    ]
    for seq, (full, short, code, kind) in enumerate(rows, start=100):
        if code not in existing:
            make_unit(full, short, code, kind, county.government, seq)


def _replayed(now: dt.datetime) -> list[TicketSummary]:
    """The summaries of every assignment, replayed from the event log with the domain clock
    (independent of the flags stored on the ticket)."""
    ids = {u.short_name: str(u.pk) for u in Unit.unscoped.all()}
    calendar = get_calendar()
    by_ticket: dict[int, list] = {}
    for event in TicketEvent.unscoped.order_by("pk"):
        if event.is_clock_event:
            e = event.to_domain()
            by_ticket.setdefault(event.ticket_id, []).append(
                replace(e, at=e.at.astimezone(SHANGHAI))
            )
    out = []
    for ticket in Ticket.unscoped.filter(handling_unit__isnull=False):
        events, policy = by_ticket[ticket.pk], ticket.clock_policy
        for i, event in enumerate(events):
            if event.kind is EventKind.RETURN:
                clock = compute_clock(events[: i + 1], calendar, now=now, policy=policy)
                out.append(replace(TicketSummary.from_clock(clock, now=now), unit=ids[clock.unit]))
        clock = compute_clock(events, calendar, now=now, policy=policy)
        if clock.state is not State.RETURNED:
            out.append(replace(TicketSummary.from_clock(clock, now=now), unit=ids[clock.unit]))
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_sql_aggregation_equals_compute_rates_on_generated_tickets(county, system, seed):
    demo_units(county)
    now = dt.datetime(2026, 11, 20, 16, 0, tzinfo=SHANGHAI)
    totals = demo.build(n=400, days=75, now=now, seed=seed, hot_spot=5)
    assert totals["tickets"] > 300 and totals["returned"] > 0
    summaries = _replayed(now)
    for start, end in [
        (dt.date(2026, 9, 1), dt.date(2026, 11, 20)),
        (dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        (dt.date(2026, 11, 16), dt.date(2026, 11, 20)),  # many still open
    ]:
        expected = rates_by_unit(summaries, start=start, end=end)
        counts = rates.unit_counts(start=start, end=end, now=now)
        actual = {str(unit): rates_from_counts(c) for unit, c in sorted(counts.items())}
        assert actual == expected
        assert expected  # the period is not empty
    months = [dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    trend = rates.monthly_trend(user=county.county_admin, months=months, now=now)
    october = [s for s in summaries if dt.date(2026, 10, 1) <= s.on <= dt.date(2026, 10, 31)]
    assert trend[1] == (months[1], compute_rates(october))


# ------------------------------------------------------------------ scoping and the pages


def test_units_see_their_own_rates_the_centre_and_county_see_all(county, september, system):
    def codes(user):
        table = rates.rates_table(user=user, period=SEPTEMBER, now=NOW)
        return {row.code for row in table.rows}, table.county_wide

    assert codes(county.county_admin) == ({"chengguan", "hekou"}, True)
    assert codes(county.operator) == ({"chengguan", "hekou"}, True)
    assert codes(county.observer)[1] is True
    cg, wide = codes(county.township_editor)
    assert "chengguan" in cg and "hekou" not in cg and not wide
    assert codes(county.other_reviewer) == ({"hekou"}, False)
    assert "chengguan" not in codes(county.dept_reviewer)[0]


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setattr(rates_views, "clock", lambda: (NOW.date(), NOW))


def test_rates_page(client, county, september, pinned):
    client.force_login(county.township_editor)
    url = reverse("hotline_rates")
    page = client.get(url, {"period": "custom", "start": "2026-09-01", "end": "2026-09-30"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "城关镇" in html and "河口镇" not in html
    assert "33.33%" in html  # 按时签收率 1/3
    assert "满意率" in html
    assert "回访结果为“满意”或“基本满意”的件数 ÷ 回访件数" in html
    client.force_login(county.county_admin)
    page = client.get(
        url, {"period": "custom", "start": "2026-09-01", "end": "2026-09-30", "rank": "returned"}
    )
    assert "河口镇" in page.content.decode() and "排名：退单率" in page.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "custom", "start": "2026-09-01"}, "自定义区间须填写开始和结束日期"),
        (
            {"period": "custom", "start": "2026-09-30", "end": "2026-09-01"},
            "结束日期不能早于开始日期",
        ),
        ({"period": "custom", "start": "2026-13-01", "end": "2026-09-01"}, "开始日期"),
        ({"rank": "bogus"}, "排名依据"),
    ],
)
def test_rates_page_bad_input(client, county, pinned, query, message):
    client.force_login(county.county_admin)
    page = client.get(reverse("hotline_rates"), query)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert "2026年11月" in page.content.decode()  # falls back to this month


def test_rates_page_needs_a_unit(client, db):
    nobody = User.objects.create_user(username="nobody", password="x", is_staff=True)
    client.force_login(nobody)
    page = client.get(reverse("hotline_rates"))
    assert page.status_code in (302, 403)
    assert not rates.can_view_rates(nobody)


def test_hot_spots_of_the_week(county, accept, system):
    for i in range(5):
        accept(now=at(11, 24, 9 + i), address="城关镇锦绣花园")
    accept(now=at(11, 24, 15), address="河口镇")
    with system_scope("test"):
        spots = rates.hot_spots_between(
            user=county.county_admin, since=at(11, 23, 0), until=at(11, 26, 12)
        )
        topics = rates.hot_spots_between(
            user=county.county_admin, since=at(11, 23, 0), until=at(11, 26, 12), by="topic"
        )
    assert spots == [("城关镇锦绣花园", 5)]
    assert topics == []  # no 诉求分类 given at intake


@pytest.mark.django_db
def test_rates_cover_index_is_the_declared_composite_index():
    """Declared in Ticket.Meta (no longer raw SQL); the same key columns on every vendor."""
    from django.db import connection

    from gongkai.hotline.models import RATES_COLUMNS

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Ticket._meta.db_table)
    index = constraints["hl_rates_cover"]
    assert index["index"] and not index["unique"]
    expected = [Ticket._meta.get_field(name).column for name in RATES_COLUMNS]
    assert index["columns"] == expected and expected[0] == "dispatched_at"
    assert "hl_rates_cover" in {i.name for i in Ticket._meta.indexes}
