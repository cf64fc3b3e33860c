"""RSS 2.0 per channel and the sitemap index (≤ 50,000 URLs per sitemap)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Page

from gongkai.portal import views
from tests.portal.conftest import make_item, make_items

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 (our own response, not untrusted input)


def test_channel_feed_is_rss_with_latest_public_items(client, site, catalogue):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    items = make_items(channel, 35, doc_number="城政〔2025〕7号", summary="关于<停水>的通知")
    make_item(channel, "草稿通知", published_on=dt.date(2030, 1, 1), live=False)

    response = client.get(f"/feeds/channel/{channel.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = parse(response.content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    feed = rss.find("channel")
    assert feed.findtext("title") == "霍邱县城关镇人民政府 · 通知公告"
    assert feed.findtext("link") == f"http://testserver{channel.url}"
    entries = feed.findall("item")
    assert len(entries) == 30
    assert [e.findtext("title") for e in entries] == [i.title for i in items[:30]]
    first = entries[0]
    assert first.findtext("link") == f"http://testserver{items[0].url}"
    assert "城政〔2025〕7号" in first.findtext("description")
    assert "关于<停水>的通知" in first.findtext("description")  # escaped in the XML, not markup
    assert first.findtext("pubDate").endswith("+0800")
    assert "草稿通知" not in response.content.decode()


def test_feed_404_for_unknown_or_unpublished_channel(client, site, catalogue):
    channel = catalogue.channel(catalogue.hekou, "gzdt")
    assert client.get("/feeds/channel/999999/").status_code == 404
    assert client.get(f"/feeds/channel/{catalogue.hekou.pk}/").status_code == 404  # not a channel
    Page.objects.filter(pk=channel.pk).update(live=False)
    assert client.get(f"/feeds/channel/{channel.pk}/").status_code == 404


def test_sitemap_index_and_sections(client, site, catalogue):
    channel = catalogue.channel(catalogue.fgw, "gzdt")
    items = make_items(channel, 5)
    draft = make_item(channel, "草稿", live=False)

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = parse(response.content)
    assert index.tag == f"{SM}sitemapindex"
    locations = [e.text for e in index.iter(f"{SM}loc")]
    assert locations == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-items.xml",
    ]

    pages = parse(client.get("/sitemap-pages.xml").content)
    page_urls = {e.text for e in pages.iter(f"{SM}loc")}
    assert "http://testserver/" in page_urls
    assert "http://testserver/xxgk/" in page_urls
    assert f"http://testserver{catalogue.fgw.url}" in page_urls
    assert f"http://testserver{channel.url}" in page_urls
    assert not any(items[0].url in u for u in page_urls)

    section = parse(client.get("/sitemap-items.xml").content)
    item_urls = [e.text for e in section.iter(f"{SM}loc")]
    assert sorted(item_urls) == sorted(f"http://testserver{i.url}" for i in items)
    assert draft.url_path.split("/")[-2] not in "".join(item_urls)
    assert section.find(f"{SM}url/{SM}lastmod") is not None
    assert client.get("/sitemap-nope.xml").status_code == 404


def test_sitemap_index_pages_large_sections(client, site, catalogue, monkeypatch):
    monkeypatch.setattr(views.ItemsSitemap, "limit", 2)
    items = make_items(catalogue.channel(catalogue.fgw, "gzdt"), 5)
    assert views.SITEMAP_LIMIT == 50_000  # the protocol's maximum per sitemap

    index = parse(client.get("/sitemap.xml").content)
    locations = [e.text for e in index.iter(f"{SM}loc")]
    assert locations[1:] == [
        "http://testserver/sitemap-items.xml",
        "http://testserver/sitemap-items.xml?p=2",
        "http://testserver/sitemap-items.xml?p=3",
    ]
    seen = []
    for p in (1, 2, 3):
        section = parse(client.get("/sitemap-items.xml", {"p": p}).content)
        seen += [e.text for e in section.iter(f"{SM}loc")]
    assert sorted(seen) == sorted(f"http://testserver{i.url}" for i in items)
    assert client.get("/sitemap-items.xml", {"p": 4}).status_code == 404
