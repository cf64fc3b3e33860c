from django.apps import AppConfig


class HotlineConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.hotline"
    label = "hotline"
    verbose_name = "12345热线"

    def ready(self) -> None:
        from gongkai.hotline import (  # noqa: F401  (audit labels, periodic jobs)
            demo,
            jobs,
            links,
            services,
        )
