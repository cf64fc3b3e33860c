"""Seed one 答复书 template per outcome with the defaults of gongkai/foi/domain/letters.py."""

from django.db import migrations

from gongkai.foi.domain.letters import DEFAULT_TITLE, default_body
from gongkai.foi.domain.outcomes import Outcome


def seed(apps, schema_editor):
    template = apps.get_model("foi", "ReplyTemplate")
    for outcome in Outcome:
        template.objects.get_or_create(
            outcome=str(outcome), defaults={"title": DEFAULT_TITLE, "body": default_body(outcome)}
        )


class Migration(migrations.Migration):
    dependencies = [("foi", "0004_reply_letters")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
