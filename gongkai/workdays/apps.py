from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    label = "workdays"
    verbose_name = "法定工作日历"

    def ready(self) -> None:
        from gongkai.workdays import jobs  # noqa: F401  (registers the periodic job)
