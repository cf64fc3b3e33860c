from django.apps import AppConfig


class FoiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.foi import demo, importer, replies, services  # noqa: F401  (registries)
