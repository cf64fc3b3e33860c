"""Table 三 of the annual report (国办公开办函〔2021〕30号, statutes.md §2.1) and its cross-checks.

A case counts as *new* in the year it was received, *carried over* if received before the year
and still open on 1 January, in an *outcome row* of the year it was closed, and *carried to next
year* if received by 31 December and still open then. Cross-checks (statutes.md §2.1, Test fact
22): in every column 一 + 二 = (七)总计 + 四; (七)总计 = the sum of (一)…(六); in every row the
总计 column = 自然人 + the five organisation columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from gongkai.foi.domain.outcomes import (
    GROUP_LABELS,
    OUTCOME_GROUP,
    OUTCOME_LABELS,
    Outcome,
    OutcomeGroup,
    outcomes_in,
)

__all__ = [
    "APPLICANT_TYPE_LABELS",
    "REVIEW_KIND_LABELS",
    "REVIEW_RESULT_LABELS",
    "ROW_KEYS",
    "ApplicantType",
    "CaseSummary",
    "ReviewKind",
    "ReviewResult",
    "ReviewSummary",
    "Table3",
    "Table4",
    "build_table3",
    "build_table4",
    "check_reviews",
    "check_summaries",
    "check_table3",
    "check_table4",
    "row_label",
]


class ApplicantType(StrEnum):
    """The six applicant columns of table 三 (before the 总计 column)."""

    NATURAL_PERSON = "natural_person"
    BUSINESS = "business"
    RESEARCH = "research"
    PUBLIC_WELFARE = "public_welfare"
    LEGAL_SERVICE = "legal_service"
    OTHER = "other"


APPLICANT_TYPE_LABELS: Final = MappingProxyType(
    {
        ApplicantType.NATURAL_PERSON: "自然人",
        ApplicantType.BUSINESS: "商业企业",
        ApplicantType.RESEARCH: "科研机构",
        ApplicantType.PUBLIC_WELFARE: "社会公益组织",
        ApplicantType.LEGAL_SERVICE: "法律服务机构",
        ApplicantType.OTHER: "其他",
    }
)
COLUMNS: Final = tuple(ApplicantType)
TOTAL_COLUMN: Final = len(COLUMNS)  # index of the 总计 column in a row tuple

NEW, CARRIED_OVER, TOTAL, CARRIED_FORWARD = "new", "carried_over", "total", "carried_forward"
ROW_KEYS: Final = (NEW, CARRIED_OVER, *(o.value for o in Outcome), TOTAL, CARRIED_FORWARD)

_FIXED_LABELS: Final = MappingProxyType(
    {
        NEW: "一、本年新收政府信息公开申请数量",
        CARRIED_OVER: "二、上年结转政府信息公开申请数量",
        TOTAL: "三、本年度办理结果（七）总计",
        CARRIED_FORWARD: "四、结转下年度继续办理",
    }
)
_GROUP_NUMBERS: Final = dict(zip(OutcomeGroup, "一二三四五六", strict=True))


def row_label(key: str) -> str:
    """Chinese row label, e.g. "三、本年度办理结果（三）不予公开 1.属于国家秘密"."""
    if key in _FIXED_LABELS:
        return _FIXED_LABELS[key]
    outcome = Outcome(key)
    group = OUTCOME_GROUP[outcome]
    head = f"三、本年度办理结果（{_GROUP_NUMBERS[group]}）{GROUP_LABELS[group]}"
    members = outcomes_in(group)
    if len(members) == 1:
        return head
    return f"{head} {members.index(outcome) + 1}.{OUTCOME_LABELS[outcome]}"


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """What table 三 needs of one application."""

    received_on: date
    applicant_type: ApplicantType
    closed_on: date | None = None
    outcome: Outcome | None = None
    reference: str = ""  # shown in error messages (e.g. the tracking code)


@dataclass(frozen=True, slots=True)
class Table3:
    """Rows keyed by :data:`ROW_KEYS`; each row is 6 applicant columns plus 总计 (7 ints)."""

    year: int
    rows: Mapping[str, tuple[int, ...]]


def _ref(case: CaseSummary) -> str:
    return case.reference or f"{case.received_on.isoformat()}收到的申请"


def check_summaries(cases: Iterable[CaseSummary]) -> list[str]:
    """Data errors that would make table 三 wrong (closed without outcome, dates reversed)."""
    errors: list[str] = []
    for case in cases:
        if case.closed_on is not None and case.outcome is None:
            errors.append(f"{_ref(case)}已办结但没有办理结果")
        if case.outcome is not None and case.closed_on is None:
            errors.append(f"{_ref(case)}有办理结果但没有办结日期")
        if case.closed_on is not None and case.closed_on < case.received_on:
            errors.append(f"{_ref(case)}的办结日期早于收到日期")
    return errors


def build_table3(cases: Iterable[CaseSummary], year: int) -> Table3:
    """Count ``cases`` into table 三 of ``year``. Run :func:`check_summaries` first."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    counts: dict[str, list[int]] = {key: [0] * len(COLUMNS) for key in ROW_KEYS}
    for case in cases:
        column = COLUMNS.index(case.applicant_type)
        if case.received_on > last:
            continue
        open_at_start = case.received_on < first and (
            case.closed_on is None or case.closed_on >= first
        )
        if first <= case.received_on:
            counts[NEW][column] += 1
        elif open_at_start:
            counts[CARRIED_OVER][column] += 1
        else:
            continue
        if case.closed_on is not None and case.closed_on <= last and case.outcome is not None:
            counts[case.outcome.value][column] += 1
            counts[TOTAL][column] += 1
        elif case.closed_on is None or case.closed_on > last:
            counts[CARRIED_FORWARD][column] += 1
    rows = {key: (*values, sum(values)) for key, values in counts.items()}
    return Table3(year, MappingProxyType(rows))


def check_table3(table: Table3) -> list[str]:
    """The violated cross-checks of statutes.md §2.1, in Chinese (empty when consistent)."""
    problems: list[str] = []
    missing = [key for key in ROW_KEYS if key not in table.rows]
    if missing:
        return [f"缺少行：{'、'.join(row_label(key) for key in missing)}"]
    names = [*APPLICANT_TYPE_LABELS.values(), "总计"]
    for key in ROW_KEYS:
        row = table.rows[key]
        if len(row) != len(names):
            problems.append(f"“{row_label(key)}”应有{len(names)}列，实有{len(row)}列")
            continue
        if any(value < 0 for value in row):
            problems.append(f"“{row_label(key)}”有负数")
        if sum(row[:TOTAL_COLUMN]) != row[TOTAL_COLUMN]:
            problems.append(
                f"“{row_label(key)}”的总计（{row[TOTAL_COLUMN]}）不等于自然人与法人或其他组织各列之和"
                f"（{sum(row[:TOTAL_COLUMN])}）"
            )
    if problems:
        return problems
    outcome_keys = [o.value for o in Outcome]
    for index, name in enumerate(names):
        new, carried = table.rows[NEW][index], table.rows[CARRIED_OVER][index]
        total, forward = table.rows[TOTAL][index], table.rows[CARRIED_FORWARD][index]
        summed = sum(table.rows[key][index] for key in outcome_keys)
        if summed != total:
            problems.append(
                f"“{name}”列：（七）总计（{total}）不等于（一）至（六）之和（{summed}）"
            )
        if new + carried != total + forward:
            problems.append(
                f"“{name}”列：第一项加第二项（{new}+{carried}={new + carried}）"
                f"不等于第三项加第四项（{total}+{forward}={total + forward}）"
            )
    return problems


# ------------------------------------------------------------------------------ table 四
#
# 政府信息公开行政复议、行政诉讼情况 (statutes.md §2.1): three blocks (行政复议; 行政诉讼 未经复议
# 直接起诉; 行政诉讼 复议后起诉) of 结果维持 · 结果纠正 · 其他结果 · 尚未审结 · 总计 — 15 cells.
# A case counts in the year it was filed; its result is the one known on 31 December of that
# year (decided later: 尚未审结).


class ReviewKind(StrEnum):
    REVIEW = "review"  # 行政复议
    LITIGATION_DIRECT = "litigation_direct"  # 行政诉讼 · 未经复议直接起诉
    LITIGATION_AFTER_REVIEW = "litigation_after_review"  # 行政诉讼 · 复议后起诉


REVIEW_KIND_LABELS: Final = MappingProxyType(
    {
        ReviewKind.REVIEW: "行政复议",
        ReviewKind.LITIGATION_DIRECT: "行政诉讼（未经复议直接起诉）",
        ReviewKind.LITIGATION_AFTER_REVIEW: "行政诉讼（复议后起诉）",
    }
)


class ReviewResult(StrEnum):
    UPHELD = "upheld"
    CORRECTED = "corrected"
    OTHER = "other"
    PENDING = "pending"


REVIEW_RESULT_LABELS: Final = MappingProxyType(
    {
        ReviewResult.UPHELD: "结果维持",
        ReviewResult.CORRECTED: "结果纠正",
        ReviewResult.OTHER: "其他结果",
        ReviewResult.PENDING: "尚未审结",
    }
)
TABLE4_COLUMNS: Final = (*REVIEW_RESULT_LABELS.values(), "总计")


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    """What table 四 needs of one review or lawsuit."""

    kind: ReviewKind
    filed_on: date
    result: ReviewResult = ReviewResult.PENDING
    decided_on: date | None = None
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Table4:
    """Blocks keyed by :class:`ReviewKind`; each block is 4 result columns plus 总计 (5 ints)."""

    year: int
    blocks: Mapping[ReviewKind, tuple[int, ...]]

    def cells(self) -> tuple[int, ...]:
        """The 15 numbers of the single data row, in the format's order."""
        return tuple(v for kind in ReviewKind for v in self.blocks[kind])


def check_reviews(reviews: Iterable[ReviewSummary]) -> list[str]:
    """Data errors that would make table 四 wrong."""
    errors: list[str] = []
    for review in reviews:
        ref = (
            review.reference
            or f"{review.filed_on.isoformat()}提起的{REVIEW_KIND_LABELS[review.kind]}"
        )
        if review.result is ReviewResult.PENDING and review.decided_on is not None:
            errors.append(f"{ref}有审结日期但结果为尚未审结")
        if review.result is not ReviewResult.PENDING and review.decided_on is None:
            errors.append(f"{ref}已有结果但没有审结日期")
        if review.decided_on is not None and review.decided_on < review.filed_on:
            errors.append(f"{ref}的审结日期早于提起日期")
    return errors


def build_table4(reviews: Iterable[ReviewSummary], year: int) -> Table4:
    last = date(year, 12, 31)
    results = tuple(ReviewResult)
    counts = {kind: [0] * len(results) for kind in ReviewKind}
    for review in reviews:
        if review.filed_on.year != year:
            continue
        decided = review.decided_on is not None and review.decided_on <= last
        result = review.result if decided else ReviewResult.PENDING
        counts[review.kind][results.index(result)] += 1
    blocks = {kind: (*values, sum(values)) for kind, values in counts.items()}
    return Table4(year, MappingProxyType(blocks))


def check_table4(table: Table4) -> list[str]:
    """Each block's 总计 = 维持 + 纠正 + 其他 + 尚未审结; no negative cells; 15 cells in all."""
    problems: list[str] = []
    for kind in ReviewKind:
        block = table.blocks.get(kind)
        label = REVIEW_KIND_LABELS[kind]
        if block is None or len(block) != len(TABLE4_COLUMNS):
            problems.append(f"表四“{label}”应有{len(TABLE4_COLUMNS)}列")
            continue
        if any(v < 0 for v in block):
            problems.append(f"表四“{label}”有负数")
        if sum(block[:-1]) != block[-1]:
            problems.append(
                f"表四“{label}”的总计（{block[-1]}）不等于维持、纠正、其他、尚未审结之和"
                f"（{sum(block[:-1])}）"
            )
    return problems
