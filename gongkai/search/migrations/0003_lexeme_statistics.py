"""PostgreSQL: keep the frequencies of 1,000 lexemes per 100 sampled rows (not 100).

gongkai/search/pgsample.py reads the tsvector column's most_common_elems from pg_stats to pick
a query's rarest lexemes, and the planner estimates GIN matches from them. With the default
target a lexeme in fewer than about 3 % of the documents is simply "rare"; with 1,000 the list
reaches down to about 0.2 % (measured at 300,000 documents: 1,586 lexemes). ANALYZE then
samples 300,000 rows instead of 30,000. SQLite: nothing to do.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STATISTICS 1000",
    "ANALYZE search_searchentry",
]
POSTGRES_BACKWARD = ["ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STATISTICS -1"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD), elidable=False)
    ]
