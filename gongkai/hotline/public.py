"""The 12345 pages of the portal (/12345/): intro, submit a matter, track it, rate the reply.

Anonymous visitors; every write goes through gongkai/hotline/citizen.py. Abuse control
(gongkai/core/antiabuse.py, limits in gongkai/hotline/domain/public.py): submitting needs the
offline captcha; submitting, tracking and rating are rate-limited in the database (HTTP 429).
Tracking needs the ticket number and the last 4 digits of the phone given at submission; every
failure gives the same message, whatever was wrong, and a ticket number is locked for a day
after 10 failures. What the citizen sees: the state, a timeline without staff names, notes or
personal data, and the reply once the hotline centre has accepted it.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.db import OperationalError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core import antiabuse
from gongkai.hotline import citizen
from gongkai.hotline.domain.public import RATE_LIMITS, phone_tail_matches
from gongkai.hotline.domain.states import (
    CATEGORY_LABELS,
    SATISFACTION_LABELS,
    EventKind,
    Satisfaction,
    State,
)
from gongkai.hotline.domain.states import (
    Category as Kind,
)
from gongkai.hotline.models import Category, LogKind, Ticket, TicketEvent
from gongkai.hotline.public_forms import RateForm, SubmitForm, TrackForm
from gongkai.units.errors import NotAllowed, UnitsError

TRACK_SESSION = "hotline_tracked"
TRACK_LIFETIME = 30 * 60  # seconds a successful check keeps the ticket open in this session
DONE_SESSION = "hotline_submitted"
UNIFORM_ERROR = "工单编号或手机号码后四位不正确，或该工单不支持网上查询（匿名诉求请拨打12345查询）"
CAPTCHA = antiabuse.Captcha("hotline_captcha")
LIMITER = antiabuse.RateLimiter(
    scope="hotline", limits=RATE_LIMITS, advice="请稍后再试，或拨打12345政务服务便民热线。"
)

# What a citizen sees of the event log (internal steps such as reply drafts, 催办, 督办 and
# the centre's review are left out; so are all notes and the names of staff).
PUBLIC_STEPS = {
    str(EventKind.ACCEPT): "热线中心已受理",
    str(EventKind.ANSWER_DIRECTLY): "热线中心已直接答复",
    str(EventKind.DISPATCH): "已转交承办单位",
    str(EventKind.SIGN): "承办单位已签收，正在办理",
    str(EventKind.RETURN): "承办单位申请退回，热线中心重新派单中",
    str(EventKind.APPROVE_EXTENSION): "经批准延期办理",
    str(EventKind.ACCEPT_REPLY): "已答复，等待回访评价",
    str(EventKind.CALLBACK): "已回访（评价）",
    str(EventKind.REDO): "重新办理",
    str(EventKind.CLOSE): "已办结",
    str(LogKind.MERGE): "与其他工单合并办理",
}
SHOW_UNIT = {str(EventKind.DISPATCH), str(EventKind.SIGN)}
REPLY_VISIBLE = {str(State.AWAITING_CALLBACK), str(State.DISSATISFIED), str(State.CLOSED)}


def _too_many(request, block: antiabuse.Blocked) -> HttpResponse:
    return render(request, "hotline/public/limited.html", {"message": block.message}, status=429)


@require_safe
def intro(request):
    return render(request, "hotline/public/intro.html", {"kinds": CATEGORY_LABELS.values()})


@never_cache
@require_safe
def captcha_image(request):
    answer = CAPTCHA.issue(request.session, now=timezone.now())
    return HttpResponse(antiabuse.render_png(answer), content_type="image/png")


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request):
    centre = citizen.hotline_centre()
    if centre is None:
        return render(request, "hotline/public/unavailable.html", status=503)
    if request.method != "POST":
        return render(request, "hotline/public/submit.html", {"form": SubmitForm()})
    now = timezone.now()
    if not request.session.session_key:
        request.session.save()
    if (block := LIMITER.blocked(request, "submit", now=now)) is not None:
        return _too_many(request, block)
    LIMITER.record(request, "submit", now=now)
    form = SubmitForm(request.POST)
    if form.is_valid():
        problem = CAPTCHA.verify(request.session, form.cleaned_data["captcha"], now=now)
        if problem:
            form.add_error("captcha", problem)
    else:
        CAPTCHA.discard(request.session)  # single use either way
    if not form.is_valid():
        return render(request, "hotline/public/submit.html", {"form": form}, status=400)
    data = form.cleaned_data
    for attempt in range(3):
        try:
            ticket = citizen.submit_via_portal(
                centre=centre,
                kind=data["kind"],
                category=Category.objects.get(code=data["category"]),
                title=data["title"],
                content=data["content"],
                address=data["address"],
                caller_name=data["name"],
                caller_phone=data["phone"],
                now=now,
            )
            break
        except UnitsError as exc:
            form.add_error(None, str(exc))
            return render(request, "hotline/public/submit.html", {"form": form}, status=400)
        except OperationalError:
            if attempt == 2:
                raise
            time.sleep(0.05 * (attempt + 1))
    request.session[DONE_SESSION] = {"number": ticket.number, "trackable": not ticket.anonymous}
    return redirect("hotline_public:submitted")


@never_cache
@require_safe
def submitted(request):
    done = request.session.get(DONE_SESSION)
    if not done:
        return redirect("hotline_public:submit")
    return render(
        request,
        "hotline/public/submitted.html",
        {**done, "notice": citizen.SERVICE_NOTICE.format(number=done["number"])},
    )


def _tracked_tail(request, number: str) -> str | None:
    entry = (request.session.get(TRACK_SESSION) or {}).get(number)
    if not entry or time.time() - entry["at"] > TRACK_LIFETIME:
        return None
    return entry["tail"]


@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    if request.method != "POST":
        return render(request, "hotline/public/track.html", {"form": TrackForm()})
    now = timezone.now()
    if not request.session.session_key:
        request.session.save()
    form = TrackForm(request.POST)
    if (block := LIMITER.blocked(request, "track", now=now)) is not None:
        return _too_many(request, block)
    LIMITER.record(request, "track", now=now)
    if not form.is_valid():
        return render(request, "hotline/public/track.html", {"form": form}, status=400)
    number, tail = form.cleaned_data["number"], form.cleaned_data["tail"]
    locked_out = LIMITER.blocked(request, "track_fail", now=now, extra={"number": number})
    if locked_out is not None:
        return _too_many(request, locked_out)
    ticket = Ticket.unscoped.filter(number=number).only("caller_phone", "anonymous").first()
    if ticket is None or ticket.anonymous or not phone_tail_matches(ticket.caller_phone, tail):
        LIMITER.record(request, "track_fail", now=now, extra={"number": number})
        form.add_error(None, UNIFORM_ERROR)
        return render(request, "hotline/public/track.html", {"form": form}, status=400)
    tracked = request.session.get(TRACK_SESSION) or {}
    tracked[number] = {"tail": tail, "at": time.time()}
    request.session[TRACK_SESSION] = tracked
    return redirect("hotline_public:detail", number=number)


def _timeline(ticket: Ticket) -> list[dict]:
    events = (
        TicketEvent.unscoped.filter(ticket=ticket, kind__in=list(PUBLIC_STEPS))
        .select_related("unit")
        .order_by("pk")
    )
    steps = []
    for e in events:
        label = PUBLIC_STEPS[e.kind]
        if e.kind in SHOW_UNIT and e.unit is not None:
            label = f"{label}（{e.unit.name}）"
        if e.kind == str(EventKind.CALLBACK) and e.payload.get("satisfaction"):
            rating = SATISFACTION_LABELS[Satisfaction(e.payload["satisfaction"])]
            label = f"{label}：{rating}"
        steps.append({"at": e.at, "label": label})
    return steps


@never_cache
@require_safe
def detail(request, number: str):
    tail = _tracked_tail(request, number)
    if tail is None:
        messages.info(request, "请先输入工单编号和手机号码后四位")
        return redirect("hotline_public:track")
    ticket = (
        Ticket.unscoped.select_related("category", "handling_unit", "merged_into")
        .filter(number=number)
        .first()
    )
    if ticket is None:
        raise Http404
    context = {
        "ticket": ticket,
        "number": ticket.number,
        "kind_label": CATEGORY_LABELS[Kind(ticket.kind)],
        "state_label": _state_label(ticket),
        "steps": _timeline(ticket),
        "reply": ticket.reply if ticket.state in REPLY_VISIBLE else "",
        "can_rate": citizen.can_rate(ticket),
        "rate_form": RateForm(),
        "rated": SATISFACTION_LABELS.get(Satisfaction(ticket.satisfaction))
        if ticket.satisfaction
        else "",
    }
    return render(request, "hotline/public/detail.html", context)


def _state_label(ticket: Ticket) -> str:
    if ticket.merged_into_id:
        return f"已与工单{ticket.merged_into.number}合并办理"
    return {
        str(State.ACCEPTED): "已受理",
        str(State.DISPATCHED): "已转交承办单位",
        str(State.RETURNED): "重新派单中",
        str(State.HANDLING): "办理中",
        str(State.EXTENSION_PENDING): "办理中",
        str(State.REPLIED): "办理中（答复审核中）",
        str(State.AWAITING_CALLBACK): "已答复，待评价",
        str(State.DISSATISFIED): "已评价，热线中心核实中",
        str(State.CLOSED): "已办结",
    }[ticket.state]


@require_http_methods(["POST"])
def rate(request, number: str):
    tail = _tracked_tail(request, number)
    if tail is None:
        return redirect("hotline_public:track")
    now = timezone.now()
    if (block := LIMITER.blocked(request, "rate", now=now)) is not None:
        return _too_many(request, block)
    LIMITER.record(request, "rate", now=now)
    ticket = Ticket.unscoped.filter(number=number).first()
    if ticket is None:
        raise Http404
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("hotline_public:detail", number=number)
    try:
        citizen.rate_online(
            ticket,
            phone_tail=tail,
            satisfaction=form.cleaned_data["satisfaction"],
            resolved=form.cleaned_data["resolved"],
            note=form.cleaned_data["note"],
            now=now,
        )
    except NotAllowed:
        return redirect("hotline_public:track")
    except UnitsError as exc:
        messages.error(request, str(exc))
        return redirect("hotline_public:detail", number=number)
    messages.success(request, "感谢您的评价！")
    return redirect(reverse("hotline_public:detail", args=[number]))
