"""Quality checks: the county's word lists and the findings of the site-wide scan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.units.models import Unit
from gongkai.units.scoping import ScopedManager, ScopedModel


class TermKind(models.TextChoices):
    SENSITIVE = "sensitive", _("敏感词")
    TYPO = "typo", _("错别字/严重表述错误")


class Severity(models.TextChoices):
    BLOCKING = "blocking", _("阻断发布")
    WARNING = "warning", _("警告")
    INFO = "info", _("提示")


class LexiconTerm(models.Model):
    """A word the county office wants caught: sensitive, or a known wrong form with its fix.

    County-wide (not per unit): a leader's correct title or a township's correct name is the
    same for everyone who writes it.
    """

    term = models.CharField(_("词语"), max_length=100)
    kind = models.CharField(_("类别"), max_length=10, choices=TermKind.choices)
    suggestion = models.CharField(
        _("正确写法"), max_length=100, blank=True, help_text=_("错别字类填写正确写法")
    )
    severity = models.CharField(
        _("处理方式"), max_length=10, choices=Severity.choices, default=Severity.BLOCKING
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("检查词库")
        verbose_name_plural = _("检查词库")
        ordering = ["kind", "term"]
        constraints = [
            models.UniqueConstraint(fields=["term", "kind"], name="lexicon_term_unique"),
            models.CheckConstraint(condition=~models.Q(term=""), name="lexicon_term_not_empty"),
        ]

    def __str__(self) -> str:
        return self.term


class ScanRun(models.Model):
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True)
    items_checked = models.PositiveIntegerField(_("检查信息数"), default=0)
    findings = models.PositiveIntegerField(_("发现问题数"), default=0)
    seconds = models.FloatField(_("耗时（秒）"), default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("全站检查")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"全站检查 {self.started_at:%Y-%m-%d %H:%M}"


class FindingManager(ScopedManager):
    scope_field = "unit_id"


class ScanFinding(ScopedModel):
    """One finding of the site-wide scan on a published item. Personal data is stored masked."""

    run = models.ForeignKey(ScanRun, on_delete=models.CASCADE, related_name="rows")
    item = models.ForeignKey("catalog.ItemPage", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("位置"), max_length=20)
    rule = models.CharField(_("规则"), max_length=30)
    severity = models.CharField(_("级别"), max_length=10, choices=Severity.choices)
    excerpt = models.CharField(_("内容"), max_length=200)
    message = models.CharField(_("说明"), max_length=300)
    suggestion = models.CharField(_("建议"), max_length=200, blank=True)

    objects = FindingManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = _("检查发现")
        indexes = [models.Index(fields=["run", "unit", "rule"])]
