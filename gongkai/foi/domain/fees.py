"""信息处理费 under 《政府信息公开条例》 Art. 42 and 国办函〔2020〕109号 (statutes.md §1.8).

Two progressive (超额累进) methods; one application is charged by exactly one of them:

* 按件 (per application), counted per applicant over one calendar month: applications 1-10
  free, 11-30 100 元 each, then bands of 10, each band 100 元 per application more (31-40:
  200 元, 41-50: 300 元 …). The band rule's reading is [P] in statutes.md.
* 按量 (per page) per application: pages 1-30 free, 31-100 10 元, 101-200 20 元, from 201
  40 元 per page.

Amounts are whole yuan (int). The page count convention (A4 equivalents) is [U] in the source
and left to the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

__all__ = [
    "FREE_ITEMS",
    "FREE_PAGES",
    "PAGE_TIERS",
    "Fee",
    "FeeMethod",
    "compute_fee",
    "item_fee",
    "items_total",
    "nth_in_month",
    "page_fee",
]

FREE_ITEMS: Final = 10
FREE_PAGES: Final = 30
# (first page, last page or None, yuan per page)
PAGE_TIERS: Final = ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40))


class FeeMethod(StrEnum):
    PER_ITEM = "per_item"  # 按件
    PER_PAGE = "per_page"  # 按量


FEE_METHOD_LABELS: Final = {FeeMethod.PER_ITEM: "按件计收", FeeMethod.PER_PAGE: "按量计收"}


def item_fee(n: int) -> int:
    """Fee in yuan for the applicant's ``n``-th application in the calendar month (n >= 1)."""
    if n < 1:
        raise ValueError("申请件数必须不小于1")
    if n <= FREE_ITEMS:
        return 0
    if n <= 30:
        return 100
    return 100 * ((n - 31) // 10 + 2)


def items_total(count: int) -> int:
    """Total fee in yuan for ``count`` applications of one applicant in one calendar month."""
    if count < 0:
        raise ValueError("申请件数不能为负数")
    return sum(item_fee(n) for n in range(1, count + 1))


def page_fee(pages: int) -> int:
    """Fee in yuan for one application of ``pages`` pages (按量)."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    total = 0
    for first, last, rate in PAGE_TIERS:
        if pages < first:
            break
        top = pages if last is None else min(pages, last)
        total += (top - first + 1) * rate
    return total


def nth_in_month(previous: Iterable[date], on: date) -> int:
    """Rank of an application made ``on`` among the applicant's applications of that month.

    ``previous`` are the dates of the applicant's earlier applications (any month); the count
    restarts on the 1st of each month.
    """
    return 1 + sum(1 for d in previous if (d.year, d.month) == (on.year, on.month) and d <= on)


@dataclass(frozen=True, slots=True)
class Fee:
    method: FeeMethod
    amount: int  # yuan
    explanation: str


def compute_fee(method: FeeMethod, *, nth: int | None = None, pages: int | None = None) -> Fee:
    """The fee of one application by ``method``; exactly one of ``nth``/``pages`` is given."""
    if (nth is None) == (pages is None):
        raise ValueError("按件和按量只能选择一种方式计收，须且只能提供申请件序号或页数之一")
    if method is FeeMethod.PER_ITEM:
        if nth is None:
            raise ValueError("按件计收须提供本月第几件申请")
        amount = item_fee(nth)
        text = f"按件计收：本自然月第{nth}件申请，收费{amount}元"
        if amount == 0:
            text += f"（每月前{FREE_ITEMS}件免费）"
    else:
        if pages is None:
            raise ValueError("按量计收须提供页数")
        amount = page_fee(pages)
        text = f"按量计收：{pages}页，收费{amount}元"
        if amount == 0:
            text += f"（{FREE_PAGES}页以内免费）"
    return Fee(method, amount, text + "（国办函〔2020〕109号）。")
