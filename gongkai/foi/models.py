"""依申请公开 applications and their clock ledger.

Scoping (docs/architecture.md, gongkai/units/scoping.py): a case belongs to the body that
received it (``unit``, which answers it, Art. 4 and the issue's "the case stays answered by the
body that received it"), but the handling unit (承办单位) works on it too. The default managers
therefore scope on *either* unit: a reader sees a case when the receiving unit **or** the
handling unit is in their scope (:class:`EitherUnitScopedManager`). Both checks happen when
the SQL is compiled, like every other scoped model, so no selector can forget the second unit.
A unit asked to contribute (协办, gongkai/foi/contributions_models.py) reads the case itself but
not its ledger rows, files or letters (``RequestScopedManager`` only). Acting on a case is
decided separately by gongkai/foi/permissions.py.

Personal data (ID number, phone, address) is encrypted at rest (gongkai/foi/fields.py) and
never appears in ``__str__``, the audit log or the public status page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.models import PrivateAttachment
from gongkai.core.storage import PrivateStorage, private_storage  # noqa: F401 (old migrations)
from gongkai.foi.domain.events import (
    CHANNEL_LABELS,
    EVENT_LABELS,
    STATE_LABELS,
    Channel,
    ClockEvent,
    EventKind,
    State,
)
from gongkai.foi.domain.identity import ID_TYPE_LABELS
from gongkai.foi.domain.outcomes import REPLY_TYPE_LABELS, Outcome, ReplyType, outcome_label
from gongkai.foi.domain.stats import APPLICANT_TYPE_LABELS, ApplicantType
from gongkai.foi.fields import EncryptedTextField
from gongkai.units.models import Unit
from gongkai.units.scoping import ScopedManager, ScopedModel, ScopedQuery, current_scope

NEW, CLOSED = str(State.NEW), str(State.CLOSED)  # plain strings keep the migration plain


def _choices(labels) -> list[tuple[str, str]]:
    return [(str(k), v) for k, v in labels.items()]


class _EitherUnitScopedQuery(ScopedQuery):
    """Scoped on any of ``scope_fields`` (OR): receiving or handling unit."""

    scope_fields: tuple[str, ...] = ()
    contribution_field: str = ""

    def _scoped_copy(self):
        scope = current_scope()
        query = self.clone()
        query.scope_pending = False
        if not scope.is_unrestricted:
            ids = sorted(scope.unit_ids or ())
            condition = Q()
            for field in self.scope_fields:
                condition |= Q(**{f"{field}__in": ids})
            if self.contribution_field:
                # Units asked to contribute (协办) read the case too: a subquery, not a join,
                # so a case with several contributing units is still one row.
                from gongkai.foi.contributions_models import FoiContribution

                asked = FoiContribution.unscoped.filter(unit_id__in=ids).values("request_id")
                condition |= Q(**{f"{self.contribution_field}__in": asked})
            query.add_q(condition)
        return query


class EitherUnitScopedManager(ScopedManager):
    scope_fields: tuple[str, ...] = ()
    # The field holding the case's pk, when units contributing to the case may read the rows.
    contribution_field: str = ""

    def get_queryset(self):
        if not self.scope_fields:
            raise TypeError(f"{type(self).__name__} must set scope_fields")
        query = _EitherUnitScopedQuery(self.model)
        query.scope_field = self.scope_fields[0]
        query.scope_fields = self.scope_fields
        query.contribution_field = self.contribution_field
        query.scope_pending = True
        return self.queryset_class(model=self.model, query=query, using=self._db, hints=self._hints)


class RequestScopedManager(EitherUnitScopedManager):
    scope_fields = ("unit_id", "handling_unit_id")
    contribution_field = "pk"


class EventScopedManager(EitherUnitScopedManager):
    scope_fields = ("request__unit_id", "request__handling_unit_id")


class WantedForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    PICKUP = "pickup", "自取"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "在线"


class FoiRequest(ScopedModel):
    unit = models.ForeignKey(
        Unit, verbose_name="受理机关", on_delete=models.PROTECT, related_name="foi_requests"
    )
    handling_unit = models.ForeignKey(
        Unit,
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="foi_handled",
    )
    internal_due = models.DateField("内部办理期限", null=True, blank=True)
    tracking_code = models.CharField("申请编号", max_length=20, unique=True)
    # Only a keyed digest of the 查询码: the applicant holds the code, we can merely check it.
    query_code_hash = models.CharField("查询码摘要", max_length=64)
    # Applicant (申请人): 自然人 or one of the five kinds of organisation (table 三 columns).
    applicant_type = models.CharField(
        "申请人类型", max_length=16, choices=_choices(APPLICANT_TYPE_LABELS)
    )
    applicant_name = models.CharField("姓名或名称", max_length=200)
    id_type = models.CharField(
        "证件类型", max_length=24, blank=True, choices=_choices(ID_TYPE_LABELS)
    )
    id_number = EncryptedTextField("证件号码", blank=True)
    phone = EncryptedTextField("联系电话", blank=True)
    address = EncryptedTextField("通信地址", blank=True)
    # Keyed digests (crypto.digest) of the normalised ID number and phone: the ciphertexts are
    # randomised, and repeat detection must find the same applicant's other applications.
    id_number_digest = models.CharField("证件号码摘要", max_length=64, blank=True, editable=False)
    phone_digest = models.CharField("联系电话摘要", max_length=64, blank=True, editable=False)
    postal_code = models.CharField("邮政编码", max_length=6, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    # The application
    description = models.TextField("所需信息的名称、文号或便于查询的其他特征性描述")
    wanted_form = models.CharField(
        "信息的指定提供形式", max_length=12, choices=WantedForm.choices, default=WantedForm.PAPER
    )
    delivery = models.CharField(
        "获取信息方式", max_length=8, choices=Delivery.choices, default=Delivery.POST
    )
    channel = models.CharField("提交渠道", max_length=16, choices=_choices(CHANNEL_LABELS))
    arrived_on = models.DateField("送达日期")
    confirmed_on = models.DateField("签收或确认日期", null=True, blank=True)
    received_on = models.DateField("收到申请之日", null=True, blank=True)
    # Where the case stands (kept in step with the ledger by gongkai/foi/services.py)
    state = models.CharField(
        "状态", max_length=20, choices=_choices(STATE_LABELS), default=str(State.NEW)
    )
    outcome = models.CharField(
        "办理结果",
        max_length=16,
        blank=True,
        choices=[(str(o), outcome_label(o)) for o in Outcome],
    )
    reply_type = models.CharField(
        "答复类型", max_length=16, blank=True, choices=_choices(REPLY_TYPE_LABELS)
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间")

    objects = RequestScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-arrived_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "state"], name="foi_unit_state"),
            models.Index(fields=["handling_unit", "state"], name="foi_handling_state"),
            models.Index(fields=["state", "received_on"], name="foi_open"),
            models.Index(fields=["applicant_name", "arrived_on"], name="foi_applicant"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant_type__in=[str(t) for t in ApplicantType]),
                name="foi_applicant_type_known",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=[str(c) for c in Channel]), name="foi_channel_known"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[str(s) for s in State]), name="foi_state_known"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", *(str(o) for o in Outcome)]),
                name="foi_outcome_known",
            ),
            models.CheckConstraint(
                condition=Q(reply_type__in=["", *(str(r) for r in ReplyType)]),
                name="foi_reply_type_known",
            ),
            models.CheckConstraint(
                condition=Q(wanted_form__in=WantedForm.values), name="foi_wanted_form_known"
            ),
            models.CheckConstraint(
                condition=Q(id_type__in=["", *ID_TYPE_LABELS]), name="foi_id_type_known"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="foi_delivery_known"
            ),
            # Closed ⇔ a closing date and an outcome; registered ⇔ a day of receipt.
            models.CheckConstraint(
                condition=(Q(state=CLOSED) & Q(closed_on__isnull=False) & ~Q(outcome=""))
                | (~Q(state=CLOSED) & Q(closed_on__isnull=True) & Q(outcome="")),
                name="foi_closed_consistent",
            ),
            models.CheckConstraint(
                condition=Q(state=NEW, received_on__isnull=True)
                | (~Q(state=NEW) & Q(received_on__isnull=False)),
                name="foi_received_consistent",
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=models.F("arrived_on")),
                name="foi_received_after_arrival",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this string goes to the audit log's object_repr.
        return self.tracking_code

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL_PERSON


class FoiEvent(ScopedModel):
    """One entry of a case's clock ledger (mirrors :class:`~gongkai.foi.domain.events.ClockEvent`).

    Append-only: the services never update or delete an event; the order is the primary key.
    """

    request = models.ForeignKey(FoiRequest, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事件", max_length=24, choices=_choices(EVENT_LABELS))
    on = models.DateField("日期")
    channel = models.CharField(max_length=16, blank=True, choices=_choices(CHANNEL_LABELS))
    confirmed_on = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    third_party = models.BooleanField(default=True)
    outcome = models.CharField(
        max_length=16, blank=True, choices=[(str(o), outcome_label(o)) for o in Outcome]
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField("说明", blank=True)

    objects = EventScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "计时事件"
        verbose_name_plural = "计时事件"
        ordering = ["request", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[str(k) for k in EventKind]), name="foi_event_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["", *(str(c) for c in Channel)]),
                name="foi_event_channel_known",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", *(str(o) for o in Outcome)]),
                name="foi_event_outcome_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{EVENT_LABELS[EventKind(self.kind)]} {self.on.isoformat()}"

    def to_clock_event(self) -> ClockEvent:
        return ClockEvent(
            kind=EventKind(self.kind),
            on=self.on,
            channel=Channel(self.channel) if self.channel else None,
            confirmed_on=self.confirmed_on,
            until=self.until,
            third_party=self.third_party,
            outcome=Outcome(self.outcome) if self.outcome else None,
        )


class TrackingSequence(models.Model):
    """The last 申请编号 number used per year, county-wide (YSQ-2026-000123; never reused)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"


class AttachmentKind(models.TextChoices):
    EVIDENCE = "evidence", "收件凭证（信封、传真件等扫描件）"
    ID_COPY = "id_copy", "身份证明复印件"
    APPLICATION = "application", "申请书扫描件"
    DISCLOSED = "disclosed", "公开的政府信息"
    LETTER = "letter", "答复书（签章扫描件）"
    CONTRIBUTION = "contribution", "协办单位提供的材料"
    OTHER = "other", "其他材料"


def attachment_path(instance: FoiAttachment, filename: str) -> str:
    # The tracking code, not the applicant's name, names the folder.
    return f"foi/{instance.request.tracking_code}/{instance.kind}/{filename}"


class FoiAttachment(ScopedModel, PrivateAttachment):
    """A file of a case. Private storage; read through gongkai/foi views only."""

    request = models.ForeignKey(FoiRequest, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("类别", max_length=16, choices=AttachmentKind.choices)

    objects = EventScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["request", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AttachmentKind.values), name="foi_attachment_kind_known"
            ),
        ]

    def upload_path(self, filename: str) -> str:
        return attachment_path(self, filename)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"


# Units asked to contribute (协办).
from gongkai.foi.contributions_models import FoiContribution  # noqa: E402, F401

# Reply letters, delivery, review cases (a separate module to keep this one short).
from gongkai.foi.replies_models import (  # noqa: E402, F401
    DeliveryMethod,
    DeliveryRecord,
    ImportedRecord,
    LetterSequence,
    ReplyLetter,
    ReplyTemplate,
    ReviewCase,
)
