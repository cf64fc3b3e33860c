"""The hotline admin screens through the test client, with the personas (and bad input)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.hotline.domain.states import State
from gongkai.hotline.models import KnowledgeEntry, Ticket
from gongkai.hotline.views import admin as admin_views
from gongkai.units.scoping import system_scope
from tests.hotline.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(10, 8, 10)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(admin_views, "clock", lambda: (NOW.date(), NOW))


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def action_url(ticket, name: str) -> str:
    return reverse("hotline_admin_action", args=[ticket.pk, name])


def login(client, user):
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def denied(response) -> bool:
    """Wagtail answers PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def reload(ticket) -> Ticket:
    with system_scope("test"):
        return Ticket.unscoped.get(pk=ticket.pk)


INTAKE = {
    "content": "光明路路灯不亮，请维修。",
    "kind": "complaint",
    "channel": "phone",
    "caller_name": "张三",
    "caller_phone": "13812345678",
    "address": "城关镇光明路",
}


def test_citizen_is_sent_to_login(client):
    for name in ("hotline_admin_list", "hotline_admin_intake", "hotline_admin_knowledge"):
        response = client.get(url(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_intake_check_then_save(client, county, accept):
    earlier = accept(now=at(10, 6))
    login(client, county.operator)
    assert client.get(url("hotline_admin_intake")).status_code == 200
    response = client.post(url("hotline_admin_intake"), {**INTAKE, "action": "check"})
    assert response.status_code == 200
    assert earlier.number in text(response)  # same phone within 30 days
    with system_scope("test"):
        assert Ticket.unscoped.count() == 1
    response = client.post(url("hotline_admin_intake"), {**INTAKE, "action": "save"})
    with system_scope("test"):
        ticket = Ticket.unscoped.exclude(pk=earlier.pk).get()
    assert response.status_code == 302 and response["Location"] == url(
        "hotline_admin_ticket", ticket.pk
    )
    assert ticket.number == "20261008-0001" and ticket.caller_phone == "13812345678"


@pytest.mark.parametrize(
    "bad",
    [
        {"content": ""},
        {"kind": "gossip"},
        {"lat": "31.5"},
        {"lat": "91", "lon": "116"},
        {"anonymous": "on"},
    ],
)
def test_intake_bad_input_shows_an_error_and_saves_nothing(client, county, bad):
    login(client, county.operator)
    response = client.post(url("hotline_admin_intake"), {**INTAKE, **bad, "action": "save"})
    assert response.status_code == 200
    assert "error" in text(response) or "help-critical" in text(response)
    with system_scope("test"):
        assert not Ticket.unscoped.exists()


def test_only_the_centre_has_the_intake_screen(client, county):
    for persona in ("township_editor", "county_admin", "observer"):
        login(client, getattr(county, persona))
        assert denied(client.get(url("hotline_admin_intake")))


def test_the_ticket_through_its_screens(client, county, accept):
    ticket = accept(now=at(9, 29))
    # Operator dispatches.
    login(client, county.operator)
    page = text(client.get(url("hotline_admin_ticket", ticket.pk)))
    assert "派单" in page and "签收" not in page.split("办理过程")[0].split("办理</h2>")[-1]
    response = client.post(
        action_url(ticket, "dispatch"),
        {"unit": county.chengguan.pk, "assists": [county.fgw.pk], "note": ""},
    )
    assert response.status_code == 302
    assert reload(ticket).state == State.DISPATCHED
    # 河口镇 sees nothing and cannot act.
    login(client, county.other_reviewer)
    assert client.get(url("hotline_admin_ticket", ticket.pk)).status_code == 404
    assert client.post(action_url(ticket, "sign"), {}).status_code == 404
    # 城关镇's editor signs (dispatched and signed on 10-08: on time) and drafts the reply.
    login(client, county.township_editor)
    assert ticket.number in text(client.get(url("hotline_admin_unit") + "?tab=to_sign"))
    client.post(action_url(ticket, "sign"), {})
    assert reload(ticket).sign_on_time is True
    assert reload(ticket).sign_due == at(10, 9, 17, 30)
    # Bad input: an empty reason for 退单 changes nothing.
    response = client.post(action_url(ticket, "return"), {"reason": ""}, follow=True)
    assert "退单未完成" in text(response) and reload(ticket).state == State.HANDLING
    client.post(action_url(ticket, "submit_reply"), {"text": "已修复。"})
    assert ticket.number in text(client.get(url("hotline_admin_unit") + "?tab=to_approve"))
    # The editor cannot approve; the leader can.
    response = client.post(action_url(ticket, "approve_reply"), {"text": ""}, follow=True)
    assert "未完成" in text(response) and reload(ticket).state == State.HANDLING
    login(client, county.township_leader)
    client.post(action_url(ticket, "approve_reply"), {"text": ""})
    assert reload(ticket).state == State.REPLIED
    # The centre checks, calls back: satisfied → closed.
    login(client, county.operator)
    response = client.post(
        action_url(ticket, "check_reply"), {"accept": "no", "reason": ""}, follow=True
    )
    assert "退回须说明" in text(response) and reload(ticket).state == State.REPLIED
    client.post(action_url(ticket, "check_reply"), {"accept": "yes", "reason": ""})
    client.post(
        action_url(ticket, "callback"),
        {"satisfaction": "basically_satisfied", "resolved": "yes", "note": ""},
    )
    ticket = reload(ticket)
    assert ticket.state == State.CLOSED and ticket.satisfaction == "basically_satisfied"
    page = text(client.get(url("hotline_admin_ticket", ticket.pk)))
    assert "基本满意" in page and "办理过程" in page


def test_county_office_supervises_from_the_list(client, county, dispatched, monkeypatch):
    late = at(10, 19, 10)  # sign-for due 09-30; 5+ working days late
    monkeypatch.setattr(admin_views, "clock", lambda: (late.date(), late))
    login(client, county.county_admin)
    page = text(client.get(url("hotline_admin_list") + "?overdue=1"))
    assert dispatched.number in page
    client.post(action_url(dispatched, "supervise"), {"note": "请今日内签收"})
    assert reload(dispatched).supervise_count == 1
    # The operator is not offered 督办, and a forged POST is refused.
    login(client, county.operator)
    response = client.post(action_url(dispatched, "supervise"), {"note": ""}, follow=True)
    assert "只有县政务公开办可以督办" in text(response)


def test_worklist_filters_and_bad_params(client, county, dispatched):
    login(client, county.operator)
    for query in (
        "?state=dispatched",
        "?unit=99999999999999999999",
        "?p=x",
        "?kind=bad",
        "?q=2026",
    ):
        response = client.get(url("hotline_admin_list") + query)
        assert response.status_code == 200
    assert dispatched.number in text(client.get(url("hotline_admin_list") + "?state=dispatched"))
    assert dispatched.number not in text(client.get(url("hotline_admin_list") + "?state=closed"))


def test_knowledge_base_screens(client, county):
    login(client, county.township_editor)
    response = client.post(
        url("hotline_admin_knowledge_new"),
        {
            "unit": county.chengguan.pk,
            "question": "路灯报修",
            "answer": "拨打城管中队电话",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    with system_scope("test"):
        entry = KnowledgeEntry.unscoped.get()
    assert entry.updated_by == county.township_editor
    # Another township cannot pick 城关镇 nor open its entry.
    login(client, county.other_reviewer)
    response = client.post(
        url("hotline_admin_knowledge_new"),
        {"unit": county.chengguan.pk, "question": "x", "answer": "y", "is_active": "on"},
    )
    assert response.status_code == 200 and "unit" in text(response)
    assert denied(client.get(url("hotline_admin_knowledge_edit", entry.pk)))
    # The centre sees every unit's entries and the stale flag.
    login(client, county.operator)
    page = text(client.get(url("hotline_admin_knowledge")))
    assert "路灯报修" in page
    with system_scope("test"):
        KnowledgeEntry.unscoped.filter(pk=entry.pk).update(valid_until=dt.date(2026, 10, 1))
    assert "待更新" in text(client.get(url("hotline_admin_knowledge")))


def test_menu_shows_the_hotline_to_operators(client, county):
    login(client, county.operator)
    page = text(client.get(reverse("wagtailadmin_home")))
    assert url("hotline_admin_intake") in page, page.count("hotline")
