"""`foi_stats`: tables 三 and 四 on a hand-built set of cases, units with their sub-units, and the
cross-checks reported (statutes.md §2.1)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.foi.models import FoiRequest
from gongkai.foi.replies_models import ReviewCase
from gongkai.foi.statistics import annual_statistics, statistics_xlsx
from gongkai.units.scoping import system_scope

pytestmark = pytest.mark.django_db

D = dt.date
AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_counter = iter(range(1, 10_000))


def case(unit, received, applicant_type="natural_person", closed=None, outcome=""):
    """A case row as the ledger would have left it (statistics read only these fields)."""
    number = next(_counter)
    return FoiRequest.unscoped.create(
        unit=unit,
        tracking_code=f"T-{number:05d}",
        query_code_hash="x",
        applicant_type=applicant_type,
        applicant_name="申请人",
        description="信息",
        channel="in_person",
        arrived_on=received,
        received_on=received,
        state="closed" if closed else "open",
        closed_on=closed,
        outcome=outcome,
        created_at=AT,
    )


def review(request, kind, filed, result="pending", decided=None, by=None):
    return ReviewCase.unscoped.create(
        request=request, kind=kind, filed_on=filed, result=result, decided_on=decided,
        created_by=by, created_at=AT,
    )  # fmt: skip


@pytest.fixture
def fixture(county):
    with system_scope("test fixture"):
        a = case(county.chengguan, D(2024, 12, 20), closed=D(2025, 1, 10), outcome="disclosed")
        case(county.chengguan, D(2024, 11, 1), closed=D(2024, 11, 20), outcome="disclosed")
        c = case(county.chengguan, D(2025, 3, 1), "business", D(2025, 3, 20), "withheld.4")
        case(county.chengguan, D(2025, 12, 20))
        case(county.chengguan, D(2025, 6, 1), "research", D(2026, 1, 5), "disclosed")
        case(county.datong, D(2025, 5, 1), closed=D(2025, 5, 10), outcome="other.1")
        case(county.hekou, D(2025, 4, 1), closed=D(2025, 4, 20), outcome="disclosed")
        case(county.chengguan, D(2026, 2, 1))
        admin = county.county_admin
        review(a, "review", D(2025, 2, 1), "upheld", D(2025, 3, 1), by=admin)
        review(c, "litigation_direct", D(2025, 11, 1), "corrected", D(2026, 1, 10), by=admin)
        review(a, "review", D(2024, 12, 30), by=admin)
    return county


def run(*args) -> str:
    out = StringIO()
    call_command("foi_stats", *args, stdout=out)
    return out.getvalue()


def rows(data) -> dict[str, list[int]]:
    return {row["key"]: row["values"] for row in data["table3"]["rows"]}


def test_unit_with_sub_units(fixture):
    data = json.loads(run("--year", "2025", "--unit", "chengguan", "--json"))
    table = rows(data)
    # columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    assert table["new"] == [2, 1, 1, 0, 0, 0, 4]
    assert table["carried_over"] == [1, 0, 0, 0, 0, 0, 1]
    assert table["disclosed"] == [1, 0, 0, 0, 0, 0, 1]
    assert table["withheld.4"] == [0, 1, 0, 0, 0, 0, 1]
    assert table["other.1"] == [1, 0, 0, 0, 0, 0, 1]  # the village of 城关镇 counts
    assert table["total"] == [2, 1, 0, 0, 0, 0, 3]
    assert table["carried_forward"] == [1, 0, 1, 0, 0, 0, 2]
    assert data["table4"]["blocks"] == {
        "review": [1, 0, 0, 0, 1],
        "litigation_direct": [0, 0, 0, 1, 1],  # decided in 2026: still pending at year end
        "litigation_after_review": [0, 0, 0, 0, 0],
    }
    assert len(data["table4"]["cells"]) == 15
    assert data["problems"] == []


def test_county_is_every_unit(fixture):
    data = json.loads(run("--year", "2025", "--json"))
    table = rows(data)
    assert table["new"][-1] == 5 and table["disclosed"][-1] == 2 and table["total"][-1] == 4
    county_unit = json.loads(run("--year", "2025", "--unit", "county", "--json"))
    assert rows(county_unit) == table


def test_text_output(fixture):
    text = run("--year", "2025", "--unit", "chengguan")
    assert "三、收到和处理政府信息公开申请情况" in text
    assert "一、本年新收政府信息公开申请数量\t2\t1\t1\t0\t0\t0\t4" in text
    assert "行政复议\t1\t0\t0\t0\t1" in text
    assert "勾稽关系校验通过" in text


def test_violation_is_reported(fixture):
    with system_scope("test"):
        FoiRequest.unscoped.filter(received_on=D(2025, 3, 1)).update(closed_on=D(2025, 2, 1))
    out = StringIO()
    with pytest.raises(CommandError, match="1 个问题"):
        call_command("foi_stats", "--year", "2025", stdout=out)
    assert "办结日期早于收到日期" in out.getvalue()


def test_bad_unit_and_year(fixture):
    with pytest.raises(CommandError, match="没有编码"):
        run("--year", "2025", "--unit", "nowhere")
    with pytest.raises(CommandError, match="四位数字"):
        run("--year", "25")


def test_excel_export(fixture):
    from io import BytesIO

    import openpyxl

    with system_scope("test"):
        result = annual_statistics(year=2025, unit=fixture.chengguan)
    book = openpyxl.load_workbook(BytesIO(statistics_xlsx(result)))
    sheet = book["三、申请情况"]
    assert sheet["A3"].value == "一、本年新收政府信息公开申请数量"
    assert [c.value for c in sheet[3]][1:] == [2, 1, 1, 0, 0, 0, 4]
    assert [c.value for c in book["四、复议诉讼"][3]][1:] == [1, 0, 0, 0, 1]
