"""Public URL of the portal search, mounted at the site root (before Wagtail's page tree)."""

from django.urls import path

from gongkai.search import views

app_name = "search"
urlpatterns = [
    path("search/", views.public_results, name="results"),
]
