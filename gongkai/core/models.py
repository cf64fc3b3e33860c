"""Reminders (提醒) shown to staff on the dashboard and, if they have an e-mail, mailed.

Every module's periodic jobs warn people through `gongkai.core.notices.notify`, so a person
has one list of what needs their attention.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.storage import private_storage


class Notice(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("类别"), max_length=40)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # One notice per (user, dedupe key): jobs re-run safely without repeating themselves.
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("提醒")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "dedupe_key"], name="notice_dedupe")]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class RateLimitHit(models.Model):
    """One counted hit of a rate-limited anonymous portal action (gongkai/core/antiabuse.py).

    ``scope`` is the app whose limits table counts it ("foi", "hotline"); ``key_digest`` a keyed
    digest of the client's IP address, session or app-specific key, never the value itself.
    Rows older than a day are deleted as new ones are written.
    """

    scope = models.CharField(max_length=16)
    action = models.CharField(max_length=24)
    key_digest = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("访问频率记录")
        verbose_name_plural = _("访问频率记录")
        indexes = [
            # The COUNT of one client's hits of one action in a window.
            models.Index(
                fields=["scope", "action", "key_digest", "at"], name="core_ratehit_lookup"
            ),
            # The purge of rows older than a day.
            models.Index(fields=["at"], name="core_ratehit_age"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}.{self.action} {self.at.isoformat()}"


def private_upload_to(instance: PrivateAttachment, filename: str) -> str:
    return instance.upload_path(filename)


class PrivateAttachment(models.Model):
    """Abstract base of a private file attached to a case or ticket (FoiAttachment,
    TicketAttachment): stored in :func:`~gongkai.core.storage.private_storage` under the folder
    each model names in :meth:`upload_path`, read only through permission-checked views."""

    file = models.FileField(
        "文件", upload_to=private_upload_to, storage=private_storage, max_length=255
    )
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        abstract = True

    def upload_path(self, filename: str) -> str:
        """The file's path in private storage (a case or ticket number, never a person's name)."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.name
