"""Rich text: html_to_text offsets, links, a11y.img_alt, a11y.table_header (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.checks.domain.engine import (
    CheckContext,
    Severity,
    check_html,
    extract_links,
    html_to_text,
    text_span_to_html,
)

CONTEXT = CheckContext(today=date(2026, 11, 26))


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>第一段</p><p>第二段</p>", "第一段\n第二段\n"),
        ("甲<br>乙<br/>丙", "甲\n乙\n丙"),
        ("138<b>0000</b>1234", "13800001234"),  # inline tags vanish
        ("A&amp;B&nbsp;C&#21326;&#x534E;&lt;", "A&B\xa0C华华<"),
        ("<table><tr><td>1234</td><td>5678</td></tr></table>", "1234\t5678\n"),
        ("<ul><li>一</li><li>二</li></ul>", "一\n二\n"),
        ("<script>var a = '13800001234';</script>正文", "正文"),
        ("<style>p{color:red}</style><p>正文</p>", "正文\n"),
        ("<!-- 13800001234 -->正文", "正文"),
        ("a < b 且 c > d", "a < b 且 c > d"),  # stray angle brackets are text
        ("&unknown; &amp", "&unknown; &"),
        ("<p class=\"x\" data-a='>'>正文</p>", "正文\n"),  # > inside a quoted attribute
        ("<h2>标题</h2>正文", "标题\n正文"),
        ("", ""),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    plain, offsets = html_to_text(html)
    assert plain == text
    assert len(offsets) == len(plain) + 1
    assert offsets[-1] == len(html)


def test_offsets_point_back_into_the_html() -> None:
    html = '<p>电话：<span class="tel">0564-6012345</span></p>'
    plain, offsets = html_to_text(html)
    start = plain.index("0564")
    end = start + len("0564-6012345")
    html_start, html_end = text_span_to_html(offsets, start, end)
    assert html[html_start:html_end] == "0564-6012345"
    # Every copied character maps to itself.
    for i, ch in enumerate(plain):
        if ch != "\n":
            assert html[offsets[i]] == ch


def test_check_html_text_findings_use_plain_text_offsets() -> None:
    html = "<p>申请人：张某</p><p>手机：<strong>138</strong>0000 1234</p>"
    plain, offsets = html_to_text(html)
    [finding] = check_html(html, context=CONTEXT)
    assert finding.rule == "pii.mobile"
    assert plain[finding.start : finding.end] == finding.text == "1380000 1234"
    html_start, html_end = text_span_to_html(offsets, finding.start, finding.end)
    assert html[html_start:html_end] == "138</strong>0000 1234"


def test_paragraphs_do_not_glue_numbers_together() -> None:
    html = "<p>2024</p><p>13800001234</p><td>1380000</td><td>1234</td>"
    findings = check_html(html, context=CONTEXT)
    assert [f.text for f in findings] == ["13800001234"]


def test_entities_are_decoded_before_the_text_rules() -> None:
    html = "<p>邮箱：zhangsan&#64;163.com</p>"
    [finding] = check_html(html, context=CONTEXT)
    assert (finding.rule, finding.text) == ("pii.email", "zhangsan@163.com")


# --- a11y.img_alt -----------------------------------------------------------------------------------

IMG_CASES: list[tuple[str, list[str]]] = [
    ('<img src="/a.png">', ['<img src="/a.png">']),
    ('<img src="/a.png" alt="">', ['<img src="/a.png" alt="">']),
    ('<img src="/a.png" alt="  ">', ['<img src="/a.png" alt="  ">']),
    ('<img src="/a.png" alt>', ['<img src="/a.png" alt>']),
    ("<IMG SRC='/a.png'/>", ["<IMG SRC='/a.png'/>"]),
    ('<img src="/a.png" alt="2024年霍邱县政府工作报告封面">', []),
    ('<img alt="&#21326;" src="/a.png">', []),
    (
        '<embed embedtype="image" id="5" format="left"/>',
        ['<embed embedtype="image" id="5" format="left"/>'],
    ),
    ('<embed embedtype="image" id="5" alt="县政府大楼"/>', []),
    ('<embed embedtype="media" url="https://v.example/1"/>', []),
    ('<p>正文</p><img src="a.png" title="说明">', ['<img src="a.png" title="说明">']),
]


@pytest.mark.parametrize(("html", "expected"), IMG_CASES)
def test_img_alt(html: str, expected: list[str]) -> None:
    findings = [f for f in check_html(html, context=CONTEXT) if f.rule == "a11y.img_alt"]
    assert [f.text for f in findings] == expected
    for finding in findings:
        assert html[finding.start : finding.end] == finding.text
        assert finding.severity is Severity.WARNING
        assert "替代文本" in finding.message


# --- a11y.table_header ---------------------------------------------------------------------------------

TABLE_CASES: list[tuple[str, list[str]]] = [
    ("<table><tr><td>1</td></tr></table>", ["<table>"]),
    ("<table><tr><th>项目</th></tr><tr><td>1</td></tr></table>", []),
    ('<table class="t"><thead><tr><td>项目</td></tr></thead></table>', ['<table class="t">']),
    ("<table><tr><th scope='row'>合计</th><td>1</td></tr></table>", []),
    # Nested: the inner table has no header of its own.
    (
        "<table><tr><th>外</th><td><table id='in'><tr><td>内</td></tr></table></td></tr></table>",
        ["<table id='in'>"],
    ),
    ("<table><tr><td>未闭合", ["<table>"]),
    ("<TABLE><TR><TH>大写</TH></TR></TABLE>", []),
    ("<p>没有表格</p>", []),
]


@pytest.mark.parametrize(("html", "expected"), TABLE_CASES)
def test_table_header(html: str, expected: list[str]) -> None:
    findings = [f for f in check_html(html, context=CONTEXT) if f.rule == "a11y.table_header"]
    assert [f.text for f in findings] == expected
    for finding in findings:
        assert html[finding.start : finding.end] == finding.text
        assert finding.severity is Severity.WARNING


def test_markup_rules_follow_the_rules_filter() -> None:
    html = '<table><tr><td>13800001234</td></tr></table><img src="a.png">'
    only_img = CheckContext(today=date(2026, 11, 26), rules=frozenset({"a11y.img_alt"}))
    assert [f.rule for f in check_html(html, context=only_img)] == ["a11y.img_alt"]
    only_text = CheckContext(today=date(2026, 11, 26), rules=frozenset({"pii.mobile"}))
    assert [f.rule for f in check_html(html, context=only_text)] == ["pii.mobile"]
    everything = [f.rule for f in check_html(html, context=CONTEXT)]
    assert everything == ["pii.mobile", "a11y.table_header", "a11y.img_alt"]


# --- extract_links ------------------------------------------------------------------------------------


def test_extract_links_values_and_offsets() -> None:
    html = (
        '<p><a href="/public/6600181/37593948.html">通知</a>'
        "<a href='https://www.huoqiu.gov.cn/?a=1&amp;b=2'>首页</a>"
        '<img src=" /media/a.png " alt="图"><a name="top">锚</a>'
        '<a href=#top>回到顶部</a><iframe src="https://v.example/1"></iframe>'
        '<!-- <a href="/hidden">注释</a> --><a HREF="mailto:gkb@huoqiu.gov.cn">邮箱</a>'
        '<a linktype="page" id="3">数据库格式的页面链接</a></p>'
    )
    links = extract_links(html)
    assert [value for value, _, _ in links] == [
        "/public/6600181/37593948.html",
        "https://www.huoqiu.gov.cn/?a=1&b=2",
        "/media/a.png",
        "#top",
        "https://v.example/1",
        "mailto:gkb@huoqiu.gov.cn",
    ]
    raw = [html[start:end] for _, start, end in links]
    assert raw[1] == "https://www.huoqiu.gov.cn/?a=1&amp;b=2"
    assert raw[2] == "/media/a.png"  # surrounding spaces excluded
    assert raw[3] == "#top"  # an unquoted value


def test_extract_links_ignores_empty_values_and_text() -> None:
    assert extract_links('<a href="">空</a><a>无</a> href="/not-a-tag"') == []


# --- robustness --------------------------------------------------------------------------------------

HTML_ALPHABET = st.sampled_from(
    ["<", ">", "/", "p", "td", "th", "table", "img", " alt=", '"', "'", "&amp;", "&#", "x", ";",
     "138", "0000", "1234", "<!--", "-->", "<script>", "</script>", "=", "\n", "霍邱", "&"]
)  # fmt: skip


@given(st.one_of(st.text(max_size=200), st.lists(HTML_ALPHABET, max_size=60).map("".join)))
def test_html_functions_never_raise_and_offsets_are_consistent(html: str) -> None:
    plain, offsets = html_to_text(html)
    assert len(offsets) == len(plain) + 1
    assert offsets == sorted(offsets)
    assert all(0 <= offset <= len(html) for offset in offsets)
    for finding in check_html(html, context=CONTEXT):
        source = html if finding.rule.startswith("a11y.") else plain
        assert 0 <= finding.start <= finding.end <= len(source)
        assert source[finding.start : finding.end] == finding.text
    for value, start, end in extract_links(html):
        assert value and 0 <= start < end <= len(html)
