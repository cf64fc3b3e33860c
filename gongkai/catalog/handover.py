"""交接: a leaver's channels (责任编辑) move to the successor with their other work."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.audit import services as audit
from gongkai.catalog.models import ChannelPage
from gongkai.units.handover import handover_provider
from gongkai.units.models import User


@handover_provider("catalog.channels", "负责的栏目")
class ChannelsHandover:
    @staticmethod
    def preview(leaver: User) -> list[str]:
        return [
            f"{c.unit.short_name}：{c.title}"
            for c in ChannelPage.objects.filter(responsible_editor=leaver).select_related("unit")
        ]

    @staticmethod
    def apply(*, leaver: User, successor: User, by: User, today: dt.date) -> int:
        channels = list(ChannelPage.objects.filter(responsible_editor=leaver))
        for channel in channels:
            audit.record(
                action="catalog.channel.assign",
                by=by,
                unit=channel.unit,
                obj=channel,
                before={"responsible_editor": leaver.pk},
                after={"responsible_editor": successor.pk},
                reason="工作交接",
                at=timezone.now(),
            )
        ChannelPage.objects.filter(pk__in=[c.pk for c in channels]).update(
            responsible_editor=successor
        )
        return len(channels)
