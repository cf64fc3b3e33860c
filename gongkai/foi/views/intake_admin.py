"""Staff entry of applications received offline (当面, 邮寄, 平信, 传真, 电子邮件): one screen.

Issue #3: offline applications were never entered because entry was slow, so this screen is
one form, keyboard-first (autofocus on the first field, natural tab order, Enter saves), and
"保存并继续登记下一件" comes back to an empty form keeping the unit, channel and date.

The 查询码 is created here too (the applicant needs it for the status page): it is kept in the
session, keyed by case, until the printable 回执 shows it once.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access

from gongkai.foi import intake, permissions
from gongkai.foi.domain.events import RECEIPT_RULES, Channel
from gongkai.foi.domain.intake import CONFIRMATION_LABELS, EVIDENCE_REQUIRED, OFFLINE_CHANNELS
from gongkai.foi.intake_forms import OfflineEntryForm, receiving_units
from gongkai.foi.models import FoiRequest
from gongkai.foi.views.public import receipt_context
from gongkai.units.errors import UnitsError

CODES_KEY = "foi_admin_query_codes"
KEEP_CODES = 20  # the last registrations whose 回执 has not been printed yet


def clock() -> tuple[dt.date, dt.datetime]:
    return timezone.localdate(), timezone.now()


def may_register(user) -> bool:
    units = permissions.registering_units(user)
    return units is None or bool(units)


def register_view(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_register(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return require_admin_access(never_cache(wrapper))


def channel_rules() -> str:
    """For the little script that shows the date that counts (the screen works without it)."""
    return json.dumps(
        {
            str(c): {
                "confirm": CONFIRMATION_LABELS[c],
                "evidence": c in EVIDENCE_REQUIRED,
                "rule": RECEIPT_RULES[c] + "（《条例》第三十一条）",
            }
            for c in OFFLINE_CHANNELS
        },
        ensure_ascii=False,
    )


def case_url(case: FoiRequest) -> str:
    """The case page if the case module is installed, else this module's 回执 page."""
    try:
        return reverse("foi_admin_detail", args=[case.pk])
    except NoReverseMatch:
        return reverse("foi_admin_registered", args=[case.pk])


def _initial(request, units, today: dt.date) -> dict:
    initial = {"arrived_on": today, "channel": str(Channel.IN_PERSON)}
    wanted = request.GET.get("unit", "")
    unit = next((u for u in units if str(u.pk) == wanted), None)
    if unit is None:
        county = next((u for u in units if u.kind == "county_government"), None)
        unit = county or (units[0] if units else None)
    initial["unit"] = unit
    if request.GET.get("channel") in {str(c) for c in OFFLINE_CHANNELS}:
        initial["channel"] = request.GET["channel"]
    try:
        arrived = dt.date.fromisoformat(request.GET.get("arrived_on", ""))
    except ValueError:
        arrived = None
    if arrived and arrived <= today:
        initial["arrived_on"] = arrived
    return initial


@register_view
def register(request):
    today, now = clock()
    unit_ids = permissions.registering_units(request.user)
    units = list(receiving_units(unit_ids))
    if request.method == "POST":
        form = OfflineEntryForm(request.POST, request.FILES, unit_ids=unit_ids, today=today)
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = intake.register_offline_application(
                    unit=data["unit"],
                    by=request.user,
                    channel=data["channel"],
                    arrived_on=data["arrived_on"],
                    confirmed_on=data["confirmed_on"],
                    applicant=form.applicant(),
                    application=form.application(),
                    evidence=data.get("evidence"),
                    id_copy=data.get("id_copy"),
                    application_scan=data.get("application_scan"),
                    note=data.get("note", ""),
                    today=today,
                    now=now,
                )
            except UnitsError as exc:
                form.add_error(None, str(exc))
            else:
                return _after_save(request, done, data)
        form.mark_errors()
    else:
        form = OfflineEntryForm(
            initial=_initial(request, units, today), unit_ids=unit_ids, today=today
        )
    return TemplateResponse(
        request,
        "foi/admin/register.html",
        {
            "form": form,
            "channel_rules": channel_rules(),
            "receipt_rules": [(c, RECEIPT_RULES[c]) for c in OFFLINE_CHANNELS],
            "page_title": "登记政府信息公开申请",
            "header_title": "登记政府信息公开申请",
            "header_icon": "form",
        },
    )


def _after_save(request, done: intake.Registered, data: dict):
    case = done.request
    codes = dict(list(request.session.get(CODES_KEY, {}).items())[-(KEEP_CODES - 1) :])
    codes[str(case.pk)] = done.query_code
    request.session[CODES_KEY] = codes
    receipt = reverse("foi_admin_registered", args=[case.pk])
    waiting = "，待与申请人确认后开始计时" if case.received_on is None else ""
    messages.success(
        request,
        f"已登记申请 {case.tracking_code}{waiting}。请打印回执交申请人（含查询码，只能打印一次）",
        buttons=[messages.button(receipt, "打印回执")],
    )
    if request.POST.get("action") == "save_next":
        query = urlencode(
            {
                "unit": data["unit"].pk,
                "channel": data["channel"],
                "arrived_on": data["arrived_on"].isoformat(),
            }
        )
        return redirect(f"{reverse('foi_admin_register')}?{query}")
    return redirect(case_url(case))


@register_view
def registered(request, pk: int):
    """登记成功: tracking code, due date and the applicant's 回执 with the 查询码 (once)."""
    today, _ = clock()
    case = get_object_or_404(FoiRequest.objects.select_related("unit"), pk=pk)
    codes = request.session.get(CODES_KEY, {})
    query_code = codes.pop(str(pk), None)
    request.session[CODES_KEY] = codes
    try:
        detail_url = reverse("foi_admin_detail", args=[pk])
    except NoReverseMatch:
        detail_url = ""
    return TemplateResponse(
        request,
        "foi/admin/registered.html",
        {
            **receipt_context(case, today=today),
            "query_code": query_code,
            "detail_url": detail_url,
            "next_url": reverse("foi_admin_register")
            + "?"
            + urlencode({"unit": case.unit_id, "channel": case.channel}),
            "page_title": f"已登记 {case.tracking_code}",
            "header_title": f"已登记 {case.tracking_code}",
            "header_icon": "form",
        },
    )


ADMIN_URLS = [
    path("foi/register/", register, name="foi_admin_register"),
    path("foi/register/<int:pk>/done/", registered, name="foi_admin_registered"),
]
