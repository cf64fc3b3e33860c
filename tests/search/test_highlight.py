"""Snippets: window around the best match, <mark> on every hit, everything else escaped."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.search.domain import find_matches, highlight, parse_query, snippet, snippet_segments


def test_marks_every_occurrence_of_every_clause() -> None:
    query = parse_query("通知 公开")
    assert highlight("公开通知：政务公开", query) == (
        "<mark>公开通知</mark>：政务<mark>公开</mark>"
    )


def test_everything_else_is_escaped() -> None:
    query = parse_query("通知")
    html = snippet('<script>alert("x")</script>&通知', query)
    assert html == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;<mark>通知</mark>"
    assert (
        snippet("<b>通知</b>", parse_query("b"))
        == "&lt;<mark>b</mark>&gt;通知&lt;/<mark>b</mark>&gt;"
    )


def test_overlapping_and_touching_hits_merge() -> None:
    assert highlight("政府信息", parse_query("政府 府信")) == "<mark>政府信</mark>息"
    assert highlight("哈哈哈", parse_query("哈哈")) == "<mark>哈哈哈</mark>"


def test_matching_is_on_normalised_text_but_shows_the_original() -> None:
    assert highlight("执行ＧＢ／Ｔ９７０４标准", parse_query("gb")) == (
        "执行<mark>ＧＢ</mark>／Ｔ９７０４标准"
    )
    assert highlight("ß and SS", parse_query("ss")) == "<mark>ß</mark> and <mark>SS</mark>"
    assert highlight("2023 年度", parse_query("2023年")) == "<mark>2023 年</mark>度"


def test_window_around_the_best_match_with_ellipses() -> None:
    text = "前言" * 100 + "关于政务公开的通知" + "后文" * 100
    segments = snippet_segments(text, parse_query("政务公开 通知"), width=30)
    assert segments[0] == ("…", False)
    assert segments[-1] == ("…", False)
    assert ("政务公开", True) in segments
    assert ("通知", True) in segments
    assert sum(len(s) for s, _ in segments) <= 30 + 2


def test_window_prefers_the_place_showing_most_clauses() -> None:
    text = "通知" + "。" * 200 + "公开的通知" + "。" * 200
    marked = [s for s, hit in snippet_segments(text, parse_query("通知 公开"), width=20) if hit]
    assert marked == ["公开", "通知"]


def test_no_match_shows_the_opening() -> None:
    assert (
        snippet("  开头\n\n第二段" + "字" * 100, parse_query("无关"), width=10) == "开头 第二段字…"
    )
    assert snippet("", parse_query("通知")) == ""


def test_surrogates_and_combining_marks() -> None:
    text = "𠀀𠀁" * 50 + "通知" + "e\u0301" * 50
    html = snippet(text, parse_query("通知"), width=20)
    assert "<mark>通知</mark>" in html
    html.encode("utf-8")  # no half of a surrogate pair anywhere
    assert not html.rstrip("…").endswith("e")  # the accent stays with its letter
    assert snippet("\ud800通知", parse_query("通知")) == "\ufffd<mark>通知</mark>"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), st.text(alphabet="政府信息公开通知ab1 ", min_size=1, max_size=6))
def test_snippet_never_raises_and_marks_are_real_hits(text: str, raw: str) -> None:
    query = parse_query(raw)
    for width in (1, 20, 80):
        snippet(text, query, width=width)
    for start, end, _ in find_matches(text, query):
        assert 0 <= start < end <= len(text)
