"""The portal search page /search/: rendering, facets, sorting, paging, junk input, escaping.

The service is replaced by a fake that records its calls and returns hand-built Results (the
highlighted HTML made by the real domain highlighter, as the service does). The end-to-end test
at the bottom uses the real service and index once gongkai/search/service.py exists.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

import gongkai.search
from gongkai.search.api import FacetValue, Filters, Hit, Kind, Order, Results
from gongkai.search.domain import highlight, parse_query, snippet
from tests.catalog.conftest import catalogue  # noqa: F401 (fixture)
from tests.portal.conftest import site  # noqa: F401 (fixture)

SEARCH = reverse("search:results")
TEMPLATES = Path(gongkai.search.__file__).parent / "templates"
HAS_SERVICE = importlib.util.find_spec("gongkai.search.service") is not None


# ------------------------------------------------------------------------------ the fake


def make_hit(
    q: str,
    title: str,
    body: str = "",
    *,
    kind: str = Kind.ITEM,
    object_id: int = 1,
    url: str = "/xxgk/1/",
    unit_name: str = "城关镇人民政府",
    published_on: dt.date | None = dt.date(2026, 3, 1),
    validity: str = "",
    is_public: bool = True,
) -> Hit:
    query = parse_query(q)
    return Hit(
        kind=kind,
        object_id=object_id,
        title=title,
        title_html=highlight(title, query),
        snippet_html=snippet(body, query) if body else "",
        url=url,
        unit_name=unit_name,
        published_on=published_on,
        validity=validity,
        is_public=is_public,
    )


def make_results(
    q: str,
    hits: list[Hit] | None = None,
    *,
    total: int | None = None,
    page: int = 1,
    pages: int | None = None,
    facets: dict[str, list[FacetValue]] | None = None,
    notice: str = "",
) -> Results:
    hits = hits or []
    total = len(hits) if total is None else total
    return Results(
        query=parse_query(q),
        hits=hits,
        total=total,
        page=page,
        pages=(1 if total else 0) if pages is None else pages,
        facets=facets or {},
        notice=notice,
    )


NO_FILTERS = Filters()


@dataclass
class FakeService:
    """Stands in for gongkai.search.service: records calls, answers with ``results``."""

    results: Results | None = None
    calls: list[dict] = field(default_factory=list)

    def _answer(self, raw_query, kw) -> Results:
        self.calls.append({"q": raw_query, **kw})
        return self.results or make_results(raw_query)

    def search_public(
        self, raw_query, *, filters=NO_FILTERS, order=Order.RELEVANCE, page=1, per_page=20
    ):
        return self._answer(
            raw_query, {"filters": filters, "order": order, "page": page, "per_page": per_page}
        )

    def search_staff(
        self, raw_query, *, user, filters=NO_FILTERS, order=Order.RELEVANCE, page=1, per_page=20
    ):
        return self._answer(
            raw_query,
            {"user": user, "filters": filters, "order": order, "page": page, "per_page": per_page},
        )

    @property
    def last(self) -> dict:
        assert self.calls, "the service was not called"
        return self.calls[-1]


@pytest.fixture
def fake_service(monkeypatch) -> FakeService:
    """Patch gongkai.search.service's two functions (inserting a module while it is missing)."""
    fake = FakeService()
    if HAS_SERVICE:
        import gongkai.search.service as module
    else:
        module = types.ModuleType("gongkai.search.service")
        monkeypatch.setitem(sys.modules, "gongkai.search.service", module)
        monkeypatch.setattr(gongkai.search, "service", module, raising=False)
    monkeypatch.setattr(module, "search_public", fake.search_public, raising=False)
    monkeypatch.setattr(module, "search_staff", fake.search_staff, raising=False)
    return fake


def paging(html: str) -> str:
    match = re.search(r'<nav class="search-pages".*?</nav>', html, flags=re.S)
    return match.group(0) if match else ""


def query_of(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def links(html: str, pattern: str = "") -> list[tuple[str, str]]:
    """(href, text) of the page's links whose text matches ``pattern``."""
    found = []
    for href, text in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html, flags=re.S):
        text = re.sub(r"<[^>]+>", "", text)
        if re.search(pattern, text):
            found.append((href.replace("&amp;", "&"), text))
    return found


FACETS = {
    "kind": [FacetValue("item", "政府信息", 7), FacetValue("policy", "政策文件", 3)],
    "unit": [FacetValue("11", "城关镇人民政府", 6), FacetValue("12", "河口镇人民政府", 4)],
    "topic": [FacetValue("科技、教育", "科技、教育", 2)],
    "year": [FacetValue("2026", "2026年", 8), FacetValue("2025", "2025年", 2)],
    "validity": [FacetValue("valid", "有效", 3)],
}


# ------------------------------------------------------------------------------ tests

pytestmark = pytest.mark.django_db


def test_empty_query_explains_how_to_search_without_searching(client, fake_service):
    response = client.get(SEARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "请输入两个及以上汉字" in html
    assert fake_service.calls == []
    # The query box is labelled, and the header's search box is on every portal page.
    assert '<label class="search-form__label" for="search-q">' in html
    assert '<form class="site-search" role="search" aria-label="站内搜索" action="/search/"' in html
    assert '<label class="site-search__label" for="site-search-q">站内搜索</label>' in html
    assert 'id="site-search-q" type="search" name="q"' in html


def test_nothing_searchable_is_not_searched(client, fake_service):
    response = client.get(SEARCH, {"q": "！！ ，"})
    assert response.status_code == 200
    assert fake_service.calls == []
    assert "未能从" in response.content.decode()


def test_anonymous_reader_sees_highlighted_hits(client, fake_service):
    fake_service.results = make_results(
        "通知",
        [
            make_hit(
                "通知",
                "关于做好2026年冬季防火工作的通知",
                "各村（社区）：现将冬季防火工作有关事项通知如下。",
                url="/xxgk/chengguan/tzgg/fanghuo/",
            ),
            make_hit(
                "通知",
                "霍邱县人民政府关于印发某办法的通知",
                kind=Kind.POLICY,
                object_id=2,
                validity="repealed",
                unit_name="霍邱县人民政府",
            ),
            make_hit("通知", "通知公告栏目说明", kind=Kind.ITEM, object_id=3, validity="valid"),
        ],
        total=3,
        notice="单字检索仅匹配标题",
    )
    response = client.get(SEARCH, {"q": "通知"})
    assert response.status_code == 200
    html = response.content.decode()
    call = fake_service.last
    assert call == {
        "q": "通知",
        "filters": Filters(),
        "order": Order.RELEVANCE,
        "page": 1,
        "per_page": 20,
    }
    assert 'role="status" aria-live="polite">找到 <strong>3</strong> 条' in html
    assert "单字检索仅匹配标题" in html
    assert (
        '<a href="/xxgk/chengguan/tzgg/fanghuo/">关于做好2026年冬季防火工作的<mark>通知</mark></a>'
        in html
    )
    assert "有关事项<mark>通知</mark>如下" in html
    assert '<span class="search-badge search-badge--kind">政策文件</span>' in html
    assert "search-badge--repealed" in html and ">已废止<" in html
    # Validity is shown for policies and normative documents only.
    assert ">有效<" not in html.split("公告栏目说明")[1].split("</li>")[0]
    assert '<time datetime="2026-03-01">2026-03-01</time>' in html
    assert "城关镇人民政府" in html
    assert "草稿/未公开" not in html  # a staff-only badge
    assert "<title>搜索：通知 - 霍邱县人民政府信息公开</title>" in html


def test_filters_order_and_page_reach_the_service(client, fake_service):
    client.get(
        SEARCH,
        {
            "q": "防火 通知",
            "kind": "policy",
            "unit": "12",
            "topic": "科技、教育",
            "year": "2025",
            "validity": "valid",
            "channel": "40",
            "order": "date",
            "page": "3",
        },
    )
    assert fake_service.last == {
        "q": "防火 通知",
        "filters": Filters(
            kind="policy",
            unit_id=12,
            channel_id=40,
            topic="科技、教育",
            year=2025,
            validity="valid",
        ),
        "order": Order.DATE,
        "page": 3,
        "per_page": 20,
    }


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page": "-3"},
        {"page": "9" * 5000},
        {"year": "x"},
        {"year": "20255"},
        {"unit": "-1"},
        {"unit": "1e3"},
        {"unit": "99999999999999999999999"},
        {"kind": "<script>"},
        {"topic": "没有这个主题"},
        {"validity": "n/a"},
        {"order": "random"},
        {"channel": "abc"},
        {"kind": ["item", "bogus"]},
    ],
)
def test_junk_parameters_are_dropped(client, fake_service, params):
    response = client.get(SEARCH, {"q": "通知", **params})
    assert response.status_code == 200
    call = fake_service.last
    assert call["filters"] == Filters()
    assert call["order"] == Order.RELEVANCE
    assert call["page"] == 1


def test_long_and_control_character_queries_are_cleaned(client, fake_service):
    response = client.get(SEARCH, {"q": "通知" * 1000})
    assert response.status_code == 200
    assert fake_service.last["q"] == ("通知" * 100)
    response = client.get(SEARCH, {"q": "防火\x00通知\x07\x1b[31m\r\n公告"})
    assert response.status_code == 200
    assert fake_service.last["q"] == "防火 通知 [31m 公告"


def test_post_is_refused(client, fake_service):
    assert client.post(SEARCH, {"q": "通知"}).status_code == 405


def test_everything_is_escaped_except_the_highlighters_output(client, fake_service):
    q = "通知 <img src=x onerror=alert(1)>"
    hit = make_hit(
        "通知",
        "<script>alert('x')</script>的通知",
        "正文<b>加粗</b>通知",
        unit_name="<i>单位</i>",
        url="/xxgk/1/?a=1&b=<x>",
    )
    fake_service.results = make_results(
        q,
        [hit],
        facets={"unit": [FacetValue("5", "<u>单位</u>", 1)]},
        notice="<em>提示</em>",
    )
    html = client.get(SEARCH, {"q": q}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;的<mark>通知</mark>" in html
    assert "正文&lt;b&gt;加粗&lt;/b&gt;<mark>通知</mark>" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    for raw in ("<i>单位</i>", "<u>单位</u>", "<em>提示</em>", "b=<x>"):
        assert raw not in html
    assert "&lt;i&gt;单位&lt;/i&gt;" in html
    assert "&lt;u&gt;单位&lt;/u&gt;" in html


def test_templates_mark_only_highlighter_output_safe():
    """|safe may appear only on title_html and snippet_html (made by the domain highlighter)."""
    uses = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        uses += re.findall(r"\{\{\s*([^}|]+?)\s*\|\s*safe\s*\}\}", text)
        assert "autoescape off" not in text
        assert "safeseq" not in text
    assert uses
    assert {u.rsplit(".", 1)[-1] for u in uses} <= {"title_html", "snippet_html"}


def test_facets_toggle_and_keep_the_other_parameters(client, fake_service):
    fake_service.results = make_results(
        "通知", [make_hit("通知", "通知")], total=10, pages=1, facets=FACETS
    )
    html = client.get(
        SEARCH, {"q": "通知", "order": "date", "year": "2026", "page": "2"}
    ).content.decode()
    for heading in ("按类别", "按单位", "按主题", "按年份", "按有效性"):
        assert f">{heading}</h3>" in html
    assert '城关镇人民政府<span class="search-facet__count">（6）</span>' in html

    ((href, _),) = links(html, r"^河口镇人民政府")
    assert query_of(href) == {"q": "通知", "order": "date", "year": "2026", "unit": "12"}
    ((href, _),) = links(html, r"^政策文件")
    assert query_of(href) == {"q": "通知", "order": "date", "year": "2026", "kind": "policy"}

    # The selected year is marked and its link removes it; the page always starts again at 1.
    ((href, text),) = links(html, r"^2026年")
    assert "已选中" in text
    assert query_of(href) == {"q": "通知", "order": "date"}
    assert re.search(r'aria-current="true">2026年', html)

    ((href, _),) = links(html, r"^清除筛选$")
    assert query_of(href) == {"q": "通知", "order": "date"}


def test_an_active_filter_missing_from_the_facets_stays_removable(client, fake_service):
    fake_service.results = make_results("通知", [make_hit("通知", "通知")], facets=FACETS)
    html = client.get(SEARCH, {"q": "通知", "unit": "99"}).content.decode()
    ((href, text),) = links(html, r"^99")
    assert "已选中" in text
    assert query_of(href) == {"q": "通知"}


def test_no_clear_link_without_filters(client, fake_service):
    fake_service.results = make_results("通知", [make_hit("通知", "通知")], facets=FACETS)
    html = client.get(SEARCH, {"q": "通知"}).content.decode()
    assert "清除筛选" not in html


def test_sort_switch(client, fake_service):
    fake_service.results = make_results("通知", [make_hit("通知", "通知")])
    html = client.get(SEARCH, {"q": "通知", "kind": "item", "page": "2"}).content.decode()
    assert '<strong aria-current="true">相关度</strong>' in html
    ((href, _),) = links(html, r"^发布日期$")
    assert query_of(href) == {"q": "通知", "kind": "item", "order": "date"}

    html = client.get(SEARCH, {"q": "通知", "order": "date"}).content.decode()
    assert '<strong aria-current="true">发布日期</strong>' in html
    ((href, _),) = links(html, r"^相关度$")
    assert query_of(href) == {"q": "通知"}
    assert '<input type="hidden" name="order" value="date">' in html


def test_paging_is_bounded_and_keeps_the_search(client, fake_service):
    hits = [make_hit("通知", f"通知{i}", object_id=i) for i in range(20)]
    fake_service.results = make_results("通知", hits, total=600, page=15, pages=30)
    html = client.get(SEARCH, {"q": "通知", "kind": "item", "page": "15"}).content.decode()
    numbers = [text for _, text in links(paging(html), r"^\d+$")]
    assert numbers == ["1", "13", "14", "16", "17", "30"]
    assert '<span aria-current="page">15</span>' in html
    assert html.count('<span aria-hidden="true">…</span>') == 2
    ((prev, _),) = links(html, r"^上一页$")
    ((nxt, _),) = links(html, r"^下一页$")
    assert query_of(prev) == {"q": "通知", "kind": "item", "page": "14"}
    assert query_of(nxt) == {"q": "通知", "kind": "item", "page": "16"}
    ((first, _),) = links(paging(html), r"^1$")
    assert query_of(first) == {"q": "通知", "kind": "item"}
    assert 'start="281"' in html  # the list continues the numbering of earlier pages
    assert "第 15 / 30 页" in html


def test_first_and_last_pages(client, fake_service):
    fake_service.results = make_results("通知", [make_hit("通知", "通知")], total=45, pages=3)
    html = client.get(SEARCH, {"q": "通知"}).content.decode()
    assert not links(html, r"^上一页$")
    assert [t for _, t in links(paging(html), r"^\d+$")] == ["2", "3"]
    fake_service.results = make_results(
        "通知", [make_hit("通知", "通知")], total=45, page=3, pages=3
    )
    html = client.get(SEARCH, {"q": "通知", "page": "3"}).content.decode()
    assert not links(html, r"^下一页$")
    ((prev, _),) = links(html, r"^上一页$")
    assert query_of(prev) == {"q": "通知", "page": "2"}


def test_single_page_has_no_paging(client, fake_service):
    fake_service.results = make_results("通知", [make_hit("通知", "通知")])
    html = client.get(SEARCH, {"q": "通知"}).content.decode()
    assert 'aria-label="分页"' not in html


def test_no_results_suggests_what_to_try(client, fake_service):
    fake_service.results = make_results("没有的词", [])
    html = client.get(SEARCH, {"q": "没有的词", "year": "2025"}).content.decode()
    assert "没有找到与“没有的词”相关的结果" in html
    assert "建议" in html
    clear = links(html, r"^清除筛选$")
    assert clear
    assert all(query_of(href) == {"q": "没有的词"} for href, _ in clear)


def test_a_page_past_the_end_links_back_to_the_first(client, fake_service):
    fake_service.results = make_results("通知", [], total=5, page=9, pages=1)
    html = client.get(SEARCH, {"q": "通知", "page": "9"}).content.decode()
    assert "本页没有结果" in html
    ((href, _),) = links(html, r"^返回第一页$")
    assert query_of(href) == {"q": "通知"}


# ------------------------------------------------------------------------------ end to end


@pytest.mark.skipif(not HAS_SERVICE, reason="gongkai/search/service.py not written yet")
def test_a_published_item_is_found_with_highlights(client, county, catalogue, site):  # noqa: F811
    from django.core.management import call_command

    from gongkai.units.scoping import system_scope
    from tests.catalog.conftest import draft_item, publish_through_review

    with system_scope("test fixture"):
        channel = catalogue.channel(catalogue.chengguan, "tzgg")
        item = draft_item(
            channel,
            county.township_editor,
            title="关于开展冬季森林防火宣传月活动的通知",
            body="<p>各村（社区）：现将森林防火宣传月活动有关事项通知如下。</p>",
        )
        item = publish_through_review(item, county)
        draft_item(channel, county.township_editor, title="未公开的通知草稿")
    assert item.live
    call_command("rebuild_search_index", verbosity=0)

    response = client.get(SEARCH, {"q": "通知"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "关于开展冬季森林防火宣传月活动的<mark>通知</mark>" in html
    assert "未公开的" not in html
    assert 'class="search-facet"' in html
    results = response.context["results"]
    assert [h.object_id for h in results.hits] == [item.pk]
    assert results.hits[0].url == item.url

    html = client.get(SEARCH, {"q": "“森林防火宣传月”"}).content.decode()
    assert "<mark>森林防火宣传月</mark>" in html


def test_long_facets_keep_the_rest_behind_more(client, fake_service):
    units = [FacetValue(str(i), f"单位{i:02d}", 50 - i) for i in range(1, 13)]
    fake_service.results = make_results("通知", [make_hit("通知", "通知")], facets={"unit": units})
    html = client.get(SEARCH, {"q": "通知", "unit": "11"}).content.decode()
    shown, more = html.split('<details class="search-facet__more">')
    more = more.split("</details>")[0]
    assert "<summary>更多单位（3）</summary>" in more
    assert [t.split("（")[0] for _, t in links(more)] == ["单位09", "单位10", "单位12"]
    # The selected value stays in sight even though it is not among the first eight.
    assert re.search(r'aria-current="true">单位11', shown)
    assert len(links(shown, r"^单位\d\d")) == 9


def test_an_estimated_total_and_sampled_facets_are_labelled(client, fake_service):
    results = make_results("通知", [make_hit("通知", "通知")], total=94000, pages=50, facets=FACETS)
    results.total_is_estimate = True
    results.facets_sample = 1000
    fake_service.results = results
    html = client.get(SEARCH, {"q": "通知"}).content.decode()
    assert "找到约 <strong>94000</strong> 条" in html
    assert "按最新 1000 条结果统计" in html

    fake_service.results = make_results("通知", [make_hit("通知", "通知")], total=10, facets=FACETS)
    html = client.get(SEARCH, {"q": "通知"}).content.decode()
    assert "找到 <strong>10</strong> 条" in html
    assert "按最新" not in html
