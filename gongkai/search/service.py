"""The search service: :func:`search_public` for the portal, :func:`search_staff` for the admin.

The flow of one search:

1. parse the query (domain.query); an empty or junk query returns no hits, never an error;
2. **count and facets** in one SQL statement: the full-text match (FTS5 MATCH / tsvector @@)
   plus the filters, GROUP BY kind, unit, topic, year and validity over the matching set; the
   total is the sum (nothing is materialised in Python but those groups);
3. **candidates**: the best ``RERANK_LIMIT`` matches in a cheap SQL order — every clause in the
   title first, then in force, then newest — and only those are re-ranked in Python with
   domain.ranking (title before body, phrase before scattered words, in force before expired,
   newer before older). Pages beyond the first ``RERANK_LIMIT`` results follow the SQL order.
   The trade-off: with more matches than that, a document that has the query only in its body
   and is older than the 500 newest title matches is not promoted by phrase or hit count — for a
   query that common, the newest title matches are what the first pages show anyway;
4. snippets and highlighted titles for the hits of the requested page only.

``Order.DATE`` skips step 3: newest first, straight from SQL.

Facet counts are over the matching set with all filters applied (the counts of the current
result list).
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict

from django.db import connection
from django.urls import reverse

from gongkai.catalog.domain.taxonomy import VALIDITY_LABELS
from gongkai.search.api import KIND_LABELS, FacetValue, Filters, Hit, Kind, Order, Results
from gongkai.search.backends import get_backend
from gongkai.search.domain import Query, compute_facts, highlight, parse_query, snippet, sort_key
from gongkai.search.models import SearchEntry
from gongkai.units.scoping import Scope

RERANK_LIMIT = 200
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
    if filters.kind:
        where.append("e.kind = %s")
        params.append(filters.kind)
    if filters.unit_id is not None:
        where.append("e.unit_id = %s")
        params.append(filters.unit_id)
    if filters.channel_id is not None:
        where.append("e.channel_id = %s")
        params.append(filters.channel_id)
    if filters.topic:
        where.append("e.topic = %s")
        params.append(filters.topic)
    if filters.year is not None:
        where.append("e.year = %s")
        params.append(filters.year)
    if filters.validity:
        where.append("e.validity = %s")
        params.append("" if filters.validity == "n/a" else filters.validity)
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

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.kind, e.unit_id, e.topic, e.year, e.validity, COUNT(*) "  # noqa: S608 (fixed SQL)
            f"FROM {source} WHERE {where} "
            "GROUP BY e.kind, e.unit_id, e.topic, e.year, e.validity",
            params,
        )
        groups = cursor.fetchall()
    total = sum(row[5] for row in groups)
    if not total:
        return _empty(query, page, notice)
    pages = math.ceil(total / per_page)
    page = min(max(1, int(page)), pages)
    start, end = (page - 1) * per_page, page * per_page

    if order == Order.DATE:
        ids = _ordered_ids(
            source, where, params, "e.published_on DESC NULLS LAST, e.id DESC", start, end - start
        )
    else:
        title_sql, title_params = backend.title_match(query)
        sql_order = (
            f"CASE WHEN {title_sql} THEN 0 ELSE 1 END, e.in_force DESC, "
            "e.published_on DESC NULLS LAST, e.id DESC"
        )
        ids = []
        if start < RERANK_LIMIT:
            candidates = _ordered_ids(
                source, where, params, sql_order, 0, RERANK_LIMIT, order_params=title_params
            )
            ids = _rerank(query, candidates)[start:end]
        if end > RERANK_LIMIT:
            offset = max(start, RERANK_LIMIT)
            ids += _ordered_ids(
                source, where, params, sql_order, offset, end - offset, order_params=title_params
            )
    return Results(
        query=query,
        hits=_hits(query, ids, staff=staff_scope is not None),
        total=total,
        page=page,
        pages=pages,
        facets=_facets(groups),
        notice=notice,
    )


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


def _fold(text: str) -> str:
    """Whole-string NFKC + case folding: what normalize() gives for ranking purposes, without its
    per-character path for text with full-width punctuation (normalize() then takes its fast
    path). Ranking only counts occurrences, so the character map normalize() keeps is not needed.
    """
    return unicodedata.normalize("NFKC", text).casefold()


def _staff_url(kind: str, object_id: int) -> str:
    if kind == Kind.NORMDOC:
        return reverse("normdocs_admin_detail", args=[object_id])
    return reverse("wagtailadmin_pages:edit", args=[object_id])


def _hits(query: Query, ids: list[int], *, staff: bool) -> list[Hit]:
    if not ids:
        return []
    from gongkai.units.models import Unit

    entries = {e.pk: e for e in SearchEntry.unscoped.filter(pk__in=ids)}
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
