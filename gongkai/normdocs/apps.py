from django.apps import AppConfig


class NormdocsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.normdocs"
    label = "normdocs"
    verbose_name = "行政规范性文件"

    def ready(self) -> None:
        from gongkai.normdocs import demo, jobs, services  # noqa: F401  (registries)
