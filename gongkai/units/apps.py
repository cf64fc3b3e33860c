from django.apps import AppConfig
from django.db.models.signals import post_migrate


class UnitsConfig(AppConfig):
    name = "gongkai.units"
    label = "units"
    verbose_name = "单位与人员"

    def ready(self) -> None:
        from gongkai.units import demo, handover  # noqa: F401  (registers providers)
        from gongkai.units.groups import ensure_role_groups

        post_migrate.connect(ensure_role_groups, dispatch_uid="gongkai.units.role_groups")
