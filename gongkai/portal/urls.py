from django.urls import path

from gongkai.portal import feeds, views

app_name = "portal"
urlpatterns = [
    path("feeds/channel/<int:channel_id>/", feeds.channel_feed, name="channel_feed"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
]
