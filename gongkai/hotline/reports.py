"""Weekly and monthly hotline reports as Excel (issue #6 "Rates and reports").

One sheet per report: the rates of every unit the reader may see for the period, the county
(or scope) total and the ranking place by 满意率, with the period and the generation time in the
heading. The numbers are those of :func:`gongkai.hotline.rates.rates_table`.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gongkai.hotline.domain.clocks import SHANGHAI
from gongkai.hotline.domain.metrics import RATE_KEYS, RATE_LABELS, Rate
from gongkai.hotline.rates import DEFINITIONS, RatesTable, UnitRates

REPORT_TITLES = {"week": "12345热线工单办理情况周报", "month": "12345热线工单办理情况月报"}
HEADERS = ["序号", "承办单位", "工单量", *RATE_LABELS.values(), "满意率排名"]
_BOLD = Font(bold=True)
_TOTAL = PatternFill("solid", fgColor="EEEEEE")


def _cell(rate: Rate) -> float | str:
    """A rate as a number (formatted as a percentage in Excel), "—" without a denominator."""
    value = rate.value
    return "—" if value is None else round(float(value), 4)


def _row(row: UnitRates) -> list:
    return [row.name, row.rates.volume, *(_cell(getattr(row.rates, k)) for k in RATE_KEYS)]


def report_workbook(tables: list[tuple[str, RatesTable]], *, generated_at: dt.datetime) -> bytes:
    """A workbook with one sheet per ``(kind, table)``; ``kind`` is "week" or "month"."""
    wb = Workbook()
    wb.remove(wb.active)
    stamp = generated_at.astimezone(SHANGHAI)
    for kind, table in tables:
        ws = wb.create_sheet({"week": "周报", "month": "月报"}.get(kind, kind))
        width = len(HEADERS)
        ws.append([REPORT_TITLES.get(kind, "12345热线考核指标")])
        ws.append(
            [
                f"统计期：{table.period.label}（{table.period.start:%Y-%m-%d}至{table.period.end:%Y-%m-%d}，按派单日）"
            ]
        )
        ws.append([f"生成时间：{stamp:%Y-%m-%d %H:%M}（北京时间）"])
        for r in range(1, 4):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append(HEADERS)
        for c in range(1, width + 1):
            ws.cell(row=4, column=c).font = _BOLD
        places = {row.code: place for place, row, _ in table.ranking("satisfaction")}
        for i, row in enumerate(table.rows, start=1):
            ws.append([i, *_row(row), places.get(row.code) or "—"])
        ws.append(["", *_row(table.total), ""])
        last = ws.max_row
        for c in range(1, width + 1):
            ws.cell(row=last, column=c).font = _BOLD
            ws.cell(row=last, column=c).fill = _TOTAL
        for r in range(5, last + 1):
            for c in range(4, 4 + len(RATE_KEYS)):
                ws.cell(row=r, column=c).number_format = "0.00%"
        ws.append([])
        ws.append(["指标口径："])
        for name, text in DEFINITIONS.values():
            ws.append([f"{name}：{text}"])
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 18
        for c in range(3, width + 1):
            ws.column_dimensions[get_column_letter(c)].width = 12
        ws.freeze_panes = "C5"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
