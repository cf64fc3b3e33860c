"""The catalogue boards: 栏目更新监测 (with Excel export), 两化标准目录达标, 政策解读督办.

Thin views over gongkai/catalog/selectors.py. Each needs a logged-in user with admin access
and shows only the reader's units: the county office and county leaders see every unit, a
unit's staff their own unit and its villages. The URLs are registered by the catalogue's
``register_admin_urls`` hook (gongkai/catalog/wagtail_hooks.py) from ``BOARD_URLS``, so they
live under /admin/.
"""

from __future__ import annotations

from functools import wraps
from io import BytesIO

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from wagtail.admin.auth import require_admin_access

from gongkai.catalog import selectors
from gongkai.catalog.domain.taxonomy import INTERPRETATION_GRACE_WORKING_DAYS
from gongkai.units.scoping import activate
from gongkai.units.selectors import scope_for
from gongkai.workdays.calendar import get_calendar

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS_PER_PAGE = 50


def board_view(view):
    """Admin access required; the view gets the reader's unit ids (None = county-wide).

    The reader's scope is computed here and activated around the view and its rendering, so
    the explicit ``unit_id__in`` filters on page models and the scoped managers of the records
    always agree, with or without UnitScopeMiddleware.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        scope = scope_for(request.user)
        with activate(scope):
            response = view(request, scope.unit_ids, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()
            return response

    return require_admin_access(wrapper)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _freshness_filters(request) -> tuple[str, str]:
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    return kind, status if status in selectors.FRESHNESS_FILTERS else ""


@board_view
def freshness_board(request, unit_ids):
    kind, status = _freshness_filters(request)
    board = selectors.freshness_board(unit_ids, kind=kind, status=status)
    page = Paginator(board.rows, UNITS_PER_PAGE).get_page(request.GET.get("p"))
    query = urlencode({k: v for k, v in (("kind", kind), ("status", status)) if v})
    return TemplateResponse(
        request,
        "catalog/board_freshness.html",
        {
            "board": board,
            "page_obj": page,
            "kind": kind,
            "status": status,
            # "已超期栏目", "空白栏目"…
            "status_options": [
                (value, label if label.endswith("栏目") else f"{label}栏目")
                for value, label in selectors.FRESHNESS_FILTERS.items()
            ],
            "query": query,
            "page_title": "栏目更新监测",
            "header_title": "栏目更新监测",
            "header_icon": "time",
        },
    )


EXPORT_COLUMNS = (
    ("单位", 28),
    ("栏目", 40),
    ("栏目类型", 12),
    ("更新周期（天）", 14),
    ("最近更新", 12),
    ("状态", 10),
    ("超期天数", 10),
    ("信息条数", 10),
    ("责任编辑", 12),
    ("检查日期", 12),
)


@board_view
def freshness_export(request, unit_ids):
    kind, status = _freshness_filters(request)
    rows = selectors.freshness_export_rows(unit_ids, kind=kind, status=status)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "栏目更新情况"
    sheet.append([title for title, _ in EXPORT_COLUMNS])
    for index, (_, width) in enumerate(EXPORT_COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(
            [
                row.unit,
                row.channel_path,
                row.channel_type,
                row.period_days if row.period_days is not None else "不监测",
                row.last_update,
                row.status,
                row.days_overdue,
                row.item_count,
                row.responsible_editor or "未指定",
                row.checked_on,
            ]
        )
    for cells in sheet.iter_rows(min_row=2, min_col=5, max_col=10):
        for cell in cells:
            if cell.is_date:
                cell.number_format = "yyyy-mm-dd"
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = f"栏目更新情况_{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@board_view
def standards_board(request, unit_ids):
    options = selectors.units_with_directories(unit_ids)
    unit_id = _int(request.GET.get("unit"))
    if unit_id is not None and unit_id not in {u.pk for u in options}:
        unit_id = None
    status = request.GET.get("status", "")
    status = status if status in selectors.COMPLIANCE_FILTERS else ""
    units = selectors.standards_board(
        unit_ids, today=timezone.localdate(), unit_id=unit_id, status=status
    )
    return TemplateResponse(
        request,
        "catalog/board_standards.html",
        {
            "units": units,
            # Entry-level detail for one unit at a time: a county has thousands of entries.
            "detail": units if unit_id is not None or len(units) == 1 else [],
            "unit_options": options,
            "unit_id": unit_id,
            "status": status,
            "status_options": list(selectors.COMPLIANCE_FILTERS.items()),
            "page_title": "两化标准目录达标情况",
            "header_title": "两化标准目录达标情况",
            "header_icon": "list-ul",
        },
    )


@board_view
def interpretations_board(request, unit_ids):
    unit_id = _int(request.GET.get("unit"))
    board = selectors.interpretation_board(
        unit_ids, today=timezone.localdate(), calendar=get_calendar(), unit_id=unit_id
    )
    return TemplateResponse(
        request,
        "catalog/board_interpretations.html",
        {
            "board": board,
            "unit_id": unit_id,
            "grace_days": INTERPRETATION_GRACE_WORKING_DAYS,
            "page_title": "政策解读督办",
            "header_title": "政策解读督办",
            "header_icon": "doc-full",
        },
    )


BOARD_URLS = [
    path("catalog/freshness/", freshness_board, name="catalog_freshness_board"),
    path("catalog/freshness/export/", freshness_export, name="catalog_freshness_export"),
    path("catalog/standards/", standards_board, name="catalog_standards_board"),
    path("catalog/interpretations/", interpretations_board, name="catalog_interpretations_board"),
]
