"""关联工单: the centre links tickets about the same matter; both carry on; readers see only the
linked tickets in their scope; every change is logged on both tickets and audited."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.hotline import links, services
from gongkai.hotline.domain.states import State
from gongkai.hotline.models import TicketEvent, TicketLink
from gongkai.hotline.services import HotlineError
from gongkai.units.errors import NotAllowed
from gongkai.units.scoping import activate, system_scope
from gongkai.units.selectors import scope_for
from tests.hotline.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(county, accept, dispatched):
    """城关镇 holds the first ticket; a later call about the same lamp went to 河口镇."""
    later = accept(now=at(10, 9), content="光明路路灯又坏了，上次反映后修好没几天")
    services.dispatch(later, unit=county.hekou, by=county.operator, now=at(10, 9, 9, 30))
    return dispatched, later


def test_the_centre_links_and_both_tickets_carry_on(county, pair, system):
    first, later = pair
    link = links.link_tickets(
        later,
        number=f" {first.number} ",
        note="同一路灯再次反映",
        by=county.operator,
        now=at(10, 9, 10),
    )
    assert (link.ticket_id, link.related_id) == (first.pk, later.pk)  # lower id first
    for ticket, other in ((first, later), (later, first)):
        event = TicketEvent.unscoped.get(ticket=ticket, kind="link")
        assert event.payload == {"number": other.number} and event.note == "同一路灯再次反映"
    entry = AuditEntry.objects.get(action="hotline.link")
    assert entry.after == {"related": first.number, "note": "同一路灯再次反映"}
    first.refresh_from_db()
    later.refresh_from_db()
    assert first.state == later.state == State.DISPATCHED  # not a merge
    rows, hidden = links.related_of(first)
    assert [r.ticket for r in rows] == [later] and hidden == 0


@pytest.mark.parametrize(
    ("number", "note", "message"),
    [
        ("", "", "请填写"),
        ("20990101-0001", "", "没有编号为"),
        ("SELF", "", "自身"),
        ("OTHER", "长" * 201, "不能超过200字"),
    ],
)
def test_bad_links_are_refused_and_change_nothing(county, pair, number, note, message, system):
    first, later = pair
    number = {"SELF": later.number, "OTHER": first.number}.get(number, number)
    with pytest.raises(HotlineError, match=message):
        links.link_tickets(later, number=number, note=note, by=county.operator, now=at(10, 9))
    assert not TicketLink.unscoped.exists()
    assert not TicketEvent.unscoped.filter(kind="link").exists()


def test_a_pair_is_linked_once_in_either_direction(county, pair, system):
    first, later = pair
    links.link_tickets(later, number=first.number, by=county.operator, now=at(10, 9))
    with pytest.raises(HotlineError, match="已与本工单关联"):
        links.link_tickets(first, number=later.number, by=county.operator, now=at(10, 9))
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says so too
        TicketLink.unscoped.create(
            ticket=later, related=first, created_by=county.operator, created_at=at(10, 9)
        )


def test_only_the_centre_links_and_unlinks(county, pair, system):
    first, later = pair
    with pytest.raises(NotAllowed):
        links.link_tickets(first, number=later.number, by=county.township_editor, now=at(10, 9))
    links.link_tickets(first, number=later.number, by=county.operator, now=at(10, 9))
    with pytest.raises(NotAllowed):
        links.unlink_tickets(first, number=later.number, by=county.county_admin, now=at(10, 9))
    assert TicketLink.unscoped.count() == 1


def test_unlink(county, pair, system):
    first, later = pair
    with pytest.raises(HotlineError, match="未与本工单关联"):
        links.unlink_tickets(first, number=later.number, by=county.operator, now=at(10, 9))
    links.link_tickets(first, number=later.number, note="误关联", by=county.operator, now=at(10, 9))
    links.unlink_tickets(later, number=first.number, by=county.operator, now=at(10, 9, 11))
    assert not TicketLink.unscoped.exists() and not links.has_links(first)
    assert TicketEvent.unscoped.filter(kind="unlink").count() == 2
    assert AuditEntry.objects.get(action="hotline.unlink").before["note"] == "误关联"


def test_readers_see_only_linked_tickets_in_their_scope(county, pair):
    first, later = pair
    with system_scope("test"):
        links.link_tickets(first, number=later.number, by=county.operator, now=at(10, 9))
    with activate(scope_for(county.township_editor)):  # 城关镇 holds only the first
        rows, hidden = links.related_of(first)
    assert rows == [] and hidden == 1


def test_the_ticket_page_links(client, county, pair):
    first, later = pair
    client.force_login(county.operator)
    page = client.get(reverse("hotline_admin_ticket", args=[later.pk])).content.decode()
    assert "关联工单编号" in page and "取消关联" not in page
    response = client.post(
        reverse("hotline_admin_action", args=[later.pk, "link"]),
        {"number": first.number, "note": "同一路灯"},
    )
    assert response.status_code == 302
    page = client.get(reverse("hotline_admin_ticket", args=[later.pk])).content.decode()
    assert first.number in page and "同一路灯" in page and "取消关联" in page
    # Bad input: a clear message, nothing written.
    response = client.post(
        reverse("hotline_admin_action", args=[later.pk, "link"]), {"number": "nope"}, follow=True
    )
    assert "没有编号为 nope 的工单" in response.content.decode()
    with system_scope("test"):
        assert TicketLink.unscoped.count() == 1
