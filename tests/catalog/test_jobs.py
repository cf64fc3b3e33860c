"""Scheduled publishing and withdrawal, channel freshness, handover of channels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.catalog.bulk import NewItem, bulk_create_items
from gongkai.catalog.jobs import channel_freshness, publish_scheduled
from gongkai.catalog.models import ChannelFreshness, ItemPage, Withdrawal
from gongkai.catalog.services import CatalogError, schedule_withdrawal, withdraw_item
from gongkai.core.models import Notice
from gongkai.units.errors import NotAllowed
from tests.catalog.conftest import draft_item, publish_through_review

pytestmark = pytest.mark.django_db


def test_scheduled_item_goes_live_only_when_due(county, catalogue, system, monkeypatch):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    later = timezone.now() + dt.timedelta(days=2)
    item = draft_item(channel, county.township_editor, go_live_at=later)
    item = publish_through_review(item, county)
    assert not item.live  # approved, waiting for its time
    today = timezone.localdate()
    report = publish_scheduled(today=today, now=timezone.now(), dry_run=False)
    assert report.changed == 0
    # --dry-run names it and changes nothing; the real run publishes once, re-runs do nothing.
    dry = publish_scheduled(today=today, now=later + dt.timedelta(minutes=1), dry_run=True)
    assert any("将发布" in m for m in dry.messages)
    assert not ItemPage.objects.get(pk=item.pk).live
    # Wagtail compares go_live_at with the real clock when it publishes: move the clock.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + dt.timedelta(days=2, minutes=1))
    report = publish_scheduled(today=today, now=later + dt.timedelta(minutes=1), dry_run=False)
    assert report.changed == 1
    item = ItemPage.objects.get(pk=item.pk)
    assert item.live and item.index_number
    assert (
        publish_scheduled(today=today, now=later + dt.timedelta(minutes=2), dry_run=False).changed
        == 0
    )


def test_withdrawal_now_and_scheduled(county, catalogue, system, now):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    item = publish_through_review(draft_item(channel, county.township_editor), county)
    with pytest.raises(NotAllowed):
        withdraw_item(item, by=county.township_editor, reason="编辑不能撤稿", now=now)
    with pytest.raises(CatalogError):
        withdraw_item(item, by=county.township_leader, reason=" ", now=now)
    later = timezone.now() + dt.timedelta(hours=1)
    schedule_withdrawal(
        item, by=county.county_admin, at=later, reason="活动已结束", now=timezone.now()
    )
    assert ItemPage.objects.get(pk=item.pk).live
    publish_scheduled(
        today=timezone.localdate(), now=later + dt.timedelta(minutes=1), dry_run=False
    )
    item = ItemPage.objects.get(pk=item.pk)
    assert not item.live and not item.is_public
    record = Withdrawal.unscoped.get(item=item)
    assert record.scheduled and record.reason == "活动已结束"
    assert AuditEntry.objects.filter(
        action="catalog.item.withdraw", object_id=str(item.pk)
    ).exists()
    with pytest.raises(CatalogError):
        withdraw_item(item, by=county.county_admin, reason="再撤一次", now=now)


def test_freshness_flags_stale_and_empty_and_warns_once(county, catalogue, system, today, now):
    news = catalogue.channel(catalogue.chengguan, "gzdt")
    notices = catalogue.channel(catalogue.chengguan, "tzgg")
    news.responsible_editor = county.township_editor
    news.save()
    # News updated 12 days ago: due soon (14-day period); notices 200 days ago: stale.
    bulk_create_items(
        [
            NewItem(channel_id=news.pk, title="动态", published_on=today - dt.timedelta(days=12)),
            NewItem(
                channel_id=notices.pk, title="公告", published_on=today - dt.timedelta(days=200)
            ),
        ]
    )
    channel_freshness(today=today, now=now, dry_run=False)
    assert ChannelFreshness.unscoped.get(channel=news).status == "due_soon"
    assert ChannelFreshness.unscoped.get(channel=notices).status == "stale"
    assert ChannelFreshness.unscoped.filter(unit=county.chengguan, status="empty").exists()
    assert Notice.objects.filter(user=county.township_editor, kind="catalog.freshness").count() == 1
    channel_freshness(today=today, now=now, dry_run=False)  # idempotent: no second warning
    assert Notice.objects.filter(user=county.township_editor).count() == 1


def test_handover_moves_channel_responsibility(county, catalogue, system, today):
    from gongkai.units.handover import hand_over, plan_handover

    news = catalogue.channel(catalogue.chengguan, "gzdt")
    news.responsible_editor = county.township_editor
    news.save()
    plan = plan_handover(county.township_editor)
    assert any("工作动态" in line for _, lines in plan.sections for line in lines)
    hand_over(
        leaver=county.township_editor,
        successor=county.township_reviewer,
        by=county.county_admin,
        today=today,
        reason="调岗",
    )
    news.refresh_from_db()
    assert news.responsible_editor == county.township_reviewer


def test_precheck_explains_itself_in_the_editor(client, county, catalogue, system):
    from tests.catalog.test_admin_flow import item_form

    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    client.force_login(county.township_editor)
    data = item_form("缺少分类的信息", topic="", genre="", **{"action-submit": "1"})
    response = client.post(f"/admin/pages/add/catalog/itempage/{channel.pk}/", data, follow=True)
    assert "预检未通过" in response.content.decode()
