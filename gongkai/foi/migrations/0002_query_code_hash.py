# The 查询码 is no longer stored in clear (only a keyed digest). No application has been
# registered through a released version yet, so old codes are dropped, not converted.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("foi", "0001_initial")]

    operations = [
        migrations.RemoveField(model_name="foirequest", name="query_code"),
        migrations.AddField(
            model_name="foirequest",
            name="query_code_hash",
            field=models.CharField(default="", max_length=64, verbose_name="查询码摘要"),
            preserve_default=False,
        ),
    ]
