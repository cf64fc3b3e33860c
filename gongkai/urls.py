from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from gongkai.search.views import wagtail_page_search

urlpatterns = [
    # Wagtail's page search finds no Chinese words: send it to ours (before the admin include).
    path("admin/pages/search/", wagtail_page_search, name="search_wagtail_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("gongkai.catalog.urls")),
    path("", include("gongkai.portal.urls")),
    path("", include("gongkai.normdocs.urls")),
    path("", include("gongkai.search.urls")),
    path("", include("gongkai.foi.urls")),
    path("", include("gongkai.hotline.urls")),
    # Wagtail serves the public page tree; keep it last.
    path("", include(wagtail_urls)),
]
