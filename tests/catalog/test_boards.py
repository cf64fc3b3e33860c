"""The catalogue boards over HTTP: 栏目更新监测 (+ Excel), 两化标准目录达标, 政策解读督办.

The views are reached at their real admin URLs (the catalogue's register_admin_urls hook
registers BOARD_URLS), so login, admin access and the unit scope middleware are all exercised.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.catalog import selectors
from gongkai.catalog.bulk import NewItem, bulk_create_items
from gongkai.catalog.domain.taxonomy import ChannelType, ItemKind
from gongkai.catalog.freshness import refresh_freshness
from gongkai.catalog.models import (
    ChannelPage,
    ItemPage,
    PolicyLink,
    StandardDirectory,
    StandardEntry,
)
from gongkai.catalog.services import create_unit_catalogue, instantiate_standard_directory
from gongkai.units.models import UnitKind
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar
from tests.personas import make_unit

pytestmark = pytest.mark.django_db

FRESHNESS = "/admin/catalog/freshness/"
EXPORT = "/admin/catalog/freshness/export/"
STANDARDS = "/admin/catalog/standards/"
INTERPRETATIONS = "/admin/catalog/interpretations/"
BOARDS = [FRESHNESS, EXPORT, STANDARDS, INTERPRETATIONS]
DAY = dt.timedelta(days=1)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown_units(response) -> set[str]:
    return {row.unit.short_name for row in response.context["board"].rows}


@pytest.fixture
def checked(county, catalogue, today, now):
    """城关镇: news 2 days old, notices 200 days old (stale by 17 days), the rest blank;
    河口镇: news 1 day old. Then the daily check."""
    with system_scope("test fixture"):
        cg_news = catalogue.channel(catalogue.chengguan, "gzdt")
        cg_notices = catalogue.channel(catalogue.chengguan, "tzgg")
        hk_news = catalogue.channel(catalogue.hekou, "gzdt")
        ChannelPage.objects.filter(pk=cg_notices.pk).update(
            responsible_editor=county.township_editor
        )
        bulk_create_items(
            [
                NewItem(channel_id=cg_news.pk, title="城关动态", published_on=today - 2 * DAY),
                NewItem(channel_id=cg_notices.pk, title="城关公告", published_on=today - 200 * DAY),
                NewItem(channel_id=hk_news.pk, title="河口动态", published_on=today - DAY),
            ]
        )
        refresh_freshness(today=today, now=now)
    return cg_notices


# ------------------------------------------------------------------------------ access


@pytest.mark.parametrize("url", BOARDS)
def test_citizens_are_sent_to_the_login_page(county, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "sees", "does_not_see"),
    [
        ("county_admin", {"城关镇", "河口镇", "县发改委", "大同村"}, set()),
        ("observer", {"城关镇", "河口镇", "县发改委"}, set()),
        ("township_editor", {"城关镇", "大同村"}, {"河口镇", "县发改委"}),
        ("township_reviewer", {"城关镇", "大同村"}, {"河口镇", "县发改委"}),
        ("other_reviewer", {"河口镇"}, {"城关镇", "大同村"}),
        ("dept_reviewer", {"县发改委"}, {"城关镇", "河口镇"}),
        ("operator", set(), {"城关镇", "河口镇", "县发改委"}),
    ],
)
def test_freshness_board_shows_only_the_readers_units(county, checked, persona, sees, does_not_see):
    response = client_for(getattr(county, persona)).get(FRESHNESS)
    assert response.status_code == 200
    units = shown_units(response)
    assert sees <= units
    assert not (units & does_not_see)
    html = response.content.decode()
    for name in does_not_see:
        assert f"<strong>{name}</strong>" not in html
    if "城关镇" not in sees:
        assert "城关公告" not in html and "霍邱县城关镇人民政府" not in html


@pytest.mark.parametrize("persona", ["county_admin", "township_editor"])
def test_freshness_board_shows_chengguans_stale_and_blank_channels(county, checked, today, persona):
    client = client_for(getattr(county, persona))
    response = client.get(FRESHNESS)
    html = response.content.decode()
    row = next(r for r in response.context["board"].rows if r.unit.short_name == "城关镇")
    assert row.summary.stale == 1
    assert row.summary.empty >= 5
    assert row.summary.fresh == 1
    # Blank channels come first among the stalest and they trip the §3.2 blank-column veto.
    assert len(row.channels) == 5
    assert all(verdict.status == "empty" for _, verdict in row.channels)
    assert any("空白栏目" in risk for risk in row.risks)
    assert "空白栏目" in html and "单项否决" in html
    assert f"最近检查日期：<strong>{today:%Y年%-m月%-d日}</strong>" in html
    # Filtering on 已超期 lists the stale channel with its days overdue and a link to it.
    response = client.get(FRESHNESS, {"status": "stale"})
    assert shown_units(response) == {"城关镇"}
    html = response.content.decode()
    assert f'href="/admin/pages/{checked.pk}/"' in html
    assert "通知公告</a>：已超期" in html and "超期 17 天" in html
    (record, verdict), *_ = response.context["board"].rows[0].channels
    assert record.channel_id == checked.pk and verdict.days_overdue == 17


def test_freshness_board_is_worst_first_and_filters_by_unit_kind(county, checked):
    client = client_for(county.county_admin)
    rows = client.get(FRESHNESS).context["board"].rows
    badness = [(len(r.risks), r.summary.stale + r.summary.empty, r.summary.stale) for r in rows]
    assert badness == sorted(badness, reverse=True)
    board = client.get(FRESHNESS, {"kind": UnitKind.TOWNSHIP}).context["board"]
    assert {r.unit.short_name for r in board.rows} == {"城关镇", "河口镇"}
    assert (UnitKind.TOWNSHIP.value, UnitKind.TOWNSHIP.label) in board.kind_options
    # 河口镇's only non-blank channel is fresh: nothing stale there.
    assert shown_units(client.get(FRESHNESS, {"status": "stale"})) == {"城关镇"}


# ------------------------------------------------------------------------------ export


def export_rows(client, **params) -> list[tuple]:
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[:2] == ("单位", "栏目") and "责任编辑" in header
    return rows


def test_excel_export_is_scoped(county, checked):
    cg_name, hk_name = county.chengguan.name, county.hekou.name
    rows = export_rows(client_for(county.township_editor))
    assert {r[0] for r in rows} == {cg_name, county.datong.name}
    notices = next(r for r in rows if r[1] == "法定主动公开内容 / 通知公告")
    _, _, kind, period, last, status, overdue, count, editor, _ = notices
    assert (kind, period, status, overdue, count, editor) == (
        "通知公告",
        183,
        "已超期",
        17,
        1,
        "李经办",
    )
    assert isinstance(last, dt.datetime | dt.date)
    assert any(r[5] == "空白栏目" for r in rows)

    other = export_rows(client_for(county.other_reviewer))
    assert other and {r[0] for r in other} == {hk_name}

    everyone = export_rows(client_for(county.county_admin))
    assert {cg_name, hk_name, county.fgw.name} <= {r[0] for r in everyone}
    # The board's filters apply to the export too.
    stale = export_rows(client_for(county.county_admin), status="stale")
    assert [(r[0], r[1]) for r in stale] == [(cg_name, "法定主动公开内容 / 通知公告")]
    assert export_rows(client_for(county.operator)) == []


# ------------------------------------------------------------------------------ 两化


@pytest.fixture
def directory(county, catalogue, now):
    """城关镇's standard directory with one entry ok, one outdated, one linked only to a draft."""
    today = timezone.localdate()  # the board's today
    with system_scope("test fixture"):
        instantiate_standard_directory(unit=county.chengguan, by=None, now=now)
        timed = list(
            StandardEntry.objects.filter(unit=county.chengguan, refresh_days__isnull=False)
            .select_related("directory")
            .order_by("directory__area_number", "code")[:3]
        )
        ok, outdated, draft_only = timed
        links = []
        for entry, age, live in (
            (ok, 0, True),
            (outdated, outdated.refresh_days + 1, True),
            (draft_only, 0, False),
        ):
            bulk_create_items(
                [
                    NewItem(
                        channel_id=entry.directory.channel_id,
                        title=f"事项{entry.code}",
                        published_on=today - age * DAY,
                        live=live,
                    )
                ]
            )
            item = ItemPage.objects.get(title=f"事项{entry.code}")
            links.append(ItemPage.standard_entries.through(itempage=item, standardentry=entry))
        ItemPage.standard_entries.through.objects.bulk_create(links)
    return {"ok": ok, "outdated": outdated, "draft_only": draft_only}


def test_compliance_statuses_of_entries(county, directory, system):
    today = timezone.localdate()
    [unit] = selectors.standards_board({county.chengguan.pk}, today=today)
    statuses = {row.entry.code: row.result.status for area in unit.areas for row in area.problems}
    assert statuses[directory["outdated"].code] == "outdated"
    assert statuses[directory["draft_only"].code] == "missing"
    assert directory["ok"].code not in statuses  # only problems are listed
    total = StandardEntry.objects.filter(unit=county.chengguan).count()
    assert unit.total == total
    assert (unit.ok, unit.outdated, unit.missing) == (1, 1, total - 2)
    assert len(unit.areas) == StandardDirectory.objects.filter(unit=county.chengguan).count()
    # Only outdated entries when asked.
    [unit] = selectors.standards_board({county.chengguan.pk}, today=today, status="outdated")
    listed = [row.entry.code for area in unit.areas for row in area.problems]
    assert listed == [directory["outdated"].code]


def test_standards_board_over_http_is_scoped(county, directory):
    response = client_for(county.township_editor).get(STANDARDS)
    assert response.status_code == 200
    [unit] = response.context["units"]
    assert unit.unit == county.chengguan and response.context["detail"] == [unit]
    html = response.content.decode()
    assert "未公开内容" in html and "内容过期" in html and directory["outdated"].code in html

    response = client_for(county.other_reviewer).get(STANDARDS)
    assert response.context["units"] == [] and "城关镇" not in response.content.decode()
    # Guessing 城关镇's id does not reveal it.
    response = client_for(county.other_reviewer).get(STANDARDS, {"unit": county.chengguan.pk})
    assert response.context["units"] == [] and response.context["unit_id"] is None

    admin = client_for(county.county_admin)
    assert [u.unit for u in admin.get(STANDARDS).context["units"]] == [county.chengguan]
    detail = admin.get(STANDARDS, {"unit": county.chengguan.pk}).context["detail"]
    assert [u.unit for u in detail] == [county.chengguan]


# ------------------------------------------------------------------------------ 政策解读


def policy(channel: ChannelPage, title: str, published_on: dt.date) -> ItemPage:
    bulk_create_items(
        [
            NewItem(
                channel_id=channel.pk,
                title=title,
                published_on=published_on,
                kind=ItemKind.POLICY,
                doc_number="城政〔2026〕1号",
                needs_interpretation=True,
            )
        ]
    )
    return ItemPage.objects.get(title=title)


def interpretation(channel: ChannelPage, title: str, of: ItemPage, *, live=True) -> ItemPage:
    bulk_create_items(
        [
            NewItem(
                channel_id=channel.pk,
                title=title,
                published_on=of.published_on,
                kind=ItemKind.INTERPRETATION,
                live=live,
            )
        ]
    )
    item = ItemPage.objects.get(title=title)
    PolicyLink.objects.create(interpretation=item, policy=of, sort_order=0)
    return item


def test_interpretation_board_lists_overdue_policies_until_interpreted(county, catalogue, system):
    today = timezone.localdate()
    calendar = get_calendar()
    normative = catalogue.channel(catalogue.chengguan, "xzgfxwj")
    explained = catalogue.channel(catalogue.chengguan, "zcjd")
    late = policy(normative, "关于城区停车收费的管理办法", today - 12 * DAY)
    policy(normative, "关于城区绿化养护的实施意见", today)  # still inside its 3 working days
    bulk_create_items(  # no interpretation needed
        [NewItem(channel_id=normative.pk, title="一般通知", published_on=today - 30 * DAY)]
    )
    due = calendar.add_workdays(late.published_on, 3)

    admin = client_for(county.county_admin)
    response = admin.get(INTERPRETATIONS)
    assert response.status_code == 200
    [row] = response.context["board"].rows
    assert row.item.pk == late.pk and row.due == due
    assert row.days_overdue == (today - due).days > 0
    html = response.content.decode()
    assert "关于城区停车收费的管理办法" in html and f"{row.days_overdue} 天" in html
    assert "关于城区绿化养护的实施意见" not in html
    assert [(u.short_name, n) for u, n in response.context["board"].per_unit] == [("城关镇", 1)]

    # The 城关镇 editor sees it; the 河口镇 reviewer does not.
    assert len(client_for(county.township_editor).get(INTERPRETATIONS).context["board"].rows) == 1
    other = client_for(county.other_reviewer).get(INTERPRETATIONS)
    assert other.context["board"].rows == [] and "停车收费" not in other.content.decode()

    # A draft interpretation does not count; a public one takes the document off the board.
    interpretation(explained, "《停车收费管理办法》解读（草稿）", late, live=False)
    assert len(admin.get(INTERPRETATIONS).context["board"].rows) == 1
    interpretation(explained, "《停车收费管理办法》政策解读", late)
    response = admin.get(INTERPRETATIONS)
    assert response.context["board"].rows == []
    assert "没有超期未解读的政策文件" in response.content.decode()


# ------------------------------------------------------------------------------ queries


def add_townships(county, now, today, start: int, count: int) -> None:
    with system_scope("test fixture"):
        for n in range(start, start + count):
            unit = make_unit(
                f"霍邱县测试{n}镇人民政府",
                f"测试{n}镇",
                f"test{n}",
                UnitKind.TOWNSHIP,
                county.government,
                100 + n,
            )
            create_unit_catalogue(unit=unit, by=None, now=now)
            instantiate_standard_directory(unit=unit, by=None, now=now, areas=[1, 2])
            news = ChannelPage.objects.get(unit=unit, channel_type=ChannelType.NEWS)
            normative = ChannelPage.objects.get(unit=unit, slug="xzgfxwj")
            bulk_create_items(
                [
                    NewItem(channel_id=news.pk, title=f"动态{n}", published_on=today - 30 * DAY),
                    NewItem(
                        channel_id=normative.pk,
                        title=f"办法{n}",
                        published_on=today - 30 * DAY,
                        kind=ItemKind.POLICY,
                        needs_interpretation=True,
                    ),
                ]
            )
        refresh_freshness(today=today, now=now)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", BOARDS)
def test_queries_do_not_grow_with_the_number_of_units(
    county, catalogue, now, today, url, django_assert_max_num_queries
):
    add_townships(county, now, today, 1, 1)
    client = client_for(county.county_admin)
    client.get(url)  # warm the per-process caches (calendar, content types)
    few = count_queries(client, url)
    add_townships(county, now, today, 2, 4)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200
    if url == FRESHNESS:
        assert len(response.context["board"].rows) >= 7
    if url == STANDARDS:
        assert len(response.context["units"]) == 5
    if url == INTERPRETATIONS:
        assert response.context["board"].total == 5
