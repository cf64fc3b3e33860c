"""Non-page records of the catalogue: 索引号 counters, freshness, 两化 directories, withdrawals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.domain.freshness import FRESHNESS_LABELS
from gongkai.catalog.domain.standards import COMPLIANCE_LABELS
from gongkai.units.models import Unit
from gongkai.units.scoping import ScopedManager, ScopedModel


class UnitScopedManager(ScopedManager):
    scope_field = "unit_id"


class IndexSequence(models.Model):
    """The last 索引号 sequence number used per unit and scope (year, month or "all").

    Numbers are taken with the row locked (SELECT … FOR UPDATE on PostgreSQL; SQLite's
    IMMEDIATE transactions serialise writers), and the counter never goes down: a withdrawn
    or deleted item keeps its number burnt, so a 索引号 is never reused.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=10)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "scope"], name="index_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.scope}: {self.last_value}"


class ChannelFreshness(ScopedModel):
    """The daily freshness verdict of one channel (国办秘函〔2019〕19号 栏目不更新/空白栏目)."""

    channel = models.OneToOneField(
        "catalog.ChannelPage", on_delete=models.CASCADE, related_name="freshness"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=10, choices=[(str(k), v) for k, v in FRESHNESS_LABELS.items()]
    )
    last_update = models.DateField(_("最近更新"), null=True)
    stale_on = models.DateField(_("超期日"), null=True)
    warn_from = models.DateField(null=True)
    days_overdue = models.PositiveIntegerField(_("超期天数"), default=0)
    item_count = models.PositiveIntegerField(_("信息条数"), default=0)
    checked_on = models.DateField(_("检查日期"))
    # The stale_on date the editor was last warned about: one warning per period, however
    # often the job runs.
    warned_for = models.DateField(null=True)

    objects = UnitScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = _("栏目更新情况")
        indexes = [models.Index(fields=["unit", "status"])]


class StandardDirectory(ScopedModel):
    """One 两化 standard-directory area instantiated for a township or department."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="standard_directories")
    area_number = models.PositiveSmallIntegerField(_("领域序号"))
    area_name = models.CharField(_("领域"), max_length=50)
    channel = models.OneToOneField(
        "catalog.ChannelPage",
        verbose_name=_("栏目"),
        on_delete=models.PROTECT,
        related_name="standard_directory",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = _("标准目录")
        ordering = ["unit", "area_number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "area_number"], name="standard_dir_unique")
        ]

    def __str__(self) -> str:
        return f"{self.area_number:02d} {self.area_name}"


class StandardEntry(ScopedModel):
    """A 标准目录 entry (statutes.md §4.3): what must be disclosed, on what basis, how soon."""

    directory = models.ForeignKey(
        StandardDirectory, on_delete=models.CASCADE, related_name="entries"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("编号"), max_length=10)
    level1 = models.CharField(_("一级事项"), max_length=100)
    level2 = models.CharField(_("二级事项"), max_length=100)
    content = models.TextField(_("公开内容（要素）"))
    basis = models.TextField(_("公开依据"))
    time_limit = models.CharField(_("公开时限"), max_length=200)
    refresh_days = models.PositiveIntegerField(_("内容有效期（天）"), null=True, blank=True)
    subject = models.CharField(_("公开主体"), max_length=100)
    channels = models.JSONField(_("公开渠道和载体"), default=list)
    audience = models.CharField(_("公开对象"), max_length=10)
    mode = models.CharField(_("公开方式"), max_length=10)
    compliance = models.CharField(
        _("达标情况"),
        max_length=10,
        blank=True,
        choices=[(str(k), v) for k, v in COMPLIANCE_LABELS.items()],
    )

    objects = UnitScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = _("标准目录事项")
        ordering = ["directory", "code"]
        constraints = [
            models.UniqueConstraint(fields=["directory", "code"], name="standard_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.level1}·{self.level2}"


class Withdrawal(ScopedModel):
    """撤稿: an item taken off the portal, with who, when and why."""

    item = models.ForeignKey("catalog.ItemPage", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("撤稿原因"), max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("撤稿时间"))
    scheduled = models.BooleanField(_("定时撤稿"), default=False)

    objects = UnitScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = _("撤稿记录")
        ordering = ["-at"]
