"""Public URLs of the 12345 hotline: the portal pages (/12345/) and Open311 (/open311/v2/)."""

from django.urls import include, path

from gongkai.hotline import public

portal = (
    [
        path("", public.intro, name="intro"),
        path("submit/", public.submit, name="submit"),
        path("submit/done/", public.submitted, name="submitted"),
        path("captcha.png", public.captcha_image, name="captcha"),
        path("track/", public.track, name="track"),
        path("track/<str:number>/", public.detail, name="detail"),
        path("track/<str:number>/rate/", public.rate, name="rate"),
    ],
    "hotline_public",
)

urlpatterns = [
    path("12345/", include(portal)),
    path("open311/v2/", include("gongkai.hotline.open311.urls")),
]
