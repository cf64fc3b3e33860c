"""Staff sign in to the Chinese admin and see only their own units' data.

Personas come from `manage.py demo_county` (password Gongkai@2026):
- cg_editor      经办人 of 城关镇 (a township editor)
- county_admin   政务公开办管理员 at the county office
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def sidebar(page: Page):
    return page.locator("#wagtail-sidebar")


def test_township_editor_journey(page: Page, live_demo: str):
    login(page, live_demo, "cg_editor")

    # The admin speaks Chinese: Wagtail's own strings come from its zh_Hans catalogue
    # (Dashboard = 控制面板, Account = 帐号); our menu items are Chinese too (单位, 人员管理). The
    # online 帮助 menu is hidden (offline intranet).
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_title(re.compile("控制面板"))
    expect(sidebar(page).locator(".menuitem-label", has_text="人员管理")).to_be_visible()
    expect(sidebar(page).locator(".menuitem-label", has_text="帮助")).to_have_count(0)
    expect(page.locator("main#main").get_by_role("link", name="帐号")).to_be_visible()

    # The dashboard panel lists the editor's own township, and only that.
    my_units = page.locator("section[aria-labelledby='gk-my-units-heading']")
    expect(my_units.get_by_role("heading", name="我的单位")).to_be_visible()
    expect(my_units).to_contain_text("城关镇")
    expect(my_units).not_to_contain_text("河口镇")

    # The unit listing is scoped the same way.
    page.goto(f"{live_demo}/admin/units/")
    listing = page.locator("main#main")
    expect(listing.locator("table")).to_contain_text("城关镇")
    expect(listing).not_to_contain_text("河口镇")

    # The deadline calculator, reached from the sidebar menu.
    menu_item = sidebar(page).get_by_role("link", name="期限计算器")
    expect(menu_item).to_be_visible()
    menu_item.click()
    page.wait_for_url(f"{live_demo}/admin/deadline-calculator/")
    form = page.locator("form.gk-calculator")
    expect(form).to_be_visible()

    # Received on Friday 13 February 2026, the eve of the Spring Festival holiday (15-23 Feb,
    # make-up workdays on Saturdays 14 and 28 Feb): the 20th working day is 19 March.
    form.locator("input[name='received']").fill("2026-02-13")
    with page.expect_navigation():
        form.get_by_role("button", name="计算").click()
    expect(page.locator("#gk-result")).to_contain_text("2026年3月19日")


def test_county_admin_sees_every_township(page: Page, live_demo: str):
    login(page, live_demo, "county_admin")

    page.goto(f"{live_demo}/admin/units/")
    listing = page.locator("main#main table")
    expect(listing).to_contain_text("城关镇")
    expect(listing).to_contain_text("河口镇")
