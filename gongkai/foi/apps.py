from django.apps import AppConfig


class FoiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        # Registries: periodic jobs, demo generator, importer, audit action labels.
        from gongkai.foi import demo, importer, jobs, replies, services  # noqa: F401
