"""12345 hotline tickets (工单), their event log, clock settings, attachments and knowledge base.

The pure rules live in gongkai/hotline/domain/ (states and the transition table, clocks,
metrics, duplicate detection); these models store what the services decide.

Scoping (docs/architecture.md): a ticket is seen by the hotline centre that accepted it
(``centre``), the handling unit (主办, ``handling_unit``) and the assisting units (协办,
:class:`TicketAssist`); the county office and county leaders read everything through their
county-wide scope. All three checks are added when the SQL is compiled
(:class:`TicketScopedQuery`), like every other scoped model.

Clocks: limits come from :class:`ClockSetting` (per 诉求类型 and urgency, seeded from
:data:`gongkai.hotline.domain.clocks.DEFAULT_POLICY`, editable) and :class:`ClockParameters`
(working hours, reminders, 督办 threshold). At 受理 the ticket keeps a snapshot of them
(``Ticket.policy``) so that replaying its events later gives the same deadlines; deadlines and
on-time flags are stored on the ticket when each event happens (issue #6), so the rates stay
reproducible when the settings or the calendar change.

Personal data: the caller's name and phone are encrypted at rest (gongkai/foi/fields.py) and
the phone also has a keyed digest (``phone_digest``) for duplicate lookup; neither appears in
``__str__`` or the audit log. ``address`` is the place of the matter (a pothole, a shop), shown
de-identified on Open311 and grouped for hot spots, so it is stored in clear.
"""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.models import PrivateAttachment
from gongkai.foi.fields import EncryptedTextField
from gongkai.foi.models import EitherUnitScopedManager
from gongkai.hotline.domain.clocks import DEFAULT_POLICY, ClockPolicy, Limit
from gongkai.hotline.domain.states import (
    CATEGORY_LABELS,
    EVENT_LABELS,
    SATISFACTION_LABELS,
    STATE_LABELS,
    Event,
    EventKind,
    Satisfaction,
    State,
)
from gongkai.hotline.domain.states import (
    Category as Kind,
)
from gongkai.units.models import Unit
from gongkai.units.scoping import ScopedManager, ScopedModel, ScopedQuery, current_scope

CLOSED = str(State.CLOSED)
KNOWLEDGE_REVIEW_DAYS = 365  # an entry not reviewed for a year is flagged stale (default)


def _choices(labels) -> list[tuple[str, str]]:
    return [(str(k), v) for k, v in labels.items()]


KIND_CHOICES = _choices(CATEGORY_LABELS)


class Channel(models.TextChoices):
    PHONE = "phone", "电话"
    WEB = "web", "网站"
    WECHAT = "wechat", "微信"
    APP = "app", "App"
    SMS = "sms", "短信"
    LETTER = "letter", "信件"


# Event kinds of the log that are not clock events of the domain (no state change).
class LogKind(models.TextChoices):
    SUBMIT_REPLY = "submit_reply", "提交答复待单位负责人审核"
    REJECT_DRAFT = "reject_draft", "单位负责人退回答复稿"
    MERGE = "merge", "合并至其他工单"
    REMIND = "remind", "期限提醒"
    ATTACH = "attach", "上传附件"
    LINK = "link", "关联工单"
    UNLINK = "unlink", "取消关联工单"


EVENT_KIND_CHOICES = [*_choices(EVENT_LABELS), *LogKind.choices]


# ---------------------------------------------------------------------------- scoping


class TicketScopedQuery(ScopedQuery):
    """Scoped on the centre, the handling unit or an assisting unit (OR) of the ticket at
    ``prefix`` ("" for Ticket itself, "ticket__" for its events and files)."""

    prefix: str = ""

    def _scoped_copy(self):
        scope = current_scope()
        query = self.clone()
        query.scope_pending = False
        if not scope.is_unrestricted:
            ids = sorted(scope.unit_ids or ())
            p = self.prefix
            # A subquery, not a join: a ticket with two assisting units in scope is one row.
            assisted = TicketAssist.unscoped.filter(unit_id__in=ids).values("ticket_id")
            query.add_q(
                Q(**{f"{p}centre_id__in": ids})
                | Q(**{f"{p}handling_unit_id__in": ids})
                | Q(**{f"{p}pk__in" if not p else f"{p}id__in": assisted})
            )
        return query


class TicketScopedManager(ScopedManager):
    scope_field = "centre_id"  # informative; TicketScopedQuery decides
    prefix = ""

    def get_queryset(self):
        query = TicketScopedQuery(self.model)
        query.scope_field = self.scope_field
        query.prefix = self.prefix
        query.scope_pending = True
        return self.queryset_class(model=self.model, query=query, using=self._db, hints=self._hints)


class TicketPartScopedManager(TicketScopedManager):
    prefix = "ticket__"


class AssistScopedManager(EitherUnitScopedManager):
    scope_fields = ("unit_id", "ticket__centre_id", "ticket__handling_unit_id")


class UnitScopedManager(ScopedManager):
    scope_field = "unit_id"


# ---------------------------------------------------------------------------- settings


class Category(models.Model):
    """诉求分类 (subject) tree, e.g. 城乡建设 › 物业管理. Crossed with the 诉求类型 (咨询, 求助,
    投诉, 建议, 举报, 表扬) stored on the ticket. County-wide reference data, not unit-owned."""

    code = models.CharField("分类代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=60)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    default_unit = models.ForeignKey(
        Unit,
        verbose_name="默认承办单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "诉求分类"
        verbose_name_plural = "诉求分类"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        if self.parent_id and self.parent is not None:
            return f"{self.parent.name}›{self.name}"
        return self.name


class ClockSetting(models.Model):
    """Limits per 诉求类型 and urgency (issue #6; defaults in the data migration from
    ``DEFAULT_POLICY``): ``*_hours`` > 0 means clock hours, else ``*_workdays`` working days
    (0 = the same working day)."""

    kind = models.CharField("诉求类型", max_length=16, choices=KIND_CHOICES)
    urgent = models.BooleanField("紧急", default=False)
    sign_workdays = models.PositiveSmallIntegerField("签收时限（工作日）", default=1)
    sign_hours = models.PositiveSmallIntegerField("签收时限（小时）", default=0)
    reply_workdays = models.PositiveSmallIntegerField("答复时限（工作日）", default=10)
    reply_hours = models.PositiveSmallIntegerField("答复时限（小时）", default=0)
    callback_workdays = models.PositiveSmallIntegerField("回访时限（工作日）", default=2)
    callback_hours = models.PositiveSmallIntegerField("回访时限（小时）", default=0)
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "办理时限设置"
        verbose_name_plural = "办理时限设置"
        ordering = ["kind", "urgent"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "urgent"], name="hl_clock_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=[str(k) for k in Kind]), name="hl_clock_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(sign_hours__lte=72)
                & Q(reply_hours__lte=720)
                & Q(callback_hours__lte=72),
                name="hl_clock_hours_bounded",
            ),
            models.CheckConstraint(
                condition=Q(sign_workdays__lte=30)
                & Q(reply_workdays__lte=90)
                & Q(callback_workdays__lte=30),
                name="hl_clock_days_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{CATEGORY_LABELS[Kind(self.kind)]}{'（紧急）' if self.urgent else ''}"

    @property
    def sign_limit(self) -> Limit:
        return Limit(workdays=self.sign_workdays, hours=self.sign_hours)

    @property
    def reply_limit(self) -> Limit:
        return Limit(workdays=self.reply_workdays, hours=self.reply_hours)

    @property
    def callback_limit(self) -> Limit:
        return Limit(workdays=self.callback_workdays, hours=self.callback_hours)


class ClockParameters(models.Model):
    """The county-wide clock parameters (one row, pk=1): working hours, 延期, reminders, 督办."""

    work_start = models.TimeField("上班时间", default=DEFAULT_POLICY.work_start)
    work_end = models.TimeField("下班时间", default=DEFAULT_POLICY.work_end)
    max_extensions = models.PositiveSmallIntegerField(
        "最多延期次数", default=DEFAULT_POLICY.max_extensions
    )
    remind_workdays = models.PositiveSmallIntegerField(
        "到期前提醒（工作日）", default=DEFAULT_POLICY.remind_workdays
    )
    supervise_after_workdays = models.PositiveSmallIntegerField(
        "超期几个工作日后督办", default=DEFAULT_POLICY.supervise_after_workdays
    )
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "时限参数"
        verbose_name_plural = "时限参数"
        constraints = [
            models.CheckConstraint(
                condition=Q(work_start__lt=models.F("work_end")), name="hl_hours_order"
            ),
            models.CheckConstraint(
                condition=Q(supervise_after_workdays__gte=1), name="hl_supervise_min"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_start:%H:%M}–{self.work_end:%H:%M}"


def policy_from_snapshot(snapshot: dict) -> ClockPolicy:
    """The :class:`ClockPolicy` a ticket was accepted under (see ``Ticket.policy``).

    The snapshot holds the limits of the ticket's own 诉求类型 and urgency; the policy maps every
    类型 and both urgencies to them, since the ticket uses only its own.
    """

    def lim(key: str) -> Limit:
        workdays, hours = snapshot[key]
        return Limit(workdays=int(workdays), hours=int(hours))

    reply = lim("reply")
    return ClockPolicy(
        reply=dict.fromkeys(Kind, reply),
        urgent_reply=reply,
        sign_for=lim("sign"),
        urgent_sign_for=lim("sign"),
        callback=lim("callback"),
        max_extensions=int(snapshot["max_extensions"]),
        remind_workdays=int(snapshot["remind_workdays"]),
        supervise_after_workdays=int(snapshot["supervise_after_workdays"]),
        work_start=time.fromisoformat(snapshot["work_start"]),
        work_end=time.fromisoformat(snapshot["work_end"]),
    )


# ---------------------------------------------------------------------------- tickets


class TicketSequence(models.Model):
    """The last daily number used per day, county-wide (20261126-0001; never reused).

    One upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING, ``reception.next_number``) creates
    or increments the day's row; concurrent intakes queue on the row's lock, for the whole
    operator's intake transaction or, for the API, the one statement (``citizen.allocate_number``
    runs it in autocommit). SQLite's IMMEDIATE transactions (settings.py) serialise writers.
    """

    day = models.DateField(unique=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day:%Y%m%d}: {self.last_value}"


# The columns the rates read (the 派单 day first: the rates select a period by it).
RATES_COLUMNS = [
    "dispatched_at",
    "handling_unit",
    "state",
    "sign_on_time",
    "sign_due",
    "reply_on_time",
    "reply_due",
    "replied_at",
    "callback_at",
    "satisfaction",
    "resolved",
    "redo_count",
    "id",
]


class Ticket(ScopedModel):
    number = models.CharField("工单编号", max_length=20, unique=True)
    centre = models.ForeignKey(
        Unit, verbose_name="受理热线中心", on_delete=models.PROTECT, related_name="hotline_accepted"
    )
    channel = models.CharField("来源渠道", max_length=8, choices=Channel.choices)
    # Caller (来电人): encrypted; anonymous callers leave both empty.
    anonymous = models.BooleanField("匿名", default=False)
    caller_name = EncryptedTextField("来电人姓名", blank=True)
    caller_phone = EncryptedTextField("联系电话", blank=True)
    phone_digest = models.CharField("联系电话摘要", max_length=64, blank=True, db_index=True)
    # The matter
    kind = models.CharField("诉求类型", max_length=16, choices=KIND_CHOICES)
    category = models.ForeignKey(
        Category,
        verbose_name="诉求分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    title = models.CharField("诉求摘要", max_length=100, blank=True)
    content = models.TextField("诉求内容")
    address = models.CharField("事发地点", max_length=200, blank=True)
    lat = models.DecimalField(
        "纬度（WGS84）", max_digits=9, decimal_places=6, null=True, blank=True
    )
    lon = models.DecimalField(
        "经度（WGS84）", max_digits=9, decimal_places=6, null=True, blank=True
    )
    urgent = models.BooleanField("紧急", default=False)
    # Where it stands (kept in step with the event log by gongkai/hotline/services.py)
    state = models.CharField(
        "状态", max_length=20, choices=_choices(STATE_LABELS), default=str(State.ACCEPTED)
    )
    handling_unit = models.ForeignKey(
        Unit,
        verbose_name="主办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_handled",
    )
    assist_units = models.ManyToManyField(
        Unit, through="TicketAssist", related_name="hotline_assisted", blank=True
    )
    designated = models.BooleanField("指定承办", default=False)
    policy = models.JSONField("时限快照", default=dict)
    accepted_at = models.DateTimeField("受理时间")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="受理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    # Stored deadlines and on-time flags, fixed when each event happens (issue #6).
    sign_due = models.DateTimeField("签收期限", null=True, blank=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    sign_on_time = models.BooleanField("按时签收", null=True, blank=True)
    reply_due = models.DateTimeField("答复期限", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    reply_on_time = models.BooleanField("按时答复", null=True, blank=True)
    callback_due = models.DateTimeField("回访期限", null=True, blank=True)
    callback_at = models.DateTimeField("回访时间", null=True, blank=True)
    callback_on_time = models.BooleanField("按时回访", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    extension_requested_until = models.DateField("申请延期至", null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField("延期次数", default=0)
    returned_at = models.DateTimeField("退单时间", null=True, blank=True)
    return_count = models.PositiveSmallIntegerField("退单次数", default=0)
    redo_count = models.PositiveSmallIntegerField("重办次数", default=0)
    urge_count = models.PositiveSmallIntegerField("催办次数", default=0)
    supervise_count = models.PositiveSmallIntegerField("督办次数", default=0)
    # The reply: drafted by the unit's staff, approved by its leader, checked by the centre.
    reply_draft = models.TextField("答复稿", blank=True)
    reply_draft_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply_draft_at = models.DateTimeField("答复稿提交时间", null=True, blank=True)
    reply = models.TextField("答复内容", blank=True)
    sent_back = models.BooleanField("答复被退回", default=False)
    knowledge_entry = models.ForeignKey(
        "KnowledgeEntry",
        verbose_name="直办依据的知识库条目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 回访
    satisfaction = models.CharField(
        "满意度", max_length=20, blank=True, choices=_choices(SATISFACTION_LABELS)
    )
    resolved = models.BooleanField("是否解决", null=True, blank=True)
    callback_note = models.TextField("回访记录", blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )

    objects = TicketScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "工单"
        verbose_name_plural = "工单"
        ordering = ["-accepted_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "accepted_at"], name="hl_state_accepted"),
            models.Index(fields=["handling_unit", "state"], name="hl_unit_state"),
            models.Index(fields=["centre", "state"], name="hl_centre_state"),
            models.Index(fields=["accepted_at"], name="hl_accepted"),
            models.Index(fields=["dispatched_at"], name="hl_dispatched"),
            # Covering index of the rates (gongkai/hotline/rates.py): the grouped COUNTs over a
            # year of tickets read only these columns, so the database scans the index in 派单
            # order instead of fetching every (wide) ticket row. A plain composite index, on
            # every vendor, as the raw SQL of migration 0003 created it: no ``include=`` (Django
            # drops INCLUDE on SQLite with warning models.W040, and keeping every column a key
            # column lets the same index serve both vendors identically).
            models.Index(fields=RATES_COLUMNS, name="hl_rates_cover"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[str(s) for s in State if s is not State.NEW]),
                name="hl_state_known",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="hl_channel_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[str(k) for k in Kind]), name="hl_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__in=["", *(str(s) for s in Satisfaction)]),
                name="hl_satisfaction_known",
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True)
                | Q(
                    lat__isnull=False,
                    lon__isnull=False,
                    lat__gte=-90,
                    lat__lte=90,
                    lon__gte=-180,
                    lon__lte=180,
                ),
                name="hl_wgs84_range",
            ),
            # Anonymous callers leave no name or phone.
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(caller_name="", caller_phone="", phone_digest=""),
                name="hl_anonymous_no_contact",
            ),
            models.CheckConstraint(
                condition=(Q(state=CLOSED) & Q(closed_at__isnull=False))
                | (~Q(state=CLOSED) & Q(closed_at__isnull=True)),
                name="hl_closed_consistent",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(state=CLOSED),
                name="hl_merged_is_closed",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=models.F("pk")),
                name="hl_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=Q(handling_unit__isnull=False)
                | Q(state__in=[str(State.ACCEPTED), CLOSED]),
                name="hl_dispatched_has_unit",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this string goes to the audit log's object_repr.
        return self.number

    @property
    def summary(self) -> str:
        return self.title or (self.content[:30] + ("…" if len(self.content) > 30 else ""))

    @property
    def clock_policy(self) -> ClockPolicy:
        return policy_from_snapshot(self.policy)

    @property
    def awaiting_leader(self) -> bool:
        """A reply draft waits for the unit leader's approval (待审核)."""
        return bool(self.reply_draft) and self.state == State.HANDLING


class TicketAssist(ScopedModel):
    """A 协办 unit of a ticket (helps the 主办 unit; reads the ticket)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="assists")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    objects = AssistScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "协办单位"
        verbose_name_plural = "协办单位"
        constraints = [
            models.UniqueConstraint(fields=["ticket", "unit"], name="hl_assist_once"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}:{self.unit_id}"


class TicketLink(models.Model):
    """关联工单: two tickets about the same matter (a repeat caller, the same problem reported
    again after 办结, a complaint about how an earlier ticket was handled). Unlike 合并 both
    carry on with their own handling and clocks. One row per pair, the lower id first.

    Read only through ``gongkai.hotline.links.related_of``, which shows the other tickets
    through the scoped ``Ticket.objects``: a link never reveals a ticket the reader may not see.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    related = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    note = models.CharField("关联说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("关联时间")

    unscoped = models.Manager()

    class Meta:
        verbose_name = "关联工单"
        verbose_name_plural = "关联工单"
        constraints = [
            models.UniqueConstraint(fields=["ticket", "related"], name="hl_link_once"),
            models.CheckConstraint(
                condition=Q(ticket__lt=models.F("related")), name="hl_link_ordered"
            ),
        ]
        indexes = [models.Index(fields=["related"], name="hl_link_related")]

    def __str__(self) -> str:
        return f"{self.ticket_id}–{self.related_id}"


class TicketEvent(ScopedModel):
    """One step of a ticket's life. Append-only: the services never update or delete an event;
    the order is the primary key. Kinds of the domain (:class:`EventKind`) are replayed by the
    clock (:meth:`to_domain`); the other kinds (:class:`LogKind`) are log entries only."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事件", max_length=24, choices=EVENT_KIND_CHOICES)
    at = models.DateTimeField("时间")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    payload = models.JSONField(default=dict, blank=True)

    objects = TicketPartScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "工单事件"
        verbose_name_plural = "工单事件"
        ordering = ["ticket", "pk"]
        indexes = [models.Index(fields=["ticket", "kind"], name="hl_event_ticket_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k for k, _ in EVENT_KIND_CHOICES]), name="hl_event_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at.isoformat()}"

    @property
    def is_clock_event(self) -> bool:
        return self.kind in EventKind._value2member_map_

    def to_domain(self) -> Event:
        p = self.payload or {}
        until = p.get("until")
        return Event(
            kind=EventKind(self.kind),
            at=self.at,
            unit=p.get("unit", ""),
            designated=bool(p.get("designated", False)),
            reason=self.note,
            until=date.fromisoformat(until) if until else None,
            satisfaction=Satisfaction(p["satisfaction"]) if p.get("satisfaction") else None,
            resolved=p.get("resolved"),
            category=Kind(p["kind"]) if p.get("kind") else None,
            urgent=bool(p.get("urgent", False)),
        )


def attachment_path(instance: TicketAttachment, filename: str) -> str:
    # The ticket number, not the caller's name, names the folder.
    return f"hotline/{instance.ticket.number}/{filename}"


class TicketAttachment(ScopedModel, PrivateAttachment):
    """A file of a ticket (photo of the scene, letter scan, reply letter). Private storage; read
    through permission-checked views only."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="attachments")

    objects = TicketPartScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "工单附件"
        verbose_name_plural = "工单附件"
        ordering = ["ticket", "pk"]

    def upload_path(self, filename: str) -> str:
        return attachment_path(self, filename)


# ---------------------------------------------------------------------------- knowledge


class KnowledgeEntry(ScopedModel):
    """知识库 entry of a unit (国办发〔2020〕53号: 权威准确、标准统一、实时更新、共建共享).

    Owned and kept up to date by ``unit``; read county-wide by the hotline centre at intake
    (gongkai/hotline/selectors.py reads it under a system scope for centre staff).
    """

    unit = models.ForeignKey(
        Unit, verbose_name="维护单位", on_delete=models.PROTECT, related_name="knowledge_entries"
    )
    question = models.CharField("问题", max_length=200)
    answer = models.TextField("答复口径")
    keywords = models.CharField("关键词", max_length=200, blank=True)
    source = models.CharField("依据或来源", max_length=200, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    is_active = models.BooleanField("启用", default=True)
    from_ticket = models.ForeignKey(
        Ticket,
        verbose_name="来源工单",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间")
    updated_at = models.DateTimeField("更新时间")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = UnitScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "知识库条目"
        verbose_name_plural = "知识库"
        ordering = ["unit", "question", "pk"]
        indexes = [models.Index(fields=["is_active", "valid_until"], name="hl_kb_active")]

    def __str__(self) -> str:
        return self.question

    def is_stale(self, today: date) -> bool:
        """Past its validity, or not reviewed for :data:`KNOWLEDGE_REVIEW_DAYS` (stale entries
        are flagged at intake and in the list; inspectors check them, hotline-portal-cms §1)."""
        if self.valid_until is not None and self.valid_until < today:
            return True
        return (today - self.updated_at.date()).days > KNOWLEDGE_REVIEW_DAYS


from gongkai.hotline.api_models import ApiClient, ApiSubmission  # noqa: E402, F401
from gongkai.hotline.models_rates import ReturnedAssignment  # noqa: E402, F401  (rates)
