"""Wagtail admin screens of the reply (答复): the reply page of a case, the letter templates,
review and litigation cases, and the annual statistics with Excel export.

Thin views: a form validates, one service of gongkai/foi/replies.py acts (it checks who may),
and the page only offers what the user may do. Reads run in the user's scope (set by
UnitScopeMiddleware), so a case outside it is a 404. Time is read here, at the edge (``clock``).
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access

from gongkai.foi import permissions, replies, services
from gongkai.foi import reply_forms as forms
from gongkai.foi.domain.events import STATE_LABELS, State
from gongkai.foi.domain.letters import LETTER_STATE_LABELS, PLACEHOLDERS, LetterState
from gongkai.foi.domain.outcomes import OUTCOME_REPLY_TYPES, REPLY_TYPE_LABELS, Outcome
from gongkai.foi.domain.stats import TABLE4_COLUMNS
from gongkai.foi.letter_docx import DOCX_TYPE, letter_docx, letter_filename
from gongkai.foi.models import AttachmentKind, FoiAttachment, FoiRequest
from gongkai.foi.replies_models import DeliveryRecord, ReplyLetter, ReviewCase
from gongkai.foi.statistics import TABLE3_COLUMNS, annual_statistics, statistics_xlsx
from gongkai.foi.views.common import clock, foi_view
from gongkai.units.errors import UnitsError
from gongkai.units.models import Unit
from gongkai.units.scoping import current_scope
from gongkai.units.selectors import active_memberships

REVIEWS_PER_PAGE = 50


def _case(pk: int, user) -> FoiRequest:
    case = get_object_or_404(FoiRequest.objects.select_related("unit", "handling_unit"), pk=pk)
    if permissions.is_contributor_only(user, case):
        # A contributing unit (协办) reads the question on the case page, not the reply.
        raise PermissionDenied
    return case


def _letter(case: FoiRequest) -> ReplyLetter | None:
    return (
        ReplyLetter.objects.filter(request=case).select_related("drafted_by", "approved_by").first()
    )


def _reply_url(case) -> str:
    return reverse("foi_admin_reply", args=[case.pk])


def _done(request, case, message: str):
    messages.success(request, message)
    return redirect(_reply_url(case))


def _refused(request, case, what: str, exc_or_text):
    messages.error(request, f"{what}未完成：{exc_or_text}")
    return redirect(_reply_url(case))


# ------------------------------------------------------------------------ reply page


def reply_summary(case: FoiRequest, user) -> dict:
    """What the case page's reply section and the reply page show (shared)."""
    letter = _letter(case)
    deliveries = list(DeliveryRecord.objects.filter(request=case).select_related("by"))
    return {
        "request_obj": case,
        "letter": letter,
        "letter_state": LETTER_STATE_LABELS[LetterState(letter.state)] if letter else "未起草",
        "deliveries": deliveries,
        "blockers": replies.closing_blockers(case),
        "reply_url": _reply_url(case),
        "closed": case.state == State.CLOSED,
    }


@foi_view
def reply_page(request, pk: int):
    case = _case(pk, request.user)
    today, _ = clock()
    user = request.user
    context = reply_summary(case, user)
    letter = context["letter"]
    may_handle = permissions.can_handle(user, case)
    may_approve = replies.can_approve_letter(user, case)
    editable = letter is not None and letter.state in (LetterState.DRAFT, LetterState.RETURNED)
    open_case = case.state != State.CLOSED
    clock_ = services.clock_of(case, today=today)
    context.update(
        {
            "state_label": STATE_LABELS[State(case.state)],
            "clock": clock_,
            "may_handle": may_handle,
            "may_approve": may_approve and letter is not None and letter.drafted_by_id != user.pk,
            "draft_form": forms.DraftForm(
                initial={"outcome": str(clock_.suggested_closure or "") if clock_ else ""}
            )
            if may_handle and letter is None and open_case and case.state != State.NEW
            else None,
            "letter_form": forms.LetterForm(
                initial={
                    "outcome": letter.outcome,
                    "reply_type": letter.reply_type,
                    "title": letter.title,
                    "body": letter.body,
                }
            )
            if editable and may_handle and open_case
            else None,
            "return_form": forms.ReturnForm() if letter is not None else None,
            "delivery_form": forms.DeliveryForm(initial={"delivered_on": today})
            if letter is not None and letter.is_approved and may_handle and open_case
            else None,
            "attach_form": forms.AttachForm() if may_handle else None,
            "disclosed": FoiAttachment.objects.filter(request=case, kind=AttachmentKind.DISCLOSED),
            "reviews": ReviewCase.objects.filter(request=case),
            "may_record_reviews": replies.can_record_reviews(user, case),
            "reply_types": {
                str(o): [(str(r), REPLY_TYPE_LABELS[r]) for r in types]
                for o, types in OUTCOME_REPLY_TYPES.items()
            },
            "page_title": f"答复：{case.tracking_code}",
            "header_title": f"答复：{case.tracking_code}",
            "header_icon": "mail",
        }
    )
    return render(request, "foi/admin/reply.html", context)


@require_POST
@foi_view
def reply_draft(request, pk: int):
    case = _case(pk, request.user)
    form = forms.DraftForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, "起草答复书", forms.error_text(form))
    _, now = clock()
    try:
        replies.draft_letter(
            case,
            outcome=form.cleaned_data["outcome"],
            reply_type=form.cleaned_data["reply_type"] or None,
            by=request.user,
            now=now,
        )
    except UnitsError as exc:
        return _refused(request, case, "起草答复书", exc)
    return _done(request, case, "已按模板生成答复书，请核对正文后提交审批")


@require_POST
@foi_view
def reply_edit(request, pk: int):
    case = _case(pk, request.user)
    letter = _letter(case)
    if letter is None:
        return _refused(request, case, "修改答复书", "尚未起草答复书")
    form = forms.LetterForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, "修改答复书", forms.error_text(form))
    data = form.cleaned_data
    _, now = clock()
    try:
        replies.update_letter(
            letter,
            outcome=data["outcome"],
            reply_type=data["reply_type"] or None,
            title=data["title"],
            body=data["body"],
            regenerate=data["regenerate"],
            by=request.user,
            now=now,
        )
    except UnitsError as exc:
        return _refused(request, case, "修改答复书", exc)
    return _done(request, case, "答复书已保存")


def _letter_action(label: str, run, done: str):
    @require_POST
    @foi_view
    def view(request, pk: int):
        case = _case(pk, request.user)
        letter = _letter(case)
        if letter is None:
            return _refused(request, case, label, "尚未起草答复书")
        today, now = clock()
        try:
            run(letter, request, today, now)
        except UnitsError as exc:
            return _refused(request, case, label, exc)
        return _done(request, case, done.format(letter=letter))

    return view


reply_submit = _letter_action(
    "提交审批",
    lambda letter, request, today, now: replies.submit_letter(letter, by=request.user, now=now),
    "答复书已提交单位负责人审批",
)
reply_approve = _letter_action(
    "签发",
    lambda letter, request, today, now: replies.approve_letter(
        letter, by=request.user, today=today, now=now
    ),
    "答复书已签发，文号 {letter.number}；送达后请登记送达情况",
)


@require_POST
@foi_view
def reply_return(request, pk: int):
    case = _case(pk, request.user)
    letter = _letter(case)
    form = forms.ReturnForm(request.POST)
    if letter is None or not form.is_valid():
        return _refused(request, case, "退回", forms.error_text(form) or "尚未起草答复书")
    _, now = clock()
    try:
        replies.return_letter(letter, by=request.user, reason=form.cleaned_data["reason"], now=now)
    except UnitsError as exc:
        return _refused(request, case, "退回", exc)
    return _done(request, case, "答复书已退回拟稿人修改")


@require_POST
@foi_view
def reply_deliver(request, pk: int):
    case = _case(pk, request.user)
    letter = _letter(case)
    form = forms.DeliveryForm(request.POST)
    if letter is None or not form.is_valid():
        return _refused(request, case, "登记送达", forms.error_text(form) or "尚未起草答复书")
    _, now = clock()
    try:
        replies.record_delivery(letter, by=request.user, now=now, **form.cleaned_data)
    except UnitsError as exc:
        return _refused(request, case, "登记送达", exc)
    return _done(request, case, "已登记送达；可以办结本申请")


@require_POST
@foi_view
def reply_attach(request, pk: int):
    case = _case(pk, request.user)
    form = forms.AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, case, "上传公开文件", forms.error_text(form))
    _, now = clock()
    try:
        replies.attach_disclosed(case, upload=form.cleaned_data["file"], by=request.user, now=now)
    except UnitsError as exc:
        return _refused(request, case, "上传公开文件", exc)
    return _done(request, case, "已上传公开的政府信息")


@require_POST
@foi_view
def reply_close(request, pk: int):
    case = _case(pk, request.user)
    _, now = clock()
    try:
        replies.close_with_reply(case, by=request.user, now=now)
    except UnitsError as exc:
        return _refused(request, case, "办结", exc)
    return _done(request, case, f"已办结（{case.get_outcome_display()}）")


@foi_view
def reply_docx(request, pk: int):
    case = _case(pk, request.user)
    letter = _letter(case)
    if letter is None:
        return _refused(request, case, "下载答复书", "尚未起草答复书")
    today, _ = clock()
    response = HttpResponse(letter_docx(letter, today=today), content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, letter_filename(letter))
    return response


# ------------------------------------------------------------------------- templates


def _template_admin(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not replies.can_edit_templates(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return require_admin_access(wrapper)


@_template_admin
def template_list(request):
    rows = [(o, replies.template_for(o)) for o in Outcome]
    return render(
        request,
        "foi/admin/templates.html",
        {
            "rows": rows,
            "page_title": "答复书模板",
            "header_title": "答复书模板",
            "header_icon": "doc-full",
        },
    )


@_template_admin
def template_edit(request, outcome: str):
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise PermissionDenied from None
    template = replies.template_for(outcome)
    form = forms.TemplateForm(
        request.POST or None, initial={"title": template.title, "body": template.body}
    )
    if request.method == "POST" and form.is_valid():
        _, now = clock()
        try:
            replies.update_template(outcome, by=request.user, now=now, **form.cleaned_data)
        except UnitsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "模板已保存，此后起草的答复书使用新模板")
            return redirect("foi_admin_templates")
    return render(
        request,
        "foi/admin/template_form.html",
        {
            "form": form,
            "outcome": outcome,
            "template": template,
            "placeholders": PLACEHOLDERS.items(),
            "page_title": "修改答复书模板",
            "header_title": f"修改答复书模板：{template}",
            "header_icon": "doc-full",
        },
    )


# ---------------------------------------------------------------------- review cases


@foi_view
def review_list(request):
    reviews = ReviewCase.objects.select_related("request", "request__unit").order_by(
        "-filed_on", "-pk"
    )
    page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "foi/admin/reviews.html",
        {
            "reviews": page,
            "page_obj": page,
            "decide_form": forms.DecideForm(),
            "page_title": "行政复议、行政诉讼",
            "header_title": "行政复议、行政诉讼",
            "header_icon": "warning",
        },
    )


@foi_view
def review_create(request, pk: int):
    case = _case(pk, request.user)
    if not replies.can_record_reviews(request.user, case):
        raise PermissionDenied
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, now = clock()
        try:
            replies.record_review_case(case, by=request.user, now=now, **form.cleaned_data)
        except UnitsError as exc:
            form.add_error(None, str(exc))
        else:
            return _done(request, case, "已登记行政复议、行政诉讼")
    return render(
        request,
        "foi/admin/review_form.html",
        {
            "form": form,
            "request_obj": case,
            "page_title": "登记行政复议、行政诉讼",
            "header_title": f"登记行政复议、行政诉讼：{case.tracking_code}",
            "header_icon": "warning",
        },
    )


@require_POST
@foi_view
def review_decide(request, review_pk: int):
    review = get_object_or_404(ReviewCase.objects.select_related("request"), pk=review_pk)
    form = forms.DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"登记结果未完成：{forms.error_text(form)}")
        return redirect("foi_admin_reviews")
    _, now = clock()
    try:
        replies.decide_review_case(review, by=request.user, now=now, **form.cleaned_data)
    except UnitsError as exc:
        messages.error(request, f"登记结果未完成：{exc}")
    else:
        messages.success(request, "已登记结果")
    return redirect("foi_admin_reviews")


# -------------------------------------------------------------------------- statistics


def _stats_choices(request) -> tuple[list[Unit], int, Unit | None, bool]:
    """Units the reader may pick, the year and the unit asked for (None: the whole county)."""
    today, _ = clock()
    county_wide = current_scope().is_unrestricted
    units = list(Unit.objects.filter(is_active=True, parent__isnull=False).exclude(kind="village"))
    try:
        year = int(request.GET.get("year") or today.year - 1)
    except ValueError:
        year = today.year - 1
    year = min(max(year, 2008), today.year)
    code = request.GET.get("unit", "")
    unit = next((u for u in units if u.code == code), None)
    if unit is None and not county_wide:
        own = {m.unit_id for m in active_memberships(request.user)}
        unit = next((u for u in units if u.pk in own), units[0] if units else None)
    return units, year, unit, county_wide


@foi_view
def stats_page(request):
    units, year, unit, county_wide = _stats_choices(request)
    if unit is None and not county_wide:
        raise PermissionDenied
    result = annual_statistics(year=year, unit=unit)
    today, _ = clock()
    return render(
        request,
        "foi/admin/stats.html",
        {
            "result": result,
            "units": units,
            "unit": unit,
            "county_wide": county_wide,
            "year": year,
            "years": list(range(today.year, 2018, -1)),
            "table3_columns": TABLE3_COLUMNS,
            "table4_columns": TABLE4_COLUMNS,
            "page_title": "依申请公开统计",
            "header_title": "依申请公开统计（年度报告表三、表四）",
            "header_icon": "table",
        },
    )


@foi_view
def stats_xlsx(request):
    _units, year, unit, county_wide = _stats_choices(request)
    if unit is None and not county_wide:
        raise PermissionDenied
    result = annual_statistics(year=year, unit=unit)
    response = HttpResponse(
        statistics_xlsx(result),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"{result.unit_label}{year}年度依申请公开统计.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


ADMIN_URLS = [
    path("foi/<int:pk>/reply/", reply_page, name="foi_admin_reply"),
    path("foi/<int:pk>/reply/draft/", reply_draft, name="foi_admin_reply_draft"),
    path("foi/<int:pk>/reply/edit/", reply_edit, name="foi_admin_reply_edit"),
    path("foi/<int:pk>/reply/submit/", reply_submit, name="foi_admin_reply_submit"),
    path("foi/<int:pk>/reply/approve/", reply_approve, name="foi_admin_reply_approve"),
    path("foi/<int:pk>/reply/return/", reply_return, name="foi_admin_reply_return"),
    path("foi/<int:pk>/reply/deliver/", reply_deliver, name="foi_admin_reply_deliver"),
    path("foi/<int:pk>/reply/attach/", reply_attach, name="foi_admin_reply_attach"),
    path("foi/<int:pk>/reply/close/", reply_close, name="foi_admin_reply_close"),
    path("foi/<int:pk>/reply/letter.docx", reply_docx, name="foi_admin_reply_docx"),
    path("foi/<int:pk>/reviews/new/", review_create, name="foi_admin_review_create"),
    path("foi/reviews/", review_list, name="foi_admin_reviews"),
    path("foi/reviews/<int:review_pk>/decide/", review_decide, name="foi_admin_review_decide"),
    path("foi/templates/", template_list, name="foi_admin_templates"),
    path("foi/templates/<str:outcome>/", template_edit, name="foi_admin_template_edit"),
    path("foi/stats/", stats_page, name="foi_admin_stats"),
    path("foi/stats/export.xlsx", stats_xlsx, name="foi_admin_stats_xlsx"),
]
