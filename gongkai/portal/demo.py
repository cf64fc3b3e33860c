"""Demo: the portal home page replaces Wagtail's welcome page as the site root."""

from __future__ import annotations

import datetime as dt

from wagtail.models import Page, Site

from gongkai.core.demo import demo_generator
from gongkai.portal.models import HomePage


@demo_generator("portal", "公开门户首页", order=20)
def generate_portal(*, scale: str, today: dt.date, stdout) -> list[str]:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="霍邱县人民政府信息公开",
                slug="home-gongkai",
                intro="霍邱县政府信息公开平台：法定主动公开内容、依申请公开、政策文件与解读。",
            )
        )
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        else:
            old_root = site.root_page
            site.root_page = home
            site.site_name = "霍邱县人民政府信息公开"
            site.save()
            if old_root.specific_class is Page and old_root.pk != home.pk:
                old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" page
    return ["门户首页：http://127.0.0.1:8000/"]
