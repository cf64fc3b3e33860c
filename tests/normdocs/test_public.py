"""The public library (规范性文件库): anonymous readers see published documents only."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.catalog.models import ItemPage
from gongkai.normdocs import campaigns, services
from gongkai.normdocs.models import CampaignDocument
from tests.normdocs.conftest import as_of, catalogue, draft, through_to_published  # noqa: F401
from tests.portal.conftest import make_item, site  # noqa: F401

pytestmark = pytest.mark.django_db

LIST = reverse("normdocs:public_list")


def published(county, title, number, *, unit=None, published_on=dt.date(2026, 4, 1), **fields):
    publish = {k: fields.pop(k) for k in ("valid_until", "effective_on") if k in fields}
    document = draft(county, unit=unit, title=title, doc_number=number, **fields)
    return through_to_published(county, document, published_on=published_on, **publish)


def rows_of(response) -> list[str]:
    return [d.title for d in response.context["documents_page"].object_list]


@pytest.fixture
def library(county, catalogue, system):  # noqa: F811
    """Published documents of 县发改委 and 河口镇 in every status, and one draft."""
    now = as_of(dt.date(2026, 9, 1))
    valid = published(county, "霍邱县城区停车管理办法", "霍发改〔2026〕1号", topic="工业、交通")
    lapsed = published(
        county,
        "霍邱县农村公路养护暂行办法",
        "霍发改〔2026〕2号",
        topic="工业、交通",
        valid_until=dt.date(2026, 6, 30),
    )
    services.expire_document(lapsed, today=dt.date(2026, 7, 1), now=as_of(dt.date(2026, 7, 1)))
    old = published(county, "霍邱县粮食收购管理办法", "霍发改〔2026〕3号", topic="农业、林业、水利")
    hekou = published(
        county,
        "河口镇集镇环境卫生管理规定",
        "河政〔2026〕4号",
        unit=county.hekou,
        published_on=dt.date(2026, 5, 6),
        topic="城乡建设、环境保护",
    )
    services.repeal_document(
        old, by=county.county_admin, reason="已被新的管理办法代替", repealed_by=valid, now=now
    )
    secret = draft(county, title="霍邱县尚未公布的草稿办法", doc_number="霍发改〔2026〕9号")
    return {"valid": valid, "lapsed": lapsed, "old": old, "hekou": hekou, "draft": secret}


# ------------------------------------------------------------------------ visibility


def test_drafts_and_documents_under_review_are_not_public(client, county, library):
    secret = library["draft"]
    assert client.get(reverse("normdocs:public_detail", args=[secret.pk])).status_code == 404
    services.submit_for_legal_review(secret, by=county.county_admin, now=as_of(dt.date(2026, 9, 2)))
    assert client.get(reverse("normdocs:public_detail", args=[secret.pk])).status_code == 404
    assert client.get(reverse("normdocs:public_detail", args=[999_999])).status_code == 404
    assert client.get(f"{LIST}{'9' * 30}/").status_code == 404  # beyond any integer column

    response = client.get(LIST)
    assert response.status_code == 200
    titles = rows_of(response)
    assert "霍邱县尚未公布的草稿办法" not in titles
    assert "霍邱县尚未公布的草稿办法" not in response.content.decode()
    # Expired and repealed documents stay listed, marked.
    assert set(titles) == {
        "霍邱县城区停车管理办法",
        "霍邱县农村公路养护暂行办法",
        "霍邱县粮食收购管理办法",
        "河口镇集镇环境卫生管理规定",
    }
    html = response.content.decode()
    assert "共 4 件" in html
    assert 'nd-badge--expired">失效' in html and 'nd-badge--repealed">废止' in html
    assert client.get(LIST, {"q": "尚未公布"}).context["documents_page"].paginator.count == 0


def test_the_navigation_links_to_the_library(client, library):
    html = client.get(LIST).content.decode()
    assert f'<a href="{LIST}">规范性文件</a>' in html
    assert 'lang="zh-Hans"' in html and "normdocs/library.css" in html


# --------------------------------------------------------------------- search/filters


def test_search_over_title_and_doc_number(client, library):
    assert rows_of(client.get(LIST, {"q": "停车"})) == ["霍邱县城区停车管理办法"]
    assert rows_of(client.get(LIST, {"q": "霍发改〔2026〕2号"})) == ["霍邱县农村公路养护暂行办法"]
    # Square brackets typed for 〔〕 still find the 文号.
    assert rows_of(client.get(LIST, {"q": "河政[2026]4号"})) == ["河口镇集镇环境卫生管理规定"]
    response = client.get(LIST, {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_filters(client, county, library):
    by_unit = client.get(LIST, {"unit": county.hekou.pk})
    assert rows_of(by_unit) == ["河口镇集镇环境卫生管理规定"]
    assert rows_of(client.get(LIST, {"status": "expired"})) == ["霍邱县农村公路养护暂行办法"]
    assert rows_of(client.get(LIST, {"status": "repealed"})) == ["霍邱县粮食收购管理办法"]
    assert rows_of(client.get(LIST, {"status": "amended"})) == []
    assert set(rows_of(client.get(LIST, {"topic": "工业、交通"}))) == {
        "霍邱县城区停车管理办法",
        "霍邱县农村公路养护暂行办法",
    }
    assert len(rows_of(client.get(LIST, {"year": "2026"}))) == 4
    assert rows_of(client.get(LIST, {"year": "2025"})) == []
    combined = client.get(LIST, {"unit": county.fgw.pk, "status": "valid", "q": "办法"})
    assert rows_of(combined) == ["霍邱县城区停车管理办法"]
    # The filter form keeps its choices and labels.
    html = by_unit.content.decode()
    assert '<label for="nd-unit">制定机关</label>' in html
    assert f'<option value="{county.hekou.pk}" selected>' in html
    assert '<option value="2026">2026年</option>' in html


JUNK = [
    {"year": "abc"},
    {"year": "99999999999999999999"},
    {"year": "-5"},
    {"status": "zzz"},
    {"topic": "不存在的分类"},
    {"unit": "-1"},
    {"unit": "abc"},
    {"unit": "99999999999999999999999"},
    {"page": "999999"},
    {"page": "abc"},
    {"page": "-3"},
    {"q": "x" * 5000},
    {"q": "%_\\'\""},
    {"unit": "1e3", "year": "0", "status": "", "topic": "", "page": "0"},
]


def test_junk_parameters_do_not_fail(client, library):
    for params in JUNK:  # one fixture for all: building the library takes a second or two
        response = client.get(LIST, params)
        assert response.status_code == 200, params
    # Invalid filters are ignored, not applied.
    assert response.context["documents_page"].paginator.count == 4
    assert client.get(LIST, {"unit": "-1"}).context["documents_page"].paginator.count == 4
    # A valid filter value that matches nothing gives an empty list, not an error.
    empty = client.get(LIST, {"unit": 999_999})
    assert empty.status_code == 200 and "没有找到符合条件的规范性文件" in empty.content.decode()


def test_pagination_keeps_the_filters(client, county, catalogue, system):  # noqa: F811
    for i in range(22):
        published(county, f"霍邱县第{i:02d}号管理办法", f"霍发改〔2026〕{i + 10}号")
    first = client.get(LIST, {"q": "管理办法"})
    assert len(rows_of(first)) == 20 and first.context["documents_page"].paginator.num_pages == 2
    html = first.content.decode()
    assert "?q=%E7%AE%A1%E7%90%86%E5%8A%9E%E6%B3%95&amp;page=2" in html
    assert len(rows_of(client.get(LIST, {"q": "管理办法", "page": 2}))) == 2
    assert len(rows_of(client.get(LIST, {"q": "管理办法", "page": 999999}))) == 2


def _count_queries(client, url, params=None) -> tuple[int, list[str]]:
    client.get(url, params or {})  # warm per-process caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def test_list_query_count_does_not_grow_with_documents(client, county, catalogue, system):  # noqa: F811
    for i in range(3):
        published(county, f"霍邱县少量办法{i}", f"霍发改〔2026〕{i + 1}号")
    few, _ = _count_queries(client, LIST)
    few_valid, _ = _count_queries(client, reverse("normdocs:valid_list"))
    for i in range(27):
        unit = county.hekou if i % 2 else county.chengguan
        published(county, f"霍邱县更多办法{i}", f"霍政〔2026〕{i + 1}号", unit=unit)
    many, sql = _count_queries(client, LIST)
    assert many == few, sql
    assert many <= 6, sql
    assert not any('"body"' in q for q in sql)
    assert _count_queries(client, LIST, {"page": 2, "status": "valid"})[0] == few
    many_valid, sql = _count_queries(client, reverse("normdocs:valid_list"))
    assert many_valid == few_valid, sql


# ------------------------------------------------------------------------------ detail


def test_detail_metadata_body_and_history(client, county, library):
    document = library["valid"]
    response = client.get(document.get_public_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "霍邱县发展和改革委员会",  # 发布机关
        "霍发改〔2026〕1号",
        "HQFGW-2026-001",  # 统一登记号
        "2026年04月01日",
        "工业、交通",
        "政务服务便民热线",
        'href="tel:12345"',
        "第一条 为规范……制定本办法。",
    ):
        assert text in html, text
    assert '<th scope="row">索引号</th>' in html  # the catalogue item has an index number
    assert "本文件已于" not in html
    # It repealed another document: that one is linked.
    assert library["old"].get_public_url() in html
    # History: publication, not the internal drafting steps and opinions.
    history = [c.label for c in response.context["history"]]
    assert "已公布" in history and "起草中" not in history
    assert "符合法律法规规定" not in html


def test_body_is_escaped(client, county, catalogue, system):  # noqa: F811
    document = published(
        county,
        "霍邱县测试转义办法",
        "霍发改〔2026〕5号",
        body="第一条 <script>alert('x')</script>\n第二条 <b>粗体</b>",
    )
    html = client.get(document.get_public_url()).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<br>" in html or "</p>" in html


def test_expired_document_shows_the_banner(client, library):
    html = client.get(library["lapsed"].get_public_url()).content.decode()
    assert "本文件已于2026年07月01日失效" in html
    assert "到期自动失效" in html  # the history reason


def test_repealed_document_links_its_basis(client, library):
    response = client.get(library["old"].get_public_url())
    html = response.content.decode()
    assert "本文件已于2026年09月01日废止" in html
    assert "废止依据" in html and library["valid"].get_public_url() in html
    assert "已被新的管理办法代替" in html


def test_detail_shows_the_amendment_chain(client, county, catalogue, system):  # noqa: F811
    original = published(county, "霍邱县物业管理办法", "霍发改〔2026〕20号")
    amending = published(
        county,
        "霍邱县物业管理办法（2026年修订）",
        "霍发改〔2026〕21号",
        amends=original,
        published_on=dt.date(2026, 6, 1),
    )
    unpublished = draft(county, title="霍邱县物业管理办法（再次修订草案）", amends=amending)

    response = client.get(original.get_public_url())
    html = response.content.decode()
    assert [d.pk for d in response.context["amendment_chain"]] == [original.pk, amending.pk]
    assert "修改沿革" in html and amending.get_public_url() in html
    assert "本文件已于2026年06月01日被修改" in html

    html = client.get(amending.get_public_url()).content.decode()
    assert original.get_public_url() in html
    assert "再次修订草案" not in html
    assert unpublished.get_public_url() not in html


def test_detail_links_interpretations_and_the_catalogue_item(client, county, library, site):  # noqa: F811
    document = library["valid"]
    reading = make_item(
        catalogue_channel(document), "《霍邱县城区停车管理办法》政策解读", kind="interpretation"
    )
    hidden = make_item(
        catalogue_channel(document), "未发布的解读", kind="interpretation", live=False
    )
    now = as_of(dt.date(2026, 4, 2))
    for item in (reading, hidden):
        services.link_interpretation(document, by=county.county_admin, item=item, now=now)
    html = client.get(document.get_public_url()).content.decode()
    assert "政策解读" in html and f'href="{reading.url}"' in html
    assert "未发布的解读" not in html
    item = ItemPage.objects.get(pk=document.item_id)
    assert f'href="{item.url}"' in html and item.index_number in html


def catalogue_channel(document):
    from gongkai.catalog.models import ChannelPage

    return ChannelPage.objects.get(unit=document.unit, slug="zcjd")


def test_print_view(client, library):
    html = client.get(library["valid"].get_public_url(), {"print": "1"}).content.decode()
    assert 'class="print-view"' in html and "返回正常页面" in html
    assert 'class="site-nav"' not in html
    assert "第一条 为规范" in html


# ------------------------------------------------------------------ 现行有效目录


def test_unit_directory_lists_documents_in_force_only(client, county, library):
    url = reverse("normdocs:unit_valid_list", args=[county.fgw.code])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    today = timezone.localdate()
    assert (
        f"霍邱县发展和改革委员会现行有效规范性文件目录（截至{today:%Y}年{today:%m}月{today:%d}日）"
        in html
    )
    assert [d.title for d in response.context["documents"]] == ["霍邱县城区停车管理办法"]
    assert "农村公路养护" not in html and "粮食收购" not in html
    assert "河口镇" not in html.split("<main")[1].split("</main>")[0].replace("河口镇集镇", "")

    assert client.get(url, {"print": "1"}).context["print_allowed"] is True
    assert "返回正常页面" in client.get(url, {"print": "1"}).content.decode()
    assert client.get(reverse("normdocs:unit_valid_list", args=["nope"])).status_code == 404

    town = client.get(reverse("normdocs:unit_valid_list", args=[county.hekou.code]))
    assert "霍邱县河口镇人民政府现行有效规范性文件目录" in town.content.decode()


def test_unit_directory_export(client, county, library):
    response = client.get(reverse("normdocs:unit_valid_export", args=[county.fgw.code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("霍邱县发展和改革委员会现行有效规范性文件目录")
    assert rows[1] == (
        "序号",
        "标题",
        "文号",
        "制定机关",
        "公布日期",
        "施行日期",
        "有效期至",
        "有效性",
    )
    assert len(rows) == 3
    assert rows[2][:4] == (
        1,
        "霍邱县城区停车管理办法",
        "霍发改〔2026〕1号",
        "霍邱县发展和改革委员会",
    )
    assert rows[2][4].date() == dt.date(2026, 4, 1) and rows[2][7] == "有效"


def test_county_directory_groups_units(client, county, library):
    response = client.get(reverse("normdocs:valid_list"))
    html = response.content.decode()
    assert "霍邱县现行有效规范性文件目录（截至" in html
    assert [g.unit.pk for g in response.context["groups"]] == [county.hekou.pk, county.fgw.pk]
    assert "农村公路养护" not in html
    export = client.get(reverse("normdocs:valid_export"))
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert {r[1] for r in rows[2:]} == {"霍邱县城区停车管理办法", "河口镇集镇环境卫生管理规定"}


# ------------------------------------------------------------------------- campaigns


def _run_campaign(county, *, apply: bool):
    today, now = dt.date(2026, 10, 9), as_of(dt.date(2026, 10, 9))
    campaign = campaigns.open_campaign(
        by=county.county_admin,
        title="2026年度规范性文件清理",
        basis="根据国办发〔2018〕37号开展清理。",
        due_on=dt.date(2026, 11, 30),
        today=today,
        now=now,
    )
    decisions = {
        "霍邱县城区停车管理办法": ("keep", ""),
        "霍邱县物业服务收费办法": ("amend", "与新修订的条例不一致，需要修改"),
        "霍邱县招商引资优惠办法": ("repeal", "与公平竞争审查要求不符"),
        "霍邱县旧城改造补偿办法": ("declare_expired", "调整对象已消失"),
    }
    for entry in CampaignDocument.unscoped.filter(campaign=campaign).select_related("document"):
        decision, reason = decisions[entry.document.title]
        entry = campaigns.decide(
            entry, by=county.dept_reviewer, decision=decision, reason=reason, today=today, now=now
        )
        campaigns.cosign(entry, by=county.legal_reviewer, today=today, now=now)
    if apply:
        campaigns.apply_campaign(campaign, by=county.county_admin, today=today, now=now)
    return campaign


@pytest.fixture
def campaign_documents(county, catalogue, system):  # noqa: F811
    titles = ("城区停车管理", "物业服务收费", "招商引资优惠", "旧城改造补偿")
    return [
        published(county, f"霍邱县{t}办法", f"霍发改〔2026〕{i + 30}号")
        for i, t in enumerate(titles)
    ]


def test_campaign_results_are_public_only_after_apply(client, county, campaign_documents):
    campaign = _run_campaign(county, apply=False)
    url = reverse("normdocs:campaign_results", args=[campaign.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("normdocs:campaign_export", args=[campaign.pk])).status_code == 404
    assert (
        "2026年度规范性文件清理"
        not in client.get(reverse("normdocs:campaign_list")).content.decode()
    )

    campaigns.apply_campaign(
        campaign,
        by=county.county_admin,
        today=dt.date(2026, 10, 9),
        now=as_of(dt.date(2026, 10, 9)),
    )
    response = client.get(url)
    assert response.status_code == 200
    results = response.context["results"]
    kept = [r.document.title for g in results.kept for r in g.rows]
    ended = [r.document.title for g in results.ended for r in g.rows]
    assert set(kept) == {"霍邱县城区停车管理办法", "霍邱县物业服务收费办法"}
    assert set(ended) == {"霍邱县招商引资优惠办法", "霍邱县旧城改造补偿办法"}
    assert [g.unit.pk for g in results.kept] == [county.fgw.pk]
    html = response.content.decode()
    assert "继续有效目录" in html and "废止和失效目录" in html
    assert "拟修改" in html and "与公平竞争审查要求不符" in html and "调整对象已消失" in html
    assert "霍邱县发展和改革委员会" in html

    listing = client.get(reverse("normdocs:campaign_list")).content.decode()
    assert "2026年度规范性文件清理" in listing and url in listing

    # The documents' validity follows the campaign; the ended ones leave the directory.
    directory = client.get(reverse("normdocs:unit_valid_list", args=[county.fgw.code]))
    assert {d.title for d in directory.context["documents"]} == set(kept)


def test_campaign_export_has_two_sheets(client, county, campaign_documents):
    campaign = _run_campaign(county, apply=True)
    response = client.get(reverse("normdocs:campaign_export", args=[campaign.pk]))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["继续有效目录", "废止和失效目录"]
    kept = list(workbook["继续有效目录"].iter_rows(values_only=True))
    ended = list(workbook["废止和失效目录"].iter_rows(values_only=True))
    assert kept[1] == ("序号", "制定机关", "标题", "文号", "公布日期", "清理结果", "理由")
    assert {r[2]: r[5] for r in kept[2:]} == {
        "霍邱县城区停车管理办法": "继续有效",
        "霍邱县物业服务收费办法": "拟修改",
    }
    assert {r[2]: (r[5], r[6]) for r in ended[2:]} == {
        "霍邱县招商引资优惠办法": ("废止", "与公平竞争审查要求不符"),
        "霍邱县旧城改造补偿办法": ("宣布失效", "调整对象已消失"),
    }


def test_unknown_campaign_is_404(client, db):
    assert client.get(reverse("normdocs:campaign_results", args=[12345])).status_code == 404
    assert client.get(f"/gfxwj/qingli/{'9' * 30}/").status_code == 404
    assert client.get(f"/gfxwj/qingli/{'9' * 30}/export.xlsx").status_code == 404
    assert client.get(reverse("normdocs:campaign_list")).status_code == 200
