"""办理台: every case in the reader's scope with its clock, coloured by risk, and its Excel export.

The clocks come from gongkai/foi/board.py (two queries for all listed cases, whatever their
number); filtering by risk and sorting by working days left happen in Python on those rows, so
the number of queries does not grow with the number of cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from gongkai.foi import exports, selectors
from gongkai.foi.board import RISK_FILTERS, SORTS, board_rows, matches_risk
from gongkai.foi.domain.events import STATE_LABELS, State
from gongkai.foi.views import common
from gongkai.foi.views.common import foi_view, int_param
from gongkai.units.models import Unit

PAGE_SIZE = 50

# "" = every case not yet closed (the default view of the board).
STATE_FILTERS = {
    "": "未办结（全部）",
    **{str(s): label for s, label in STATE_LABELS.items() if s is not State.CLOSED},
    str(State.CLOSED): "已办结",
    "all": "全部（含已办结）",
}
UNIT_ROLES = {"": "受理或承办", "receiving": "受理机关", "handling": "承办单位"}


@dataclass(frozen=True)
class Filters:
    unit: int | None = None
    unit_role: str = ""
    state: str = ""
    risk: str = ""
    q: str = ""
    sort: str = "days"

    @classmethod
    def from_query(cls, params) -> Filters:
        state = params.get("state", "")
        risk = params.get("risk", "")
        unit_role = params.get("as", "")
        sort = params.get("sort", "days")
        return cls(
            unit=int_param(params.get("unit")),
            unit_role=unit_role if unit_role in UNIT_ROLES else "",
            state=state if state in STATE_FILTERS else "",
            risk=risk if risk in RISK_FILTERS else "",
            q=params.get("q", "").strip()[:40],
            sort=sort if sort in SORTS else "days",
        )

    def query(self, **override) -> str:
        values = {
            "unit": self.unit or "",
            "as": self.unit_role if self.unit else "",
            "state": self.state,
            "risk": self.risk,
            "q": self.q,
            "sort": "" if self.sort == "days" else self.sort,
        } | override
        return urlencode({k: v for k, v in values.items() if v})

    def cases(self):
        """The cases of the reader's scope matching every filter but the risk (SQL)."""
        cases = selectors.visible_requests()
        if self.state == "":
            cases = cases.exclude(state=State.CLOSED)
        elif self.state != "all":
            cases = cases.filter(state=self.state)
        if self.unit:
            if self.unit_role == "receiving":
                cases = cases.filter(unit_id=self.unit)
            elif self.unit_role == "handling":
                cases = cases.filter(handling_unit_id=self.unit)
            else:
                cases = cases.filter(Q(unit_id=self.unit) | Q(handling_unit_id=self.unit))
        if self.q:
            cases = cases.filter(tracking_code__icontains=self.q)
        return cases


def filtered_rows(filters: Filters, today):
    """Rows matching ``filters``, sorted; and the risk counts before the risk filter."""
    rows = board_rows(filters.cases(), today=today)
    counts: dict[str, int] = dict.fromkeys(RISK_FILTERS, 0)
    for row in rows:
        key = row.risk if row.clock else ("unconfirmed" if not row.error else "")
        if key in counts:
            counts[key] += 1
    if filters.risk:
        rows = [row for row in rows if matches_risk(row, filters.risk)]
    return SORTS[filters.sort][1](rows), counts


@foi_view
def board(request):
    today, _ = common.clock()
    filters = Filters.from_query(request.GET)
    rows, counts = filtered_rows(filters, today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "foi/admin/board.html",
        {
            "page_obj": page,
            "today": today,
            "board_filters": filters,
            "query": filters.query(),
            "days_sort_query": filters.query(sort="-days" if filters.sort == "days" else ""),
            "risk_chips": [
                (key, label, counts[key], filters.query(risk=key))
                for key, label in RISK_FILTERS.items()
            ],
            "unit_options": Unit.objects.filter(is_active=True).order_by("sort_order", "pk"),
            "unit_role_options": list(UNIT_ROLES.items()),
            "state_options": list(STATE_FILTERS.items()),
            "risk_options": list(RISK_FILTERS.items()),
            "sort_options": [(key, label) for key, (label, _) in SORTS.items()],
            "page_title": "依申请公开办理台",
            "header_title": "依申请公开办理台",
            "header_icon": "mail",
        },
    )


@foi_view
def board_export(request):
    today, _ = common.clock()
    filters = Filters.from_query(request.GET)
    rows, _ = filtered_rows(filters, today)
    return exports.board_workbook(rows, today=today)
