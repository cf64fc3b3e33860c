# The rates' covering index, created by raw SQL in 0003_rates_returned_assignments (when the
# Ticket model belonged to another change), is now declared in Ticket.Meta.indexes. The raw
# index is dropped and the declared one created under the same name and columns: the same plain
# composite index on SQLite and PostgreSQL as before, now known to the migration state.

from django.db import migrations, models

RAW_COLUMNS = (
    "dispatched_at", "handling_unit_id", "state", "sign_on_time", "sign_due", "reply_on_time",
    "reply_due", "replied_at", "callback_at", "satisfaction", "resolved", "redo_count", "id",
)  # fmt: skip
CREATE_RAW_INDEX = f"CREATE INDEX hl_rates_cover ON hotline_ticket ({', '.join(RAW_COLUMNS)})"  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [
        ("hotline", "0005_drop_public_rate_hits"),
    ]

    operations = [
        migrations.RunSQL("DROP INDEX hl_rates_cover", reverse_sql=CREATE_RAW_INDEX),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                fields=[
                    "dispatched_at",
                    "handling_unit",
                    "state",
                    "sign_on_time",
                    "sign_due",
                    "reply_on_time",
                    "reply_due",
                    "replied_at",
                    "callback_at",
                    "satisfaction",
                    "resolved",
                    "redo_count",
                    "id",
                ],
                name="hl_rates_cover",
            ),
        ),
    ]
