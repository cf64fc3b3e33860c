from django.apps import AppConfig
from django.conf import settings
from django.core import checks


def captcha_test_mode(app_configs, **kwargs):
    if settings.CAPTCHA_TEST_ANSWER:
        return [
            checks.Warning(
                "GONGKAI_CAPTCHA_TEST_ANSWER is set: every captcha accepts a fixed answer",
                hint="Only for automated browser tests; unset it on a real portal.",
                id="gongkai.W001",
            )
        ]
    return []


class FoiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        checks.register(captcha_test_mode, checks.Tags.security)
        # Registries: periodic jobs, demo generator, importer, audit action labels.
        from gongkai.foi import demo, importer, jobs, replies, services  # noqa: F401
