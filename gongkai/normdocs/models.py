"""The registry of administrative normative documents (行政规范性文件) and cleanup campaigns.

Every row carries the issuing unit (``unit``) so reads are scoped like the rest of the
platform; the public library reads published documents through ``unscoped`` in
gongkai/normdocs/selectors.py only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.domain.taxonomy import TOPICS
from gongkai.normdocs.domain.lifecycle import (
    CAMPAIGN_STATE_LABELS,
    DECISION_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    CampaignState,
    Stage,
    Status,
)
from gongkai.units.models import Unit
from gongkai.units.scoping import ScopedManager, ScopedModel


class UnitScopedManager(ScopedManager):
    scope_field = "unit_id"


def _choices(labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(str(k), v) for k, v in labels.items()]


class DocumentKind(models.TextChoices):
    GOVERNMENT = "government", _("政府规范性文件")
    DEPARTMENT = "department", _("部门规范性文件")


class NormativeDocument(ScopedModel):
    unit = models.ForeignKey(
        Unit, verbose_name=_("制定机关"), on_delete=models.PROTECT, related_name="normdocs"
    )
    issuer_name = models.CharField(_("发布机关"), max_length=100, help_text=_("留空时使用单位全称"))
    kind = models.CharField(
        _("文件类别"), max_length=12, choices=DocumentKind.choices, default=DocumentKind.DEPARTMENT
    )
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    topic = models.CharField(
        _("主题分类"), max_length=30, blank=True, choices=[(t, t) for t in TOPICS]
    )
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    valid_until = models.DateField(
        _("有效期至"),
        null=True,
        blank=True,
        help_text=_("留空时按施行日期起5年计算（暂行、试行文件2年）"),
    )
    stage = models.CharField(
        _("制定环节"), max_length=16, choices=_choices(STAGE_LABELS), default=Stage.DRAFT
    )
    status = models.CharField(
        _("有效性"), max_length=10, choices=_choices(STATUS_LABELS), default=Status.VALID
    )
    pending_amendment = models.BooleanField(_("清理决定修改"), default=False)
    registration_number = models.CharField(_("统一登记号"), max_length=40, blank=True)
    # 集体审议 (国办发〔2018〕37号: after legality review, before signing)
    deliberation_meeting = models.CharField(_("审议会议"), max_length=100, blank=True)
    deliberated_on = models.DateField(_("审议日期"), null=True, blank=True)
    signed_by = models.CharField(_("签发人"), max_length=50, blank=True)
    signed_on = models.DateField(_("签发日期"), null=True, blank=True)
    # 备案 with the government one level up
    filed_with = models.CharField(_("备案机关"), max_length=100, blank=True)
    filing_due = models.DateField(_("备案期限"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filing_reference = models.CharField(_("备案号"), max_length=60, blank=True)
    body = models.TextField(_("正文"), blank=True)
    item = models.OneToOneField(
        "catalog.ItemPage",
        verbose_name=_("公开目录信息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="normative_document",
    )
    interpretations = models.ManyToManyField(
        "catalog.ItemPage",
        verbose_name=_("政策解读"),
        blank=True,
        related_name="interprets_normdocs",
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("修改的文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amended_by",
    )
    repealed_by = models.ForeignKey(
        "self",
        verbose_name=_("废止依据文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeals",
    )
    import_key = models.CharField(max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = _("行政规范性文件")
        verbose_name_plural = _("行政规范性文件")
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["stage", "status", "-published_on"], name="normdoc_public"),
            models.Index(fields=["unit", "stage", "status"], name="normdoc_unit"),
            models.Index(fields=["status", "valid_until"], name="normdoc_expiry"),
        ]
        constraints = [
            # 文号 is unique per issuer (the canonical form, see checks/domain/docnumbers.py).
            models.UniqueConstraint(
                fields=["unit", "doc_number"],
                condition=~Q(doc_number=""),
                name="normdoc_doc_number_unique",
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="normdoc_registration_unique",
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="normdoc_import_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(valid_until__gte=models.F("effective_on")),
                name="normdoc_validity_after_effect",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=[str(s) for s in Stage]), name="normdoc_stage_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[str(s) for s in Status]), name="normdoc_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）" if self.doc_number else self.title

    @property
    def issuer(self) -> str:
        return self.issuer_name or self.unit.name

    @property
    def is_public(self) -> bool:
        return self.stage in (Stage.PUBLISHED, Stage.FILED)

    def get_public_url(self) -> str:
        from django.urls import reverse

        return reverse("normdocs:public_detail", args=[self.pk])


class LegalReview(ScopedModel):
    """One round of 合法性审核 by the legal office (国办发〔2018〕115号)."""

    class Conclusion(models.TextChoices):
        PASSED = "passed", _("通过")
        RETURNED = "returned", _("退回修改")

    document = models.ForeignKey(
        NormativeDocument, on_delete=models.CASCADE, related_name="legal_reviews"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField(_("审核日期"))
    conclusion = models.CharField(_("审核结论"), max_length=10, choices=Conclusion.choices)
    opinion = models.TextField(_("审核意见"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        ordering = ["-reviewed_on", "-pk"]


class StatusChange(ScopedModel):
    """The history of a document's procedure stage and validity, shown on its page."""

    document = models.ForeignKey(
        NormativeDocument, on_delete=models.CASCADE, related_name="status_changes"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(max_length=10)  # "stage" or "status"
    before = models.CharField(max_length=16, blank=True)
    after = models.CharField(max_length=16)
    on = models.DateField()
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    objects = UnitScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        ordering = ["at", "pk"]

    @property
    def label(self) -> str:
        labels = STAGE_LABELS if self.field == "stage" else STATUS_LABELS
        return labels.get(self.after, self.after)


class RegistrationSequence(models.Model):
    """The last 统一登记号 sequence used per unit and year (never reused)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="normdoc_registration_seq")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last_value}"


class CleanupCampaign(models.Model):
    """A 清理 opened by the county office; county-wide, so not unit-scoped itself."""

    title = models.CharField(_("清理名称"), max_length=200)
    basis = models.TextField(_("清理依据"), blank=True)
    opened_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("完成期限"))
    state = models.CharField(
        _("状态"),
        max_length=10,
        choices=_choices(CAMPAIGN_STATE_LABELS),
        default=CampaignState.OPEN,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_on = models.DateField(_("公布日期"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("清理")
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class CampaignDocument(ScopedModel):
    """One document in a campaign and the unit's decision on it, co-signed by the legal office."""

    campaign = models.ForeignKey(CleanupCampaign, on_delete=models.CASCADE, related_name="entries")
    document = models.ForeignKey(
        NormativeDocument, on_delete=models.PROTECT, related_name="campaign_entries"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(
        _("清理决定"), max_length=16, blank=True, choices=_choices(DECISION_LABELS)
    )
    reason = models.TextField(_("理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    cosigned_on = models.DateField(null=True)
    status_before = models.CharField(max_length=10, blank=True)  # set when the batch is applied

    objects = UnitScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        ordering = ["unit", "document"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "document"], name="campaign_doc_unique"),
            models.CheckConstraint(
                condition=Q(cosigned_by__isnull=True) | ~Q(decision=""),
                name="campaign_cosign_needs_decision",
            ),
        ]
