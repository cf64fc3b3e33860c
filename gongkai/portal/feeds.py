"""RSS 2.0 feed of a channel's latest public items (/feeds/channel/<id>/)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from gongkai.portal.selectors import LIST_COLUMNS, public_items

FEED_SIZE = 30


class ChannelFeed(Feed):
    """Built per request (see `channel_feed`) so that item links can use the request's site."""

    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def __init__(self, request=None):
        super().__init__()
        self.request = request

    def get_object(self, request, channel_id: int):
        from gongkai.catalog.models import ChannelPage

        channel = (
            ChannelPage.objects.live()
            .public()
            .filter(pk=channel_id)
            .select_related("unit")
            .only("title", "url_path", "description", "unit__name")
            .first()
        )
        if channel is None:
            raise Http404
        return channel

    def title(self, channel) -> str:
        return f"{channel.unit.name} · {channel.title}"

    def link(self, channel) -> str:
        return channel.get_url(request=self.request) or "/"

    def description(self, channel) -> str:
        return (
            channel.description or f"{channel.unit.name}「{channel.title}」栏目主动公开的政府信息"
        )

    def items(self, channel):
        return (
            public_items()
            .filter(channel=channel)
            .order_by("-published_on", "-page_ptr_id")
            .only(*LIST_COLUMNS, "summary", "topic")[:FEED_SIZE]
        )

    def item_title(self, item) -> str:
        return item.title

    def item_link(self, item) -> str:
        return item.get_url(request=self.request) or "/"

    def item_description(self, item) -> str:
        parts = []
        if item.doc_number:
            parts.append(f"文号：{item.doc_number}")
        if item.index_number:
            parts.append(f"索引号：{item.index_number}")
        if item.summary:
            parts.append(item.summary)
        return "\n".join(parts)

    def item_pubdate(self, item):
        if item.published_on is None:
            return None
        return timezone.make_aware(dt.datetime.combine(item.published_on, dt.time.min))

    def item_categories(self, item):
        return [item.topic] if item.topic else []


def channel_feed(request, channel_id: int):
    return ChannelFeed(request)(request, channel_id=channel_id)
