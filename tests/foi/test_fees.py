"""信息处理费 of 国办函〔2020〕109号 (statutes.md §1.8, Test facts 16-17)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.foi.domain.fees import (
    FeeMethod,
    compute_fee,
    item_fee,
    items_total,
    nth_in_month,
    page_fee,
)


@pytest.mark.parametrize(
    ("count", "total"),
    [
        (0, 0),
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 2000),
        (31, 2200),
        (35, 3000),
        (40, 4000),
        (41, 4300),
        (50, 7000),
        (51, 7400),
    ],
)
def test_per_item_month_totals(count: int, total: int) -> None:
    assert items_total(count) == total


@pytest.mark.parametrize(
    ("n", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400), (61, 500)],
)
def test_per_item_marginal_fee(n: int, fee: int) -> None:
    assert item_fee(n) == fee


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_per_page(pages: int, fee: int) -> None:
    assert page_fee(pages) == fee


def test_month_count_resets_on_the_first() -> None:
    earlier = [date(2026, 3, d) for d in range(1, 11)] + [date(2026, 2, 27)]
    assert nth_in_month(earlier, date(2026, 3, 20)) == 11
    assert nth_in_month(earlier, date(2026, 4, 1)) == 1


def test_compute_fee_uses_exactly_one_method() -> None:
    assert compute_fee(FeeMethod.PER_ITEM, nth=11).amount == 100
    fee = compute_fee(FeeMethod.PER_PAGE, pages=250)
    assert (fee.amount, fee.explanation) == (
        4700,
        "按量计收：250页，收费4700元（国办函〔2020〕109号）。",
    )
    assert "免费" in compute_fee(FeeMethod.PER_PAGE, pages=12).explanation
    with pytest.raises(ValueError, match="只能选择一种"):
        compute_fee(FeeMethod.PER_PAGE, nth=3, pages=40)
    with pytest.raises(ValueError, match="按件计收须"):
        compute_fee(FeeMethod.PER_ITEM, pages=40)
    with pytest.raises(ValueError):
        item_fee(0)
    with pytest.raises(ValueError):
        page_fee(-1)


@given(st.integers(0, 2000))
def test_fees_are_progressive(n: int) -> None:
    assert page_fee(n + 1) - page_fee(n) >= page_fee(n) - page_fee(n - 1) if n else True
    assert items_total(n + 1) - items_total(n) == item_fee(n + 1)
    assert item_fee(n + 2) >= item_fee(n + 1)
