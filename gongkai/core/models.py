"""Reminders (提醒) shown to staff on the dashboard and, if they have an e-mail, mailed.

Every module's periodic jobs warn people through `gongkai.core.notices.notify`, so a person
has one list of what needs their attention.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
