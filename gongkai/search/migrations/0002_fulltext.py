"""The full-text structures, one per database vendor (decision 0004; see models.py).

SQLite: an FTS5 table with external content (the terms live in search_searchentry; rowid =
SearchEntry.id), unicode61 tokenizer, kept in step by gongkai/search/indexing.py.
PostgreSQL: a generated tsvector column — title terms weight A, then the field gap, then body
terms weight B, exactly decision 0004's expression — with a GIN index.
"""

from django.db import migrations

FIELD_GAP = "0gap"  # gongkai.search.domain.tokens.FIELD_GAP, fixed here as the migration runs

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title_terms, body_terms, content='search_searchentry', content_rowid='id', "
    "tokenize='unicode61')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title_terms || ' ' || '" + FIELD_GAP + "'), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, body_terms), 'B')) STORED",
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
            elidable=False,
        )
    ]
