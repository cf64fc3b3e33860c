"""The case page (申请详情): the application, its files, the clock ledger as a timeline, the due
date with its explanation, repeat detection, and one form per ledger action.

Thin views: each action form calls exactly one service of gongkai/foi/services.py, which checks
who may act and the ledger rules; a refusal re-renders the page with the bound form and the
Chinese message and writes nothing. Actions are offered only when the state allows them and
the user may act (gongkai/foi/permissions.py) — the services check again.

The reply letter, delivery and closing (答复书, 送达, 办结) belong to another module: it plugs a
panel into the page through ``foi/admin/_reply_section.html`` (included when that template
exists) and may add context through :data:`CASE_CONTEXT_PROVIDERS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from gongkai.foi import crypto, forms, notice_letters, permissions, repeats, selectors, services
from gongkai.foi.domain import ledger
from gongkai.foi.domain.events import EVENT_LABELS, STATE_LABELS, EventKind, State
from gongkai.foi.domain.fees import FeeMethod, compute_fee, nth_in_month
from gongkai.foi.letter_docx import DOCX_TYPE
from gongkai.foi.models import AttachmentKind, FoiAttachment, FoiEvent, FoiRequest
from gongkai.foi.views import common
from gongkai.foi.views import contributions as contribution_views
from gongkai.foi.views.common import foi_view
from gongkai.units.errors import UnitsError
from gongkai.workdays.calendar import get_calendar

REPLY_SECTION_TEMPLATE = "foi/admin/_reply_section.html"
# Callables (request, case, clock) -> dict merged into the case page's context; the reply
# module registers its own here.
CASE_CONTEXT_PROVIDERS: list[Callable] = []


def _case(pk: int) -> FoiRequest:
    """A case in the reader's scope, or 404."""
    return get_object_or_404(selectors.visible_requests(), pk=pk)


def _detail(case) -> str:
    return reverse("foi_admin_detail", args=[case.pk])


# ---------------------------------------------------------------- actions


def _staff(user, case, clock) -> bool:
    return permissions.can_handle(user, case)


@dataclass(frozen=True)
class Action:
    """One form of the case page: who is offered it, in which states, the service it calls."""

    name: str  # URL name suffix
    slug: str
    label: str
    form_class: type
    run: Callable  # (case, user, form, now) -> object
    done: Callable  # (case, form) -> success message
    states: frozenset[str] | None = None  # None: any state
    who: Callable = _staff  # (user, case, clock) -> bool
    help: str = ""
    multipart: bool = False

    def offered(self, user, case, clock) -> bool:
        if self.states is not None and case.state not in self.states:
            return False
        return self.who(user, case, clock)

    def url(self, case) -> str:
        return reverse(f"foi_admin_{self.name}", args=[case.pk])


def _states(*states: State) -> frozenset[str]:
    return frozenset(str(s) for s in states)


def _fmt(day) -> str:
    return ledger.fmt_date(day) if day else ""


ACTIONS: tuple[Action, ...] = (
    Action(
        name="assign",
        slug="assign",
        label="交办",
        form_class=forms.AssignForm,
        states=_states(
            State.NEW, State.OPEN, State.AWAITING_CORRECTION, State.CONSULTING, State.AWAITING_FEE
        ),
        who=lambda u, c, k: permissions.can_assign(u, c),
        run=lambda c, u, f, now: services.assign_request(
            c,
            handling_unit=f.cleaned_data["handling_unit"],
            internal_due=f.cleaned_data["internal_due"],
            by=u,
            now=now,
            note=f.ledger_note(),
        ),
        done=lambda c, f: f"已交办{c.handling_unit.name}，内部办理期限{_fmt(c.internal_due)}",
        help="由受理机关交承办单位办理，答复仍以受理机关名义作出。",
    ),
    Action(
        name="correction_notice",
        slug="correction-notice",
        label="补正告知",
        form_class=forms.CorrectionNoticeForm,
        states=_states(State.OPEN),
        who=lambda u, c, k: (
            permissions.can_handle(u, c) and k is not None and k.correction_due is None
        ),
        run=lambda c, u, f, now: services.send_correction_notice(
            c,
            on=f.cleaned_data["on"],
            until=f.cleaned_data["until"],
            by=u,
            now=now,
            note=f.ledger_note(),
        ),
        done=lambda c, f: (
            f"已登记补正告知，补正期限至{_fmt(f.cleaned_data['until'])}；"
            "请在计时台账中下载补正告知书，一次性送达申请人"
        ),
        help="申请内容不明确的，应在收到申请之日起7个工作日内一次性告知申请人需要补正的事项和合理的补正期限（《条例》第三十条）。",
    ),
    Action(
        name="correction_received",
        slug="correction-received",
        label="收到补正",
        form_class=forms.CorrectionReceivedForm,
        states=_states(State.AWAITING_CORRECTION),
        run=lambda c, u, f, now: services.receive_correction(
            c, on=f.cleaned_data["on"], by=u, now=now, note=f.ledger_note()
        ),
        done=lambda c, f: "已登记收到补正后申请，答复期限重新计算",
    ),
    Action(
        name="consultation",
        slug="consultation",
        label="征求意见",
        form_class=forms.ConsultationForm,
        states=_states(State.OPEN),
        run=lambda c, u, f, now: services.send_consultation(
            c,
            on=f.cleaned_data["on"],
            third_party=f.third_party,
            by=u,
            now=now,
            note=f.ledger_note(),
        ),
        done=lambda c, f: "已登记征求意见，征求意见期间不计入答复期限",
        help="征求第三方（第三十二条）或其他机关（第三十四条）意见，对方应在15个工作日内答复。",
    ),
    Action(
        name="consultation_answer",
        slug="consultation-answer",
        label="收到意见",
        form_class=forms.ConsultationAnswerForm,
        states=_states(State.CONSULTING),
        run=lambda c, u, f, now: services.receive_consultation_answer(
            c, on=f.cleaned_data["on"], by=u, now=now, note=f.ledger_note()
        ),
        done=lambda c, f: "已登记征求意见答复，恢复计算答复期限",
    ),
    Action(
        name="fee_notice",
        slug="fee-notice",
        label="收费通知",
        form_class=forms.FeeNoticeForm,
        states=_states(State.OPEN),
        run=lambda c, u, f, now: services.send_fee_notice(
            c, on=f.cleaned_data["on"], by=u, now=now, note=f.ledger_note()
        ),
        done=lambda c, f: f"已登记收费通知：{f.fee.explanation}",
        help="按件或按量计收信息处理费（国办函〔2020〕109号）；通知送达至缴费期间不计入答复期限，逾期20个工作日未缴费的视为放弃申请。",
    ),
    Action(
        name="fee_paid",
        slug="fee-paid",
        label="已缴费",
        form_class=forms.FeePaidForm,
        states=_states(State.AWAITING_FEE),
        run=lambda c, u, f, now: services.record_fee_paid(
            c, on=f.cleaned_data["on"], by=u, now=now, note=f.ledger_note()
        ),
        done=lambda c, f: "已登记缴费，次日起恢复计算答复期限",
    ),
    Action(
        name="extension",
        slug="extension",
        label="延期答复",
        form_class=forms.ExtensionForm,
        states=_states(State.OPEN, State.CONSULTING),
        who=lambda u, c, k: (
            permissions.can_approve_extension(u, c) and k is not None and not k.extended
        ),
        run=lambda c, u, f, now: services.approve_extension(
            c, on=f.cleaned_data["on"], by=u, now=now, note=f.ledger_note()
        ),
        done=lambda c, f: (
            "已登记延期答复，答复期限延长20个工作日；请在计时台账中下载延期答复告知书，送达申请人"
        ),
        help="需要延长答复期限的，应经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过20个工作日（《条例》第三十三条第二款）。",
    ),
    Action(
        name="art35",
        slug="art35",
        label="第三十五条",
        form_class=forms.Art35Form,
        states=_states(State.OPEN),
        run=lambda c, u, f, now: services.set_art35_deadline(
            c,
            on=f.cleaned_data["on"],
            until=f.cleaned_data["until"],
            by=u,
            now=now,
            note=f.ledger_note(),
        ),
        done=lambda c, f: (
            f"已确定延迟答复期限至{_fmt(f.cleaned_data['until'])}；"
            "请在计时台账中下载延迟答复告知书，送达申请人"
        ),
        help="申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求说明理由；理由合理但无法在规定期限内答复的，可以确定延迟答复的合理期限并告知申请人（《条例》第三十五条）。",
    ),
    Action(
        name="upload",
        slug="upload",
        label="上传材料",
        form_class=forms.UploadForm,
        run=lambda c, u, f, now: services.attach_file(
            c, kind=f.cleaned_data["kind"], upload=f.cleaned_data["file"], by=u, now=now
        ),
        done=lambda c, f: f"已上传“{f.cleaned_data['file'].name}”",
        help="接受 PDF、OFD、图片、Word、Excel 或 ZIP 文件，单个不超过20 MB；文件只保存在内部存储中。",
        multipart=True,
    ),
)
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


def _initial(action: Action, today: dt.date, fee_nth: int | None) -> dict:
    if action.name in ("assign", "upload"):
        return {}
    if action.name == "fee_notice":
        return {"on": today, "nth": fee_nth}
    return {"on": today}


# ---------------------------------------------------------------- page


def _masked_email(value: str) -> str:
    if not value:
        return ""
    local, _, domain = value.partition("@")
    return (local[:1] + "***@" + domain) if domain else crypto.mask_name(value)


def _applicant(case: FoiRequest) -> dict:
    values = selectors.masked(case)
    values["name"] = (
        case.applicant_name if case.is_organisation else crypto.mask_name(case.applicant_name)
    )
    values["email"] = _masked_email(case.email)
    return values


def _attachments(case: FoiRequest) -> list[FoiAttachment]:
    """The case's files; the case is in the reader's scope (a contributing unit's staff
    included), and each file's download is decided by permissions.can_download."""
    files = list(FoiAttachment.unscoped.filter(request=case).select_related("uploaded_by"))
    for attachment in files:
        # The permission checks read the case (and its cached contributing units): the same
        # object for every file, not one query each.
        attachment.request = case
    return files


def _reply_section_template() -> str:
    try:
        get_template(REPLY_SECTION_TEMPLATE)
    except TemplateDoesNotExist:
        return ""
    return REPLY_SECTION_TEMPLATE


def _fee_nth(case: FoiRequest, same_applicant) -> int:
    """The application's rank in its calendar month among the applicant's applications to the
    same body (按件计收, 国办函〔2020〕109号)."""
    earlier = [r.arrived_on for r in same_applicant if r.unit_id == case.unit_id and r.pk < case.pk]
    return nth_in_month(earlier, case.arrived_on)


def _render(request, case: FoiRequest, *, bound=None, personal=None, notice: str = "", status=200):
    """The case page; ``bound`` = (action name, bound form) re-renders that form with its errors."""
    today, _ = common.clock()
    user = request.user
    events = list(FoiEvent.unscoped.filter(request=case).select_related("by").order_by("pk"))
    case_clock = None
    clock_error = ""
    if events:
        try:
            case_clock = ledger.compute_clock(
                [e.to_clock_event() for e in events], get_calendar(), today=today
            )
        except ledger.LedgerError as exc:
            clock_error = str(exc)
    section = contribution_views.context(user, case, case_clock, today=today, bound=bound)
    # A contributing unit sees the question, not the applicant's other applications.
    same = [] if section["contributor_only"] else repeats.same_applicant(case)
    similar = [] if section["contributor_only"] else repeats.near_identical(case)
    fee_nth = _fee_nth(case, same)
    actions = []
    for action in ACTIONS:
        refused = bound is not None and bound[0] == action.name
        # A refused form is shown with its message even when it is not on offer (a stale
        # page, or a hand-made request): the user must see why nothing happened.
        if not refused and not action.offered(user, case, case_clock):
            continue
        if refused:
            form = bound[1]
        else:
            form = action.form_class(
                initial=_initial(action, today, fee_nth), auto_id=f"id_{action.name}_%s"
            )
        actions.append((action, form, action.url(case)))
    context = {
        "case": case,
        "applicant": _applicant(case),
        "personal": personal,
        "may_see_personal": permissions.can_see_personal_data(user, case),
        "personal_form": forms.PersonalDataForm(auto_id="id_personal_%s"),
        "events": [(event, EVENT_LABELS[EventKind(event.kind)]) for event in events],
        "notice_kinds": notice_letters.NOTICE_KINDS,
        "may_handle": permissions.can_handle(user, case),
        "clock": case_clock,
        "clock_error": clock_error,
        "risk_label": ledger.RISK_LABELS[case_clock.risk] if case_clock else "",
        "state_label": STATE_LABELS.get(case.state, case.state),
        "attachments": [
            (a, permissions.can_download(user, a))
            for a in _attachments(case)
            if not section["contributor_only"] or a.kind == AttachmentKind.CONTRIBUTION
        ],
        "actions": actions,
        "same_applicant": same,
        "near_identical": similar,
        "fee_nth": fee_nth,
        "fee_by_item": compute_fee(FeeMethod.PER_ITEM, nth=fee_nth),
        "notice": notice,
        "today": today,
        "reply_section_template": _reply_section_template(),
        "page_title": f"申请 {case.tracking_code}",
        "header_title": f"依申请公开 · {case.tracking_code}",
        "header_icon": "mail",
    }
    context.update(section)
    for provider in CASE_CONTEXT_PROVIDERS:
        context.update(provider(request, case, case_clock))
    return TemplateResponse(request, "foi/admin/detail.html", context, status=status)


@foi_view
def case_detail(request, pk: int):
    return _render(request, _case(pk))


@require_POST
@foi_view
def case_action(request, pk: int, action: str):
    spec = ACTIONS_BY_NAME[action]
    case = _case(pk)
    form = spec.form_class(request.POST, request.FILES, auto_id=f"id_{spec.name}_%s")
    if not form.is_valid():
        return _render(request, case, bound=(spec.name, form))
    if spec.name == "fee_notice" and "preview" in request.POST:
        return _render(
            request, case, bound=(spec.name, form), notice=f"试算结果：{form.fee.explanation}"
        )
    _, now = common.clock()
    try:
        spec.run(case, request.user, form, now)
    except UnitsError as exc:
        form.add_error(None, str(exc))
        return _render(request, case, bound=(spec.name, form))
    messages.success(request, spec.done(case, form))
    return redirect(_detail(case))


@require_POST
@foi_view
def case_personal_data(request, pk: int):
    """Show the applicant's full personal data once, audited (selectors.personal_data)."""
    case = _case(pk)
    form = forms.PersonalDataForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _, now = common.clock()
    try:
        personal = selectors.personal_data(case, by=request.user, now=now, reason=reason)
    except UnitsError as exc:
        raise PermissionDenied(str(exc)) from exc
    return _render(request, case, personal=personal)


@foi_view
def attachment_download(request, pk: int, attachment_pk: int):
    """Stream a case file from private storage after the permission check (audited when it
    carries personal data)."""
    case = _case(pk)
    attachment = next((a for a in _attachments(case) if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404("文件不存在")
    _, now = common.clock()
    try:
        handle = selectors.open_attachment(attachment, by=request.user, now=now)
    except UnitsError as exc:
        raise PermissionDenied(str(exc)) from exc
    except FileNotFoundError as exc:
        raise Http404("文件不存在") from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@foi_view
def event_notice(request, pk: int, event_pk: int):
    """The 告知书 of a ledger entry (补正, 延期, 第三十五条) as .docx, to send to the applicant."""
    case = _case(pk)
    event = get_object_or_404(
        FoiEvent.unscoped.filter(request=case, kind__in=notice_letters.NOTICE_KINDS), pk=event_pk
    )
    try:
        name, data = notice_letters.notice_docx(event, case, by=request.user)
    except UnitsError as exc:
        raise PermissionDenied(str(exc)) from exc
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
