"""Models of the hotline's public interfaces: Open311 API clients and their submissions
(imported at the end of models.py). The portal's rate-limit hits are rows of the shared
:class:`gongkai.core.models.RateLimitHit` (gongkai/core/antiabuse.py).

Kept apart from models.py so the ticket engine and the public interfaces evolve separately.
None of these rows is unit-owned personal data: an API client belongs to the hotline centre
that receives its tickets.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.units.models import Unit

API_CHANNELS = ("wechat", "app")  # Channel values an API client may submit under


class ApiClient(models.Model):
    """An Open311 client (a WeChat mini-program, the county app) with its API key.

    Only a keyed digest of the key is stored (``key_digest``, HMAC from the data key): the key
    is printed once by ``manage.py open311_key create`` and cannot be recovered, only revoked
    and re-issued. ``key_prefix`` (the first characters) lets staff tell keys apart.
    """

    name = models.CharField("客户端名称", max_length=60, unique=True)
    key_prefix = models.CharField("密钥前缀", max_length=12)
    key_digest = models.CharField("密钥摘要", max_length=64, unique=True)
    channel = models.CharField(
        "来源渠道",
        max_length=8,
        choices=[("wechat", "微信"), ("app", "App")],
        default="wechat",
    )
    centre = models.ForeignKey(
        Unit, verbose_name="受理热线中心", on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("签发时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        verbose_name = "Open311客户端"
        verbose_name_plural = "Open311客户端"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=API_CHANNELS), name="hl_api_channel_known"
            ),
            models.CheckConstraint(
                condition=Q(is_active=True, revoked_at__isnull=True)
                | Q(is_active=False, revoked_at__isnull=False),
                name="hl_api_revoked_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.key_prefix}…）"


class ApiSubmission(models.Model):
    """One ticket created through Open311, with the token a client can look it up by
    (``GET tokens/{token}``)."""

    token = models.CharField(max_length=32, unique=True)
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="submissions")
    ticket = models.OneToOneField(
        "hotline.Ticket", on_delete=models.PROTECT, related_name="api_submission"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "Open311提交记录"
        verbose_name_plural = "Open311提交记录"

    def __str__(self) -> str:
        return self.token
