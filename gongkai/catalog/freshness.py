"""Channel freshness: the daily verdict per channel, editor warnings and the county board.

The rules are in gongkai/catalog/domain/freshness.py (国办秘函〔2019〕19号: 栏目不更新,
空白栏目); this module feeds them the latest publication date of each channel in one
aggregate query and stores the verdicts, so the board reads a small table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max

from gongkai.catalog.domain.freshness import (
    FreshnessStatus,
    assess,
)
from gongkai.catalog.models import ChannelFreshness, ChannelPage, ItemPage
from gongkai.core.notices import notify
from gongkai.units.models import Membership
from gongkai.units.roles import Role
from gongkai.workdays.calendar import get_calendar


@dataclass
class FreshnessRun:
    checked: int = 0
    changed: int = 0
    warned: int = 0


def refresh_freshness(*, today: dt.date, now: dt.datetime, dry_run: bool = False) -> FreshnessRun:
    calendar = get_calendar()
    latest = {
        row["channel_id"]: (row["last"], row["n"])
        for row in ItemPage.objects.filter(is_public=True)
        .values("channel_id")
        .annotate(last=Max("published_on"), n=Count("pk"))
    }
    existing = {f.channel_id: f for f in ChannelFreshness.unscoped.all()}
    run = FreshnessRun()
    channels = ChannelPage.objects.filter(live=True).only(
        "pk",
        "unit_id",
        "update_period_days",
        "numchild",
        "title",
        "url_path",
        "responsible_editor_id",
    )
    with transaction.atomic():
        for channel in channels:
            last, count = latest.get(channel.pk, (None, 0))
            if channel.numchild and not count:
                continue  # a container channel
            verdict = assess(
                last_update=last,
                period_days=channel.update_period_days,
                today=today,
                calendar=calendar,
            )
            run.checked += 1
            record = existing.get(channel.pk)
            values = {
                "unit_id": channel.unit_id,
                "status": verdict.status.value,
                "last_update": verdict.last_update,
                "stale_on": verdict.stale_on,
                "warn_from": verdict.warn_from,
                "days_overdue": verdict.days_overdue,
                "item_count": count,
                "checked_on": today,
            }
            if record is None or any(
                getattr(record, k) != v for k, v in values.items() if k != "checked_on"
            ):
                run.changed += 1
            if dry_run:
                continue
            if record is None:
                record = ChannelFreshness.unscoped.create(channel=channel, **values)
            else:
                ChannelFreshness.unscoped.filter(pk=record.pk).update(**values)
            if verdict.status == FreshnessStatus.DUE_SOON and record.warned_for != verdict.stale_on:
                run.warned += _warn(channel, verdict, now=now)
                ChannelFreshness.unscoped.filter(pk=record.pk).update(warned_for=verdict.stale_on)
    return run


def _warn(channel: ChannelPage, verdict, *, now: dt.datetime) -> int:
    """Warn the channel's responsible editor (or, if none, the unit's editors)."""
    if channel.responsible_editor_id:
        users = [channel.responsible_editor]
    else:
        users = [
            m.user
            for m in Membership.unscoped.filter(
                unit_id=channel.unit_id, role=Role.EDITOR, ended_on__isnull=True
            ).select_related("user")
        ]
    return notify(
        users=users,
        kind="catalog.freshness",
        title=f"栏目“{channel.title}”将于{verdict.stale_on:%Y年%m月%d日}超期未更新",
        body=(
            f"该栏目最近一次发布信息是{verdict.last_update:%Y年%m月%d日}，更新周期{channel.update_period_days}天。"
            "请及时发布新信息，避免“栏目不更新”被单项否决（国办秘函〔2019〕19号）。"
        ),
        url=f"/admin/pages/{channel.pk}/",
        dedupe_key=f"freshness:{channel.pk}:{verdict.stale_on.isoformat()}",
        now=now,
    )
