"""An item's way from the editor's draft through 预检 and 三审 to the public portal.

Personas from `manage.py demo_county` (password Gongkai@2026): cg_editor drafts, cg_reviewer
does 初审, cg_leader 复审, county_admin 终审; a citizen then reads it on the portal.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

TITLE = "关于开展2026年冬季森林防火宣传月活动的通知"


def logout(page: Page, base: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")


def action(page: Page, name: str | re.Pattern) -> None:
    """Click an action of the editor's footer menu (opening its dropdown when needed)."""
    menu = page.locator(".w-dropdown-button").last
    button = menu.get_by_role("button", name=name).first
    if not button.is_visible():
        menu.get_by_role("button").last.click()  # the toggle after the default button
    with page.expect_navigation():
        button.click()


def approve(page: Page, base: str, user: str, edit_url: str) -> None:
    login(page, base, user)
    page.goto(edit_url)
    action(page, "审核通过")
    expect(page.locator(".messages")).not_to_contain_text("错误")
    logout(page, base)


def test_item_goes_through_three_reviews_to_the_portal(page: Page, live_demo: str):
    login(page, live_demo, "cg_editor")
    panel = page.locator("section[aria-labelledby='gk-my-channels-heading']")
    row = panel.locator("tr", has_text="通知公告").first
    with page.expect_navigation():
        row.get_by_role("link", name="发布新信息").click()

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_topic").select_option("气象、应急")
    page.locator("#id_genre").select_option("通知")
    page.locator("#id_keywords").fill("森林防火")
    page.locator("#id_summary").fill("部署2026年冬季森林防火宣传月活动。")
    body = page.locator("#id_body").locator("xpath=..").locator("[contenteditable='true']").first
    body.click()
    body.type("各村（社区）、镇直各单位：现将冬季森林防火宣传月活动有关事项通知如下。")
    # Draftail writes its hidden input shortly after the last keystroke.
    expect(page.locator("#id_body")).to_have_value(re.compile("冬季森林防火宣传月"), timeout=5000)

    action(page, re.compile("提交"))
    expect(page.locator(".messages")).not_to_contain_text("预检未通过")

    # Find the new item's edit page from the channel listing.
    link = page.get_by_role("link", name=TITLE).first
    href = link.get_attribute("href")
    match = re.search(r"/admin/pages/(\d+)/", href or "")
    if match is None:
        link.click()
        match = re.search(r"/admin/pages/(\d+)/", page.url)
    assert match, href
    edit_url = f"{live_demo}/admin/pages/{match.group(1)}/edit/"
    logout(page, live_demo)

    for user in ("cg_reviewer", "cg_leader", "county_admin"):
        approve(page, live_demo, user, edit_url)

    # A citizen finds it on the portal, with its metadata block.
    page.goto(f"{live_demo}/xxgk/chengguan/fdzdgknr/tzgg/")
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).first.click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    meta = page.locator("main")
    expect(meta).to_contain_text("索引号")
    expect(meta).to_contain_text(re.compile(r"chengguan/2026-\d{5}"))
    expect(meta).to_contain_text("霍邱县城关镇人民政府")
    expect(meta).to_contain_text("气象、应急")
    expect(meta).to_contain_text("现将冬季森林防火宣传月活动有关事项通知如下")


def test_an_id_number_stops_the_item_at_the_pre_check(page: Page, live_demo: str):
    login(page, live_demo, "cg_editor")
    panel = page.locator("section[aria-labelledby='gk-my-channels-heading']")
    with page.expect_navigation():
        panel.locator("tr", has_text="通知公告").first.get_by_role(
            "link", name="发布新信息"
        ).click()
    page.locator("#id_title").fill("关于城乡低保新增对象的公示")
    page.locator("#id_topic").select_option("民政、扶贫")
    page.locator("#id_genre").select_option("公告")
    page.locator("#id_summary").fill("拟新增低保对象公示。")
    body = page.locator("#id_body").locator("xpath=..").locator("[contenteditable='true']").first
    body.click()
    body.type("张某某，身份证号34152219800101123X，经评议拟纳入低保。")
    expect(page.locator("#id_body")).to_have_value(re.compile("341522"), timeout=5000)
    action(page, re.compile("提交"))
    messages = page.locator(".messages")
    expect(messages).to_contain_text("预检未通过")
    expect(messages).to_contain_text("身份")
    # The editor can see the problem marked in place before trying again.
    href = page.get_by_role("link", name="关于城乡低保新增对象的公示").first.get_attribute("href")
    edit = re.search(r"/admin/pages/(\d+)/", href or "")
    assert edit, href
    page.goto(f"{live_demo}/admin/checks/items/{edit.group(1)}/")
    expect(page.locator("main")).to_contain_text("必须修改")
    expect(page.locator("mark.gk-blocking").first).to_be_visible()
