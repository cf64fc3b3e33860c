"""12345 hotline from the call to 办结, and the rates page that counts it (issue #6).

The demo personas (password Gongkai@2026) split the work as the hotline flow does:
operator (12345 centre 话务员) takes the call (受理) and dispatches it (派单) to 城关镇;
cg_editor (城关镇 经办人) signs for it (签收) and drafts the reply; cg_leader (城关镇 单位负责人)
approves the reply (答复须经单位负责人审核); the operator checks the reply (审核答复), calls the
citizen back (回访: 满意, resolved), which closes the ticket (满意 → 已办结). On the rates page
(考核指标, this month, counted by 派单 day) 城关镇's volume grows by one and its 满意率 is a rate.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

CONTENT = "城关镇光明路与人民路交口的路灯连续一周不亮，夜间行人出行不便，请尽快维修。"
TITLE = "城关镇光明路路灯不亮"
CALLER = "王秀英"
PHONE = "13955501234"
HANDLING_UNIT = "霍邱县城关镇人民政府"
UNIT_SHORT = "城关镇"
REPLY = "经核查，光明路路灯线路老化，已于当日更换线路并恢复照明，感谢您的监督。"
TICKET_NUMBER = re.compile(r"工单编号 (\S+)")
PERCENT = re.compile(r"^\d+(\.\d+)?%$")


def switch_user(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    login(page, base, username)


def row_cell(page: Page, header: str, *, in_clock: bool = False):
    """The value cell of the ticket page's row headed exactly ``header`` (or, ``in_clock``, the
    last cell — 是否按时 — of the 期限 table's row of that step)."""
    if in_clock:
        first = page.locator("td", has_text=re.compile(rf"^\s*{re.escape(header)}\s*$"))
        return page.locator("#hl-clock ~ table tr", has=first).locator("td").last
    th = page.locator("th", has_text=re.compile(rf"^\s*{re.escape(header)}\s*$"))
    return page.locator("tr", has=th).locator("td")


def action(page: Page, label: str):
    """The action form of the ticket page titled ``label`` (its heading names the form)."""
    return page.get_by_role("form", name=label, exact=True)


def run_action(page: Page, label: str, message: str | None = None) -> None:
    """Submit the action form ``label`` (a post that redirects) and expect its success message."""
    with page.expect_navigation():
        action(page, label).get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(message or f"已{label}")


def expect_state(page: Page, state: str) -> None:
    expect(row_cell(page, "状态")).to_contain_text(state)


def unit_rates(page: Page, base: str) -> tuple[int, str]:
    """城关镇's 工单量 and 满意率 on this month's rates page (0 and "—" without a row)."""
    page.goto(f"{base}/admin/hotline/rates/")
    expect(page.get_by_role("heading", name="各单位指标")).to_be_visible()
    table = page.locator("#hl-rates")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr", has=page.locator("td", has_text=re.compile(rf"^{UNIT_SHORT}$")))
    if row.count() == 0:
        return 0, "—"
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    return int(cells[headers.index("工单量")]), cells[headers.index("满意率")]


def open_ticket_as_unit(page: Page, base: str, number: str) -> None:
    """A unit's staff find the ticket in the list by its number and open it."""
    page.goto(f"{base}/admin/hotline/")
    page.get_by_label("编号、摘要或地点").fill(number)
    with page.expect_navigation():
        page.get_by_role("button", name="筛选", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name=number, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def test_ticket_from_intake_to_closed_and_counted_in_the_rates(page: Page, live_demo: str):
    base = live_demo
    switch_user(page, base, "operator")
    volume_before, _ = unit_rates(page, base)

    # 受理: the operator records the call; the duplicate/knowledge check first, then 受理.
    page.goto(f"{base}/admin/hotline/new/")
    page.get_by_label("诉求内容").fill(CONTENT)
    page.get_by_label("诉求类型").select_option(label="投诉")
    page.get_by_label("诉求摘要", exact=True).fill(TITLE)
    page.get_by_label("来电人姓名", exact=True).fill(CALLER)
    page.get_by_label("联系电话", exact=True).fill(PHONE)
    page.get_by_label("事发地点", exact=True).fill("城关镇光明路与人民路交口")
    with page.expect_navigation():
        page.get_by_role("button", name="查重与知识库").click()
    expect(page.get_by_role("heading", name="疑似重复诉求（30日内）")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="受理", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已受理，工单编号")
    number = TICKET_NUMBER.search(page.locator(".messages").inner_text()).group(1)
    ticket_url = page.url
    expect_state(page, "已受理")
    # The caller's phone is masked on the ticket page.
    expect(row_cell(page, "来电人")).not_to_contain_text(PHONE)

    # 派单 to 城关镇.
    action(page, "派单").get_by_label("主办单位").select_option(label=HANDLING_UNIT)
    run_action(page, "派单")
    expect(row_cell(page, "主办 / 协办")).to_contain_text(HANDLING_UNIT)
    expect(action(page, "派单")).to_have_count(0)

    # 签收 and the reply draft by 城关镇's 经办人.
    switch_user(page, base, "cg_editor")
    open_ticket_as_unit(page, base, number)
    expect_state(page, "已派单待签收")
    run_action(page, "签收")
    expect_state(page, "办理中")
    expect(row_cell(page, "签收", in_clock=True)).to_contain_text("按时")
    action(page, "提交答复（报单位负责人审核）").get_by_label("答复内容").fill(REPLY)
    run_action(page, "提交答复（报单位负责人审核）")
    expect_state(page, "答复稿待单位负责人审核")
    # The 经办人 cannot approve their own draft.
    expect(action(page, "审核通过答复")).to_have_count(0)

    # 城关镇's 单位负责人 approves the reply as drafted.
    switch_user(page, base, "cg_leader")
    open_ticket_as_unit(page, base, number)
    expect(row_cell(page, "答复稿")).to_contain_text(REPLY)
    run_action(page, "审核通过答复")
    expect_state(page, "已答复待审核")
    expect(row_cell(page, "答复")).to_contain_text(REPLY)

    # The centre accepts the reply, calls the citizen back: 满意, resolved → 已办结.
    switch_user(page, base, "operator")
    page.goto(ticket_url)
    check = action(page, "审核答复")
    check.get_by_label("审核结论").select_option(label="通过")
    run_action(page, "审核答复")
    expect_state(page, "待回访")
    callback = action(page, "登记回访")
    callback.get_by_label("满意度").select_option(label="满意")
    callback.get_by_label("诉求是否解决").select_option(label="是")
    callback.get_by_label("回访记录").fill("来电人表示路灯已修好，对办理结果满意。")
    run_action(page, "登记回访")
    expect_state(page, "已办结")
    expect(row_cell(page, "回访")).to_contain_text("满意，已解决")
    expect(page.locator("#hl-actions")).to_have_count(0)  # nothing left to do on a closed ticket
    timeline = page.get_by_role("region", name="办理过程")
    for step in ("受理", "派单", "签收", "答复", "回访（满意）"):
        expect(timeline).to_contain_text(step)

    # 考核指标 of this month (by 派单 day): 城关镇 counts the ticket and has a 满意率.
    volume, satisfaction = unit_rates(page, base)
    assert volume == volume_before + 1
    assert PERCENT.match(satisfaction), satisfaction
