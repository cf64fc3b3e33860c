"""Bulk item creation keeps the page tree valid and numbers unique."""

from __future__ import annotations

import datetime as dt

import pytest
from wagtail.models import Page

from gongkai.catalog.bulk import NewItem, bulk_create_items
from gongkai.catalog.models import ItemPage
from tests.catalog.conftest import draft_item

pytestmark = pytest.mark.django_db


def test_bulk_items_form_a_valid_tree(county, catalogue, system, client):
    channel = catalogue.channel(catalogue.chengguan, "gzdt")
    draft_item(channel, county.township_editor, title="先有的一条")
    items = [
        NewItem(
            channel_id=channel.pk,
            title=f"工作动态{i}",
            published_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
        )
        for i in range(120)
    ]
    assert bulk_create_items(items, batch_size=50) == 120
    assert Page.find_problems() == ([], [], [], [], [])
    channel.refresh_from_db()
    assert channel.numchild == 121
    numbers = list(
        ItemPage.objects.filter(channel=channel, live=True).values_list("index_number", flat=True)
    )
    assert len(set(numbers)) == 120
    assert "chengguan/2025-00001" in numbers
    # Wagtail can still add children after the bulk insert.
    draft_item(channel, county.township_editor, title="后加的一条")
    assert Page.find_problems() == ([], [], [], [], [])
    page = ItemPage.objects.filter(channel=channel, live=True).first()
    response = client.get(page.url_path.replace("/home-test", "", 1))
    assert response.status_code in (200, 404)  # the site root may not be this home in tests
