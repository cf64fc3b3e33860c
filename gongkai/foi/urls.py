"""Public URLs of 依申请公开 (/ysqgk/), mounted at the site root by gongkai/urls.py."""

from django.urls import path

from gongkai.foi.views import public

app_name = "foi"
urlpatterns = [
    path("ysqgk/", public.intro, name="intro"),
    path("ysqgk/apply/", public.apply, name="apply"),
    path("ysqgk/captcha.png", public.captcha_image, name="captcha"),
    path("ysqgk/receipt/", public.receipt, name="receipt"),
    path("ysqgk/track/", public.track, name="track"),
    path("ysqgk/track/forget/", public.track_forget, name="track_forget"),
    path("ysqgk/track/<str:tracking_code>/", public.status, name="status"),
]
