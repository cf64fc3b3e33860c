"""A normative document from the draft to the public list of valid documents, and its expiry.

Personas from `manage.py demo_county` (password Gongkai@2026): fgw_editor (县发改委) drafts and
records each step of the procedure, sfj_legal (县司法局) reviews its legality; a citizen then
finds it in 县发改委's 现行有效规范性文件目录. The expiry job, run for the day after its last
day of validity, marks it 失效: it stays public, marked, and leaves the list of valid documents.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import demo_manage, login

pytestmark = pytest.mark.browser

TITLE = "霍邱县城区公共停车场收费管理暂行办法"


def submit(page: Page, action: str) -> None:
    form = page.locator("form", has=page.get_by_role("heading", name=action, exact=True))
    with page.expect_navigation():
        form.get_by_role("button", name=action).click()
    expect(page.locator(".messages")).not_to_contain_text("错误")


def test_document_from_draft_to_the_public_valid_list_and_expiry(page: Page, live_demo: str):
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the server's real clock
    until = today + dt.timedelta(days=40)

    login(page, live_demo, "fgw_editor")
    page.goto(f"{live_demo}/admin/normdocs/new/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_doc_number").fill("霍发改(2026)第31号")  # repaired to the canonical form
    page.locator("#id_body").fill(
        "第一条 为规范城区公共停车场收费管理，制定本办法。\n第二条 本办法自公布之日起施行。"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("霍发改〔2026〕31号").first).to_be_visible()
    detail_url = page.url
    submit(page, "提交合法性审核")
    expect(page.get_by_text("合法性审核中").first).to_be_visible()
    page.context.clear_cookies()

    login(page, live_demo, "sfj_legal")
    page.goto(detail_url)
    page.get_by_label("通过", exact=True).check()
    page.locator("#id_legal_review_opinion").fill("经审核，该文件制定主体适格，内容合法，同意。")
    submit(page, "合法性审核")
    page.context.clear_cookies()

    login(page, live_demo, "fgw_editor")
    page.goto(detail_url)
    page.locator("#id_deliberate_meeting").fill("县发改委2026年第9次党组会议")
    page.locator("#id_deliberate_deliberated_on").fill(today.isoformat())
    submit(page, "登记集体审议")
    page.locator("#id_sign_signed_by").fill("王主任")
    page.locator("#id_sign_signed_on").fill(today.isoformat())
    submit(page, "签发")
    submit(page, "统一登记编号")
    expect(page.get_by_text(re.compile(r"HQFGW-\d{4}-\d{3}")).first).to_be_visible()
    page.locator("#id_publish_published_on").fill(today.isoformat())
    page.locator("#id_publish_valid_until").fill(until.isoformat())
    submit(page, "公布")
    expect(page.get_by_text("已公布").first).to_be_visible()
    page.context.clear_cookies()

    # A citizen: the unit's list of valid documents, then the document itself.
    page.goto(f"{live_demo}/gfxwj/units/fgw/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("现行有效规范性文件目录")
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).click()
    document_url = page.url
    expect(page.locator("main")).to_contain_text("霍发改〔2026〕31号")
    expect(page.locator("main")).to_contain_text("有效")

    # The day after its last day of validity the expiry job marks it 失效.
    day_after = (until + dt.timedelta(days=1)).isoformat()
    demo_manage(live_demo, "run_jobs", "--only", "normdocs.expiry", "--today", day_after)
    page.goto(document_url)
    expect(page.locator(".nd-banner")).to_contain_text("失效")
    page.goto(f"{live_demo}/gfxwj/units/fgw/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
