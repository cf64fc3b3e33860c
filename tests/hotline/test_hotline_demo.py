"""The hotline demo (gongkai/hotline/demo.py): small scale builds with the issue's mix, stores
the flags the domain clock gives, and a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.db.models import Count

from gongkai.hotline import demo
from gongkai.hotline.domain.clocks import SHANGHAI, compute_clock
from gongkai.hotline.domain.states import State
from gongkai.hotline.models import KnowledgeEntry, Ticket, TicketEvent, TicketSequence
from gongkai.hotline.models_rates import ReturnedAssignment
from gongkai.units.demo import generate_units
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def small(db):
    with system_scope("test"):
        generate_units(scale="small", today=TODAY, stdout=io.StringIO())
        lines = demo.generate_hotline(scale="small", today=TODAY, stdout=io.StringIO())
        yield lines


def test_small_demo_has_the_issues_mix(small, system):
    assert "12345热线：工单" in small[0] and "派单建议模型已从" in small[0]
    from gongkai.hotline import routing_model

    model = routing_model.load_model()
    assert model is not None and model.trained_on == TODAY.isoformat() and model.docs
    from gongkai.hotline.models import TicketLink

    assert TicketLink.unscoped.count() == 5 and "关联工单 5 对" in small[0]
    n = Ticket.unscoped.count()
    assert 1_900 <= n <= 2_100
    kinds = Counter(dict(Ticket.unscoped.values_list("kind").annotate(c=Count("pk"))))
    assert 0.40 < kinds["consult"] / n < 0.50
    assert 0.20 < kinds["complaint"] / n < 0.30
    assert 0.11 < kinds["help"] / n < 0.19
    states = Counter(dict(Ticket.unscoped.values_list("state").annotate(c=Count("pk"))))
    assert states["closed"] / n > 0.8
    for open_state in ("dispatched", "handling", "awaiting_callback"):
        assert states[open_state] > 0, open_state
    closed = Ticket.unscoped.filter(state="closed").exclude(satisfaction="")
    satisfied = closed.filter(satisfaction="satisfied").count()
    assert satisfied / closed.count() > 0.6
    assert Ticket.unscoped.filter(reply_on_time=False).exists()  # some late
    assert Ticket.unscoped.filter(redo_count__gt=0).exists()
    assert Ticket.unscoped.filter(extension_count__gt=0).exists()
    returns = TicketEvent.unscoped.filter(kind="return").count()
    assert returns > 0 and ReturnedAssignment.unscoped.count() == returns
    # A few big units take most tickets.
    per_unit = sorted(
        Ticket.unscoped.filter(handling_unit__isnull=False)
        .values_list("handling_unit")
        .annotate(c=Count("pk"))
        .values_list("c", flat=True),
        reverse=True,
    )
    assert sum(per_unit[:8]) > 0.5 * sum(per_unit)
    assert KnowledgeEntry.unscoped.count() >= 5
    # The daily numbers continue after the demo's.
    last = Ticket.unscoped.order_by("-number").values_list("number", flat=True).first()
    day = dt.date(int(last[:4]), int(last[4:6]), int(last[6:8]))
    assert TicketSequence.objects.get(day=day).last_value == int(last[-4:])


def test_stored_flags_are_the_domain_clocks(small, system):
    calendar = get_calendar()
    tickets = Ticket.unscoped.filter(handling_unit__isnull=False).order_by("pk")[::40]
    assert len(tickets) > 30
    for ticket in tickets:
        events = [e.to_domain() for e in TicketEvent.unscoped.filter(ticket=ticket).order_by("pk")]
        now = dt.datetime.combine(TODAY, dt.time(18), tzinfo=SHANGHAI)
        clock = compute_clock(events, calendar, now=now, policy=ticket.clock_policy)
        assert ticket.state == clock.state
        assert ticket.sign_on_time == clock.signed_on_time
        assert ticket.reply_on_time == clock.reply_on_time
        assert ticket.reply_due == clock.reply_due
        assert ticket.redo_count == clock.redos
        assert (ticket.handling_unit.short_name) == clock.unit
        if clock.state is State.CLOSED:
            assert ticket.closed_at == clock.closed_at


def test_second_run_changes_nothing(small, system):
    before = Ticket.unscoped.count(), TicketEvent.unscoped.count()
    lines = demo.generate_hotline(scale="small", today=TODAY, stdout=io.StringIO())
    assert lines == ["12345热线：已有工单，未重复生成。"]
    assert (Ticket.unscoped.count(), TicketEvent.unscoped.count()) == before
