from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "公开门户"

    def ready(self) -> None:
        from gongkai.portal import demo  # noqa: F401  (registers the demo generator)
