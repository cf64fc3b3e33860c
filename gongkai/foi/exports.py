"""Excel (.xlsx) export of the 办理台 (the filtered list; applicants masked as on screen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from io import BytesIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from gongkai.foi.board import BoardRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS: tuple[tuple[str, int], ...] = (
    ("申请编号", 18),
    ("申请人", 20),
    ("申请人类型", 12),
    ("提交渠道", 14),
    ("受理机关", 20),
    ("承办单位", 20),
    ("收到申请之日", 14),
    ("法定答复期限", 14),
    ("剩余工作日", 10),
    ("内部办理期限", 14),
    ("状态", 12),
    ("风险", 22),
)

RISK_FILLS = {
    "overdue": "F8D7DA",
    "urgent": "FFE0B2",
    "due_soon": "FFF3CD",
    "paused": "E3EAF2",
}


def _safe(value):
    """Text that a spreadsheet would read as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def board_workbook(rows: Iterable[BoardRow], *, today: dt.date) -> HttpResponse:
    # Write-only mode streams rows: a normal workbook's cell lookups grow with the sheet.
    book = Workbook(write_only=True)
    sheet = book.create_sheet("依申请公开办理台")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    heading = WriteOnlyCell(
        sheet, value=f"依申请公开办理台（截至{today.year}年{today.month}月{today.day}日）"
    )
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    header = []
    for name, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    fills = {
        risk: PatternFill("solid", start_color=color, end_color=color)
        for risk, color in RISK_FILLS.items()
    }
    for row in rows:
        fill = fills.get(row.risk)
        values = (
            row.tracking_code,
            row.applicant,
            row.applicant_type_label,
            row.channel_label,
            row.unit_name,
            row.handling_unit_name,
            row.received_on,
            row.due,
            row.days_left,
            row.internal_due,
            row.state_label,
            row.risk_label,
        )
        # Styles cost more than values in openpyxl: only dates and the risk cell are styled.
        cells = []
        for value in values:
            if isinstance(value, dt.date):
                value = WriteOnlyCell(sheet, value=value)
                value.number_format = "yyyy-mm-dd"
            else:
                value = _safe(value)
            cells.append(value)
        if fill is not None:
            cells[-1] = WriteOnlyCell(sheet, value=row.risk_label)
            cells[-1].fill = fill
        sheet.append(cells)
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"依申请公开办理台-{today:%Y%m%d}.xlsx"
    )
    return response
