"""The permission matrix over HTTP: each persona, each admin page, URL guessing included."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.units.models import Membership
from gongkai.units.scoping import system_scope


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_citizens_are_sent_to_the_login_page(county):
    response = Client().get("/admin/units/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_admin_is_in_simplified_chinese_with_the_users_units(county):
    response = client_for(county.township_editor).get("/admin/")
    html = response.content.decode()
    assert '<html lang="zh-hans"' in html
    assert "我的单位" in html and "城关镇" in html and "河口镇" not in html
    assert "期限计算器" in html


@pytest.mark.parametrize(
    ("persona", "sees", "does_not_see"),
    [
        ("township_editor", ["城关镇", "大同村"], ["河口镇", "县发改委"]),
        ("other_reviewer", ["河口镇"], ["城关镇", "大同村"]),
        ("dept_reviewer", ["县发改委"], ["城关镇", "河口镇"]),
        ("county_admin", ["城关镇", "河口镇", "县发改委"], []),
        ("observer", ["城关镇", "河口镇", "县发改委"], []),
    ],
)
def test_unit_listing_shows_only_the_personas_units(county, persona, sees, does_not_see):
    html = client_for(getattr(county, persona)).get("/admin/units/").content.decode()
    for name in sees:
        assert name in html
    for name in does_not_see:
        assert name not in html


def test_guessing_another_units_urls_gives_404(county):
    client = client_for(county.other_reviewer)
    chengguan = county.chengguan.pk
    assert client.get(f"/admin/units/{chengguan}/roster/").status_code == 404
    assert client.get(f"/admin/units/edit/{chengguan}/").status_code in {302, 403, 404}
    with system_scope("test"):
        membership = Membership.objects.get(user=county.township_editor)
    response = client.post(f"/admin/roster/{membership.pk}/end/", {"reason": "x"})
    assert response.status_code in {302, 403}
    with system_scope("test"):
        membership.refresh_from_db()
    assert membership.ended_on is None


@pytest.mark.parametrize("persona", ["township_editor", "dept_reviewer", "operator", "observer"])
def test_only_the_county_office_reaches_staff_management(county, persona):
    client = client_for(getattr(county, persona))
    for url in ["/admin/staff/new/", f"/admin/staff/{county.township_editor.pk}/handover/"]:
        response = client.get(url)
        assert response.status_code in {302, 403}, url
    response = client.post(
        f"/admin/staff/{county.township_editor.pk}/handover/",
        {"successor": county.other_reviewer.pk, "reason": "调离"},
    )
    assert response.status_code in {302, 403}
    with system_scope("test"):
        assert Membership.objects.get(user=county.township_editor).ended_on is None


def test_county_admin_hands_over_through_the_ui(county):
    client = client_for(county.county_admin)
    page = client.get(f"/admin/staff/{county.township_editor.pk}/handover/").content.decode()
    assert "城关镇：经办人" in page
    response = client.post(
        f"/admin/staff/{county.township_editor.pk}/handover/",
        {"successor": county.township_reviewer.pk, "reason": "调离", "deactivate_leaver": "on"},
    )
    assert response.status_code == 302
    county.township_editor.refresh_from_db()
    assert not county.township_editor.is_active


def test_county_admin_grants_a_role_in_the_roster(county):
    client = client_for(county.county_admin)
    response = client.post(
        f"/admin/units/{county.hekou.pk}/roster/grant/",
        {"user": county.township_editor.pk, "role": "observer"},
    )
    assert response.status_code == 302
    roster = client.get(f"/admin/units/{county.hekou.pk}/roster/").content.decode()
    assert "李经办" in roster and "领导（只读）" in roster


def test_county_admin_edits_a_unit_through_the_service(county):
    client = client_for(county.county_admin)
    form = client.get(f"/admin/units/edit/{county.hekou.pk}/")
    assert form.status_code == 200
    response = client.post(
        f"/admin/units/edit/{county.hekou.pk}/",
        {
            "parent": county.government.pk,
            "kind": "township",
            "sector": "",
            "name": "霍邱县河口镇人民政府",
            "short_name": "河口镇",
            "code": "hekou",
            "credit_code": county.hekou.credit_code,
            "org_code": "",
            "address": "霍邱县河口镇",
            "postcode": "237400",
            "phone": "0564-6000001",
            "sort_order": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with system_scope("test"):
        from gongkai.audit.models import AuditEntry

        entry = AuditEntry.objects.get(action="units.unit.update")
    assert entry.after == {"address": "霍邱县河口镇", "postcode": "237400", "phone": "0564-6000001"}


def test_audit_log_is_read_only_in_the_admin(county):
    client = client_for(county.county_admin)
    assert client.get("/admin/audit/").status_code == 200
    assert client.get("/admin/audit/new/").status_code in {302, 403}
    assert client.get("/admin/audit/?export=xlsx").status_code == 200
    assert client_for(county.township_editor).get("/admin/audit/").status_code in {302, 403}
