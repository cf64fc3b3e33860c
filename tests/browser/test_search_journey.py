"""A citizen searches the portal: the header search box, highlighted results, facets, phrases.

Runs against the demo county (`demo_county --scale small`, whose last step rebuilds the search
index); no ORM here, only the browser.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

COUNT = re.compile(r"找到(约)? (\d+) 条")
ESTIMATED: dict[str, bool] = {}


def result_count(page: Page) -> int:
    """The count the page shows; "约 N" (more than 1,000 matches) is noted in ESTIMATED."""
    status = page.locator(".search-count[role='status']")
    expect(status).to_contain_text("找到")
    match = COUNT.search(status.inner_text())
    assert match, status.inner_text()
    ESTIMATED[page.url] = bool(match.group(1))
    return int(match.group(2))


def same_count(page: Page, count: int, expected: int, *, estimated: bool) -> bool:
    """Exact counts must agree; an estimate (over 1,000 matches) within a fifth."""
    if estimated or ESTIMATED.get(page.url):
        return abs(count - expected) <= expected / 5
    return count == expected


def test_citizen_searches_the_portal(page: Page, live_demo: str):
    page.goto(f"{live_demo}/")
    header_search = page.get_by_role("search", name="站内搜索")
    header_search.get_by_label("站内搜索").fill("通知")
    with page.expect_navigation():
        header_search.get_by_role("button", name="搜索").click()
    assert "/search/?q=" in page.url

    total = result_count(page)
    estimated = ESTIMATED[page.url]
    assert total >= 1
    hits = page.locator(".search-hit")
    expect(hits.first).to_be_visible()
    expect(page.locator(".search-hit mark", has_text="通知").first).to_be_visible()
    expect(page.locator(".search-hit__title mark").first).to_have_text(re.compile("通知"))
    # The page's own query box keeps the words.
    expect(page.get_by_label("搜索词")).to_have_value("通知")

    # Facets with counts; narrowing by one of them changes the count.
    facets = page.get_by_role("navigation", name="筛选")
    expect(facets.get_by_role("heading", name="按单位")).to_be_visible()
    expect(facets.get_by_role("heading", name="按类别")).to_be_visible()
    unit_links = facets.locator(
        "section", has=page.get_by_role("heading", name="按单位")
    ).get_by_role("link")
    assert unit_links.count() >= 2, "the demo's 通知 come from more than one unit"
    first = unit_links.first
    label = first.inner_text()
    match = re.search(r"（(\d+)）", label)
    assert match, label
    expected = int(match.group(1))
    assert 0 < expected < total
    with page.expect_navigation():
        first.click()
    narrowed = result_count(page)
    # Above 1,000 matches the facets count the newest 1,000 (labelled so on the page): the
    # filtered list then has at least that many.
    assert narrowed == expected or (estimated and narrowed >= expected)
    assert "unit=" in page.url
    expect(facets.locator("[aria-current='true']")).to_have_count(1)
    expect(facets.get_by_role("link", name="清除筛选")).to_be_visible()

    # Clearing the filter gives the full count back.
    with page.expect_navigation():
        facets.get_by_role("link", name="清除筛选").click()
    assert same_count(page, result_count(page), total, estimated=estimated)

    # Sorting by date keeps the results.
    with page.expect_navigation():
        page.locator(".search-order").get_by_role("link", name="发布日期").click()
    assert same_count(page, result_count(page), total, estimated=estimated)
    expect(page.locator(".search-order [aria-current='true']")).to_have_text("发布日期")

    # A phrase in quotes: take a highlighted title from the results and search its words.
    phrase = "政府信息公开"
    box = page.get_by_label("搜索词")
    box.fill(f"“{phrase}”")
    with page.expect_navigation():
        page.locator("form.search-form").get_by_role("button", name="搜索").click()
    assert result_count(page) >= 1
    expect(page.locator(".search-hit mark", has_text=phrase).first).to_be_visible()
