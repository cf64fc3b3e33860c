"""Periodic jobs of the catalogue: scheduled publishing/withdrawal, channel freshness."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Revision

from gongkai.audit import services as audit
from gongkai.catalog.freshness import refresh_freshness
from gongkai.catalog.models import ItemPage, Withdrawal
from gongkai.catalog.publishing import ReviewIncomplete, acting_user
from gongkai.core.jobs import JobReport, periodic_job


@periodic_job("catalog.publish_scheduled", "定时发布与定时撤稿")
def publish_scheduled(*, today: dt.date, now: dt.datetime, dry_run: bool) -> JobReport:
    """Publish approved revisions whose time has come; take down items whose 撤稿 time has.

    Replaces Wagtail's publish_scheduled command so that the same guard, audit entries and
    withdrawal records apply; safe to re-run (each revision or item is handled once).
    """
    report = JobReport(job="catalog.publish_scheduled")
    due = Revision.page_revisions.filter(approved_go_live_at__lte=now).order_by(
        "approved_go_live_at"
    )
    for revision in due:
        page = revision.content_object
        if dry_run:
            report.note(f"将发布：{page.title}")
            continue
        try:
            with transaction.atomic(), acting_user(None):
                revision.publish(skip_permission_checks=True)
            report.changed += 1
        except ReviewIncomplete as exc:
            report.note(f"未发布“{page.title}”：{exc}")
    for item in ItemPage.objects.filter(live=True, expire_at__lte=now).select_related("unit"):
        if dry_run:
            report.note(f"将撤稿：{item.title}")
            continue
        with transaction.atomic(), acting_user(None):
            UnpublishPageAction(item, set_expired=True).execute(skip_permission_checks=True)
            reason = item.withdrawn_reason or "定时撤稿"
            Withdrawal.unscoped.create(
                item=item, unit=item.unit, reason=reason, by=None, at=now, scheduled=True
            )
            audit.record(
                action="catalog.item.withdraw",
                by=None,
                unit=item.unit,
                obj=item,
                before={"state": "published"},
                after={"state": "withdrawn", "scheduled": True},
                reason=reason,
                at=now,
            )
        report.changed += 1
    return report


@periodic_job("catalog.freshness", "栏目更新情况检查（栏目不更新、空白栏目）")
def channel_freshness(*, today: dt.date, now: dt.datetime, dry_run: bool) -> JobReport:
    run = refresh_freshness(today=today, now=now, dry_run=dry_run)
    report = JobReport(job="catalog.freshness", changed=run.changed)
    report.note(f"检查栏目 {run.checked} 个，状态变化 {run.changed} 个，提醒 {run.warned} 人次")
    return report
