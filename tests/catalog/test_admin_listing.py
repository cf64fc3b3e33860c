"""The editors' listing of a channel (catalog/admin_listing.py) in the Wagtail explorer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalog.bulk import NewItem, bulk_create_items
from gongkai.catalog.models import ChannelPage, ItemPage
from tests.catalog.conftest import draft_item

pytestmark = pytest.mark.django_db


def fill(channel: ChannelPage, n: int, start: dt.date = dt.date(2026, 1, 1)) -> None:
    bulk_create_items(
        NewItem(
            channel_id=channel.pk, title=f"第{i:03d}号通知", published_on=start + dt.timedelta(i)
        )
        for i in range(n)
    )


def titles(response) -> list[str]:
    return [page.title for page in response.context["pages"]]


def test_editor_sees_the_channel_newest_first_with_drafts_after(client, county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    fill(channel, 3)
    draft_item(channel, county.township_editor, title="尚未发布的通知")
    client.force_login(county.township_editor)
    response = client.get(f"/admin/pages/{channel.pk}/")
    assert response.status_code == 200
    assert titles(response) == ["第002号通知", "第001号通知", "第000号通知", "尚未发布的通知"]
    html = response.content.decode()
    assert "索引号" in html and "发布日期" in html
    oldest_first = client.get(f"/admin/pages/{channel.pk}/?ordering=published_on")
    assert titles(oldest_first)[:2] == ["尚未发布的通知", "第000号通知"]  # the exact reverse
    by_title = client.get(f"/admin/pages/{channel.pk}/?ordering=title")
    assert titles(by_title) == sorted(titles(by_title))
    junk = client.get(f"/admin/pages/{channel.pk}/?ordering=owner__password")
    assert titles(junk) == titles(response)  # unknown orderings fall back to the default


def test_query_count_does_not_grow_with_the_channel(client, county, catalogue, system):
    small = catalogue.channel(catalogue.chengguan, "tzgg")
    large = catalogue.channel(catalogue.chengguan, "gzdt")
    fill(small, 5)
    fill(large, 120)
    client.force_login(county.township_editor)
    counts = []
    for channel in (small, large):
        client.get(f"/admin/pages/{channel.pk}/")  # warm per-user caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/admin/pages/{channel.pk}/")
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    page_three = client.get(f"/admin/pages/{large.pk}/?p=3")
    assert len(titles(page_three)) == 20  # 50 a page


def test_other_units_and_citizens_do_not_see_the_items(client, county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    fill(channel, 2)
    client.force_login(county.dept_reviewer)
    response = client.get(f"/admin/pages/{channel.pk}/")
    assert response.status_code == 302  # Wagtail sends them to their own catalogue
    client.force_login(county.county_admin)
    assert len(titles(client.get(f"/admin/pages/{channel.pk}/"))) == 2
    client.logout()
    assert client.get(f"/admin/pages/{channel.pk}/").status_code == 302  # to the login page


def test_search_and_non_item_pages_keep_wagtails_listing(client, county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    fill(channel, 2)
    client.force_login(county.township_editor)
    found = client.get(f"/admin/pages/{channel.pk}/?q=第001号")
    assert found.status_code == 200
    parent = catalogue.channel(catalogue.chengguan, "fdzdgknr")  # holds sub-channels, no items
    listing = client.get(f"/admin/pages/{parent.pk}/")
    assert listing.status_code == 200
    assert "tzgg" in {page.slug for page in listing.context["pages"]}


def test_editor_may_delete_a_draft_but_not_a_published_item(county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    fill(channel, 1)
    live = ItemPage.objects.get(channel=channel, live=True)
    draft = draft_item(channel, county.township_editor)
    editor = county.township_editor
    assert draft.permissions_for_user(editor).can_delete()
    assert not live.permissions_for_user(editor).can_delete()
    assert live.permissions_for_user(county.county_admin).can_delete() in (True, False)


def test_user_filters_offer_the_channel_units_staff_only(client, county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    fill(channel, 2)
    client.force_login(county.township_editor)
    form = client.get(f"/admin/pages/{channel.pk}/").context["filters"].form
    choices = {user.pk for user in form.fields["owner"].queryset}
    assert county.township_editor.pk in choices and county.township_leader.pk in choices
    assert county.other_reviewer.pk not in choices  # 河口镇


def test_item_rows_offer_direct_actions_and_a_plain_status(client, county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    fill(channel, 2)
    draft = draft_item(channel, county.township_editor, title="尚未发布的通知")
    client.force_login(county.township_editor)
    html = client.get(f"/admin/pages/{channel.pk}/").content.decode()
    published = ItemPage.objects.filter(channel=channel, live=True).first()
    assert f"/admin/pages/{draft.pk}/edit/" in html
    assert f"/admin/pages/{published.pk}/history/" in html
    assert "编辑" in html and "历史" in html
    assert "草稿" in html and "在用" in html  # Wagtail's own zh-hans status words
    # No per-row "更多" dropdown (its hook-built buttons were 40 % of the server time).
    assert f"/admin/pages/{published.pk}/move/" not in html
