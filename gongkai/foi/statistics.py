"""Tables 三 and 四 of the annual report from the stored cases (adapter around domain/stats.py).

A unit's figures are those of the cases it received (the body that answers them, Art. 4) and
of its sub-units; the county government (or no unit) gives the whole county. Reads go through
the scoped managers, so the caller chooses the scope: ``system_scope`` in the command, the
reader's scope in the admin page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gongkai.foi.domain import stats
from gongkai.foi.domain.outcomes import Outcome
from gongkai.foi.domain.stats import (
    APPLICANT_TYPE_LABELS,
    REVIEW_KIND_LABELS,
    ROW_KEYS,
    TABLE4_COLUMNS,
    ApplicantType,
    CaseSummary,
    ReviewKind,
    ReviewResult,
    ReviewSummary,
    Table3,
    Table4,
)
from gongkai.foi.models import FoiRequest
from gongkai.foi.replies_models import ReviewCase
from gongkai.units.models import Unit
from gongkai.units.selectors import descendants_of

TABLE3_COLUMNS = (*APPLICANT_TYPE_LABELS.values(), "总计")


@dataclass(frozen=True)
class AnnualStats:
    year: int
    unit: Unit | None
    table3: Table3
    table4: Table4
    data_errors: list[str] = field(default_factory=list)
    check_errors: list[str] = field(default_factory=list)

    @property
    def unit_label(self) -> str:
        return self.unit.name if self.unit is not None else "全县"

    @property
    def problems(self) -> list[str]:
        return [*self.data_errors, *self.check_errors]

    def table3_rows(self) -> list[tuple[str, str, tuple[int, ...]]]:
        return [(key, stats.row_label(key), self.table3.rows[key]) for key in ROW_KEYS]

    def table4_rows(self) -> list[tuple[str, tuple[int, ...]]]:
        return [(REVIEW_KIND_LABELS[k], self.table4.blocks[k]) for k in ReviewKind]

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "unit": self.unit.code if self.unit is not None else None,
            "unit_name": self.unit_label,
            "table3": {
                "columns": list(TABLE3_COLUMNS),
                "rows": [
                    {"key": key, "label": label, "values": list(values)}
                    for key, label, values in self.table3_rows()
                ],
            },
            "table4": {
                "columns": list(TABLE4_COLUMNS),
                "blocks": {str(k): list(self.table4.blocks[k]) for k in ReviewKind},
                "cells": list(self.table4.cells()),
            },
            "problems": self.problems,
        }


def unit_ids(unit: Unit | None) -> set[int] | None:
    """The unit and its sub-units; None (every unit) for the county as a whole."""
    if unit is None or unit.parent_id is None:
        return None
    return descendants_of({unit.pk})


def case_summaries(ids: set[int] | None, year: int) -> list[CaseSummary]:
    cases = FoiRequest.objects.filter(
        received_on__isnull=False, received_on__lte=dt.date(year, 12, 31)
    )
    cases = cases.exclude(closed_on__lt=dt.date(year, 1, 1))
    if ids is not None:
        cases = cases.filter(unit_id__in=ids)
    return [
        CaseSummary(
            received_on=received,
            applicant_type=ApplicantType(applicant_type),
            closed_on=closed,
            outcome=Outcome(outcome) if outcome else None,
            reference=code,
        )
        for received, applicant_type, closed, outcome, code in cases.values_list(
            "received_on", "applicant_type", "closed_on", "outcome", "tracking_code"
        )
    ]


def review_summaries(ids: set[int] | None, year: int) -> list[ReviewSummary]:
    reviews = ReviewCase.objects.filter(filed_on__year=year)
    if ids is not None:
        reviews = reviews.filter(request__unit_id__in=ids)
    return [
        ReviewSummary(
            kind=ReviewKind(kind),
            filed_on=filed,
            result=ReviewResult(result),
            decided_on=decided,
            reference=f"{code}的{REVIEW_KIND_LABELS[ReviewKind(kind)]}",
        )
        for kind, filed, result, decided, code in reviews.values_list(
            "kind", "filed_on", "result", "decided_on", "request__tracking_code"
        )
    ]


def annual_statistics(*, year: int, unit: Unit | None = None) -> AnnualStats:
    """Tables 三 and 四 for ``unit`` (and its sub-units) in ``year``, with the cross-checks."""
    ids = unit_ids(unit)
    cases = case_summaries(ids, year)
    reviews = review_summaries(ids, year)
    table3 = stats.build_table3(cases, year)
    table4 = stats.build_table4(reviews, year)
    return AnnualStats(
        year=year,
        unit=unit,
        table3=table3,
        table4=table4,
        data_errors=[*stats.check_summaries(cases), *stats.check_reviews(reviews)],
        check_errors=[*stats.check_table3(table3), *stats.check_table4(table4)],
    )


def statistics_xlsx(result: AnnualStats) -> bytes:
    """Tables 三 and 四 in one workbook (one sheet each, plus the problems if any)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "三、申请情况"
    heading = f"{result.unit_label}{result.year}年度收到和处理政府信息公开申请情况"
    sheet.append([heading])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=1 + len(TABLE3_COLUMNS))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.append(
        ["本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", *TABLE3_COLUMNS]
    )
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for _, label, values in result.table3_rows():
        sheet.append([label, *values])
    sheet.column_dimensions["A"].width = 70
    for index in range(2, 2 + len(TABLE3_COLUMNS)):
        sheet.column_dimensions[get_column_letter(index)].width = 12

    review = workbook.create_sheet("四、复议诉讼")
    review.append([f"{result.unit_label}{result.year}年度政府信息公开行政复议、行政诉讼情况"])
    review.cell(row=1, column=1).font = Font(bold=True, size=14)
    review.append(["类别", *TABLE4_COLUMNS])
    for cell in review[2]:
        cell.font = Font(bold=True)
    for label, values in result.table4_rows():
        review.append([label, *values])
    review.column_dimensions["A"].width = 32

    if result.problems:
        problems = workbook.create_sheet("校验问题")
        problems.append(["问题"])
        for problem in result.problems:
            problems.append([problem])
        problems.column_dimensions["A"].width = 100
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
