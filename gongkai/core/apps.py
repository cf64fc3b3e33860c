from django.apps import AppConfig
from django.conf import settings
from django.core import checks


def captcha_test_mode(app_configs, **kwargs):
    """gongkai.W001: the portal captchas (gongkai/core/antiabuse.py) accept a fixed answer."""
    if settings.CAPTCHA_TEST_ANSWER:
        return [
            checks.Warning(
                "GONGKAI_CAPTCHA_TEST_ANSWER is set: every captcha accepts a fixed answer",
                hint="Only for automated browser tests; unset it on a real portal.",
                id="gongkai.W001",
            )
        ]
    return []


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "平台核心"

    def ready(self) -> None:
        checks.register(captcha_test_mode, checks.Tags.security)
