"""Portal fixtures: the test catalogue as the default site, and quick public items."""

from __future__ import annotations

import datetime as dt

import pytest
from wagtail.models import Site

from gongkai.catalog.bulk import NewItem, bulk_create_items
from gongkai.catalog.models import ItemPage
from tests.catalog.conftest import catalogue  # noqa: F401 (fixture)


@pytest.fixture
def site(catalogue):  # noqa: F811
    """Serve the test catalogue's HomePage at "/" (it is not the default site's root in tests)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", root_page=catalogue.home, is_default_site=True
        )
    else:
        site.root_page = catalogue.home
        site.save()
    Site.clear_site_root_paths_cache()
    return site


def make_items(
    channel, n: int, *, start=dt.date(2025, 1, 1), live=True, **fields
) -> list[ItemPage]:
    """`n` items in `channel`, one a day from `start`; returns them newest first."""
    prefix = fields.pop("prefix", "工作动态")
    bulk_create_items(
        [
            NewItem(
                channel_id=channel.pk,
                title=f"{prefix}{i:04d}",
                published_on=start + dt.timedelta(days=i),
                live=live,
                **fields,
            )
            for i in range(n)
        ]
    )
    return list(
        ItemPage.objects.filter(channel=channel, title__startswith=prefix, live=live).order_by(
            "-published_on", "-page_ptr_id"
        )
    )


def make_item(channel, title: str, *, published_on=dt.date(2026, 3, 1), **fields) -> ItemPage:
    bulk_create_items(
        [NewItem(channel_id=channel.pk, title=title, published_on=published_on, **fields)]
    )
    return ItemPage.objects.get(channel=channel, title=title)
