"""Excel (.xlsx) exports of the public library: the 现行有效目录 and a campaign's results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.normdocs.domain.lifecycle import STATUS_LABELS
from gongkai.normdocs.models import NormativeDocument
from gongkai.normdocs.public_selectors import CampaignResults, UnitGroup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DIRECTORY_COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("标题", 50),
    ("文号", 22),
    ("制定机关", 28),
    ("公布日期", 12),
    ("施行日期", 12),
    ("有效期至", 12),
    ("有效性", 10),
)

CAMPAIGN_COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("制定机关", 28),
    ("标题", 50),
    ("文号", 22),
    ("公布日期", 12),
    ("清理结果", 12),
    ("理由", 50),
)


def _safe(value):
    """Text that a spreadsheet would read as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _sheet(sheet: Worksheet, title: str, columns: Sequence[tuple[str, int]], heading: str = ""):
    sheet.title = title[:31]
    if heading:
        sheet.append([heading])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.append([name for name, _ in columns])
    header_row = sheet.max_row
    for index, (_, width) in enumerate(columns, start=1):
        sheet.cell(row=header_row, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"  # a string: sheet.cell() would add a row


def _append(sheet: Worksheet, values: Iterable) -> None:
    sheet.append([_safe(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, dt.date):
            cell.number_format = "yyyy-mm-dd"


def _response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def directory_workbook(title: str, documents: Sequence[NormativeDocument]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    _sheet(sheet, "现行有效规范性文件目录", DIRECTORY_COLUMNS, heading=title)
    for number, document in enumerate(documents, start=1):
        _append(
            sheet,
            [
                number,
                document.title,
                document.doc_number,
                document.issuer,
                document.published_on,
                document.effective_on,
                document.valid_until,
                STATUS_LABELS.get(document.status, document.status),
            ],
        )
    return workbook


def directory_response(title: str, documents, *, filename: str) -> HttpResponse:
    return _response(directory_workbook(title, documents), filename)


def _campaign_sheet(sheet: Worksheet, title: str, heading: str, groups: list[UnitGroup]) -> None:
    _sheet(sheet, title, CAMPAIGN_COLUMNS, heading=heading)
    number = 0
    for group in groups:
        for row in group.rows:
            number += 1
            _append(
                sheet,
                [
                    number,
                    row.document.issuer,
                    row.document.title,
                    row.document.doc_number,
                    row.document.published_on,
                    row.decision_label,
                    row.reason,
                ],
            )


def campaign_workbook(results: CampaignResults) -> Workbook:
    workbook = Workbook()
    title = results.campaign.title
    _campaign_sheet(
        workbook.active, "继续有效目录", f"{title}：继续有效的规范性文件目录", results.kept
    )
    _campaign_sheet(
        workbook.create_sheet(),
        "废止和失效目录",
        f"{title}：废止和失效的规范性文件目录",
        results.ended,
    )
    return workbook


def campaign_response(results: CampaignResults, *, filename: str) -> HttpResponse:
    return _response(campaign_workbook(results), filename)
