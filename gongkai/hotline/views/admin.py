"""Staff admin of the 12345 hotline inside the Wagtail admin: intake, worklists, the ticket page
with its timeline and action forms, and the knowledge base.

Thin views: forms in gongkai/hotline/forms.py validate input, one service of
gongkai/hotline/services.py (or knowledge.py) writes. Every view runs inside the reader's scope
(``scope_for``: the centre, the handling and assisting units, county-wide readers), so a ticket
outside it is a 404. Services check who may act; the ticket page only offers the actions the
state allows and the user may take. Time is read here, at the edge, through ``clock()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access

from gongkai.hotline import (
    forms,
    knowledge,
    links,
    permissions,
    reception,
    selectors,
    services,
)
from gongkai.hotline.domain.states import (
    CATEGORY_LABELS,
    STATE_LABELS,
    EventKind,
    State,
    allowed_events,
)
from gongkai.hotline.models import Category, KnowledgeEntry, Ticket
from gongkai.units.errors import UnitsError
from gongkai.units.scoping import activate, system_scope
from gongkai.units.selectors import scope_for

PAGE_SIZE = 50
K = EventKind


def clock() -> tuple[dt.date, dt.datetime]:
    """Today and now, read once per request at the view edge."""
    return timezone.localdate(), timezone.now()


def hotline_view(view):
    """Admin access and a hotline role; the view and its rendering run in the reader's scope."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can_use_hotline(request.user):
            raise PermissionDenied
        with activate(scope_for(request.user)):
            response = view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()
            return response

    return require_admin_access(wrapper)


def int_param(value: str | None) -> int | None:
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 2**31 else None


def _ticket(pk: int) -> Ticket:
    return get_object_or_404(selectors.visible_tickets(), pk=pk)


def _detail(ticket) -> str:
    return reverse("hotline_admin_ticket", args=[getattr(ticket, "pk", ticket)])


# ---------------------------------------------------------------- intake


@hotline_view
def intake(request):
    if not permissions.is_centre_staff(request.user):
        raise PermissionDenied
    today, now = clock()
    form = forms.IntakeForm(request.POST or None)
    context = {"form": form, "duplicates": [], "hits": [], "suggestions": [], "checked": False}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "save":
            try:
                ticket = reception.intake(
                    by=request.user,
                    channel=data["channel"],
                    kind=data["kind"],
                    content=data["content"],
                    title=data["title"],
                    category=data["category"],
                    caller_name=data["caller_name"],
                    caller_phone=data["caller_phone"],
                    anonymous=data["anonymous"],
                    address=data["address"],
                    lat=data["lat"],
                    lon=data["lon"],
                    urgent=data["urgent"],
                    now=now,
                )
            except UnitsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已受理，工单编号 {ticket.number}")
                return redirect(_detail(ticket))
        context["checked"] = True
    if request.method == "POST" and form.is_bound and "content" in form.data:
        content = form.data.get("content", "")
        context["duplicates"] = selectors.duplicate_candidates(
            content=content, phone=form.data.get("caller_phone", ""), now=now
        )
        context["hits"] = selectors.knowledge_hits(content, today=today)
        context["suggestions"] = selectors.suggest_units(content)
    context.update(page_title="受理工单", header_title="受理工单", header_icon="mobile-alt")
    return TemplateResponse(request, "hotline/admin/intake.html", context)


# ---------------------------------------------------------------- worklists


@hotline_view
def ticket_list(request):
    """The centre's worklist (and every reader's search over the tickets they may see)."""
    _, now = clock()
    state = request.GET.get("state", "")
    state = state if state in STATE_LABELS else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in CATEGORY_LABELS else ""
    unit_id = int_param(request.GET.get("unit"))
    category_id = int_param(request.GET.get("category"))
    overdue = request.GET.get("overdue") == "1"
    q = request.GET.get("q", "").strip()[:30]
    rows = selectors.visible_tickets().order_by("-accepted_at", "-pk")
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    if unit_id:
        rows = rows.filter(handling_unit_id=unit_id)
    if category_id:
        rows = rows.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    if overdue:
        rows = rows.filter(selectors.overdue_filter(now))
    if q:
        rows = rows.filter(
            Q(number__startswith=q) | Q(title__icontains=q) | Q(address__icontains=q)
        )
    query = urlencode(
        {
            k: v
            for k, v in (
                ("state", state),
                ("kind", kind),
                ("unit", unit_id or ""),
                ("category", category_id or ""),
                ("overdue", "1" if overdue else ""),
                ("q", q),
            )
            if v
        }
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("p"))
    _decorate(page, now)
    return TemplateResponse(
        request,
        "hotline/admin/list.html",
        {
            "page_obj": page,
            "query": query,
            "state": state,
            "kind": kind,
            "unit_id": unit_id,
            "category_id": category_id,
            "overdue": overdue,
            "q": q,
            "state_options": [
                (str(s), label) for s, label in STATE_LABELS.items() if s != State.NEW
            ],
            "kind_options": [(str(k), label) for k, label in CATEGORY_LABELS.items()],
            "unit_options": forms.county_units(),
            "category_options": Category.objects.filter(parent__isnull=True, is_active=True),
            "is_centre": permissions.is_centre_staff(request.user),
            "page_title": "12345工单",
            "header_title": "12345工单",
            "header_icon": "mobile-alt",
        },
    )


def _decorate(page, now: dt.datetime) -> None:
    for ticket in page:
        due = selectors.active_due(ticket)
        ticket.active_due = due
        ticket.is_overdue = due is not None and due < now


@hotline_view
def unit_worklist(request):
    """A handling unit's worklist: 待签收 / 办理中 / 待审核 / 退回重办."""
    _, now = clock()
    units = permissions.staff_units(request.user)
    tab = request.GET.get("tab", "to_sign")
    tab = tab if tab in selectors.UNIT_TABS else "to_sign"
    rows = (
        selectors.visible_tickets()
        .filter(handling_unit_id__in=units)
        .filter(selectors.unit_tab_filter(tab))
        .order_by("sign_due" if tab == "to_sign" else "reply_due", "pk")
    )
    counts = {
        key: selectors.visible_tickets()
        .filter(handling_unit_id__in=units)
        .filter(selectors.unit_tab_filter(key))
        .count()
        for key in selectors.UNIT_TABS
    }
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("p"))
    _decorate(page, now)
    return TemplateResponse(
        request,
        "hotline/admin/unit.html",
        {
            "page_obj": page,
            "tab": tab,
            "tabs": [(k, label, counts[k]) for k, label in selectors.UNIT_TABS.items()],
            "query": urlencode({"tab": tab}),
            "page_title": "本单位工单",
            "header_title": "本单位工单",
            "header_icon": "tasks",
        },
    )


# ---------------------------------------------------------------- the ticket and its actions


def _centre(user, t: Ticket) -> bool:
    return permissions.is_centre_staff(user, t.centre_id)


def _handler(user, t: Ticket) -> bool:
    return permissions.is_unit_staff(user, t.handling_unit_id)


def _leader(user, t: Ticket) -> bool:
    return permissions.is_unit_leader(user, t.handling_unit_id)


def _direct_entry(data) -> KnowledgeEntry | None:
    if not data.get("entry"):
        return None
    # The centre answers from any unit's entry (shared knowledge base, 国办发〔2020〕53号).
    with system_scope("the hotline centre reads every unit's knowledge base"):
        entry = KnowledgeEntry.unscoped.filter(pk=data["entry"], is_active=True).first()
    if entry is None:
        raise services.HotlineError("知识库条目不存在或已停用")
    return entry


def _merge(t, u, c, now):
    with system_scope("a duplicate may sit in another centre's list"):
        target = Ticket.unscoped.filter(number=c["into"].strip()).first()
    if target is None:
        raise services.HotlineError("没有该编号的工单")
    return reception.merge_ticket(t, into=target, by=u, now=now)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form_class: type
    who: Callable
    run: Callable  # (ticket, user, cleaned_data, now) -> ticket
    event: EventKind | None = None  # offered only where the transition table allows it
    states: tuple[str, ...] = ()  # or in these states (log-only actions)
    condition: Callable | None = None  # (ticket) -> bool
    danger: bool = False

    def offered(self, user, ticket: Ticket) -> bool:
        if ticket.merged_into_id:
            return False
        if self.event is not None and self.event not in allowed_events(State(ticket.state)):
            return False
        if self.states and ticket.state not in self.states:
            return False
        if self.condition is not None and not self.condition(ticket):
            return False
        return self.who(user, ticket)

    def url(self, ticket: Ticket) -> str:
        return reverse("hotline_admin_action", args=[ticket.pk, self.name])


def _yes(value: str) -> bool:
    return value == "yes"


OPEN_STATES = tuple(str(s) for s in State if s != State.CLOSED)

ACTIONS: tuple[Action, ...] = (
    Action(
        "dispatch",
        "派单",
        forms.DispatchForm,
        _centre,
        lambda t, u, c, now: services.dispatch(
            t,
            unit=c["unit"],
            assists=c["assists"],
            designated=c["designated"],
            note=c["note"],
            by=u,
            now=now,
        ),
        event=K.DISPATCH,
    ),
    Action(
        "answer",
        "直接答复办结（直办）",
        forms.DirectAnswerForm,
        _centre,
        lambda t, u, c, now: services.answer_directly(
            t, entry=_direct_entry(c), answer=c["answer"], by=u, now=now
        ),
        event=K.ANSWER_DIRECTLY,
    ),
    Action("merge", "合并至重复工单", forms.MergeForm, _centre, _merge, states=(State.ACCEPTED,)),
    # 关联 from an open ticket (a new call about a closed one links from the new ticket; the
    # link shows on both), so a closed ticket keeps an empty 办理 section.
    Action(
        "link",
        "关联工单",
        forms.LinkForm,
        _centre,
        lambda t, u, c, now: links.link_tickets(
            t, number=c["number"], note=c["note"], by=u, now=now
        ),
        states=OPEN_STATES,
    ),
    Action(
        "unlink",
        "取消关联",
        forms.UnlinkForm,
        _centre,
        lambda t, u, c, now: links.unlink_tickets(t, number=c["number"], by=u, now=now),
        states=OPEN_STATES,
        condition=links.has_links,
        danger=True,
    ),
    Action(
        "sign",
        "签收",
        forms.EmptyForm,
        _handler,
        lambda t, u, c, now: services.sign(t, by=u, now=now),
        event=K.SIGN,
    ),
    Action(
        "return",
        "退单",
        forms.ReasonForm,
        _handler,
        lambda t, u, c, now: services.return_ticket(t, reason=c["reason"], by=u, now=now),
        event=K.RETURN,
        condition=lambda t: not t.designated,
        danger=True,
    ),
    Action(
        "extension",
        "申请延期",
        forms.ExtensionForm,
        _handler,
        lambda t, u, c, now: services.request_extension(
            t, until=c["until"], reason=c["reason"], by=u, now=now
        ),
        event=K.REQUEST_EXTENSION,
    ),
    Action(
        "approve_extension",
        "批准延期",
        forms.NoteForm,
        _centre,
        lambda t, u, c, now: services.approve_extension(t, note=c["note"], by=u, now=now),
        event=K.APPROVE_EXTENSION,
    ),
    Action(
        "reject_extension",
        "不予延期",
        forms.ReasonForm,
        _centre,
        lambda t, u, c, now: services.reject_extension(t, reason=c["reason"], by=u, now=now),
        event=K.REFUSE_EXTENSION,
        danger=True,
    ),
    Action(
        "submit_reply",
        "提交答复（报单位负责人审核）",
        forms.ReplyForm,
        _handler,
        lambda t, u, c, now: services.submit_reply(t, text=c["text"], by=u, now=now),
        states=(State.HANDLING,),
    ),
    Action(
        "approve_reply",
        "审核通过答复",
        forms.ApproveReplyForm,
        _leader,
        lambda t, u, c, now: services.approve_reply(t, text=c["text"], by=u, now=now),
        event=K.REPLY,
        condition=lambda t: bool(t.reply_draft),
    ),
    Action(
        "reject_draft",
        "退回答复稿",
        forms.ReasonForm,
        _leader,
        lambda t, u, c, now: services.reject_draft(t, reason=c["reason"], by=u, now=now),
        states=(State.HANDLING,),
        condition=lambda t: bool(t.reply_draft),
        danger=True,
    ),
    Action(
        "check_reply",
        "审核答复",
        forms.CheckReplyForm,
        _centre,
        lambda t, u, c, now: services.check_reply(
            t, accept=_yes(c["accept"]), reason=c["reason"], by=u, now=now
        ),
        event=K.ACCEPT_REPLY,
    ),
    Action(
        "callback",
        "登记回访",
        forms.CallbackForm,
        _centre,
        lambda t, u, c, now: services.record_callback(
            t,
            satisfaction=c["satisfaction"],
            resolved=_yes(c["resolved"]),
            note=c["note"],
            by=u,
            now=now,
        ),
        event=K.CALLBACK,
    ),
    Action(
        "redo",
        "不满意理由成立，发回重办",
        forms.ReasonForm,
        _centre,
        lambda t, u, c, now: services.redo(t, reason=c["reason"], by=u, now=now),
        event=K.REDO,
        danger=True,
    ),
    Action(
        "close",
        "不满意理由不成立，办结",
        forms.ReasonForm,
        _centre,
        lambda t, u, c, now: services.close(t, reason=c["reason"], by=u, now=now),
        event=K.CLOSE,
    ),
    Action(
        "urge",
        "催办",
        forms.NoteForm,
        lambda u, t: _centre(u, t) or permissions.is_county_office(u),
        lambda t, u, c, now: services.urge(t, note=c["note"], by=u, now=now),
        event=K.URGE,
    ),
    Action(
        "supervise",
        "督办",
        forms.NoteForm,
        lambda u, t: permissions.is_county_office(u),
        lambda t, u, c, now: services.supervise(t, note=c["note"], by=u, now=now),
        event=K.SUPERVISE,
        danger=True,
    ),
)
ACTIONS_BY_NAME = {a.name: a for a in ACTIONS}


@hotline_view
def ticket_detail(request, pk: int):
    _, now = clock()
    ticket = _ticket(pk)
    user = request.user
    suggestions = []
    if ticket.state in (State.ACCEPTED, State.RETURNED) and _centre(user, ticket):
        returned = ticket.returned_assignments.values_list("unit_id", flat=True)
        suggestions = selectors.suggest_units(ticket.content, exclude=returned)
    # The 派单 form starts on the first suggestion; the operator confirms or changes it.
    initial = {"dispatch": {"unit": suggestions[0].unit.pk}} if suggestions else {}
    actions = [
        (a, a.form_class(auto_id=f"id_{a.name}_%s", initial=initial.get(a.name)), a.url(ticket))
        for a in ACTIONS
        if a.offered(user, ticket)
    ]
    clock_ = services.clock_of(ticket, now=now) if not ticket.merged_into_id else None
    related, related_hidden = links.related_of(ticket)
    return TemplateResponse(
        request,
        "hotline/admin/ticket.html",
        {
            "ticket": ticket,
            "caller": selectors.masked(ticket),
            "assists": [a.unit for a in ticket.assists.select_related("unit")],
            "events": services.events_of(ticket),
            "actions": actions,
            "clock": clock_,
            "active_due": selectors.active_due(ticket),
            "suggestions": suggestions,
            "related": related,
            "related_hidden": related_hidden,
            "attachments": ticket.attachments.all(),
            "page_title": f"工单 {ticket.number}",
            "header_title": f"工单 {ticket.number}",
            "header_icon": "mobile-alt",
        },
    )


@require_POST
@hotline_view
def ticket_action(request, pk: int, action: str):
    spec = ACTIONS_BY_NAME.get(action)
    ticket = _ticket(pk)
    if spec is None:
        raise PermissionDenied
    form = spec.form_class(request.POST)
    if not form.is_valid():
        messages.error(request, f"{spec.label}未完成：{forms.error_text(form)}")
        return redirect(_detail(ticket))
    _, now = clock()
    try:
        spec.run(ticket, request.user, form.cleaned_data, now)
    except UnitsError as exc:
        messages.error(request, f"{spec.label}未完成：{exc}")
    else:
        messages.success(request, f"已{spec.label}")
    return redirect(_detail(ticket))


# ---------------------------------------------------------------- knowledge base


@hotline_view
def knowledge_list(request):
    today, _ = clock()
    q = request.GET.get("q", "").strip()[:50]
    if permissions.is_centre_staff(request.user):
        # The centre reads every unit's entries (shared knowledge base).
        with system_scope("the hotline centre reads every unit's knowledge base"):
            rows = list(_knowledge_rows(KnowledgeEntry.unscoped.select_related("unit"), q))
    else:
        rows = list(_knowledge_rows(selectors.search_knowledge(""), q))
    for entry in rows:
        entry.stale = entry.is_stale(today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "hotline/admin/knowledge_list.html",
        {
            "page_obj": page,
            "q": q,
            "query": urlencode({"q": q}) if q else "",
            "page_title": "12345知识库",
            "header_title": "12345知识库",
            "header_icon": "help",
        },
    )


def _knowledge_rows(entries, q: str):
    if q:
        entries = entries.filter(
            Q(question__icontains=q) | Q(answer__icontains=q) | Q(keywords__icontains=q)
        )
    return entries.order_by("-is_active", "unit__sort_order", "question", "pk")


def _editable_units(user):
    units = forms.county_units()
    if permissions.is_county_office(user) or permissions.is_centre_staff(user):
        return units
    return units.filter(pk__in=permissions.staff_units(user))


@hotline_view
def knowledge_edit(request, pk: int | None = None):
    entry = None
    if pk is not None:
        with system_scope("centre staff edit any unit's entry; the service checks who"):
            entry = get_object_or_404(KnowledgeEntry.unscoped, pk=pk)
        if not permissions.can_edit_knowledge(request.user, entry.unit_id):
            raise PermissionDenied
    units = _editable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    ticket_pk = int_param(request.GET.get("from_ticket"))
    initial = {}
    from_ticket = None
    if entry is None and ticket_pk:
        from_ticket = selectors.visible_tickets().filter(pk=ticket_pk).first()
        if from_ticket is not None:
            initial = {
                "question": from_ticket.title or from_ticket.summary,
                "answer": from_ticket.reply,
                "unit": from_ticket.handling_unit_id,
            }
    form = forms.KnowledgeForm(request.POST or None, instance=entry, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        _, now = clock()
        data = form.cleaned_data
        try:
            entry = knowledge.save_knowledge_entry(
                entry,
                unit=data["unit"],
                question=data["question"],
                answer=data["answer"],
                keywords=data["keywords"],
                source=data["source"],
                valid_until=data["valid_until"],
                is_active=data["is_active"],
                from_ticket=from_ticket,
                by=request.user,
                now=now,
            )
        except UnitsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "知识库条目已保存")
            return redirect("hotline_admin_knowledge")
    title = "修改知识库条目" if entry is not None else "新增知识库条目"
    return TemplateResponse(
        request,
        "hotline/admin/knowledge_form.html",
        {
            "form": form,
            "entry": entry,
            "page_title": title,
            "header_title": title,
            "header_icon": "help",
        },
    )


ADMIN_URLS = [
    path("hotline/", ticket_list, name="hotline_admin_list"),
    path("hotline/new/", intake, name="hotline_admin_intake"),
    path("hotline/unit/", unit_worklist, name="hotline_admin_unit"),
    path("hotline/<int:pk>/", ticket_detail, name="hotline_admin_ticket"),
    path("hotline/<int:pk>/do/<slug:action>/", ticket_action, name="hotline_admin_action"),
    path("hotline/knowledge/", knowledge_list, name="hotline_admin_knowledge"),
    path("hotline/knowledge/new/", knowledge_edit, name="hotline_admin_knowledge_new"),
    path("hotline/knowledge/<int:pk>/", knowledge_edit, name="hotline_admin_knowledge_edit"),
]
