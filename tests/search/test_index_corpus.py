"""The index on the real database: recall against a substring scan, filters, facets, ranking.

Entries are written with gongkai.search.indexing.write_documents (the path every adapter
takes), so the suite checks whichever backend the tests run on (SQLite FTS5 here, PostgreSQL
GIN under scripts/with-postgres.sh) against the same expectations.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from gongkai.search.api import Filters, Kind, Order
from gongkai.search.domain import normalize
from gongkai.search.indexing import Document, write_documents
from gongkai.search.models import SearchEntry
from gongkai.search.service import search_public

pytestmark = pytest.mark.django_db

PHRASES = (
    "政府信息公开", "一网通办", "生态环境局", "乡村振兴", "通知", "实施意见", "工作总结",
    "年度报告", "人民政府", "办公室", "关于印发", "管理办法", "安全生产", "防汛抗旱",
    "营商环境", "12345热线", "2023年", "社会保障", "义务教育", "城乡建设", "医疗保险",
)  # fmt: skip
FILLER = "的和在对与及县镇村各有关单位要切实做好工作加强领导确保落实"


def _text(rng: random.Random, pieces: int) -> str:
    parts = []
    for _ in range(pieces):
        if rng.random() < 0.5:
            parts.append(rng.choice(PHRASES))
        else:
            parts.append("".join(rng.choice(FILLER) for _ in range(rng.randint(1, 6))))
        if rng.random() < 0.2:
            parts.append("，")
    return "".join(parts)


@pytest.fixture
def corpus(county):
    rng = random.Random(8)
    docs = []
    for n in range(300):
        docs.append(
            Document(
                kind=rng.choice([Kind.ITEM, Kind.POLICY, Kind.NORMDOC]),
                object_id=n + 1,
                title=_text(rng, 4),
                body=_text(rng, 25),
                unit_id=rng.choice([county.chengguan.pk, county.hekou.pk]),
                topic=rng.choice(["综合政务", "城乡建设、环境保护"]),
                published_on=dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2000)),
                validity=rng.choice(["", "valid", "expired"]),
                is_public=rng.random() < 0.9,
                url=f"/x/{n}/",
            )
        )
    write_documents(docs)
    return docs


def _oracle(docs, word, **where) -> set[tuple[str, int]]:
    word = normalize(word)
    return {
        (d.kind, d.object_id)
        for d in docs
        if d.is_public
        and all(getattr(d, k) == v for k, v in where.items())
        and (word in normalize(d.title) or word in normalize(d.body))
    }


def _found(word, **kwargs) -> set[tuple[str, int]]:
    results = search_public(word, per_page=100, **kwargs)
    found = {(h.kind, h.object_id) for h in results.hits}
    for page in range(2, results.pages + 1):
        found |= {
            (h.kind, h.object_id)
            for h in search_public(word, per_page=100, page=page, **kwargs).hits
        }
    assert len(found) == results.total
    return found


def test_every_han_substring_query_finds_exactly_the_substring_matches(corpus):
    rng = random.Random(3)
    words = set()
    for _ in range(60):
        doc = rng.choice(corpus)
        text = rng.choice([doc.title, doc.body])
        han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
        if len(han) < 8:
            continue
        length = rng.choice([2, 2, 3, 4, 6])
        start = rng.randrange(len(text) - length)
        word = text[start : start + length]
        if all("\u4e00" <= c <= "\u9fff" for c in word):
            words.add(word)
    words |= {"通知", "一网通办", "环境局", "通办", "政府信息"}
    assert len(words) > 30
    for word in sorted(words):
        assert _found(word) == _oracle(corpus, word), word


def test_mixed_latin_digit_queries(corpus):
    for word in ("12345热线", "2023年"):
        assert _found(word) == _oracle(corpus, word), word


def test_several_words_must_all_match(corpus):
    expected = _oracle(corpus, "通知") & _oracle(corpus, "乡村振兴")
    assert expected
    assert _found("通知 乡村振兴") == expected


def test_filters_and_facet_counts(corpus, county):
    results = search_public("通知", per_page=5)
    expected = _oracle(corpus, "通知")
    assert results.total == len(expected)
    by_kind = {f.value: f.count for f in results.facets["kind"]}
    for kind in (Kind.ITEM, Kind.POLICY, Kind.NORMDOC):
        assert by_kind.get(kind, 0) == len(_oracle(corpus, "通知", kind=kind))
    units = {f.value: f.count for f in results.facets["unit"]}
    assert units[str(county.hekou.pk)] == len(_oracle(corpus, "通知", unit_id=county.hekou.pk))
    assert {f.label for f in results.facets["unit"]} <= {county.hekou.name, county.chengguan.name}
    years = {f.value: f.count for f in results.facets["year"]}
    assert sum(years.values()) == results.total
    validity = {f.value: f.count for f in results.facets["validity"]}
    assert validity["expired"] == len(_oracle(corpus, "通知", validity="expired"))

    filtered = Filters(kind=Kind.POLICY, unit_id=county.hekou.pk, validity="valid")
    assert _found("通知", filters=filtered) == _oracle(
        corpus, "通知", kind=Kind.POLICY, unit_id=county.hekou.pk, validity="valid"
    )
    year = corpus[0].published_on.year
    got = _found("通知", filters=Filters(year=year, topic="综合政务"))
    assert got == {
        k
        for k in _oracle(corpus, "通知", topic="综合政务")
        if next(d for d in corpus if (d.kind, d.object_id) == k).published_on.year == year
    }


def test_order_by_date_is_newest_first(corpus):
    results = search_public("通知", order=Order.DATE, per_page=50)
    dates = [h.published_on for h in results.hits]
    assert dates == sorted(dates, reverse=True)
    page2 = search_public("通知", order=Order.DATE, per_page=50, page=2)
    assert page2.hits[0].published_on <= dates[-1]


def test_pages_do_not_overlap_and_cover_the_total(corpus, settings, monkeypatch):
    from gongkai.search import service

    monkeypatch.setattr(service, "RERANK_LIMIT", 30)  # pages past the re-ranked head
    seen = []
    results = search_public("通知", per_page=20)
    for page in range(1, results.pages + 1):
        seen += [(h.kind, h.object_id) for h in search_public("通知", per_page=20, page=page).hits]
    assert len(seen) == len(set(seen)) == results.total


def test_snippets_and_titles_are_highlighted_and_escaped(county):
    write_documents(
        [
            Document(
                kind=Kind.ITEM,
                object_id=1,
                title="<b>关于一网通办的通知</b>",
                body="前文" * 100 + "推进一网通办改革" + "后文" * 100,
                unit_id=county.hekou.pk,
                is_public=True,
                url="/item/1/",
            )
        ]
    )
    hit = search_public("通办").hits[0]
    assert "<mark>通办</mark>" in hit.title_html
    assert "&lt;b&gt;" in hit.title_html
    assert "<mark>通办</mark>" in hit.snippet_html
    assert hit.snippet_html.startswith("…")
    assert hit.url == "/item/1/"
    assert hit.unit_name == county.hekou.name


@pytest.mark.parametrize("junk", ["", "   ", "！？。", '"', "()*:^", "AND OR NOT", "-", "\x00"])
def test_junk_queries_return_nothing_without_error(corpus, junk):
    results = search_public(junk)
    assert results.hits == [] or junk == "AND OR NOT"
    assert results.page >= 1


def test_one_character_query_matches_titles_only(county):
    write_documents(
        [
            Document(Kind.ITEM, 1, title="年度报告", body="", is_public=True),
            Document(Kind.ITEM, 2, title="工作总结", body="年度", is_public=True),
        ]
    )
    results = search_public("年")
    assert [h.object_id for h in results.hits] == [1]
    assert results.notice == "单字检索仅匹配标题"


def test_reindexing_replaces_the_entry(county):
    write_documents([Document(Kind.ITEM, 1, title="旧标题通知", is_public=True)])
    write_documents([Document(Kind.ITEM, 1, title="新标题公告", is_public=True)])
    assert SearchEntry.unscoped.count() == 1
    assert search_public("通知").total == 0
    assert search_public("公告").total == 1


def test_ranking_cases(county):
    old, new = dt.date(2020, 1, 1), dt.date(2025, 1, 1)
    write_documents(
        [
            # title before body (the body match is newer)
            Document(Kind.ITEM, 1, title="其他事项", body="乡村振兴", published_on=new),
            Document(Kind.ITEM, 2, title="乡村振兴规划", body="", published_on=old),
            # phrase before scattered words (both words in the title)
            Document(Kind.ITEM, 3, title="振兴工作与乡村建设", body="", published_on=new),
            # in force before expired (same title, the expired one newer)
            Document(Kind.POLICY, 4, title="乡村振兴办法", validity="expired", published_on=new),
            Document(Kind.POLICY, 5, title="乡村振兴办法", validity="valid", published_on=old),
            # newer before older at equal relevance
            Document(Kind.ITEM, 6, title="乡村振兴规划", body="", published_on=new),
        ]
    )
    SearchEntry.unscoped.update(is_public=True)
    hits = [h.object_id for h in search_public("乡村振兴").hits]
    assert hits.index(2) < hits.index(1)
    assert hits.index(5) < hits.index(4)
    assert hits.index(6) < hits.index(2)
    scattered = [h.object_id for h in search_public("乡村 振兴").hits]
    assert scattered.index(2) < scattered.index(3)
    assert scattered.index(3) < scattered.index(1)  # both words in the title beat body only


def test_above_the_sample_limit_the_total_is_estimated_and_the_newest_matches_are_paged(
    corpus, monkeypatch
):
    from django.db import connection

    from gongkai.search import pgsample, service

    # PostgreSQL (pgsample): a short walk, then the index range by range; with the lexeme
    # statistics and without them; with the walk and straight to the index.
    monkeypatch.setattr(pgsample, "WALK", 25)
    monkeypatch.setattr(pgsample, "WALK_MORE", 10)
    monkeypatch.setattr(pgsample, "_stats", {})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
    for min_density in (0.0, 2.0):
        monkeypatch.setattr(pgsample, "WALK_MIN_DENSITY", min_density)
        exact = search_public("通知", per_page=100)
        assert not exact.total_is_estimate and exact.facets_sample == 0
        expected = _oracle(corpus, "通知")
        assert exact.total == len(expected) > 40
        assert _found("通知") == expected
        for words in ("人民政府", "政府信息公开", "通知 人民", "人民 政府信息公开"):  # phrases
            both = set.intersection(*(_oracle(corpus, word) for word in words.split()))
            assert both and _found(words) == both
        pgsample._stats.clear()

    monkeypatch.setattr(service, "SAMPLE_LIMIT", 40)
    monkeypatch.setattr(service, "RERANK_LIMIT", 15)
    results = search_public("通知", per_page=10)
    assert results.total_is_estimate
    assert results.total > 40
    assert results.facets_sample == 40
    assert sum(v.count for v in results.facets["kind"]) == 40
    assert results.pages == 4
    seen = []
    for page in range(1, results.pages + 1):
        seen += [(h.kind, h.object_id) for h in search_public("通知", per_page=10, page=page).hits]
    assert len(seen) == len(set(seen)) == 40
    assert set(seen) <= expected
    newest = sorted(
        service.SearchEntry.unscoped.filter(is_public=True).values_list("id", "kind", "object_id"),
        reverse=True,
    )
    sampled = [(k, o) for _, k, o in newest if (k, o) in expected][:40]
    assert set(seen) == set(sampled)
