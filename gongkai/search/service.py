"""The search service: :func:`search_public` for the portal, :func:`search_staff` for the admin.

Every search does a bounded amount of work, whatever the size of its matching set (a common
two-character word matches a third of the corpus): it reads at most ``SAMPLE_LIMIT`` matches.

1. parse the query (domain.query); an empty or junk query returns no hits, never an error;
2. **the sample**: the newest ``SAMPLE_LIMIT + 1`` matching rows (full-text match plus filters;
   their id and filter/facet columns only), in an order the full-text engine streams without
   sorting the matching set: descending SearchEntry id (``backend.NEWEST``: FTS5 walks its
   doclists backwards), so LIMIT stops early. PostgreSQL has no such order for a GIN match:
   gongkai/search/pgsample.py walks the newest rows, then asks the index range by range;
3. **total and facets**: when the sample holds every match (at most ``SAMPLE_LIMIT``) the total
   and the facet counts are exact. Otherwise ``Results.total_is_estimate`` is set and the total
   is extrapolated from the share of the id range the sample spans (rounded to two significant
   digits; shown as "约 N 条"), and the facet counts are over the sample, the newest
   ``SAMPLE_LIMIT`` matches (``Results.facets_sample``, shown with the facets);
4. **ordering**: the sampled rows are pre-ordered cheaply — every clause in the title first
   (decided in Python from the stored title terms, by the index's own rule), then in force,
   then newest — and the first ``RERANK_LIMIT`` are re-ranked in Python with domain.ranking
   (title before body, phrase before scattered words, in force before expired, newer before
   older); later pages follow the pre-order. With more matches than ``SAMPLE_LIMIT``, only the
   sampled (newest) matches can be paged to (``pages`` is cut accordingly), so an older document
   that has the query in its title is not promoted — for a query that common, the newest title
   matches are what the first pages show anyway. Recall is unaffected: every document that
   matches is counted in the total and is found by a narrower query or filter;
5. snippets and highlighted titles for the hits of the requested page only.

``Order.DATE`` sorts the sample by publication date when it holds every match; otherwise it
asks SQL for the page (newest first over the whole matching set: exact, and as slow as the set
is large — this is the one unbounded path left).

Facet counts are over the matching set (or its sample) with all filters applied (the counts of
the current result list).
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict

from django.db import connection
from django.urls import reverse

from gongkai.catalog.domain.taxonomy import VALIDITY_LABELS
from gongkai.search import pgsample
from gongkai.search.api import KIND_LABELS, FacetValue, Filters, Hit, Kind, Order, Results
from gongkai.search.backends import get_backend
from gongkai.search.domain import Query, compute_facts, highlight, parse_query, snippet, sort_key
from gongkai.search.models import SearchEntry
from gongkai.units.scoping import Scope

RERANK_LIMIT = 100
SAMPLE_LIMIT = 1000  # matches read per search: exact count and facets up to this many
MAX_PER_PAGE = 100
SNIPPET_WIDTH = 120
TITLE_ONLY_NOTICE = "单字检索仅匹配标题"
FACETS = ("kind", "unit", "topic", "year", "validity")


def search_public(
    raw_query: str,
    *,
    filters: Filters = Filters(),  # noqa: B008 (frozen dataclass)
    order: Order = Order.RELEVANCE,
    page: int = 1,
    per_page: int = 20,
) -> Results:
    """Published items, normative documents and interpretations; hits link to the portal."""
    return _search(
        raw_query, filters=filters, order=order, page=page, per_page=per_page, staff_scope=None
    )


def search_staff(
    raw_query: str,
    *,
    user,
    filters: Filters = Filters(),  # noqa: B008 (frozen dataclass)
    order: Order = Order.RELEVANCE,
    page: int = 1,
    per_page: int = 20,
) -> Results:
    """Everything in the user's unit scope, drafts included; hits link to the admin."""
    from gongkai.units.selectors import scope_for

    return _search(
        raw_query,
        filters=filters,
        order=order,
        page=page,
        per_page=per_page,
        staff_scope=scope_for(user),
    )


def _filter_sql(filters: Filters, staff_scope: Scope | None) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    if staff_scope is None:
        where.append("e.is_public = %s")
        params.append(True)
    elif not staff_scope.is_unrestricted:
        unit_ids = sorted(staff_scope.unit_ids or ())
        if not unit_ids:
            where.append("1 = 0")
        else:
            where.append(f"e.unit_id IN ({', '.join(['%s'] * len(unit_ids))})")
            params.extend(unit_ids)
    validity = "" if filters.validity == "n/a" else filters.validity
    for column, value, given in (
        ("kind", filters.kind, bool(filters.kind)),
        ("unit_id", filters.unit_id, filters.unit_id is not None),
        ("channel_id", filters.channel_id, filters.channel_id is not None),
        ("topic", filters.topic, bool(filters.topic)),
        ("year", filters.year, filters.year is not None),
        ("validity", validity, bool(filters.validity)),
    ):
        if given:  # column names are fixed here, values are parameters
            where.append(f"e.{column} = %s")
            params.append(value)
    return where, params


def _empty(query: Query, page: int, notice: str = "") -> Results:
    return Results(query=query, hits=[], total=0, page=max(1, page), pages=0, notice=notice)


def _search(
    raw_query: str,
    *,
    filters: Filters,
    order: Order,
    page: int,
    per_page: int,
    staff_scope: Scope | None,
) -> Results:
    query = parse_query(raw_query)
    if query.is_empty:
        return _empty(query, page)
    notice = TITLE_ONLY_NOTICE if any(c.title_only for c in query.clauses) else ""
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    backend = get_backend()
    source, match, match_params = backend.match(query)
    filter_where, filter_params = _filter_sql(filters, staff_scope)
    where = " AND ".join([match, *filter_where])
    params = [*match_params, *filter_params]

    if backend.vendor == "postgresql":
        rows = pgsample.newest(
            query,
            match=match,
            match_params=match_params,
            filter_where=filter_where,
            filter_params=filter_params,
            limit=SAMPLE_LIMIT + 1,
        )
    else:
        rows = _newest(backend.NEWEST, source, where, params, SAMPLE_LIMIT + 1)
    if not rows:
        return _empty(query, page, notice)
    capped = len(rows) > SAMPLE_LIMIT
    rows = rows[:SAMPLE_LIMIT]
    total = _estimate_total(rows) if capped else len(rows)
    facets = _facets([(*row[1:6], 1) for row in rows])

    if order == Order.DATE and not capped:
        ordered = [row[0] for row in sorted(rows, key=_date_key)]
    elif order == Order.DATE:
        ordered = []  # from SQL below: the newest by date may be anywhere in the matching set
    else:
        ordered = _preorder(query, rows)
    listed = SAMPLE_LIMIT if order == Order.DATE else len(ordered)
    pages = math.ceil(min(total, listed) / per_page)
    page = min(max(1, int(page)), pages)
    start, end = (page - 1) * per_page, page * per_page

    if order == Order.DATE and capped:
        ids = _ordered_ids(
            source, where, params, "e.published_on DESC NULLS LAST, e.id DESC", start, end - start
        )
    elif order == Order.DATE:
        ids = ordered[start:end]
    else:
        ids = []
        if start < RERANK_LIMIT:
            ids = _rerank(query, ordered[:RERANK_LIMIT])[start:end]
        if end > RERANK_LIMIT:
            ids += ordered[max(start, RERANK_LIMIT) : end]
    return Results(
        query=query,
        hits=_hits(query, ids, staff=staff_scope is not None),
        total=total,
        page=page,
        pages=pages,
        facets=facets,
        notice=notice,
        total_is_estimate=capped,
        facets_sample=len(rows) if capped else 0,
    )


# (id, kind, unit_id, topic, year, validity, in_force, published_on)
_ROW = "e.id, e.kind, e.unit_id, e.topic, e.year, e.validity, e.in_force, e.published_on"


def _newest(order_by: str, source: str, where: str, params: list, limit: int) -> list[tuple]:
    """Up to ``limit`` matching rows, newest id first, in an order the engine streams."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_ROW} FROM {source} WHERE {where} ORDER BY {order_by} LIMIT %s",  # noqa: S608 (fixed SQL)
            [*params, limit],
        )
        return cursor.fetchall()


def _date_key(row: tuple) -> tuple:
    """published_on DESC NULLS LAST, id DESC."""
    published = row[7]
    return (0, -published.toordinal()) if published else (1, 0), -row[0]


def _preorder_key(row: tuple) -> tuple:
    """in_force DESC, then published_on DESC NULLS LAST, id DESC (after the title split)."""
    return (0 if row[6] else 1, *_date_key(row))


def _preorder(query: Query, rows: list[tuple]) -> list[int]:
    """The cheap pre-order of the sampled rows: title matches first, then in force, then newest.

    Whether a title matches is decided here from its stored index terms, with the same rule as
    the index (the clause's terms consecutive, the last one a prefix for a prefix clause): a
    title-only full-text query would have to walk the whole matching set of a phrase.
    """
    with_titles = rows and len(rows[0]) > 8  # PostgreSQL reads them with the sample
    titles = {r[0]: r[8] for r in rows} if with_titles else _title_terms([r[0] for r in rows])
    needles = [
        (" " + " ".join(clause.terms) + ("" if clause.prefix_last else " "))
        for clause in query.clauses
    ]
    titled, rest = [], []
    for row in rows:
        padded = " " + titles.get(row[0], "") + " "
        (titled if all(n in padded for n in needles) else rest).append(row)
    return [row[0] for row in sorted(titled, key=_preorder_key)] + [
        row[0] for row in sorted(rest, key=_preorder_key)
    ]


def _title_terms(ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in range(0, len(ids), 900):
        part = ids[chunk : chunk + 900]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, title_terms FROM {SearchEntry._meta.db_table} "  # noqa: S608 (fixed SQL)
                f"WHERE id IN ({', '.join(['%s'] * len(part))})",
                part,
            )
            found.update(cursor.fetchall())
    return found


def _estimate_total(rows: list[tuple]) -> int:
    """The size of a matching set known only by its newest SAMPLE_LIMIT rows.

    Ids are dense and the matches spread over them, so the share of the id range the sample
    spans gives the density; rounded to two significant digits, never below what was seen.
    """
    with connection.cursor() as cursor:
        # Two subqueries: each is one index probe, where MIN and MAX together scan the table.
        table = SearchEntry._meta.db_table
        cursor.execute(f"SELECT (SELECT MIN(id) FROM {table}), (SELECT MAX(id) FROM {table})")  # noqa: S608 (fixed SQL)
        low, high = cursor.fetchone()
    oldest = min(row[0] for row in rows)
    newest = max(high, max(row[0] for row in rows))
    estimate = len(rows) * (newest - low + 1) / max(1, newest - oldest + 1)
    digits = max(0, len(str(int(estimate))) - 2)
    rounded = int(round(estimate, -digits))
    return max(rounded, len(rows) + 1)


def _ordered_ids(
    source: str,
    where: str,
    params: list,
    order_by: str,
    offset: int,
    limit: int,
    *,
    order_params: list | None = None,
) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id FROM {source} WHERE {where} ORDER BY {order_by} "  # noqa: S608 (fixed SQL)
            "LIMIT %s OFFSET %s",
            [*params, *(order_params or []), limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def _rerank(query: Query, ids: list[int]) -> list[int]:
    """The candidates (in SQL order) sorted by domain.ranking; ties keep the SQL order."""
    rows = SearchEntry.unscoped.filter(pk__in=ids).values_list(
        "id", "title", "body", "in_force", "validity", "published_on"
    )
    keys = {}
    for pk, title, body, in_force, validity, published_on in rows:
        facts = compute_facts(
            query,
            title=_fold(title),
            body=_fold(body),
            in_force=in_force if validity else None,
            published=published_on,
        )
        keys[pk] = sort_key(facts)
    return sorted(ids, key=lambda pk: keys[pk])


_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def _fold(text: str) -> str:
    """Whole-string NFKC + case folding: what normalize() gives for ranking purposes, without its
    per-character path for text with full-width punctuation (normalize() then takes its fast
    path). Ranking only counts occurrences, so the character map normalize() keeps is not needed.
    """
    # Full-width ASCII forms (，：（） in Chinese text) are NFKC-mapped to ASCII one by one, so
    # mapping them with str.translate first often lets the quick check (~500× cheaper than
    # normalising) answer; the result is the same string NFKC would give.
    text = text.translate(_FULLWIDTH)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def _staff_url(kind: str, object_id: int) -> str:
    if kind == Kind.NORMDOC:
        return reverse("normdocs_admin_detail", args=[object_id])
    if kind == Kind.KNOWLEDGE:
        return reverse("hotline_admin_knowledge_edit", args=[object_id])
    return reverse("wagtailadmin_pages:edit", args=[object_id])


def _hits(query: Query, ids: list[int], *, staff: bool) -> list[Hit]:
    if not ids:
        return []
    from gongkai.units.models import Unit

    entries = {
        e.pk: e for e in SearchEntry.unscoped.filter(pk__in=ids).defer("title_terms", "body_terms")
    }
    unit_names = dict(
        Unit.unscoped.filter(pk__in={e.unit_id for e in entries.values()}).values_list("pk", "name")
    )
    hits = []
    for pk in ids:
        entry = entries.get(pk)
        if entry is None:
            continue
        hits.append(
            Hit(
                kind=entry.kind,
                object_id=entry.object_id,
                title=entry.title,
                title_html=highlight(entry.title, query),
                snippet_html=snippet(entry.body, query, width=SNIPPET_WIDTH),
                url=_staff_url(entry.kind, entry.object_id) if staff else entry.url,
                unit_name=unit_names.get(entry.unit_id, ""),
                published_on=entry.published_on,
                validity=entry.validity,
                is_public=entry.is_public,
            )
        )
    return hits


def _facets(groups: list[tuple]) -> dict[str, list[FacetValue]]:
    from gongkai.units.models import Unit

    counts: dict[str, dict] = {name: defaultdict(int) for name in FACETS}
    for kind, unit_id, topic, year, validity, count in groups:
        counts["kind"][kind] += count
        if unit_id is not None:
            counts["unit"][unit_id] += count
        if topic:
            counts["topic"][topic] += count
        if year is not None:
            counts["year"][year] += count
        if validity:
            counts["validity"][validity] += count
    unit_names = dict(Unit.unscoped.filter(pk__in=counts["unit"]).values_list("pk", "name"))
    labels = {
        "kind": lambda v: KIND_LABELS.get(v, v),
        "unit": lambda v: unit_names.get(v, str(v)),
        "topic": str,
        "year": lambda v: f"{v}年",
        "validity": lambda v: VALIDITY_LABELS.get(v, v),
    }
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        values = counts[name].items()
        if name == "year":
            ordered = sorted(values, key=lambda kv: -kv[0])
        else:
            ordered = sorted(values, key=lambda kv: (-kv[1], str(kv[0])))
        facets[name] = [FacetValue(str(v), labels[name](v), n) for v, n in ordered]
    return facets
