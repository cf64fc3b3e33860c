"""时限设置 (/admin/hotline/settings/): the county office edits the clock limits, nobody else."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.hotline import wagtail_hooks
from gongkai.hotline.models import ClockSetting
from gongkai.hotline.views import settings as settings_views
from gongkai.units.scoping import system_scope
from tests.hotline.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(10, 8, 10)
LIST = reverse("hotline_admin_settings")
VALID = {
    "sign_workdays": "1",
    "sign_hours": "0",
    "reply_workdays": "7",
    "reply_hours": "0",
    "callback_workdays": "2",
    "callback_hours": "0",
    "reason": "县政府办通知缩短投诉办理时限",
}


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(settings_views, "clock", lambda: NOW)


@pytest.fixture
def complaint():
    return ClockSetting.objects.get(kind="complaint", urgent=False)


def edit_url(setting) -> str:
    return reverse("hotline_admin_settings_edit", args=[setting.pk])


def denied(response) -> bool:
    """Wagtail answers PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def limits(setting) -> tuple[int, ...]:
    setting.refresh_from_db()
    return tuple(getattr(setting, name) for name, _, _ in settings_views.LIMIT_FIELDS)


def audit_count() -> int:
    with system_scope("test assertions"):
        return AuditEntry.objects.filter(action="hotline.clock_setting").count()


def test_county_admin_lists_every_row_with_units(client, county, complaint):
    client.force_login(county.county_admin)
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert ClockSetting.objects.count() >= 2
    for setting in ClockSetting.objects.all():
        assert edit_url(setting) in page
    assert "投诉" in page and "紧急" in page
    assert "个工作日" in page and "小时" in page  # the units of the limits


def test_county_admin_edits_a_row_and_it_is_audited(client, county, complaint):
    client.force_login(county.county_admin)
    assert client.get(edit_url(complaint)).status_code == 200
    response = client.post(edit_url(complaint), VALID, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "已保存" in response.content.decode()
    assert limits(complaint) == (1, 0, 7, 0, 2, 0)
    assert complaint.updated_by == county.county_admin and complaint.updated_at == NOW
    with system_scope("test assertions"):
        entry = AuditEntry.objects.get(action="hotline.clock_setting")
    assert entry.reason == VALID["reason"]
    assert "7个工作日" in response.content.decode()


@pytest.mark.parametrize("persona", ["operator", "township_editor", "township_leader"])
def test_others_are_refused_and_nothing_changes(client, county, complaint, persona):
    before = limits(complaint)
    client.force_login(getattr(county, persona))
    assert denied(client.get(LIST))
    assert denied(client.get(edit_url(complaint)))
    assert denied(client.post(edit_url(complaint), VALID))
    assert limits(complaint) == before and audit_count() == 0


def test_anonymous_is_sent_to_login(client, complaint):
    response = client.get(LIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reply_workdays", "-1", "时限不能为负数"),
        ("reply_workdays", "91", "不能超过 90"),
        ("sign_hours", "73", "不能超过 72"),
        ("callback_workdays", "两天", "请填写整数"),
        ("sign_workdays", "", "请填写时限"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(
    client, county, complaint, field, value, message
):
    before = limits(complaint)
    client.force_login(county.county_admin)
    response = client.post(edit_url(complaint), {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert limits(complaint) == before and audit_count() == 0


def test_a_refusal_of_the_service_is_shown_and_nothing_is_written(
    client, county, complaint, monkeypatch
):
    from gongkai.hotline.services import HotlineError

    def refuse(setting, **kwargs):
        setting.reply_workdays = 3  # as the real service does before it checks the bounds
        raise HotlineError("按小时计的时限过长，请改按工作日计")

    monkeypatch.setattr(settings_views.knowledge, "update_clock_setting", refuse)
    before = limits(complaint)
    client.force_login(county.county_admin)
    response = client.post(edit_url(complaint), VALID)
    assert response.status_code == 200
    assert "按小时计的时限过长" in response.content.decode()
    assert limits(complaint) == before and audit_count() == 0


def test_unknown_row_is_404(client, county):
    client.force_login(county.county_admin)
    assert client.get(reverse("hotline_admin_settings_edit", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("county_admin", True), ("operator", False), ("township_editor", False)],
)
def test_menu_item_only_for_the_county_office(county, persona, shown):
    menu = wagtail_hooks.hotline_menu_item().menu
    item = next(i for i in menu.initial_menu_items if i.label == "时限设置")
    request = RequestFactory().get("/admin/")
    request.user = getattr(county, persona)
    assert item.is_shown(request) is shown
