"""Staff previews of items render with the portal templates (drafts and not-yet-saved pages)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from gongkai.catalog.models import ItemPage
from tests.catalog.conftest import draft_item

pytestmark = pytest.mark.django_db


def preview(page, user):
    request = RequestFactory().get("/")
    request.user = user
    response = page.make_preview_request(request, page.default_preview_mode)
    if hasattr(response, "render"):
        response.render()
    return response


def test_draft_item_preview_renders(site, catalogue, county, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    item = draft_item(channel, county.township_editor, doc_number="城政〔2026〕5号")
    response = preview(item, county.township_editor)
    assert response.status_code == 200
    html = response.content.decode()
    assert "关于做好2026年冬季防火工作的通知" in html and "城政〔2026〕5号" in html
    assert "各村（社区）：请做好冬季防火工作。" in html


def test_unsaved_item_preview_renders(site, catalogue, county, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    item = ItemPage(title="还没保存的通知", body="<p>草稿正文</p>", slug="unsaved")
    item.depth = channel.depth + 1
    item.set_url_path(channel)
    response = preview(item, county.township_editor)
    assert response.status_code == 200
    assert "草稿正文" in response.content.decode()
