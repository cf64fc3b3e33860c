"""The search sample on PostgreSQL: the newest ``limit`` matching rows, at a bounded cost.

What costs time on PostgreSQL (EXPLAIN ANALYZE at 300,000 documents, see docs/performance.md):

- testing a row with ``search_vector @@ query`` reads its tsvector, ≈ 3 KB, TOASTed out of line
  (pglz and lz4 do not shrink it: 3,218 of 3,256 bytes with lz4), ≈ 10–30 µs a row;
- a GIN bitmap of the query's lexemes is built over the whole table whatever id range it is ANDed
  with: the AND of a phrase's seven common bigrams (持续 & 续深 & … & 引资) costs 30–100 ms,
  the posting list of one rarer bigram a few ms;
- the planner prices a tsvector AND by multiplying the lexemes' frequencies. The bigrams of one
  phrase occur together, so it underestimates the AND by up to 50×, and then skips the BitmapAnd
  with the primary-key range and visits every candidate of the whole table (≈ 13,000 pages,
  300 ms) instead of the range's (2,000).

So the sample is read in two ways, chosen from the lexemes' frequencies (``pg_stats``, the
planner's own statistics, cached for a few minutes):

1. **the walk**: the newest rows, tested one by one backwards along the primary key — cheap per
   match when matches are dense. It is skipped when the query's rarest lexeme is in fewer than
   ``WALK_MIN_DENSITY`` of the documents (the walk would find almost nothing), and continued in a
   second step when the density it saw says the rest is near (``WALK_MORE`` rows);
2. **id ranges** below what was walked, newest first, each sized from the match density seen so
   far (or, at first, the rarest lexeme's frequency, an upper bound of it): candidates are the
   rows holding the query's **two rarest lexemes** (the GIN bitmap of two posting lists, exact,
   ANDed with the range), materialised, then sorted newest first and given the full test one by
   one until enough matched (a LIMIT over an ``OFFSET 0`` subquery: the rows beyond it are not
   tested). Two lexemes keep the planner's estimate near the truth (it picks the BitmapAnd) and
   the candidates near the matches.

Plain index scans are switched off for the range statements: the planner prices the tsvector test
far too low and would rather walk the primary key testing every row.
"""

from __future__ import annotations

import time

from django.db import connection

from gongkai.search.domain import Query
from gongkai.search.models import SearchEntry

WALK = 1500  # rows first tested one by one, newest first
WALK_MORE = 4000  # walk on (rather than ask the index) when about this many rows remain
WALK_MIN_DENSITY = 0.05  # rarest lexeme in fewer documents than this: no walk
STATS_SECONDS = 600  # how long the lexeme frequencies from pg_stats are reused
SPAN_MARGIN = 1.5  # a range holds this many times the matches still needed, by the density

# (id, kind, unit_id, topic, year, validity, in_force, published_on, title_terms)
ROW = "e.id, e.kind, e.unit_id, e.topic, e.year, e.validity, e.in_force, e.published_on, e.title_terms"

_stats: dict[str, object] = {}


def lexeme_frequencies() -> tuple[dict[str, float], float] | None:
    """Share of documents holding each common lexeme, and a bound for the unlisted ones.

    From the planner's statistics of the tsvector column (most_common_elems; ANALYZE keeps them
    current; migration 0003 raises their size). None before the first ANALYZE. A monotonic
    timer only decides when to read them again; no business date depends on it.
    """
    now = time.monotonic()
    if _stats and now - _stats["at"] < STATS_SECONDS:  # type: ignore[operator]
        return _stats["value"]  # type: ignore[return-value]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s "
            "AND attname = 'search_vector'",
            [SearchEntry._meta.db_table],
        )
        found = cursor.fetchone()
    value = None
    if found and found[0]:
        elems, freqs = found
        # After the per-lexeme frequencies come the minimum and the maximum: an unlisted lexeme
        # is rarer than the minimum.
        value = (dict(zip(elems, freqs[: len(elems)], strict=True)), freqs[len(elems)])
    _stats.update(at=now, value=value)
    return value


def _tsquery_lexeme(term: str, prefix: bool) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def newest(
    query: Query,
    *,
    match: str,
    match_params: list,
    filter_where: list[str],
    filter_params: list,
    limit: int,
) -> list[tuple]:
    """Up to ``limit`` rows (``ROW``) matching ``match`` and the filters, newest id first."""
    table = SearchEntry._meta.db_table
    filters = " AND ".join(["TRUE", *filter_where])
    lexemes = {
        (term, clause.prefix_last and index == len(clause.terms) - 1)
        for clause in query.clauses
        for index, term in enumerate(clause.terms)
    }
    stats = lexeme_frequencies()

    def frequency(lexeme: tuple[str, bool]) -> float:
        if stats is None or lexeme[1]:  # unknown, or a prefix (many lexemes)
            return 1.0
        return stats[0].get(lexeme[0], stats[1] / 2)

    rarest = sorted(lexemes, key=lambda lexeme: (frequency(lexeme), lexeme))
    bound = frequency(rarest[0])  # the matches are at most this dense
    # One lexeme, no weight: the GIN bitmap is the answer, no row needs the full test.
    exact = len(query.clauses) == 1 and len(lexemes) == 1 and not query.clauses[0].title_only
    rows: list[tuple] = []
    high: int | None = None
    scanned = 0
    with connection.cursor() as cursor:
        chunk = WALK
        while bound >= WALK_MIN_DENSITY:
            below, below_params = ("", []) if high is None else ("WHERE id < %s", [high])
            cursor.execute(
                f"SELECT {ROW} FROM (SELECT * FROM {table} {below} ORDER BY id DESC LIMIT %s) e "  # noqa: S608 (fixed SQL)
                f"WHERE {match} AND {filters} ORDER BY e.id DESC LIMIT %s",
                [*below_params, chunk, *match_params, *filter_params, limit - len(rows)],
            )
            rows += cursor.fetchall()
            if len(rows) >= limit:
                return rows
            cursor.execute(
                f"SELECT MIN(id), COUNT(*) FROM (SELECT id FROM {table} {below} "  # noqa: S608 (fixed SQL)
                "ORDER BY id DESC LIMIT %s) w",
                [*below_params, chunk],
            )
            low, walked = cursor.fetchone()
            if low is None or walked < chunk:
                return rows  # the whole table was walked
            high, scanned = low, scanned + walked
            remaining = (limit - len(rows)) * scanned / max(len(rows), 1)
            if remaining > WALK_MORE:
                break
            chunk = int(remaining * 1.3) + 50

        cursor.execute(f"SELECT MIN(id), MAX(id) + 1 FROM {table}")  # noqa: S608 (fixed SQL)
        lowest, top = cursor.fetchone()
        if lowest is None:
            return rows
        high = top if high is None else high
        candidates = " & ".join(_tsquery_lexeme(*lexeme) for lexeme in rarest[:2])
        span = 0
        cursor.execute("SET enable_indexscan = off")
        try:
            while len(rows) < limit and high > lowest:
                density = max(len(rows), 1) / scanned if scanned else bound
                span = max(span * 2, int((limit - len(rows)) / density * SPAN_MARGIN) + 1)
                low = max(lowest, high - span)
                if exact:
                    cursor.execute(
                        f"SELECT {ROW} FROM {table} e WHERE {match} "  # noqa: S608 (fixed SQL)
                        f"AND e.id >= %s AND e.id < %s AND {filters} ORDER BY e.id DESC LIMIT %s",
                        [*match_params, low, high, *filter_params, limit - len(rows)],
                    )
                else:
                    cursor.execute(
                        f"WITH c AS MATERIALIZED (SELECT {ROW}, e.search_vector FROM {table} e "  # noqa: S608 (fixed SQL)
                        "WHERE e.search_vector @@ to_tsquery('simple', %s) "
                        f"AND e.id >= %s AND e.id < %s AND {filters}) "
                        f"SELECT {ROW} FROM (SELECT * FROM c e ORDER BY e.id DESC OFFSET 0) e "
                        f"WHERE {match} LIMIT %s",
                        [candidates, low, high, *filter_params, *match_params, limit - len(rows)],
                    )
                rows += cursor.fetchall()
                scanned += high - low
                high = low
        finally:
            cursor.execute("RESET enable_indexscan")
    return rows
