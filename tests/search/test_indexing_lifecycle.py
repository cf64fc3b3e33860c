"""Indexing after commit (signals → task), scoping of staff search, and the rebuild command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.catalog.bulk import NewItem, bulk_create_items
from gongkai.catalog.services import withdraw_item
from gongkai.normdocs import services as normdocs
from gongkai.search.api import Filters, Kind
from gongkai.search.domain.tokens import FIELD_GAP
from gongkai.search.models import SearchEntry
from gongkai.search.service import search_public, search_staff
from gongkai.units.scoping import system_scope
from tests.catalog.conftest import draft_item, publish_through_review
from tests.normdocs.conftest import draft, through_to_published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]


def test_migration_field_gap_matches_the_domain():
    from importlib import import_module

    migration = import_module("gongkai.search.migrations.0002_fulltext")
    assert migration.FIELD_GAP == FIELD_GAP


@pytest.fixture
def tzgg(catalogue):
    return catalogue.channel(catalogue.chengguan, "tzgg")


def test_draft_is_indexed_for_staff_only_then_published_then_withdrawn(
    county, catalogue, tzgg, now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = draft_item(tzgg, county.township_editor, title="关于一网通办改革的通知")
    assert search_public("一网通办").total == 0
    staff = search_staff("一网通办", user=county.township_editor)
    assert [h.object_id for h in staff.hits] == [item.pk]
    assert staff.hits[0].url == reverse("wagtailadmin_pages:edit", args=[item.pk])
    assert staff.hits[0].is_public is False

    with django_capture_on_commit_callbacks(execute=True):
        item = publish_through_review(item, county)
    public = search_public("一网通办")
    assert [h.object_id for h in public.hits] == [item.pk]
    assert public.hits[0].url == (item.url or "")
    assert public.hits[0].kind == Kind.ITEM
    assert public.hits[0].published_on == item.published_on

    with django_capture_on_commit_callbacks(execute=True), system_scope("test"):
        withdraw_item(item, by=county.county_admin, reason="内容有误", now=now)
    assert search_public("一网通办").total == 0
    assert search_staff("一网通办", user=county.township_editor).total == 1


def test_deleting_an_item_removes_its_entry(
    county, catalogue, tzgg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = draft_item(tzgg, county.township_editor, title="临时草稿通知")
    assert SearchEntry.unscoped.filter(object_id=item.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert not SearchEntry.unscoped.filter(object_id=item.pk).exists()


def test_nothing_is_indexed_before_the_commit(county, catalogue, tzgg):
    draft_item(tzgg, county.township_editor, title="未提交事务中的通知")
    assert not SearchEntry.unscoped.exists()


def test_staff_search_is_scoped_to_the_users_units(
    county, catalogue, tzgg, django_capture_on_commit_callbacks
):
    hekou_channel = catalogue.channel(catalogue.hekou, "tzgg")
    with django_capture_on_commit_callbacks(execute=True):
        mine = draft_item(tzgg, county.township_editor, title="城关镇防汛抗旱通知")
        theirs = draft_item(hekou_channel, county.township_editor, title="河口镇防汛抗旱通知")
    found = search_staff("防汛抗旱", user=county.township_editor)
    assert [h.object_id for h in found.hits] == [mine.pk]
    assert {f.value for f in found.facets["unit"]} == {str(county.chengguan.pk)}
    everything = search_staff("防汛抗旱", user=county.county_admin)
    assert {h.object_id for h in everything.hits} == {mine.pk, theirs.pk}
    assert search_public("防汛抗旱").total == 0
    from django.contrib.auth.models import AnonymousUser

    assert search_staff("防汛抗旱", user=AnonymousUser()).total == 0


def test_normative_document_publication_and_expiry(
    county, catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), system_scope("test"):
        document = draft(county, title="霍邱县城区停车管理办法")
    assert search_public("停车管理").total == 0
    staff = search_staff("停车管理", user=county.county_admin)
    assert [(h.kind, h.object_id) for h in staff.hits] == [(Kind.NORMDOC, document.pk)]
    assert staff.hits[0].url == reverse("normdocs_admin_detail", args=[document.pk])

    with django_capture_on_commit_callbacks(execute=True), system_scope("test"):
        document = through_to_published(county, document)
    public = search_public("停车管理")
    # One result: the registry entry, not also the catalogue item it was published as.
    assert [(h.kind, h.object_id) for h in public.hits] == [(Kind.NORMDOC, document.pk)]
    assert public.hits[0].url == document.get_public_url()
    assert public.hits[0].validity == "valid"
    assert search_public("停车管理", filters=Filters(validity="valid")).total == 1
    entry = SearchEntry.unscoped.get(kind=Kind.NORMDOC)
    assert entry.channel_id is not None  # the item's channel: the channel filter finds it

    with django_capture_on_commit_callbacks(execute=True), system_scope("test"):
        normdocs.expire_document(
            document,
            today=dt.date(2040, 1, 1),
            now=dt.datetime(2040, 1, 1, 10, tzinfo=dt.UTC),
        )
    public = search_public("停车管理")
    assert public.hits[0].validity == "expired"
    assert {f.value: f.count for f in public.facets["validity"]} == {"expired": 1}


def test_rebuild_covers_bulk_writes(county, catalogue, tzgg):
    with system_scope("test"):
        bulk_create_items(
            [
                NewItem(
                    channel_id=tzgg.pk,
                    title=f"第{n}批营商环境通知",
                    published_on=dt.date(2025, 1, n + 1),
                    body="<p>优化营商环境</p><p>一网通办</p>",
                    live=n % 2 == 0,
                )
                for n in range(10)
            ]
        )
    assert search_public("营商环境").total == 0  # bulk writes bypass the signals
    err, out = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", "--batch", "3", stderr=err, stdout=out)
    assert "已索引 10/10 (100%)" in err.getvalue()
    assert "10 条" in out.getvalue()
    assert search_public("营商环境").total == 5
    assert search_staff("营商环境", user=county.township_editor).total == 10
    # block elements do not join: 通知 ends the body's first paragraph, 一网 starts the next
    assert search_public("环境一网").total == 0
    call_command("rebuild_search_index", "--kind", "item", stderr=err, stdout=out)
    assert SearchEntry.unscoped.count() == 10
    assert search_public("营商环境").total == 5


def test_demo_generator_rebuilds(county, catalogue, tzgg, today):
    from gongkai.search.demo import build_search_index

    with system_scope("test"):
        bulk_create_items([NewItem(channel_id=tzgg.pk, title="演示通知", published_on=today)])
        lines = build_search_index(scale="small", today=today, stdout=io.StringIO())
    assert "1" in lines[0]
    assert search_public("演示").total == 1
