"""The portal's 依申请公开 pages: guide, application form, 回执, status look-up, captcha image.

Anonymous and thin: forms validate (gongkai/foi/forms.py), one service writes
(gongkai/foi/intake.py). The 查询码 is shown once on the 回执: it travels from the POST to the
receipt in the session (never in a URL) and is removed from the session when shown. A case
unlocked with the right codes stays open in the session for :data:`UNLOCK_MINUTES`.

Reads of cases here use ``FoiRequest.unscoped``: the visitor has no unit scope, and the only
ways in are the session that submitted the case or the pair of codes.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core import antiabuse
from gongkai.foi import crypto, intake, services
from gongkai.foi.domain.events import fmt_date
from gongkai.foi.domain.intake import RATE_LIMITS, public_state, public_timeline
from gongkai.foi.intake_forms import PublicApplicationForm, receiving_units
from gongkai.foi.models import FoiRequest
from gongkai.units.errors import UnitsError

RECEIPT_KEY = "foi_receipt"
UNLOCKED_KEY = "foi_unlocked"
UNLOCK_MINUTES = 30
TRACK_ERROR = "申请编号或查询码不正确，请核对后重新输入"
FORM_ERROR = "提交未成功，请检查后重新提交"
CAPTCHA = antiabuse.Captcha("foi_captcha")
LIMITER = antiabuse.RateLimiter(
    scope="foi",
    limits=RATE_LIMITS,
    advice="请稍后再试。如需帮助，请拨打政务服务便民热线12345，或到受理机关当面提交申请。",
)


def clock() -> tuple[dt.date, dt.datetime]:
    """Today and now, read once per request at the view edge (tests replace it)."""
    return timezone.localdate(), timezone.now()


def _base(request) -> dict:
    """The portal navigation's 政府信息公开 link (portal/base.html)."""
    from gongkai.catalog.models import DisclosureRootPage

    root = next(
        (r for r in DisclosureRootPage.objects.only("title", "url_path", "path", "live") if r.live),
        None,
    )
    return {"disclosure_root": root}


def _county_government():
    return receiving_units().filter(kind="county_government").first()


def _unlock(request, tracking_code: str, now: dt.datetime) -> None:
    unlocked = {
        code: until
        for code, until in request.session.get(UNLOCKED_KEY, {}).items()
        if until > now.timestamp()
    }
    unlocked[tracking_code] = (now + dt.timedelta(minutes=UNLOCK_MINUTES)).timestamp()
    request.session[UNLOCKED_KEY] = unlocked


def _is_unlocked(request, tracking_code: str, now: dt.datetime) -> bool:
    until = request.session.get(UNLOCKED_KEY, {}).get(tracking_code)
    return until is not None and until > now.timestamp()


# ------------------------------------------------------------------------------ pages


@require_safe
def intro(request):
    return render(request, "foi/public/intro.html", {**_base(request)})


@never_cache
@require_safe
def captcha_image(request):
    """A new challenge for this session on every request (so "换一张" is just a reload)."""
    _, now = clock()
    answer = CAPTCHA.issue(request.session, now=now)
    response = HttpResponse(antiabuse.render_png(answer), content_type="image/png")
    response["X-Robots-Tag"] = "noindex"
    return response


def _apply_page(request, form, *, status: int = 200, blocked: str = ""):
    if form.is_bound:
        form.mark_errors()
    return render(
        request,
        "foi/public/apply.html",
        {
            **_base(request),
            "form": form,
            "blocked": blocked,
            "captcha_nonce": secrets.token_hex(4),
        },
        status=status,
    )


def _refilled(request, today: dt.date) -> PublicApplicationForm:
    """The form as submitted, unbound (no errors), for "换一张"."""
    initial = {
        k: v
        for k, v in request.POST.items()
        if k not in ("captcha", "website", "csrfmiddlewaretoken")
    }
    return PublicApplicationForm(initial=initial, today=today)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    today, now = clock()
    if request.method != "POST":
        form = PublicApplicationForm(initial={"unit": _county_government()}, today=today)
        return _apply_page(request, form)
    if request.POST.get("action") == "refresh_captcha":
        return _apply_page(request, _refilled(request, today))
    blocked = LIMITER.blocked(request, "apply", now=now) or LIMITER.blocked(
        request, "apply_post", now=now
    )
    if blocked:
        form = _refilled(request, today)
        return _apply_page(request, form, status=429, blocked=blocked.message)
    LIMITER.record(request, "apply_post", now=now)

    form = PublicApplicationForm(request.POST, request.FILES, today=today)
    captcha_error = CAPTCHA.verify(request.session, request.POST.get("captcha", ""), now=now)
    valid = form.is_valid()
    if captcha_error:
        if "captcha" not in form.errors:  # "请填写验证码" once, not twice
            form.add_error("captcha", captcha_error)
        valid = False
    if request.POST.get("website"):  # the honeypot: say nothing specific
        form.add_error(None, FORM_ERROR)
        valid = False
    if not valid:
        return _apply_page(request, form, status=400)
    try:
        done = intake.submit_online_application(
            unit=form.cleaned_data["unit"],
            applicant=form.applicant(),
            application=form.application(),
            id_copy=form.cleaned_data.get("id_copy"),
            today=today,
            now=now,
        )
    except UnitsError as exc:
        form.add_error(None, str(exc))
        return _apply_page(request, form, status=400)
    LIMITER.record(request, "apply", now=now)
    request.session[RECEIPT_KEY] = {"pk": done.request.pk, "query_code": done.query_code}
    _unlock(request, done.request.tracking_code, now)
    return redirect("foi:receipt")


def receipt_context(case: FoiRequest, *, today: dt.date) -> dict:
    """What a 回执 shows (shared with the staff's offline entry)."""
    clock_ = services.clock_of(case, today=today)
    return {
        "case": case,
        "clock": clock_,
        "received_on": case.received_on,
        "due": clock_.due if clock_ else None,
        "unit_name": case.unit.name,
        "channel_label": case.get_channel_display(),
        "applicant_name": case.applicant_name
        if case.is_organisation
        else crypto.mask_name(case.applicant_name),
        "fmt_date": fmt_date,
    }


@never_cache
@require_safe
def receipt(request):
    today, _ = clock()
    data = request.session.get(RECEIPT_KEY)
    if not data:
        return redirect("foi:intro")
    case = FoiRequest.unscoped.select_related("unit").filter(pk=data["pk"]).first()
    if case is None:
        return redirect("foi:intro")
    query_code = data.pop("query_code", None)
    request.session[RECEIPT_KEY] = data  # the code is gone from the session once shown
    return render(
        request,
        "foi/public/receipt.html",
        {**_base(request), **receipt_context(case, today=today), "query_code": query_code},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    _, now = clock()
    context = {**_base(request), "error": "", "tracking_code": ""}
    if request.method != "POST":
        context["tracking_code"] = request.GET.get("code", "")[:20]
        return render(request, "foi/public/track.html", context)
    tracking_code = request.POST.get("tracking_code", "").strip().upper()[:20]
    query_code = request.POST.get("query_code", "").strip()[:20]
    context["tracking_code"] = tracking_code
    blocked = LIMITER.blocked(request, "track_fail", now=now)
    if blocked:
        context["error"] = blocked.message
        return render(request, "foi/public/track.html", context, status=429)
    case = (
        FoiRequest.unscoped.filter(tracking_code=tracking_code).first() if tracking_code else None
    )
    if case is None:
        # Same work and the same message as a wrong query code: no enumeration of codes.
        crypto.digest(query_code or "-", purpose=services.QUERY_CODE_PURPOSE)
        matches = False
    else:
        matches = services.query_code_matches(case, query_code)
    if not matches:
        LIMITER.record(request, "track_fail", now=now)
        context["error"] = TRACK_ERROR
        return render(request, "foi/public/track.html", context, status=400)
    _unlock(request, case.tracking_code, now)
    return redirect("foi:status", tracking_code=case.tracking_code)


@never_cache
@require_safe
def status(request, tracking_code: str):
    today, now = clock()
    if not _is_unlocked(request, tracking_code, now):
        messages.info(request, "请输入申请编号和查询码查看办理进度")
        return redirect(f"{reverse('foi:track')}?code={tracking_code}")
    case = FoiRequest.unscoped.select_related("unit").filter(tracking_code=tracking_code).first()
    if case is None:
        return redirect("foi:track")
    events = services.events_of(case)
    kinds = [e.kind for e in events]
    clock_ = services.clock_of(case, today=today)
    return render(
        request,
        "foi/public/status.html",
        {
            **_base(request),
            "case": case,
            "state_label": public_state(case.state, kinds),
            "timeline": public_timeline([(e.kind, e.on) for e in events]),
            "clock": clock_,
            "due": clock_.due if clock_ and case.state != "closed" else None,
            "closed": case.state == "closed",
        },
    )


@require_http_methods(["POST"])
def track_forget(request):
    """退出: forget the unlocked cases in this browser (a shared computer in a 政务服务大厅)."""
    request.session.pop(UNLOCKED_KEY, None)
    request.session.pop(RECEIPT_KEY, None)
    return redirect("foi:track")
