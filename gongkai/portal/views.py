"""Public views outside the Wagtail page tree: the sitemap index and its sections.

With about 300,000 items the sitemap protocol requires an index of sitemaps of at most 50,000
URLs each; Django's sitemap framework paginates each section (`?p=N`) and lists every page in
the index. The templates are our own so that `django.contrib.sitemaps` need not be installed.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from wagtail.models import Site

from gongkai.portal.selectors import public_items

SITEMAP_LIMIT = 50_000


def _site_root_path(request) -> str:
    site = Site.find_for_request(request)
    if site is None:
        return "/"
    return site.root_page.url_path


class _PortalSitemap(Sitemap):
    """Items are (url_path, last_published_at) tuples: 50,000 model instances cost seconds."""

    limit = SITEMAP_LIMIT

    def __init__(self, root_path: str = "/"):
        self.root_path = root_path

    def location(self, row) -> str:
        return "/" + row[0][len(self.root_path) :]

    def lastmod(self, row):
        return row[1]

    def get_latest_lastmod(self):
        # Django's default evaluates every item; the index does without a lastmod instead.
        return None


class PagesSitemap(_PortalSitemap):
    """Home, 政府信息公开, unit catalogues and channels."""

    changefreq = "daily"

    def items(self):
        from wagtail.models import Page

        from gongkai.catalog.models import ChannelPage, DisclosureRootPage, UnitCatalogPage
        from gongkai.portal.models import HomePage

        return (
            Page.objects.live()
            .public()
            .type(HomePage, DisclosureRootPage, UnitCatalogPage, ChannelPage)
            .filter(url_path__startswith=self.root_path)
            .order_by("path")
            .values_list("url_path", "last_published_at")
        )


class ItemsSitemap(_PortalSitemap):
    """Public items in primary-key order (stable pages while new items are added)."""

    def items(self):
        # Every item sits under the one 政府信息公开 root (max_count = 1) below the site's home,
        # so there is no url_path filter: a `LIKE` would scan every page (80 ms per count).
        return (
            public_items()
            .public()
            .order_by("page_ptr_id")
            .values_list("url_path", "last_published_at")
        )


SECTIONS = {"pages": PagesSitemap, "items": ItemsSitemap}


def _sections(request) -> dict[str, Sitemap]:
    root_path = _site_root_path(request)
    return {name: cls(root_path) for name, cls in SECTIONS.items()}


def sitemap_index(request):
    return sitemap_views.index(
        request,
        _sections(request),
        template_name="portal/sitemap_index.xml",
        sitemap_url_name="portal:sitemap_section",
    )


def sitemap_section(request, section: str):
    return sitemap_views.sitemap(
        request, _sections(request), section=section, template_name="portal/sitemap.xml"
    )
