"""Staff admin of the normative-document registry (行政规范性文件登记), inside the Wagtail admin.

Thin views: they validate input with gongkai/normdocs/forms.py and call one service of
gongkai/normdocs/services.py per request. Every view runs inside the reader's scope
(``permissions.reader_scope``: the legal office reads every unit, unit staff their units, the
county office everything), so a document outside it is a 404. Services check who may act; the
detail page only offers the actions the service would accept. Time is read here, at the edge,
through ``clock()`` (tests replace it).

Cleanup campaigns are in gongkai/normdocs/views/campaigns_admin.py; the URLs are registered by
gongkai/normdocs/wagtail_hooks.py from ``ADMIN_URLS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access

from gongkai.normdocs import forms, permissions, selectors, services
from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.lifecycle import STAGE_LABELS, STATUS_LABELS, Stage, Status
from gongkai.normdocs.models import NormativeDocument
from gongkai.units.errors import UnitsError
from gongkai.units.models import Unit
from gongkai.units.roles import Role
from gongkai.units.scoping import activate
from gongkai.units.selectors import active_memberships

PAGE_SIZE = 50
READER_ROLES = frozenset({*permissions.UNIT_STAFF_ROLES, Role.LEGAL_REVIEWER, Role.OBSERVER})


def clock() -> tuple[dt.date, dt.datetime]:
    """Today and now, read once per request at the view edge."""
    return timezone.localdate(), timezone.now()


def can_use_registry(user) -> bool:
    """Staff with a role concerned by normative documents (not, e.g., hotline operators)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_normdoc_reader", None)
    if cached is None:
        cached = (
            permissions.is_county_admin(user)
            or permissions.is_legal_reviewer(user)
            or any(Role(m.role) in READER_ROLES for m in active_memberships(user))
        )
        user._normdoc_reader = cached
    return cached


def registry_view(view):
    """Admin access and a registry role required; the view runs in the reader's scope.

    The scope is activated around the view and its rendering (like the catalogue boards), so
    lazy querysets in templates are filtered by the same scope as the view's own reads.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_use_registry(request.user):
            raise PermissionDenied
        with activate(permissions.reader_scope(request.user)):
            response = view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()
            return response

    return require_admin_access(wrapper)


def int_param(value: str | None) -> int | None:
    """A positive database id from a query parameter, or None (SQLite overflows past 2**63)."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 2**31 else None


def _document(pk: int) -> NormativeDocument:
    """A document in the reader's scope, or 404."""
    return get_object_or_404(selectors.staff_documents(), pk=pk)


def _detail(document_or_pk) -> str:
    pk = getattr(document_or_pk, "pk", document_or_pk)
    return reverse("normdocs_admin_detail", args=[pk])


ATTENTION_FILTERS = {"filing_overdue": "备案超期", "expiring": "6个月内到期"}


def attention_filter(name: str, today: dt.date) -> Q:
    """Documents needing action (shared with the dashboard panel)."""
    if name == "filing_overdue":  # the same rule as selectors.filing_overdue
        return Q(stage=Stage.PUBLISHED, filing_due__lt=today)
    return Q(
        stage__in=[str(s) for s in lifecycle.PUBLIC_STAGES],
        status=Status.VALID,
        valid_until__gte=today,
        valid_until__lte=lifecycle.add_months(today, 6),
    )


def may_draft(user) -> bool:
    units = permissions.drafting_units(user)
    return units is None or bool(units)


# ---------------------------------------------------------------- list


@registry_view
def document_list(request):
    today, _ = clock()
    unit_id = int_param(request.GET.get("unit"))
    stage = request.GET.get("stage", "")
    stage = stage if stage in STAGE_LABELS else ""
    status = request.GET.get("status", "")
    status = status if status in STATUS_LABELS else ""
    year = int_param(request.GET.get("year"))
    q = request.GET.get("q", "").strip()[:100]
    attention = request.GET.get("attention", "")
    attention = attention if attention in ATTENTION_FILTERS else ""

    documents = selectors.staff_documents().order_by(
        F("published_on").desc(nulls_first=True), "-pk"
    )
    if unit_id:
        documents = documents.filter(unit_id=unit_id)
    if stage:
        documents = documents.filter(stage=stage)
    if status:
        documents = documents.filter(
            status=status, stage__in=[str(s) for s in lifecycle.PUBLIC_STAGES]
        )
    if year:
        documents = documents.filter(published_on__year=year)
    if q:
        documents = documents.filter(Q(title__icontains=q) | Q(doc_number__icontains=q))
    if attention:
        documents = documents.filter(attention_filter(attention, today))

    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("p"))
    for document in page:
        document.filing_overdue = selectors.filing_overdue(document, today)
    query = urlencode(
        {
            k: v
            for k, v in (
                ("unit", unit_id or ""),
                ("stage", stage),
                ("status", status),
                ("year", year or ""),
                ("q", q),
                ("attention", attention),
            )
            if v
        }
    )
    years = [d.year for d in selectors.staff_documents().dates("published_on", "year", "DESC")]
    return TemplateResponse(
        request,
        "normdocs/admin/list.html",
        {
            "page_obj": page,
            "query": query,
            "unit_id": unit_id,
            "stage": stage,
            "status": status,
            "year": year,
            "q": q,
            "attention": attention,
            "attention_options": list(ATTENTION_FILTERS.items()),
            "unit_options": Unit.objects.filter(is_active=True).order_by("sort_order", "pk"),
            "stage_options": list(STAGE_LABELS.items()),
            "status_options": list(STATUS_LABELS.items()),
            "year_options": years,
            "is_legal_reviewer": permissions.is_legal_reviewer(request.user),
            "may_draft": may_draft(request.user),
            "page_title": "规范性文件登记",
            "header_title": "规范性文件登记",
            "header_icon": "doc-full",
        },
    )


# ---------------------------------------------------------------- drafting


@registry_view
def document_create(request):
    if not may_draft(request.user):
        raise PermissionDenied
    form = forms.DraftForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        today, now = clock()
        try:
            document = services.create_document(
                unit=form.cleaned_data["unit"],
                by=request.user,
                today=today,
                now=now,
                **form.draft_fields(),
            )
        except UnitsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已起草“{document.title}”，完善正文后可提交合法性审核")
            return redirect(_detail(document))
    return TemplateResponse(
        request,
        "normdocs/admin/form.html",
        {
            "form": form,
            "document": None,
            "page_title": "起草新文件",
            "header_title": "起草新文件",
            "header_icon": "doc-full",
        },
    )


@registry_view
def document_edit(request, pk: int):
    document = _document(pk)
    if document.stage != Stage.DRAFT:
        messages.error(request, "文件已提交审核，不能再修改；如需修改，请由司法局退回")
        return redirect(_detail(document))
    if not permissions.can_act_for_unit(request.user, document.unit_id):
        messages.error(request, "只有制定单位的工作人员或县政务公开办可以修改草稿")
        return redirect(_detail(document))
    form = forms.DraftForm(
        request.POST or None,
        user=request.user,
        document=document,
        initial=forms.initial_from(document),
    )
    if request.method == "POST" and form.is_valid():
        today, now = clock()
        try:
            services.update_draft(
                document, by=request.user, today=today, now=now, **form.draft_fields()
            )
        except UnitsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "草稿已保存")
            return redirect(_detail(document))
    return TemplateResponse(
        request,
        "normdocs/admin/form.html",
        {
            "form": form,
            "document": document,
            "page_title": "修改草稿",
            "header_title": f"修改草稿：{document.title}",
            "header_icon": "doc-full",
        },
    )


# ---------------------------------------------------------------- procedure and validity


def _staff(user, document) -> bool:
    return permissions.can_act_for_unit(user, document.unit_id)


def _legal(user, document) -> bool:
    return permissions.is_legal_reviewer(user)


def _published_message(document, data) -> str:
    return (
        f"已公布，自{document.effective_on:%Y年%m月%d日}起施行，有效期至"
        f"{document.valid_until:%Y年%m月%d日}；请于{document.filing_due:%Y年%m月%d日}前报"
        f"{document.filed_with}备案"
    )


def _reviewed_message(document, data) -> str:
    if document.stage == Stage.REVIEWED:
        return "合法性审核通过，可以提请集体审议"
    return "合法性审核意见已送达，文件已退回起草单位修改"


@dataclass(frozen=True)
class Action:
    """One button of the detail page: a form, who is offered it, the service it calls."""

    name: str  # URL name suffix and template key
    slug: str
    label: str
    form_class: type
    who: Callable
    run: Callable  # (document, user, cleaned_data, today, now) -> document
    done: Callable  # (document, cleaned_data) -> success message
    transition: str = ""  # stage transition (lifecycle.STAGE_TRANSITIONS)
    status_transition: str = ""  # validity transition (lifecycle.STATUS_TRANSITIONS)
    danger: bool = False
    help: str = ""

    def offered(self, user, document) -> bool:
        if self.transition:
            sources, _ = lifecycle.STAGE_TRANSITIONS[self.transition]
            if document.stage not in sources:
                return False
        if self.status_transition:
            sources, _ = lifecycle.STATUS_TRANSITIONS[self.status_transition]
            if not document.is_public or document.status not in sources:
                return False
        return self.who(user, document)

    def url(self, document) -> str:
        return reverse(f"normdocs_admin_{self.name}", args=[document.pk])


ACTIONS: tuple[Action, ...] = (
    Action(
        name="submit",
        slug="submit",
        label="提交合法性审核",
        form_class=forms.EmptyForm,
        who=_staff,
        transition="submit_for_legal_review",
        run=lambda d, u, c, today, now: services.submit_for_legal_review(d, by=u, now=now),
        done=lambda d, c: "已提交司法局合法性审核，审核期间草稿不能修改",
        help="提交后由县司法局进行合法性审核；未经合法性审核的文件不得提交集体审议。",
    ),
    Action(
        name="legal_review",
        slug="legal-review",
        label="合法性审核",
        form_class=forms.LegalReviewForm,
        who=_legal,
        transition="pass_legal_review",
        run=lambda d, u, c, today, now: services.record_legal_review(
            d, by=u, conclusion=c["conclusion"], opinion=c["opinion"], today=today, now=now
        ),
        done=_reviewed_message,
        help="审核通过的，文件进入集体审议；退回修改的，起草单位修改后重新提交。",
    ),
    Action(
        name="deliberate",
        slug="deliberation",
        label="登记集体审议",
        form_class=forms.DeliberationForm,
        who=_staff,
        transition="record_deliberation",
        run=lambda d, u, c, today, now: services.record_deliberation(
            d, by=u, meeting=c["meeting"], deliberated_on=c["deliberated_on"], now=now
        ),
        done=lambda d, c: f"已登记集体审议：{d.deliberation_meeting}",
    ),
    Action(
        name="sign",
        slug="sign",
        label="签发",
        form_class=forms.SignForm,
        who=_staff,
        transition="sign",
        run=lambda d, u, c, today, now: services.sign_document(
            d, by=u, signed_by=c["signed_by"], signed_on=c["signed_on"], now=now
        ),
        done=lambda d, c: f"已登记签发（签发人：{d.signed_by}）",
    ),
    Action(
        name="register",
        slug="register",
        label="统一登记编号",
        form_class=forms.RegisterForm,
        who=_staff,
        transition="register",
        run=lambda d, u, c, today, now: services.register_document(
            d, by=u, doc_number=c["doc_number"], written_on=c["written_on"], today=today, now=now
        ),
        done=lambda d, c: f"已统一登记编号：登记号 {d.registration_number}，文号 {d.doc_number}",
        help="文号按“机关代字〔年份〕序号号”统一格式，常见书写错误会自动更正；同一机关文号不得重复。",
    ),
    Action(
        name="publish",
        slug="publish",
        label="公布",
        form_class=forms.PublishForm,
        who=_staff,
        transition="publish",
        run=lambda d, u, c, today, now: services.publish_document(
            d,
            by=u,
            published_on=c["published_on"],
            effective_on=c["effective_on"],
            valid_until=c["valid_until"],
            now=now,
        ),
        done=_published_message,
        help=(
            "公布后文件即为有效，并在本单位“行政规范性文件”栏目发布。有效期留空时按施行日期起"
            "5年计算，标题含“暂行”“试行”的文件为2年；有效期一般不得超过上述期限。"
        ),
    ),
    Action(
        name="file",
        slug="file",
        label="备案",
        form_class=forms.FileForm,
        who=_staff,
        transition="file",
        run=lambda d, u, c, today, now: services.file_document(
            d,
            by=u,
            filed_on=c["filed_on"],
            filed_with=c["filed_with"],
            reference=c["reference"],
            now=now,
        ),
        done=lambda d, c: f"已登记报{d.filed_with}备案",
        help="规范性文件应自公布之日起30日内报送备案（有件必备）。",
    ),
    Action(
        name="repeal",
        slug="repeal",
        label="废止",
        form_class=forms.RepealForm,
        who=_staff,
        status_transition="repeal",
        run=lambda d, u, c, today, now: services.repeal_document(
            d, by=u, reason=c["reason"], repealed_by=c["repealed_by"], now=now
        ),
        done=lambda d, c: "文件已废止，公开目录中的有效性已同步更新",
        danger=True,
    ),
    Action(
        name="declare_expired",
        slug="declare-expired",
        label="宣布失效",
        form_class=forms.DeclareExpiredForm,
        who=_staff,
        status_transition="declare_expired",
        run=lambda d, u, c, today, now: services.declare_expired(
            d, by=u, reason=c["reason"], now=now
        ),
        done=lambda d, c: "文件已宣布失效，公开目录中的有效性已同步更新",
        danger=True,
    ),
    Action(
        name="renew",
        slug="renew",
        label="延续有效期",
        form_class=forms.RenewForm,
        who=_staff,
        status_transition="renew",
        run=lambda d, u, c, today, now: services.renew_document(
            d, by=u, valid_until=c["valid_until"], reason=c["reason"], now=now
        ),
        done=lambda d, c: f"有效期已延续至{d.valid_until:%Y年%m月%d日}",
        help="自今日起重新计算，延续后的有效期一般不超过5年（暂行、试行文件2年）。",
    ),
)
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


def _form_for(action: Action, document: NormativeDocument, data=None, *, today=None):
    kwargs = {"document": document} if action.form_class is forms.RepealForm else {}
    if data is not None:
        return action.form_class(data, **kwargs)
    return action.form_class(
        initial=_initial(action, document, today), auto_id=f"id_{action.name}_%s", **kwargs
    )


def _initial(action: Action, document: NormativeDocument, today: dt.date | None) -> dict:
    match action.name:
        case "deliberate":
            return {"deliberated_on": today}
        case "sign":
            return {"signed_on": today}
        case "register":
            return {"doc_number": document.doc_number, "written_on": document.signed_on}
        case "publish":
            return {
                "published_on": today,
                "effective_on": document.effective_on,
                "valid_until": document.valid_until,
            }
        case "file":
            return {"filed_on": today, "filed_with": document.filed_with}
        case "renew":
            return {"valid_until": lifecycle.default_valid_until(document.title, today)}
    return {}


@require_POST
@registry_view
def document_action(request, pk: int, action: str):
    spec = ACTIONS_BY_NAME[action]
    document = _document(pk)
    form = _form_for(spec, document, request.POST)
    if not form.is_valid():
        messages.error(request, f"{spec.label}未完成：{forms.error_text(form)}")
        return redirect(_detail(document))
    today, now = clock()
    try:
        result = spec.run(document, request.user, form.cleaned_data, today, now)
    except UnitsError as exc:
        messages.error(request, f"{spec.label}未完成：{exc}")
    else:
        messages.success(request, spec.done(result, form.cleaned_data))
    return redirect(_detail(document))


# ---------------------------------------------------------------- detail


@registry_view
def document_detail(request, pk: int):
    today, _ = clock()
    document = _document(pk)
    user = request.user
    actions = [
        (action, _form_for(action, document, today=today), action.url(document))
        for action in ACTIONS
        if action.offered(user, document)
    ]
    # Documents of the chain outside the reader's scope are shown only once public.
    chain = selectors.amendment_chain(document)
    readable = set(
        selectors.staff_documents()
        .filter(pk__in=[d.pk for d in chain])
        .values_list("pk", flat=True)
    )
    chain = [(d, d.pk in readable) for d in chain if d.pk in readable or d.is_public]
    item = document.item
    # A page outside any site has no public URL (None).
    item_url = (item.get_url(request=request) or "") if item is not None else ""
    publish_default = ""
    if document.stage == Stage.REGISTERED:
        effective = document.effective_on or today
        publish_default = (
            f"若今天公布、自{effective:%Y年%m月%d日}起施行，有效期默认至"
            f"{lifecycle.default_valid_until(document.title, effective):%Y年%m月%d日}"
        )
    return TemplateResponse(
        request,
        "normdocs/admin/detail.html",
        {
            "document": document,
            "actions": actions,
            "may_edit": document.stage == Stage.DRAFT and _staff(user, document),
            "filing_overdue": selectors.filing_overdue(document, today),
            "reviews": document.legal_reviews.select_related("reviewer"),
            "history": document.status_changes.select_related("by"),
            "chain": chain,
            "interpretations": document.interpretations.all(),
            "item": item,
            "item_url": item_url,
            "publish_default": publish_default,
            "page_title": document.title,
            "header_title": document.title,
            "header_icon": "doc-full",
        },
    )


ADMIN_URLS = [
    path("normdocs/", document_list, name="normdocs_admin_list"),
    path("normdocs/new/", document_create, name="normdocs_admin_create"),
    path("normdocs/<int:pk>/", document_detail, name="normdocs_admin_detail"),
    path("normdocs/<int:pk>/edit/", document_edit, name="normdocs_admin_edit"),
    *(
        path(
            f"normdocs/<int:pk>/{action.slug}/",
            document_action,
            {"action": action.name},
            name=f"normdocs_admin_{action.name}",
        )
        for action in ACTIONS
    ),
]
