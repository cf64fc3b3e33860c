from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.units.scoping import ScopedManager, ScopedModel, ScopedQuerySet


class AuditImmutableError(Exception):
    """Audit entries are append-only."""


class AuditEntryQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("操作日志不能修改")

    def delete(self):
        raise AuditImmutableError("操作日志不能删除")


class AuditEntryManager(ScopedManager):
    scope_field = "unit_id"
    queryset_class = AuditEntryQuerySet


class AuditEntry(ScopedModel):
    """One state change: who, in which unit, what, on which object, before/after, from where.

    Append-only: the model refuses updates and deletes, and database triggers (migration 0002)
    refuse them too, so not even a bulk query or a shell session can rewrite history.
    """

    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=100, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    object_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("变更后"), null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("说明"), blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    objects = AuditEntryManager()
    unscoped = models.Manager()

    class Meta:
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")
        ordering = ["-at", "-id"]
        base_manager_name = "unscoped"
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["unit", "-at"], name="audit_unit_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action_label}"

    @property
    def action_label(self) -> str:
        from gongkai.audit.actions import action_label

        return action_label(self.action)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError("操作日志不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("操作日志不能删除")
