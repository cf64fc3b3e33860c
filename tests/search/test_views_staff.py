"""The admin's 全文检索 (/admin/search/gongkai/), its menu item, and Wagtail's search box.

The service is faked (see test_views_public.py); the last test uses the real index once
gongkai/search/service.py exists.
"""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.search import admin_search_areas

from gongkai.search.api import FacetValue, Filters, Kind, Order
from gongkai.search.views import STAFF_SEARCH_AREA
from gongkai.units.models import User
from tests.catalog.conftest import catalogue  # noqa: F401 (fixture)
from tests.search.test_views_public import (  # noqa: F401 (fixture)
    FACETS,
    HAS_SERVICE,
    fake_service,
    links,
    make_hit,
    make_results,
    query_of,
)

pytestmark = pytest.mark.django_db

STAFF = "/admin/search/gongkai/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_url_name():
    assert reverse("search_staff") == STAFF


def test_citizens_are_sent_to_the_login_page(county, fake_service):  # noqa: F811
    response = Client().get(STAFF, {"q": "通知"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert fake_service.calls == []


def test_users_without_admin_access_are_refused(county, fake_service):  # noqa: F811
    nobody = User.objects.create_user(username="nobody", password="x")
    response = client_for(nobody).get(STAFF, {"q": "通知"})
    assert response.status_code in (302, 403)
    assert fake_service.calls == []


def test_staff_search_passes_the_user_and_shows_drafts(county, fake_service):  # noqa: F811
    fake_service.results = make_results(
        "通知",
        [
            make_hit(
                "通知",
                "关于做好城关镇冬季供暖安全工作的通知",
                "请各村做好供暖安全工作，特此通知。",
                url="/admin/pages/41/edit/",
                is_public=False,
            ),
            make_hit(
                "通知",
                "霍邱县城区停车管理办法的通知",
                kind=Kind.NORMDOC,
                object_id=7,
                url="/admin/normdocs/7/",
                validity="valid",
            ),
        ],
        facets=FACETS,
    )
    response = client_for(county.township_editor).get(
        STAFF, {"q": "通知", "kind": "normdoc", "order": "date", "page": "junk"}
    )
    assert response.status_code == 200
    call = fake_service.last
    assert call["user"] == county.township_editor
    assert call["q"] == "通知"
    assert call["filters"] == Filters(kind="normdoc")
    assert call["order"] == Order.DATE
    assert call["page"] == 1
    html = response.content.decode()
    assert (
        '<a href="/admin/pages/41/edit/">关于做好城关镇冬季供暖安全工作的<mark>通知</mark></a>'
        in html
    )
    assert "特此<mark>通知</mark>" in html
    draft_row, public_row = html.split('<li class="search-hit">')[1:3]
    assert "草稿/未公开" in draft_row
    assert "草稿/未公开" not in public_row
    assert "规范性文件" in public_row and ">有效<" in public_row
    # Inside the admin's frame, with its own form posting back to the staff search.
    assert "<title>全文检索" in html or "全文检索" in html.split("</title>")[0]
    assert 'action="/admin/search/gongkai/"' in html
    assert "search/search.css" in html
    # Facet links stay on the staff page.
    ((href, _),) = links(html, r"^河口镇人民政府")
    assert href.startswith(STAFF)
    assert query_of(href) == {"q": "通知", "kind": "normdoc", "order": "date", "unit": "12"}


def test_staff_empty_query_explains(county, fake_service):  # noqa: F811
    html = client_for(county.county_admin).get(STAFF).content.decode()
    assert "请输入两个及以上汉字" in html
    assert fake_service.calls == []


@pytest.mark.parametrize(
    "params",
    [{"page": "abc"}, {"year": "x"}, {"unit": "-1"}, {"q": "通知\x00" * 1000}],
)
def test_staff_junk_parameters(county, fake_service, params):  # noqa: F811
    response = client_for(county.county_admin).get(STAFF, {"q": "通知", **params})
    assert response.status_code == 200
    call = fake_service.last
    assert call["filters"] == Filters()
    assert call["page"] == 1
    assert len(call["q"]) <= 200 and "\x00" not in call["q"]


def test_other_admin_searches_are_offered_for_the_same_words(county, fake_service):  # noqa: F811
    fake_service.results = make_results("通知", [make_hit("通知", "通知")])
    root = User.objects.create_superuser(username="root", password="x")
    html = client_for(root).get(STAFF, {"q": "通知"}).content.decode()
    other = html.split('aria-label="其他检索"')[1].split("</nav>")[0]
    assert "/admin/images/?q=%E9%80%9A%E7%9F%A5" in other
    assert "/admin/documents/?q=%E9%80%9A%E7%9F%A5" in other
    assert "/admin/pages/search/" not in other  # that would only come back here
    assert STAFF not in other


# ------------------------------------------------------------------------------ menu, sidebar


def test_menu_item_is_near_the_top():
    items = [fn() for fn in hooks.get_hooks("register_admin_menu_item")]
    ours = [i for i in items if i.label == "全文检索"]
    assert len(ours) == 1
    assert ours[0].url == STAFF
    assert ours[0].order < 100  # above Wagtail's 页面 (Pages)


def test_sidebar_search_box_goes_to_the_staff_search(county):
    request = RequestFactory().get("/admin/")
    request.user = county.township_editor
    areas = admin_search_areas.search_items_for_request(request)
    # Wagtail's sidebar submits to the first search area shown to the user.
    assert areas[0].name == STAFF_SEARCH_AREA
    assert areas[0].url == STAFF
    request.user = User.objects.create_user(username="nobody", password="x")
    assert STAFF_SEARCH_AREA not in {
        a.name for a in admin_search_areas.search_items_for_request(request)
    }


def test_dashboard_sidebar_points_at_the_staff_search(county):
    html = client_for(county.county_admin).get("/admin/").content.decode()
    assert "/admin/search/gongkai/" in html


def test_wagtail_page_search_redirects_to_ours(county):
    client = client_for(county.county_admin)
    response = client.get("/admin/pages/search/", {"q": "政府信息公开 2023年"})
    assert response.status_code == 302
    assert response["Location"].startswith(STAFF)
    assert query_of(response["Location"]) == {"q": "政府信息公开 2023年"}
    response = client.get("/admin/pages/search/")
    assert response.status_code == 302
    assert response["Location"] == STAFF


def test_wagtail_page_search_redirect_needs_login(county):
    response = Client().get("/admin/pages/search/", {"q": "通知"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_wagtails_chooser_and_result_fragments_are_left_alone(county, catalogue):  # noqa: F811
    client = client_for(county.county_admin)
    response = client.get("/admin/choose-page/search/", {"q": "通知"})
    assert response.status_code == 200
    response = client.get("/admin/pages/search/results/", {"q": "通知"})
    assert response.status_code == 200


# ------------------------------------------------------------------------------ end to end


@pytest.mark.skipif(not HAS_SERVICE, reason="gongkai/search/service.py not written yet")
def test_staff_find_their_own_drafts_but_not_other_units(county, catalogue):  # noqa: F811
    from django.core.management import call_command

    from gongkai.units.scoping import system_scope
    from tests.catalog.conftest import draft_item

    with system_scope("test fixture"):
        mine = draft_item(
            catalogue.channel(catalogue.chengguan, "tzgg"),
            county.township_editor,
            title="关于城关镇冬季供暖安全工作的通知草稿",
        )
        draft_item(
            catalogue.channel(catalogue.hekou, "tzgg"),
            county.other_reviewer,
            title="河口镇内部通知草稿",
        )
    call_command("rebuild_search_index", verbosity=0)

    response = client_for(county.township_editor).get(STAFF, {"q": "通知草稿"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "关于城关镇冬季供暖安全工作的<mark>通知草稿</mark>" in html
    assert "草稿/未公开" in html
    assert "河口镇内部" not in html
    assert f"/admin/pages/{mine.pk}/" in html


def test_facet_value_labels_fall_back(county, fake_service):  # noqa: F811
    fake_service.results = make_results(
        "通知",
        [make_hit("通知", "通知")],
        facets={
            "kind": [FacetValue("policy", "", 2)],
            "validity": [FacetValue("expired", "", 1)],
            "year": [FacetValue("2024", "", 1)],
        },
    )
    html = client_for(county.county_admin).get(STAFF, {"q": "通知"}).content.decode()
    assert links(html, r"^政策文件（2）")
    assert links(html, r"^已失效（1）")
    assert links(html, r"^2024年（1）")
