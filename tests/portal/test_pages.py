"""The public portal: pages, metadata block, drafts, paging, links, print view, accessibility."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from wagtail.models import Page

from gongkai.catalog.models import ItemAttachment, ItemPage, PolicyLink, RelatedItemLink
from gongkai.portal.models import HomePage
from tests.portal.conftest import make_item, make_items

pytestmark = pytest.mark.django_db

# HomePage (gongkai/portal/models.py) does not yet put the selector's context on the page.
needs_home_context = pytest.mark.skipif(
    HomePage.get_context is Page.get_context,
    reason="needs HomePage.get_context → gongkai.portal.selectors.home_context (lead: models.py)",
)


class Outline(HTMLParser):
    """Collects what the accessibility checks need from a page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.h1 = 0
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self.h1 += tag == "h1"
        self.scripts += tag == "script"

    def has(self, tag, **attrs) -> bool:
        return any(
            t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
            for t, a in self.tags
        )


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_accessible(html: str) -> Outline:
    outline = Outline()
    outline.feed(html)
    assert '<html lang="zh-Hans">' in html
    assert outline.h1 == 1
    assert outline.scripts == 0
    for tag in ("header", "main", "footer"):
        assert outline.has(tag), tag
    assert outline.has("a", href="#main", **{"class": "skip-link"})
    assert outline.has("main", id="main")
    assert outline.has("nav", aria_label="主导航")
    # Every image has alt text; every stylesheet is served locally.
    for tag, attrs in outline.tags:
        if tag == "img":
            assert "alt" in attrs
        if tag == "link" and attrs.get("rel") == "stylesheet":
            assert attrs["href"].startswith("/static/")
    assert "http://" not in re.sub(r'href="http[^"]*"', "", html.split("</head>")[0])
    return outline


# ------------------------------------------------------------------------------- pages


def test_root_page_groups_units_by_kind_with_villages_under_township(client, site, catalogue):
    html = html_of(client.get("/xxgk/"))
    outline = assert_accessible(html)
    assert outline.has("nav", aria_label="当前位置")
    assert '<li><a href="/xxgk/">政府信息公开</a></li>' in html  # site navigation
    for label in ("县政府及办公室", "县直部门", "乡镇"):
        assert f">{label}</h2>" in html
    township = html.split('id="township"')[1]
    assert "霍邱县城关镇人民政府" in township
    assert "霍邱县河口镇人民政府" in township
    # The village is listed inside the 城关镇 entry, not as a top-level entry.
    chengguan_entry = township.split("霍邱县城关镇人民政府")[1].split("霍邱县河口镇人民政府")[0]
    assert "城关镇大同村" in chengguan_entry
    assert "霍邱县发展和改革委员会" in html.split('id="department"')[1]
    assert "霍邱县人民政府办公室" in html.split('id="county"')[1]


def test_unit_catalogue_shows_tree_counts_last_update_and_guide(client, site, catalogue):
    news = catalogue.channel(catalogue.chengguan, "gzdt")
    make_items(news, 3, start=dt.date(2026, 5, 1))
    make_items(news, 2, start=dt.date(2026, 9, 1), live=False, prefix="草稿")
    guide_channel = catalogue.channel(catalogue.chengguan, "gkzn")
    guide = make_item(guide_channel, "霍邱县城关镇人民政府政府信息公开指南")

    html = html_of(client.get(catalogue.chengguan.url))
    assert_accessible(html)
    assert "<h1>霍邱县城关镇人民政府</h1>" in html
    # 工作动态 sits under 法定主动公开内容, which rolls up its children's counts.
    assert re.search(r"工作动态</a>\s*<span[^>]*>（3 条，最近更新 <time[^>]*>2026-05-03", html)
    assert re.search(r"法定主动公开内容</a>\s*<span[^>]*>（3 条，最近更新", html)
    assert re.search(r"政策解读</a>\s*<span[^>]*>（0 条）", html)
    assert f'href="{guide.url}"' in html
    assert "政府信息公开指南</a>" in html
    # Nested tree: 行政规范性文件 is inside 政策 inside 法定主动公开内容.
    nested = html.split(">法定主动公开内容</a>")[1]
    assert nested.index(">政策</a>") < nested.index(">行政规范性文件</a>")
    # A township lists its villages' catalogues.
    assert "城关镇大同村" in html
    village = html_of(client.get(catalogue.datong.url))
    assert "所属乡镇" in village


def test_channel_listing_pages_newest_first_with_breadcrumbs_and_rss(client, site, catalogue):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    items = make_items(channel, 45, doc_number="城政〔2025〕1号")
    make_items(channel, 3, start=dt.date(2027, 1, 1), live=False, prefix="草稿")

    html = html_of(client.get(channel.url))
    outline = assert_accessible(html)
    assert "<h1>通知公告</h1>" in html
    titles = re.findall(r'class="item-list__title" href="[^"]+">([^<]+)</a>', html)
    assert titles == [i.title for i in items[:20]]
    assert "城政〔2025〕1号" in html
    assert items[0].published_on.isoformat() in html
    assert "草稿" not in html
    assert "（共 45 条）" in html
    assert outline.has("nav", aria_label="分页")
    assert outline.has("nav", aria_label="当前位置")
    crumbs = html.split('aria-label="当前位置"')[1].split("</nav>")[0]
    assert ">首页</a>" in crumbs and ">政府信息公开</a>" in crumbs
    assert ">霍邱县城关镇人民政府</a>" in crumbs and ">法定主动公开内容</a>" in crumbs
    assert f'href="/feeds/channel/{channel.pk}/"' in html
    assert outline.has("link", rel="alternate", type="application/rss+xml")
    assert '<li><a href="/xxgk/">政府信息公开</a></li>' in html  # site navigation

    page3 = html_of(client.get(channel.url, {"page": 3}))
    titles = re.findall(r'class="item-list__title" href="[^"]+">([^<]+)</a>', page3)
    assert titles == [i.title for i in items[40:]]
    assert '<span aria-current="page">3</span>' in page3
    # Not a number → first page; past the end → last page.
    assert items[0].title in html_of(client.get(channel.url, {"page": "x"}))
    assert items[-1].title in html_of(client.get(channel.url, {"page": 99}))


def test_container_channel_lists_sub_channels_with_counts(client, site, catalogue):
    make_items(catalogue.channel(catalogue.fgw, "xzgfxwj"), 4)
    container = catalogue.channel(catalogue.fgw, "zc")
    html = html_of(client.get(container.url))
    assert ">子栏目</h2>" in html
    assert re.search(r"行政规范性文件</a>\s*<span[^>]*>（4 条，最近更新", html)
    assert re.search(r"政策解读</a>\s*<span[^>]*>（0 条）", html)


def test_item_page_metadata_block_body_attachments_and_consult(client, site, catalogue, county):
    county.chengguan.phone = "0564-6012345"
    county.chengguan.save()
    channel = catalogue.channel(catalogue.chengguan, "xzgfxwj")
    item = make_item(
        channel,
        "霍邱县城关镇关于印发农村人居环境整治实施方案的通知",
        kind="policy",
        doc_number="城政〔2026〕3号",
        written_on=dt.date(2026, 2, 20),
        topic="城乡建设、环境保护",
        genre="通知",
        validity="valid",
        keywords="人居环境",
        summary="印发整治方案。",
        body='<p>各村（社区）：</p><script>alert(1)</script><p onclick="x()">现印发。</p>',
    )
    ItemAttachment.objects.create(
        item=item,
        title="实施方案",
        file="attachments/abc.pdf",
        kind="pdf",
        mime="application/pdf",
        extension=".pdf",
        size=1_572_864,
        sort_order=0,
    )
    html = html_of(client.get(item.url))
    outline = assert_accessible(html)
    block = html.split('<table class="metadata">')[1].split("</table>")[0]
    expected = {
        "索引号": item.index_number,
        "主题分类": "城乡建设、环境保护",
        "发布机构": "霍邱县城关镇人民政府",
        "成文日期": "2026-02-20",
        "文号": "城政〔2026〕3号",
        "发布日期": "2026-03-01",
        "有效性": "有效",
        "体裁分类": "通知",
    }
    for label, value in expected.items():
        assert re.search(
            rf'<th scope="row">{label}</th><td>(<time[^>]*>)?{re.escape(value)}', block
        ), label
    assert item.index_number.startswith("chengguan/2026-")
    assert "<p>各村（社区）：</p>" in html
    assert "<script" not in html and "onclick" not in html and "alert(1)" not in html
    assert f'href="/attachments/{item.attachments.get().pk}/"' in html
    assert "实施方案</a>" in html and "（PDF，1.5 MB）" in html
    consult = html.split('class="consult"')[1]
    assert "0564-6012345" in consult and "12345" in consult
    assert 'href="?print=1"' in html
    assert outline.has("nav", aria_label="当前位置")


def test_migrated_body_html_is_limited_to_harmless_markup(client, site, catalogue):
    item = make_item(
        catalogue.channel(catalogue.chengguan, "tzgg"),
        "从旧网站迁移的通知",
        body=(
            '<h1 style="color:red">旧标题</h1><p style="x" onmouseover="y()">正文</p>'
            '<a href="javascript:alert(2)">坏链接</a><a href="https://www.huoqiu.gov.cn/">好链接</a>'
            '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>'
            '<img src="/media/x.png"><table><tr><th scope="col">项目</th><td colspan="2">数</td></tr></table>'
        ),
    )
    html = html_of(client.get(item.url))
    body = html.split('class="rich-text item__body">')[1].split("</div>")[0]
    assert "<h2>旧标题</h2>" in body
    assert "<p>正文</p>" in body
    assert "javascript" not in body and 'href="https://www.huoqiu.gov.cn/"' in body
    assert "iframe" not in body and "display:none" not in body and "style" not in body
    assert '<img alt="" src="/media/x.png"/>' in body or '<img src="/media/x.png" alt=""/>' in body
    assert '<th scope="col">项目</th><td colspan="2">数</td>' in body
    assert html.count("<h1") == 1


def test_print_view_has_no_navigation(client, site, catalogue):
    item = make_item(
        catalogue.channel(catalogue.chengguan, "tzgg"),
        "关于冬季停水的通知",
        doc_number="城政〔2026〕9号",
        body="<p>停水通知正文。</p>",
    )
    html = html_of(client.get(item.url, {"print": "1"}))
    assert '<html lang="zh-Hans">' in html
    outline = Outline()
    outline.feed(html)
    assert outline.h1 == 1
    assert not outline.has("nav")
    assert not outline.has("footer")
    assert 'class="print-view"' in html
    assert '<table class="metadata">' in html and "城政〔2026〕9号" in html
    assert "<p>停水通知正文。</p>" in html
    assert '<meta name="robots" content="noindex">' in html


def test_policy_and_interpretation_link_both_ways(client, site, catalogue):
    policy = make_item(catalogue.channel(catalogue.fgw, "xzgfxwj"), "价格管理办法", kind="policy")
    reading = make_item(
        catalogue.channel(catalogue.fgw, "zcjd"), "《价格管理办法》政策解读", kind="interpretation"
    )
    draft = make_item(
        catalogue.channel(catalogue.fgw, "zcjd"), "未发布的解读", kind="interpretation", live=False
    )
    other = make_item(catalogue.channel(catalogue.fgw, "gzdt"), "价格监测工作动态")
    PolicyLink.objects.create(interpretation=reading, policy=policy, sort_order=0)
    PolicyLink.objects.create(interpretation=draft, policy=policy, sort_order=0)
    RelatedItemLink.objects.create(item=policy, related=other, sort_order=0)

    policy_html = html_of(client.get(policy.url))
    section = policy_html.split(">相关解读</h2>")[1].split("</section>")[0]
    assert f'href="{reading.url}"' in section
    assert "未发布的解读" not in policy_html
    assert "解读的政策文件" not in policy_html
    assert ">相关信息</h2>" in policy_html and "价格监测工作动态" in policy_html

    reading_html = html_of(client.get(reading.url))
    section = reading_html.split(">解读的政策文件</h2>")[1].split("</section>")[0]
    assert f'href="{policy.url}"' in section
    assert ">相关解读</h2>" not in reading_html


def test_drafts_and_withdrawn_items_are_never_listed_and_404(client, site, catalogue):
    channel = catalogue.channel(catalogue.hekou, "gzdt")
    public = make_item(channel, "已发布的动态")
    draft = make_item(channel, "未发布的动态", live=False)
    withdrawn = make_item(channel, "已撤稿的动态")
    Page.objects.filter(pk=withdrawn.pk).update(live=False)
    ItemPage.objects.filter(pk=withdrawn.pk).update(is_public=False)

    assert client.get(draft.url_path.replace("/home-test", "", 1)).status_code == 404
    assert client.get(withdrawn.url_path.replace("/home-test", "", 1)).status_code == 404
    assert client.get(public.url).status_code == 200
    for url in (channel.url, catalogue.hekou.url, f"/feeds/channel/{channel.pk}/"):
        body = client.get(url).content.decode()
        assert "未发布的动态" not in body and "已撤稿的动态" not in body, url
    assert "已发布的动态" in client.get(channel.url).content.decode()
    assert re.search(
        r"工作动态</a>\s*<span[^>]*>（1 条", client.get(catalogue.hekou.url).content.decode()
    )


def test_non_live_channel_is_404(client, site, catalogue):
    channel = catalogue.channel(catalogue.hekou, "tzgg")
    Page.objects.filter(pk=channel.pk).update(live=False)
    assert client.get(channel.url_path.replace("/home-test", "", 1)).status_code == 404
    assert "通知公告" not in client.get(catalogue.hekou.url).content.decode()


@needs_home_context
def test_home_lists_latest_items_county_wide(client, site, catalogue):
    make_items(catalogue.channel(catalogue.chengguan, "gzdt"), 10, start=dt.date(2026, 1, 1))
    make_items(
        catalogue.channel(catalogue.fgw, "tzgg"), 10, start=dt.date(2026, 2, 1), prefix="通知"
    )
    make_item(
        catalogue.channel(catalogue.fgw, "tzgg"),
        "最新的草稿",
        published_on=dt.date(2027, 1, 1),
        live=False,
    )
    html = html_of(client.get("/"))
    titles = re.findall(r'class="item-list__title" href="[^"]+">([^<]+)</a>', html)
    assert len(titles) == 15
    assert titles[0] == "通知0009"
    assert titles[10] == "工作动态0009"
    assert "最新的草稿" not in html
    assert "县发改委" in html  # the publishing unit


def test_home_renders(client, site, catalogue):
    html = html_of(client.get("/"))
    assert_accessible(html)
    assert "<h1>霍邱县人民政府信息公开</h1>" in html


@needs_home_context
def test_home_has_entry_points(client, site, catalogue):
    html = html_of(client.get("/"))
    assert '<li><a href="/xxgk/">政府信息公开</a></li>' in html
    assert 'href="/xxgk/#township">乡镇</a>' in html
