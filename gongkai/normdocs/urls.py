"""Public URLs of the normative-document library (规范性文件库), mounted at the site root."""

from django.urls import path

from gongkai.normdocs.views import public

app_name = "normdocs"
urlpatterns = [
    path("gfxwj/", public.public_list, name="public_list"),
    path("gfxwj/<int:pk>/", public.public_detail, name="public_detail"),
    path("gfxwj/valid/", public.valid_list, name="valid_list"),
    path("gfxwj/valid/export.xlsx", public.valid_export, name="valid_export"),
    path("gfxwj/units/<slug:code>/", public.unit_valid_list, name="unit_valid_list"),
    path("gfxwj/units/<slug:code>/export.xlsx", public.unit_valid_export, name="unit_valid_export"),
    path("gfxwj/qingli/", public.campaign_list, name="campaign_list"),
    path("gfxwj/qingli/<int:pk>/", public.campaign_results, name="campaign_results"),
    path("gfxwj/qingli/<int:pk>/export.xlsx", public.campaign_export, name="campaign_export"),
]
