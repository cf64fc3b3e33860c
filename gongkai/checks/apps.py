from django.apps import AppConfig


class ChecksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.checks"
    label = "checks"
    verbose_name = "智能检查"

    def ready(self) -> None:
        from gongkai.checks import demo, jobs, prechecks  # noqa: F401  (registries)
