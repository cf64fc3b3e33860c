# ruff: noqa: F811  (fixtures imported from test_rates)
"""Excel reports, charts and the locally served plotly.js of the 考核指标 pages."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.hotline.test_rates import pinned, september  # noqa: F401  (fixtures)


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return load_workbook(BytesIO(response.content))


def test_monthly_report_has_the_rates_the_total_and_the_period(client, county, september, pinned):
    client.force_login(county.county_admin)
    response = client.get(reverse("hotline_rates_report"), {"kind": "month", "day": "2026-09-15"})
    assert 'filename="12345-monthly-20260901.xlsx"' in response["Content-Disposition"]
    wb = _sheet(response)
    assert wb.sheetnames == ["月报"]
    ws = wb["月报"]
    assert ws["A1"].value == "12345热线工单办理情况月报"
    assert "2026年9月" in ws["A2"].value and "2026-09-01至2026-09-30" in ws["A2"].value
    assert ws["A3"].value == "生成时间：2026-11-26 10:00（北京时间）"
    header = [c.value for c in ws[4]]
    assert header[:4] == ["序号", "承办单位", "工单量", "按时签收率"]
    assert header[-1] == "满意率排名"
    rows = {r[1]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[1]}
    cg = rows["城关镇"]
    assert cg[2] == 3
    assert cg[3] == pytest.approx(0.3333)  # 按时签收率 1/3
    assert cg[4] == 0.5 and cg[6] == 1.0  # 按时办结率, 满意率
    assert cg[9] == pytest.approx(0.3333)  # 退单率
    assert cg[10] == 1  # the only unit with a callback ranks first on 满意率
    hk = rows["河口镇"]
    assert hk[6] == "—" and hk[10] == "—"  # no callback: no 满意率, no place
    total = rows["全县合计"]
    assert total[2] == 4 and total[0] in ("", None)
    assert ws.cell(row=5, column=4).number_format == "0.00%"
    assert any("满意率：" in str(r[0] or "") for r in ws.iter_rows(values_only=True))


def test_weekly_report_of_a_unit_shows_only_its_units(client, county, september, pinned):
    client.force_login(county.other_reviewer)  # 河口镇
    response = client.get(reverse("hotline_rates_report"), {"kind": "week", "day": "2026-09-29"})
    ws = _sheet(response)["周报"]
    assert ws["A1"].value == "12345热线工单办理情况周报"
    names = [r[1] for r in ws.iter_rows(min_row=5, values_only=True) if r[1]]
    assert "河口镇" in names and "城关镇" not in names and "合计" in names


@pytest.mark.parametrize("query", [{"kind": "year"}, {"kind": "week", "day": "2026-02-30"}, {}])
def test_report_bad_input(client, county, pinned, query):
    client.force_login(county.county_admin)
    response = client.get(reverse("hotline_rates_report"), query)
    assert response.status_code == 400
    assert "报表参数有误" in response.content.decode()


def test_charts_use_the_local_plotly_only(client, county, september, pinned):
    client.force_login(county.county_admin)
    page = client.get(
        reverse("hotline_rates_charts"),
        {"period": "custom", "start": "2026-09-01", "end": "2026-09-30"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="hl-trend"' in html and 'id="hl-units"' in html
    assert "Plotly.newPlot" in html and "按时办结率" in html
    sources = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources)
    assert "cdn.plot.ly" not in html and "cdn.jsdelivr" not in html
    plotly_src = [s for s in sources if "plotly" in s]
    assert plotly_src == [reverse("hotline_plotly_js", args=[__import__("plotly").__version__])]
    js = client.get(plotly_src[0])
    assert js.status_code == 200 and js["Content-Type"].startswith("text/javascript")
    assert "immutable" in js["Cache-Control"] and len(js.content) > 1_000_000
    assert b"plotly" in js.content[:2000].lower()


def test_charts_need_a_unit(client, db):
    from gongkai.units.models import User

    client.force_login(User.objects.create_user(username="x", password="x", is_staff=True))
    assert client.get(reverse("hotline_rates_charts")).status_code in (302, 403)
