"""Reply letters (答复书), their templates and numbering, delivery (送达), review and litigation.

Imported at the end of gongkai/foi/models.py so Django registers the models in the ``foi`` app.
Case-owned rows (letter, delivery, review case) are scoped like the ledger: on the case's
receiving or handling unit (``EventScopedManager``). Templates are county-wide (one per outcome,
edited by the county office only).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.foi.domain.letters import DEFAULT_TITLE, LETTER_STATE_LABELS, LetterState
from gongkai.foi.domain.outcomes import REPLY_TYPE_LABELS, Outcome, outcome_label
from gongkai.foi.domain.stats import (
    REVIEW_KIND_LABELS,
    REVIEW_RESULT_LABELS,
    ReviewKind,
    ReviewResult,
)
from gongkai.foi.models import EventScopedManager, FoiRequest, _choices
from gongkai.units.models import Unit
from gongkai.units.scoping import ScopedModel

OUTCOME_CHOICES = [(str(o), outcome_label(o)) for o in Outcome]
PENDING = str(ReviewResult.PENDING)


class ReplyTemplate(models.Model):
    """The editable 答复书 template of one outcome (county-wide; seeded by migration 0004)."""

    outcome = models.CharField("办理结果", max_length=16, choices=OUTCOME_CHOICES, unique=True)
    title = models.CharField("标题", max_length=100, default=DEFAULT_TITLE)
    body = models.TextField("正文模板")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "答复书模板"
        verbose_name_plural = "答复书模板"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=[str(o) for o in Outcome]),
                name="foi_template_outcome_known",
            )
        ]

    def __str__(self) -> str:
        return f"{outcome_label(Outcome(self.outcome))}答复书模板"


class LetterSequence(models.Model):
    """The last 答复书 number per unit and year (霍政公开〔2026〕12号), allocated at approval."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="foi_letter_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last_value}"


class ReplyLetter(ScopedModel):
    """The reply letter of a case. One per case; a returned letter is edited and resubmitted."""

    request = models.OneToOneField(
        FoiRequest, on_delete=models.PROTECT, related_name="reply_letter"
    )
    outcome = models.CharField("办理结果", max_length=16, choices=OUTCOME_CHOICES)
    reply_type = models.CharField("答复类型", max_length=16, choices=_choices(REPLY_TYPE_LABELS))
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")
    state = models.CharField(
        "状态",
        max_length=12,
        choices=_choices(LETTER_STATE_LABELS),
        default=str(LetterState.DRAFT),
    )
    number = models.CharField("文号", max_length=40, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    dated_on = models.DateField("成文日期", null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="拟稿人"
    )
    drafted_at = models.DateTimeField("拟稿时间")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="签发人",
    )
    approved_at = models.DateTimeField("签发时间", null=True, blank=True)
    return_reason = models.TextField("退回意见", blank=True)

    objects = EventScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "答复书"
        verbose_name_plural = "答复书"
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[str(s) for s in LetterState]),
                name="foi_letter_state_known",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=[str(o) for o in Outcome]),
                name="foi_letter_outcome_known",
            ),
            # Approved ⇔ numbered, dated and signed by someone other than the drafter.
            models.CheckConstraint(
                condition=(
                    Q(state=str(LetterState.APPROVED))
                    & ~Q(number="")
                    & Q(dated_on__isnull=False)
                    & Q(approved_by__isnull=False)
                    & ~Q(approved_by=models.F("drafted_by"))
                )
                | (~Q(state=str(LetterState.APPROVED)) & Q(number="")),
                name="foi_letter_approved_consistent",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.request.tracking_code}答复书（{self.get_state_display()}）"

    @property
    def is_approved(self) -> bool:
        return self.state == LetterState.APPROVED


class DeliveryMethod(models.TextChoices):
    POST = "post", "邮寄"
    PICKUP = "pickup", "自取"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "在线"
    FAX = "fax", "传真"


class DeliveryRecord(ScopedModel):
    """送达 of the approved letter (国办公开办函〔2016〕235号: post through 邮政企业)."""

    request = models.ForeignKey(FoiRequest, on_delete=models.PROTECT, related_name="deliveries")
    letter = models.ForeignKey(ReplyLetter, on_delete=models.PROTECT, related_name="deliveries")
    method = models.CharField("送达方式", max_length=8, choices=DeliveryMethod.choices)
    delivered_on = models.DateField("送达日期")
    tracking_number = models.CharField("邮件号码", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    at = models.DateTimeField("登记时间")

    objects = EventScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "送达记录"
        verbose_name_plural = "送达记录"
        ordering = ["request", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=DeliveryMethod.values), name="foi_delivery_method_known"
            ),
            models.CheckConstraint(
                condition=~Q(method=DeliveryMethod.POST) | ~Q(tracking_number=""),
                name="foi_delivery_post_has_tracking",
            ),
            models.CheckConstraint(
                condition=~Q(method=DeliveryMethod.EMAIL) | ~Q(email=""),
                name="foi_delivery_email_has_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.delivered_on.isoformat()}"


class ReviewCase(ScopedModel):
    """A 行政复议 or 行政诉讼 arising from a case (table 四 of the annual report)."""

    request = models.ForeignKey(FoiRequest, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField("类别", max_length=24, choices=_choices(REVIEW_KIND_LABELS))
    filed_on = models.DateField("提起日期")
    body = models.CharField("复议机关或人民法院", max_length=100, blank=True)
    case_number = models.CharField("案号", max_length=60, blank=True)
    result = models.CharField(
        "结果", max_length=12, choices=_choices(REVIEW_RESULT_LABELS), default=PENDING
    )
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    objects = EventScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[str(k) for k in ReviewKind]), name="foi_review_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(result__in=[str(r) for r in ReviewResult]),
                name="foi_review_result_known",
            ),
            models.CheckConstraint(
                condition=(Q(result=PENDING) & Q(decided_on__isnull=True))
                | (~Q(result=PENDING) & Q(decided_on__isnull=False)),
                name="foi_review_decided_consistent",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("filed_on")),
                name="foi_review_decided_after_filed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on.isoformat()}"


class ImportedRecord(models.Model):
    """Which historical ledger row (``import_foi``) made which case: re-runs skip it."""

    source_id = models.CharField("来源编号", max_length=60)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(FoiRequest, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "source_id"], name="foi_import_source_unique")
        ]

    def __str__(self) -> str:
        return self.source_id
