from django.apps import AppConfig


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "主动公开目录"

    def ready(self) -> None:
        from gongkai.catalog import demo, handover, jobs, signals  # noqa: F401  (registries)
