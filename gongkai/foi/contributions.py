"""Writes of 协办: ask a unit to contribute to a case, its answer, withdrawal.

House style (docs/architecture.md): one guarded function per transition of
:data:`gongkai.foi.domain.contributions.TRANSITIONS`, keyword-only, the acting user ``by``,
injected ``now``, one transaction with its audit entry and the notices to the people who must
act next, and ``FoiError`` with nothing written when refused.

The case stays answered by the body that received it (《条例》第四条; issue #3): a contribution
is material for the handler, not a reply, and it does not pause the statutory clock (only
征求意见 under Arts. 32 and 34 does, through the ledger).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.core.notices import notify
from gongkai.foi import permissions, selectors
from gongkai.foi.contributions_models import FoiContribution
from gongkai.foi.domain import ledger
from gongkai.foi.domain.contributions import (
    ContributionError,
    ContributionState,
    check_due,
    check_transition,
)
from gongkai.foi.domain.events import State, fmt_date
from gongkai.foi.models import AttachmentKind, FoiRequest
from gongkai.foi.services import FoiError, _ledger, _lock, attach_file
from gongkai.units.errors import NotAllowed
from gongkai.units.models import Unit, User
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar

register_actions(
    {
        "foi.contribution.ask": "请求协办",
        "foi.contribution.answer": "协办单位答复",
        "foi.contribution.withdraw": "撤回协办请求",
    }
)

MAX_QUESTION = 2000
MAX_ANSWER = 5000


def _snapshot(contribution: FoiContribution) -> dict:
    return {
        "case": contribution.request.tracking_code,
        "unit": contribution.unit_id,
        "state": contribution.state,
        "due_on": contribution.due_on.isoformat(),
    }


def _lock_contribution(contribution: FoiContribution) -> FoiContribution:
    with system_scope("a transition re-reads the row it was authorised for"):
        return FoiContribution.unscoped.select_for_update().get(pk=contribution.pk)


def _case_url(request: FoiRequest) -> str:
    return reverse("foi_admin_detail", args=[request.pk])


def case_due(request: FoiRequest, *, today: dt.date) -> dt.date | None:
    """The statutory reply date from the case's ledger (None before receipt or while paused)."""
    events = _ledger(request)
    if not events:
        return None
    return ledger.compute_clock(events, get_calendar(), today=today).due


@transaction.atomic
def ask_contribution(
    request: FoiRequest,
    *,
    unit: Unit,
    question: str,
    due_on: dt.date,
    by: User,
    now: dt.datetime,
) -> FoiContribution:
    """请求协办: ask ``unit`` for information or an opinion on the case by ``due_on``."""
    if not permissions.can_ask_contribution(by, request):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以请求协办")
    request = _lock(request)
    if request.state == State.CLOSED:
        raise FoiError("申请已办结，不能再请求协办")
    if unit.pk in (request.unit_id, request.handling_unit_id):
        raise FoiError(f"{unit.name}已是本申请的受理机关或承办单位，无需请求协办")
    if not unit.is_active:
        raise FoiError(f"{unit.name}已停用，不能请求其协办")
    question = (question or "").strip()
    if not question:
        raise FoiError("请写明需要协办的事项")
    if len(question) > MAX_QUESTION:
        raise FoiError(f"协办事项不能超过{MAX_QUESTION}字")
    today = timezone.localdate(now)
    try:
        check_due(
            due_on, today=today, case_due=case_due(request, today=today), calendar=get_calendar()
        )
    except ContributionError as exc:
        raise FoiError(str(exc)) from exc
    if FoiContribution.unscoped.filter(
        request=request, unit=unit, state=str(ContributionState.ASKED)
    ).exists():
        raise FoiError(f"已请求{unit.name}协办，尚未答复；如需补充，请先撤回原请求")
    contribution = FoiContribution.unscoped.create(
        request=request,
        unit=unit,
        question=question,
        due_on=due_on,
        asked_by=by,
        asked_at=now,
    )
    audit.record(
        action="foi.contribution.ask",
        by=by,
        unit=request.unit,
        obj=request,
        after=_snapshot(contribution) | {"question": question[:200]},
        at=now,
    )
    by_unit, _ = selectors.staff_of({unit.pk})
    notify(
        users=by_unit.get(unit.pk, []),
        kind="foi.contribution",
        title=f"请求协办：{request.tracking_code}",
        body=(
            f"{request.unit.name}请{unit.name}协助办理政府信息公开申请{request.tracking_code}，"
            f"请于{fmt_date(due_on)}前答复。协办事项：{question[:200]}"
        ),
        url=_case_url(request),
        dedupe_key=f"foi.contribution.ask:{contribution.pk}",
        now=now,
    )
    return contribution


@transaction.atomic
def answer_contribution(
    contribution: FoiContribution,
    *,
    answer: str,
    by: User,
    now: dt.datetime,
    upload=None,
) -> FoiContribution:
    """协办答复: the contributing unit's answer, with an optional file for the handler."""
    if not permissions.can_answer_contribution(by, contribution):
        raise NotAllowed("只有被请求协办单位的工作人员或县政务公开办可以答复协办请求")
    contribution = _lock_contribution(contribution)
    try:
        check_transition(contribution.state, ContributionState.ANSWERED)
    except ContributionError as exc:
        raise FoiError(str(exc)) from exc
    answer = (answer or "").strip()
    if not answer:
        raise FoiError("请填写协办意见")
    if len(answer) > MAX_ANSWER:
        raise FoiError(f"协办意见不能超过{MAX_ANSWER}字")
    request = contribution.request
    if request.state == State.CLOSED:
        raise FoiError("申请已办结，无需再答复")
    before = _snapshot(contribution)
    contribution.state = str(ContributionState.ANSWERED)
    contribution.answer = answer
    contribution.answered_by = by
    contribution.answered_at = now
    contribution.save(update_fields=["state", "answer", "answered_by", "answered_at"])
    if upload is not None:
        # The contributing unit does not handle the case; its file is kept as the case's
        # material through the same checks (type, size, private storage, audit).
        attach_file(request, kind=AttachmentKind.CONTRIBUTION, upload=upload, by=by, now=now)
    audit.record(
        action="foi.contribution.answer",
        by=by,
        unit=contribution.unit,
        obj=request,
        before=before,
        after=_snapshot(contribution),
        at=now,
    )
    units = {request.unit_id, request.handling_unit_id} - {None}
    by_unit, _ = selectors.staff_of(units)
    users = {u.pk: u for unit_id in units for u in by_unit.get(unit_id, [])}
    users[contribution.asked_by_id] = contribution.asked_by
    notify(
        users=users.values(),
        kind="foi.contribution",
        title=f"协办已答复：{request.tracking_code}",
        body=f"{contribution.unit.name}已答复协办请求：{answer[:200]}",
        url=_case_url(request),
        dedupe_key=f"foi.contribution.answer:{contribution.pk}",
        now=now,
    )
    return contribution


@transaction.atomic
def withdraw_contribution(
    contribution: FoiContribution, *, reason: str, by: User, now: dt.datetime
) -> FoiContribution:
    """撤回协办请求, with the reason the contributing unit will read."""
    if not permissions.can_withdraw_contribution(by, contribution.request):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以撤回协办请求")
    reason = (reason or "").strip()
    if not reason:
        raise FoiError("请填写撤回原因")
    return _withdraw(_lock_contribution(contribution), reason=reason[:200], by=by, now=now)


def _withdraw(contribution: FoiContribution, *, reason: str, by, now) -> FoiContribution:
    try:
        check_transition(contribution.state, ContributionState.WITHDRAWN)
    except ContributionError as exc:
        raise FoiError(str(exc)) from exc
    before = _snapshot(contribution)
    contribution.state = str(ContributionState.WITHDRAWN)
    contribution.withdrawn_reason = reason
    contribution.save(update_fields=["state", "withdrawn_reason"])
    request = contribution.request
    audit.record(
        action="foi.contribution.withdraw",
        by=by,
        unit=request.unit,
        obj=request,
        before=before,
        after=_snapshot(contribution),
        reason=reason,
        at=now,
    )
    return contribution


def withdraw_open_contributions(request: FoiRequest, *, by: User, now: dt.datetime) -> int:
    """When a case closes, its unanswered requests are withdrawn (called inside the closing
    transaction by gongkai/foi/replies.py), so no unit is left working on a closed case."""
    rows = list(
        FoiContribution.unscoped.select_for_update()
        .filter(request=request, state=str(ContributionState.ASKED))
        .select_related("request")
    )
    for row in rows:
        _withdraw(row, reason="申请已办结", by=by, now=now)
    return len(rows)
