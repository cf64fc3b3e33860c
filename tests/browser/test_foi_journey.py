"""依申请公开 from the citizen's online application to 已答复 on the citizen's status page (issue #3).

The receiving body is 霍邱县人民政府, the form's default ("不清楚由哪个机关公开时，可向县人民政府
提出申请"). That gives the issue's division of labour with the demo personas (password
Gongkai@2026): county_admin (县政务公开办) receives the case on the 办理台 and 交办 it to 城关镇
with an internal due date; cg_editor (城关镇 经办人, staff of the handling unit) drafts the
予以公开 letter, submits it, downloads the .docx, records the delivery and closes the case;
county_admin signs it (签发: the receiving unit's 单位负责人 or the county office, never the
drafter), which allocates the 霍政公开〔year〕N号 letter number. With 城关镇 as the receiving body
instead, cg_leader would sign and the 交办 would stay inside 城关镇.

The citizen reads the tracking code and query code off the 回执 and, with cookies cleared,
looks the case up with them: first 已收到 with its due date, at the end 已答复 — and never any
personal data (name, ID number, phone).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import CAPTCHA_ANSWER, login

pytestmark = pytest.mark.browser

APPLICANT = "张晓明"
PHONE = "13800000000"
DESCRIPTION = "2025年城关镇老旧小区改造项目的招标文件和中标结果"
RECEIVING_UNIT = "霍邱县人民政府"
HANDLING_UNIT = "霍邱县城关镇人民政府"
LETTER_NUMBER = re.compile(r"霍政公开〔\d{4}〕\d+号")

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def resident_id(body: str) -> str:
    """The 17 digits plus their GB 11643-1999 check character (ISO 7064 MOD 11-2)."""
    return body + _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


ID_NUMBER = resident_id("34152219850312123")  # 霍邱县, born 1985-03-12


def row_cell(page: Page, header: str):
    """The value cell of the table row headed exactly ``header``."""
    th = page.locator("th", has_text=re.compile(rf"^\s*{re.escape(header)}\s*$"))
    return page.locator("tr", has=th).locator("td")


def submit(page: Page, button: str, message: str) -> None:
    """Press ``button`` (a form post that redirects) and expect the success ``message``."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(message)


def switch_user(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    login(page, base, username)


def open_status(page: Page, base: str, tracking_code: str, query_code: str) -> None:
    """The citizen's look-up with the two codes, in a browser with no session."""
    page.context.clear_cookies()
    page.goto(f"{base}/ysqgk/track/")
    page.get_by_label("申请编号").fill(tracking_code)
    page.get_by_label("查询码").fill(query_code)
    with page.expect_navigation():
        page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("办理进度")
    expect(row_cell(page, "申请编号")).to_have_text(tracking_code)


def assert_no_personal_data(page: Page) -> None:
    html = page.content()
    for secret in (APPLICANT, APPLICANT[0] + "**", ID_NUMBER, PHONE):
        assert secret not in html, f"the public status page shows personal data: {secret!r}"


def test_online_application_assigned_answered_and_tracked(page: Page, live_demo: str):
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the server's real clock
    internal_due = today + dt.timedelta(days=7)  # well before 20 working days

    # --- The citizen applies online. ----------------------------------------------------------
    # The captcha challenge is issued to the session when the image is fetched: wait for it.
    with page.expect_response(re.compile(r"/ysqgk/captcha\.png")) as captcha:
        page.goto(f"{live_demo}/ysqgk/apply/")
    assert captcha.value.ok
    form = page.locator("form[data-foi-form]")
    form.get_by_label("受理机关").select_option(label=RECEIVING_UNIT)
    form.get_by_label("自然人（公民）").check()
    person = form.get_by_role("group", name="自然人填写")
    person.get_by_label("姓名").fill(APPLICANT)
    person.get_by_label("证件号码").fill(ID_NUMBER)
    form.get_by_label("联系电话").fill(PHONE)
    form.get_by_label("通信地址").fill("安徽省六安市霍邱县城关镇光明路18号")
    form.get_by_label("邮政编码").fill("237400")
    form.get_by_label("所需政府信息的名称、文号或其他特征性描述").fill(DESCRIPTION)
    form.locator("#fg-wanted_form").get_by_label("电子", exact=True).check()
    form.locator("#fg-delivery").get_by_label("在线", exact=True).check()
    form.get_by_label("验证码").fill(CAPTCHA_ANSWER)
    with page.expect_navigation():
        form.locator(".ysq-actions").get_by_role("button", name="提交申请").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开申请回执")
    tracking_code = row_cell(page, "申请编号").inner_text().strip()
    assert re.fullmatch(r"YSQ-\d{4}-\d{6}", tracking_code), tracking_code
    query_code = page.locator("#query-code").inner_text().strip()
    assert query_code
    expect(row_cell(page, "受理机关")).to_have_text(RECEIVING_UNIT)
    expect(row_cell(page, "申请人")).not_to_contain_text(APPLICANT)  # masked: 张**
    due = row_cell(page, "答复期限").locator("time").get_attribute("datetime")
    assert due and dt.date.fromisoformat(due) > today

    # With the two codes only, the status page shows the case received and its due date.
    open_status(page, live_demo, tracking_code, query_code)
    expect(row_cell(page, "当前状态")).to_have_text("已收到")
    expect(row_cell(page, "答复期限").locator("time")).to_have_attribute("datetime", due)
    assert_no_personal_data(page)

    # --- The county office finds it on the 办理台 and assigns it to 城关镇. ---------------------
    switch_user(page, live_demo, "county_admin")
    page.goto(f"{live_demo}/admin/foi/")
    search = page.get_by_role("search", name="筛选")
    search.get_by_label("申请编号").fill(tracking_code)
    with page.expect_navigation():
        search.get_by_role("button", name="筛选").click()
    with page.expect_navigation():
        page.get_by_role("link", name=tracking_code, exact=True).click()
    case_url = page.url
    assert re.search(r"/admin/foi/\d+/$", case_url), case_url
    expect(page.locator("#foi-application + table")).to_contain_text(DESCRIPTION)

    assign = page.get_by_role("form", name="交办")
    assign.get_by_label("承办单位").select_option(label=HANDLING_UNIT)
    assign.get_by_label("内部办理期限").fill(internal_due.isoformat())
    assign.get_by_label("交办说明").fill("请城关镇核实招标文件和中标结果，按期拟稿。")
    with page.expect_navigation():
        assign.get_by_role("button", name="交办").click()
    expect(page.locator(".messages")).to_contain_text(f"已交办{HANDLING_UNIT}")
    expect(row_cell(page, "承办单位")).to_have_text(HANDLING_UNIT)
    expect(row_cell(page, "内部办理期限")).to_contain_text(internal_due.isoformat())

    # --- 城关镇's 经办人 drafts the 予以公开 letter and submits it. ---------------------------------
    switch_user(page, live_demo, "cg_editor")
    page.goto(case_url)
    with page.expect_navigation():
        page.get_by_role("link", name="办理答复").click()
    reply_url = page.url
    page.get_by_label("办理结果").select_option(label="予以公开")
    page.get_by_label("答复类型").select_option(label="予以提供或告知获取方式、途径和时间")
    submit(page, "生成答复书", "已按模板生成答复书")
    body = page.get_by_role("textbox", name="正文")
    expect(body).to_have_value(re.compile(rf"^{APPLICANT}：.*“{DESCRIPTION}”", re.S))
    submit(page, "提交单位负责人审批", "答复书已提交单位负责人审批")
    expect(page.get_by_text("等待受理机关单位负责人签发")).to_be_visible()

    # --- The county office signs it: the letter gets its number. -------------------------------
    switch_user(page, live_demo, "county_admin")
    page.goto(reply_url)
    submit(page, "签发", "答复书已签发")
    letter = page.locator("section[aria-labelledby='foi-letter']")
    expect(letter).to_contain_text(LETTER_NUMBER)
    number = LETTER_NUMBER.search(letter.inner_text()).group(0)

    # --- The handler downloads the letter, records the delivery and closes the case. ----------
    switch_user(page, live_demo, "cg_editor")
    page.goto(reply_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载答复书（.docx）").click()
    download = download_info.value
    assert download.suggested_filename == f"{number}.docx"
    assert download.suggested_filename.endswith(".docx")
    docx = Path(download.path())
    assert docx.stat().st_size > 0
    with zipfile.ZipFile(docx) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert number in document
    assert DESCRIPTION in document

    delivery = page.locator("form[action$='/reply/deliver/']")
    delivery.get_by_label("送达方式").select_option(label="在线")
    # The date field starts at today (ISO, the only format an <input type="date"> reads).
    expect(delivery.get_by_label("送达日期")).to_have_value(today.isoformat())
    submit(page, "登记送达", "已登记送达")
    expect(page.locator("section[aria-labelledby='foi-delivery']")).to_contain_text(
        f"在线 · {today.isoformat()}"
    )
    submit(page, "办结", "已办结（予以公开）")
    expect(page.locator("section[aria-labelledby='foi-close']")).to_contain_text("已办结")

    page.goto(case_url)
    expect(row_cell(page, "状态").first).to_contain_text("已办结")
    expect(row_cell(page, "办结").first).to_contain_text(today.isoformat())
    expect(page.locator("section[aria-labelledby='foi-reply-heading']")).to_contain_text(number)
    expect(page.get_by_role("form", name="交办")).to_have_count(0)

    # --- The citizen sees 已答复, and still no personal data. ---------------------------------
    open_status(page, live_demo, tracking_code, query_code)
    expect(row_cell(page, "当前状态")).to_have_text("已答复")
    expect(row_cell(page, "答复日期").locator("time")).to_have_attribute(
        "datetime", today.isoformat()
    )
    expect(page.locator(".ysq-timeline")).to_contain_text("作出答复")
    assert_no_personal_data(page)
