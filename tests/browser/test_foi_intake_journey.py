"""依申请公开 intake in Debian's Chromium, with nothing loaded from outside the server.

Personas from `manage.py demo_county` (password Gongkai@2026): cg_editor (经办人, 城关镇) enters
a letter handed in at the counter on the one-screen offline entry and hands the applicant the
printed 回执; the applicant then opens the public status page with the two codes. The portal
form is checked for its progressive enhancement (applicant fieldsets, "换一张"); its captcha
cannot be solved by a test without reading the server's session, so the online submission
itself is covered by tests/foi/test_public_intake.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def only_local_requests(page: Page, base_url: str) -> list[str]:
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith((base_url, "data:", "blob:")) else None
        ),
    )
    return outside


def test_portal_form_works_offline_and_enhances(page: Page, live_demo: str):
    outside = only_local_requests(page, live_demo)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))  # JavaScript errors

    page.goto(f"{live_demo}/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="依申请公开").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息依申请公开")
    expect(page.locator("main")).to_contain_text("20个工作日")
    page.get_by_role("link", name="在线提交申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开申请")

    image = page.locator("#captcha-image")
    expect(image).to_be_visible()
    page.wait_for_function("document.getElementById('captcha-image').complete")
    assert page.evaluate("document.getElementById('captcha-image').naturalWidth") == 180
    expect(page.get_by_label("受理机关")).to_have_value(re.compile(r"\d+"))
    expect(page.locator("#id_unit option:checked")).to_have_text("霍邱县人民政府")

    # The applicant type shows the matching fieldset only.
    expect(page.locator("#id_name")).to_be_visible()
    expect(page.get_by_label("统一社会信用代码")).to_be_hidden()
    page.get_by_label("法人或者其他组织：商业企业").check()
    expect(page.get_by_label("统一社会信用代码")).to_be_visible()
    expect(page.locator("#id_name")).to_be_hidden()

    # "换一张" swaps the image in place; what was typed stays.
    page.get_by_label("所需政府信息的名称、文号或其他特征性描述").fill("霍政办〔2025〕12号")
    before = image.get_attribute("src")
    page.get_by_role("button", name="换一张").click()
    expect(image).not_to_have_attribute("src", before)
    expect(page.get_by_label("所需政府信息的名称、文号或其他特征性描述")).to_have_value(
        "霍政办〔2025〕12号"
    )

    # Submitting without the captcha: Chinese errors, linked from a summary, nothing lost.
    with page.expect_navigation():
        page.get_by_role("button", name="提交申请", exact=True).last.click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("申请未提交")
    expect(summary).to_contain_text("请填写验证码")
    expect(page.get_by_label("所需政府信息的名称、文号或其他特征性描述")).to_have_value(
        "霍政办〔2025〕12号"
    )
    assert outside == [], outside
    assert errors == [], errors


def test_offline_entry_then_the_applicant_tracks_it(page: Page, live_demo: str):
    outside = only_local_requests(page, live_demo)
    login(page, live_demo, "cg_editor")
    page.goto(f"{live_demo}/admin/foi/register/")
    expect(page.get_by_label("受理机关")).to_be_focused()
    expect(page.locator("#id_unit option")).to_have_count(1)

    # The date that counts follows the channel (Art. 31); in person needs no second date.
    expect(page.locator("#fg-confirmed_on")).to_be_hidden()
    page.get_by_label("邮寄（需签收）").check()
    expect(page.locator("#fg-confirmed_on")).to_be_visible()
    expect(page.locator("#fg-confirmed_on label")).to_have_text("签收日期")
    expect(page.locator("#channel-rule")).to_contain_text("签收之日")
    page.get_by_label("当面提交").check()
    expect(page.locator("#fg-confirmed_on")).to_be_hidden()

    page.locator("#id_name").fill("刘某某")
    page.get_by_label("证件号码").fill("341522199001011234")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("所需政府信息的名称、文号或其他特征性描述").fill("城关镇2025年低保名单")
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).click()
    if not page.locator("#query-code").count():  # the case page (once merged): use the message
        with page.expect_navigation():
            page.locator(".messages").get_by_role("link", name="打印回执").click()
    tracking = page.locator(".ysq-code").first.inner_text().strip()
    query = page.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"YSQ-\d{4}-\d{6}", tracking)
    assert re.fullmatch(r"[A-Z0-9]{8}", query)
    expect(page.locator("main")).to_contain_text("请妥善保存")
    page.context.clear_cookies()

    page.goto(f"{live_demo}/ysqgk/track/")
    page.get_by_label("申请编号").fill(tracking)
    page.get_by_label("查询码").fill("WRONG123")
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("alert")).to_contain_text("申请编号或查询码不正确")
    page.get_by_label("查询码").fill(query.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    main = page.locator("main")
    expect(main).to_contain_text("已收到")
    expect(main).to_contain_text("收到申请")
    expect(main).to_contain_text("城关镇")
    for secret in ("刘某某", "341522199001011234", "13812345678", "李经办"):
        expect(main).not_to_contain_text(secret)
    page.reload()
    expect(main).to_contain_text("已收到")
    assert outside == [], outside
