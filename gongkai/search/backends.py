"""The two database renderings of the index (decision 0004): SQLite FTS5 and PostgreSQL GIN.

A backend answers two questions in SQL, both with parameters only:

- ``match()``: the FROM clause and the WHERE condition that select the SearchEntry rows
  (alias ``e``) matching a parsed query;
- ``title_match()``: a condition that is true when every clause of the query occurs in the
  title (the cheap SQL pre-order of large candidate sets, see service.py);
- ``match_title()``: like ``match()``, for the rows whose title alone matches (a subset of
  ``match()``'s rows: usually far fewer, so the title hits can be read first);
- ``NEWEST``: an ORDER BY that the full-text engine streams without sorting the whole matching
  set (newest SearchEntry ids first), so that ``LIMIT n`` reads about n matches.

It also keeps the SQLite FTS5 table in step with SearchEntry (``add``/``remove``/``clear``);
on PostgreSQL the tsvector is a generated column, so those are no-ops.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from gongkai.search.domain import Query, fts5_match, pg_tsquery

TABLE = "search_searchentry"
FTS_TABLE = "search_fts"
FACTS_INDEX = "search_entry_facts"
TITLE_COLUMN = "title_terms"


class SQLiteBackend:
    """FTS5 with external content (rowid = SearchEntry.id), kept in step by indexing.py."""

    vendor = "sqlite"
    # FTS5 returns rowids in order and consumes ORDER BY rowid DESC itself: no sort, and LIMIT
    # stops the doclist walk early.
    NEWEST = f"{FTS_TABLE}.rowid DESC"
    ID = f"{FTS_TABLE}.rowid"  # the SearchEntry id, as a constraint FTS5 itself applies

    # The FTS5 table drives the join; the filter and facet columns are read from the narrow
    # covering index instead of the wide rows (INDEXED BY makes that choice explicit).
    SOURCE = f"{FTS_TABLE} JOIN {TABLE} e INDEXED BY {FACTS_INDEX} ON e.id = {FTS_TABLE}.rowid"

    def match(self, query: Query) -> tuple[str, str, list]:
        return self.SOURCE, f"{FTS_TABLE} MATCH %s", [fts5_match(query, title_column=TITLE_COLUMN)]

    def match_title(self, query: Query) -> tuple[str, str, list]:
        return self.SOURCE, f"{FTS_TABLE} MATCH %s", [_fts5_title_expression(query)]

    def title_match(self, query: Query) -> tuple[str, list]:
        expression = _fts5_title_expression(query)
        return f"e.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)", [expression]  # noqa: S608 (fixed table names)

    def add(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Index new SearchEntry rows: (id, title_terms, body_terms)."""
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE}(rowid, title_terms, body_terms) VALUES (%s, %s, %s)",  # noqa: S608 (fixed table names)
                    rows,
                )

    def remove(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Unindex rows about to be deleted, with the values they were indexed with."""
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_terms, body_terms) "  # noqa: S608 (fixed table names)
                    "VALUES ('delete', %s, %s, %s)",
                    rows,
                )

    def remove_kinds(self, kinds: Sequence[str]) -> None:
        """Unindex every row of these kinds (set-based; the rows are deleted afterwards)."""
        placeholders = ", ".join(["%s"] * len(kinds))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_terms, body_terms) "  # noqa: S608 (fixed names)
                f"SELECT 'delete', id, title_terms, body_terms FROM {TABLE} "
                f"WHERE kind IN ({placeholders})",
                list(kinds),
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")  # noqa: S608 (fixed table names)

    def optimize(self) -> None:
        """Merge the index segments into one (after a rebuild: fewer segments, faster queries)."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608 (fixed table names)

    def index_size(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA page_size")
            page_size = cursor.fetchone()[0]
            sizes = {}
            for suffix in ("data", "idx", "docsize", "config"):
                name = f"{FTS_TABLE}_{suffix}"
                try:
                    cursor.execute("SELECT count(*) FROM dbstat WHERE name = %s", [name])
                    sizes[name] = cursor.fetchone()[0] * page_size
                except Exception:
                    sizes[name] = -1
        return sizes


class PostgresBackend:
    """A generated, GIN-indexed tsvector column: title terms weight A, body terms weight B."""

    vendor = "postgresql"
    NEWEST = "e.id DESC"
    ID = "e.id"

    def match_title(self, query: Query) -> tuple[str, str, list]:
        return (
            f"{TABLE} e",
            "e.search_vector @@ to_tsquery('simple', %s)",
            [_pg_title_tsquery(query)],
        )

    def match(self, query: Query) -> tuple[str, str, list]:
        return (
            f"{TABLE} e",
            "e.search_vector @@ to_tsquery('simple', %s)",
            [pg_tsquery(query, title_weight="A")],
        )

    def title_match(self, query: Query) -> tuple[str, list]:
        return "e.search_vector @@ to_tsquery('simple', %s)", [_pg_title_tsquery(query)]

    def add(self, rows: Sequence[tuple[int, str, str]]) -> None:
        return None

    def remove(self, rows: Sequence[tuple[int, str, str]]) -> None:
        return None

    def remove_kinds(self, kinds: Sequence[str]) -> None:
        return None

    def clear(self) -> None:
        return None

    def optimize(self) -> None:
        return None

    def index_size(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_relation_size(%s), pg_total_relation_size(%s), "
                "pg_relation_size('search_entry_vector')",
                [TABLE, TABLE],
            )
            heap, total, gin = cursor.fetchone()
        return {"table (heap)": heap, "table (total, with TOAST and indexes)": total, "GIN": gin}


def _fts5_title_expression(query: Query) -> str:
    """Every clause of the query in the title column (implies the full match)."""
    return " AND ".join(
        f"{TITLE_COLUMN} : ({fts5_match(Query('', (clause,)), title_column=None)})"
        for clause in query.clauses
    )


def _pg_lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _pg_title_tsquery(query: Query) -> str:
    """Like pg_tsquery(), with every lexeme restricted to the title's weight A."""
    parts = []
    for clause in query.clauses:
        lexemes = [_pg_lexeme(term) + ":A" for term in clause.terms]
        if clause.prefix_last:
            lexemes[-1] = lexemes[-1][:-2] + ":*A"
        parts.append("(" + " <-> ".join(lexemes) + ")" if len(lexemes) > 1 else lexemes[0])
    return " & ".join(parts)


def get_backend() -> SQLiteBackend | PostgresBackend:
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    if connection.vendor == "postgresql":
        return PostgresBackend()
    raise NotImplementedError(f"no search backend for {connection.vendor}")
