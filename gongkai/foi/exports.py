"""Excel (.xlsx) export of the 办理台 (the filtered list; applicants masked as on screen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from io import BytesIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
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
    book = Workbook()
    sheet = book.active
    sheet.title = "依申请公开办理台"
    heading = f"依申请公开办理台（截至{today.year}年{today.month}月{today.day}日）"
    sheet.append([heading])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.append([name for name, _ in COLUMNS])
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.cell(row=2, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    for row in rows:
        sheet.append(
            [
                _safe(v)
                for v in (
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
            ]
        )
        cells = sheet[sheet.max_row]
        for cell in cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
        fill = RISK_FILLS.get(row.risk)
        if fill:
            for cell in cells:
                cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"依申请公开办理台-{today:%Y%m%d}.xlsx"
    )
    return response
