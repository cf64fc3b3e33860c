"""Open311 GeoReport v2 URLs, mounted at /open311/v2/ (gongkai/hotline/urls.py)."""

from django.urls import path, register_converter

from gongkai.hotline.open311 import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"
urlpatterns = [
    path("discovery.<fmt:fmt>", views.discovery, name="discovery"),
    path("services.<fmt:fmt>", views.service_list, name="services"),
    path("services/<slug:code>.<fmt:fmt>", views.service_definition, name="service"),
    path("requests.<fmt:fmt>", views.requests_collection, name="requests"),
    path("requests/<str:number>.<fmt:fmt>", views.request_detail, name="request"),
    path("tokens/<slug:token>.<fmt:fmt>", views.token_detail, name="token"),
    path("openapi.json", views.openapi, name="openapi"),
]
