"""The 办理台 through HTTP: who sees which cases, risk colours, filters, sorting, paging, the
Excel export, the dashboard panel and a constant number of queries."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.foi import services
from gongkai.foi.views import board as board_views
from gongkai.units.scoping import system_scope
from tests.foi.case_helpers import (
    DUE_SOON_ON,
    NOW,
    OK_ON,
    OVERDUE_ON,
    URGENT_ON,
    close_case,
    denied,
    make_case,
    pinned_clock,  # noqa: F401  (fixture)
    text,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
D = dt.date


@pytest.fixture
def cases(county):
    """城关镇: urgent, overdue, due soon; 河口镇: ok, and one handled by 城关镇; 县发改委: closed."""
    c = county
    made = {
        "urgent": make_case(c, arrived_on=URGENT_ON),
        "overdue": make_case(c, arrived_on=OVERDUE_ON, applicant_name="李四", phone="13900001111"),
        "due_soon": make_case(
            c,
            arrived_on=DUE_SOON_ON,
            applicant_name="某某科技有限公司",
            applicant_type="business",
            id_number="",
            phone="",
        ),
        "hekou": make_case(c, unit=c.hekou, arrived_on=OK_ON, applicant_name="王五"),
        "shared": make_case(c, unit=c.hekou, arrived_on=OK_ON, applicant_name="赵六"),
        "closed": make_case(c, unit=c.fgw, arrived_on=D(2026, 10, 9), applicant_name="钱七"),
    }
    with system_scope("test setup"):
        services.assign_request(
            made["shared"],
            handling_unit=c.chengguan,
            internal_due=D(2026, 12, 10),
            by=c.county_admin,
            now=NOW,
        )
    made["closed"] = close_case(made["closed"], on=D(2026, 11, 3), by=c.county_admin)
    return made


def codes(response) -> list[str]:
    return [row.tracking_code for row in response.context["page_obj"]]


def test_county_admin_sees_every_open_case_most_urgent_first(client, county, cases):
    client.force_login(county.county_admin)
    response = client.get(url("board"))
    assert response.status_code == 200
    assert codes(response) == [
        cases[k].tracking_code for k in ("overdue", "urgent", "due_soon", "hekou", "shared")
    ]
    page = text(response)
    assert 'class="gk-risk-overdue"' in page and 'class="gk-risk-urgent"' in page
    assert 'class="gk-risk-due_soon"' in page
    assert "2026-11-17" in page  # the overdue case's due date, from its ledger
    assert "超期 7" in page
    # Applicants masked, organisations in full; no personal data at all.
    assert "张*" in page and "李*" in page and "某某科技有限公司" in page
    assert "张三" not in page and "13812345678" not in page and "340102" not in page


def test_township_editor_sees_its_cases_and_those_it_handles(client, county, cases):
    client.force_login(county.township_editor)
    response = client.get(url("board"))
    assert set(codes(response)) == {
        cases[k].tracking_code for k in ("urgent", "overdue", "due_soon", "shared")
    }
    assert cases["hekou"].tracking_code not in text(response)


def test_other_reviewer_sees_hekou_only(client, county, cases):
    client.force_login(county.other_reviewer)
    response = client.get(url("board"))
    assert set(codes(response)) == {cases["hekou"].tracking_code, cases["shared"].tracking_code}


def test_observer_reads_the_board(client, county, cases):
    client.force_login(county.observer)
    response = client.get(url("board"))
    assert response.status_code == 200 and len(codes(response)) == 5


def test_citizen_is_sent_to_login_and_operator_is_refused(client, county, cases):
    response = client.get(url("board"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(url("board_export")).status_code == 302
    client.force_login(county.operator)
    assert denied(client.get(url("board")))
    assert denied(client.get(url("board_export")))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("risk=overdue", ["overdue"]),
        ("risk=urgent", ["urgent"]),
        ("risk=due_soon", ["due_soon"]),
        ("risk=ok", ["hekou", "shared"]),
        ("state=closed", ["closed"]),
        ("state=all&sort=received", ["closed", "overdue", "urgent", "due_soon", "hekou", "shared"]),
        ("sort=-days", ["shared", "hekou", "due_soon", "urgent", "overdue"]),
        ("unit={hekou}", ["hekou", "shared"]),
        ("unit={chengguan}&as=handling", ["shared"]),
        ("unit={chengguan}&as=receiving", ["overdue", "urgent", "due_soon"]),
        ("q=000004", ["hekou"]),
        (
            "risk=bogus&state=bogus&sort=bogus&unit=abc",
            ["overdue", "urgent", "due_soon", "hekou", "shared"],
        ),
    ],
)
def test_filters_and_sorting(client, county, cases, query, expected):
    client.force_login(county.county_admin)
    query = query.format(hekou=county.hekou.pk, chengguan=county.chengguan.pk)
    response = client.get(url("board") + "?" + query)
    assert response.status_code == 200
    assert codes(response) == [cases[k].tracking_code for k in expected]


def test_closed_cases_show_their_closing(client, county, cases):
    client.force_login(county.county_admin)
    response = client.get(url("board") + "?state=closed")
    assert "已办结" in text(response)
    (row,) = response.context["page_obj"]
    assert row.clock.closed_on == D(2026, 11, 3) and row.days_left is None


def test_paging(client, county, cases, monkeypatch):
    monkeypatch.setattr(board_views, "PAGE_SIZE", 2)
    client.force_login(county.county_admin)
    first = client.get(url("board"))
    assert len(codes(first)) == 2 and "第 1 / 3 页" in text(first)
    last = client.get(url("board") + "?p=3")
    assert codes(last) == [cases["shared"].tracking_code]
    assert "下一页" not in text(last)


def test_export_has_the_filtered_rows(client, county, cases):
    client.force_login(county.township_editor)
    response = client.get(url("board_export") + "?risk=overdue")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("依申请公开办理台（截至2026年11月26日")
    assert rows[1][:3] == ("申请编号", "申请人", "申请人类型")
    assert len(rows) == 3
    data = rows[2]
    assert data[0] == cases["overdue"].tracking_code
    assert data[1] == "李*"
    assert data[4] == "城关镇"
    assert data[7].date() == D(2026, 11, 17)  # openpyxl reads dates back as datetimes
    assert data[8] == -7
    assert data[11] == "已超期"


def test_export_of_everything_in_scope(client, county, cases):
    client.force_login(county.other_reviewer)
    response = client.get(url("board_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    found = {row[0] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert found == {cases["hekou"].tracking_code, cases["shared"].tracking_code}


def test_dashboard_panel_lists_the_users_due_cases(client, county, cases):
    client.force_login(county.township_editor)
    page = text(client.get("/admin/"))
    assert "依申请公开：临近答复期限和已超期（3 件）" in page
    assert cases["overdue"].tracking_code in page and cases["due_soon"].tracking_code in page
    assert cases["shared"].tracking_code not in page  # 8 working days left
    client.force_login(county.other_reviewer)
    assert "依申请公开：临近答复期限" not in text(client.get("/admin/"))
    client.force_login(county.observer)  # reads, handles nothing: no to-do panel
    assert "依申请公开：临近答复期限" not in text(client.get("/admin/"))


def count_queries(client, address) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["board", "board_export"])
def test_queries_do_not_grow_with_the_number_of_cases(
    client, county, cases, name, django_assert_max_num_queries
):
    client.force_login(county.county_admin)
    address = url(name) + "?sort=days"
    client.get(address)  # warm the per-process caches (calendar, content types)
    few = count_queries(client, address)
    for i in range(30):
        case = make_case(
            county,
            unit=county.hekou if i % 2 else county.chengguan,
            arrived_on=D(2026, 10, 20) + dt.timedelta(days=i),
            applicant_name=f"申请人{i}",
        )
        if i % 3 == 0:
            with system_scope("test setup"):
                services.send_consultation(
                    case, on=D(2026, 11, 25), by=county.county_admin, now=NOW
                )
    with django_assert_max_num_queries(few):
        response = client.get(address)
    assert response.status_code == 200
    if name == "board":
        assert response.context["page_obj"].paginator.count == 35


def test_list_clocks_are_the_engines_clocks(county, cases, today):
    """The board's batch computation and memo give exactly what clock_of() gives, less the
    explanation lines lists do not show."""
    from dataclasses import replace

    from gongkai.foi.board import board_rows
    from gongkai.foi.models import FoiRequest

    with system_scope("test assertions"):
        rows = board_rows(FoiRequest.objects.all(), today=today)
        assert len(rows) == 6
        for row in rows:
            full = services.clock_of(FoiRequest.objects.get(pk=row.pk), today=today)
            assert row.clock == replace(full, explanation=())
