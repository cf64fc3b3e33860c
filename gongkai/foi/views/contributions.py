"""协办 on the case page: the list of units asked, and the ask / answer / withdraw forms.

Thin views: each form calls one service of gongkai/foi/contributions.py; a refusal re-renders
the case page with the bound form and the Chinese message and writes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from gongkai.foi import contributions, forms, permissions, selectors
from gongkai.foi.contributions_models import FoiContribution
from gongkai.foi.domain.contributions import ContributionState, default_due
from gongkai.foi.domain.events import State, fmt_date
from gongkai.foi.views import common
from gongkai.foi.views.common import foi_view
from gongkai.units.errors import UnitsError
from gongkai.workdays.calendar import get_calendar

ASK = "contribution_ask"


def _answer_name(row) -> str:
    return f"contribution_answer_{row.pk}"


def _withdraw_name(row) -> str:
    return f"contribution_withdraw_{row.pk}"


def context(user, case, clock, *, today: dt.date, bound=None) -> dict:
    """The 协办 section of the case page (``bound``: the refused form, by name)."""
    bound_name, bound_form = bound if bound else ("", None)
    rows = []
    for row in (
        FoiContribution.unscoped.filter(request=case)
        .select_related("unit", "asked_by", "answered_by")
        .order_by("pk")
    ):
        answer_form = withdraw_form = None
        if row.state == ContributionState.ASKED and case.state != State.CLOSED:
            if bound_name == _answer_name(row):
                answer_form = bound_form
            elif permissions.can_answer_contribution(user, row):
                answer_form = forms.ContributionAnswerForm(auto_id=f"id_answer{row.pk}_%s")
            if bound_name == _withdraw_name(row):
                withdraw_form = bound_form
            elif permissions.can_withdraw_contribution(user, case):
                withdraw_form = forms.ContributionWithdrawForm(auto_id=f"id_withdraw{row.pk}_%s")
        rows.append(
            {
                "row": row,
                "overdue": row.state == ContributionState.ASKED and row.due_on < today,
                "answer_form": answer_form,
                "answer_url": reverse("foi_admin_contribution_answer", args=[case.pk, row.pk]),
                "withdraw_form": withdraw_form,
                "withdraw_url": reverse("foi_admin_contribution_withdraw", args=[case.pk, row.pk]),
            }
        )
    ask_form = None
    if bound_name == ASK:
        ask_form = bound_form
    elif case.state != State.CLOSED and permissions.can_ask_contribution(user, case):
        due = default_due(
            today=today,
            case_due=clock.due if clock else None,
            internal_due=case.internal_due,
            calendar=get_calendar(),
        )
        ask_form = forms.ContributionAskForm(initial={"due_on": due}, auto_id="id_ask_%s")
    return {
        "contributions": rows,
        "contribution_ask_form": ask_form,
        "contribution_ask_url": reverse("foi_admin_contribution_ask", args=[case.pk]),
        "contributor_only": permissions.is_contributor_only(user, case),
    }


def _render(request, case, name, form):
    # The case page builds this section through context(); imported here to avoid a cycle.
    from gongkai.foi.views.case import _render as render_case

    return render_case(request, case, bound=(name, form))


def _done(request, case, message: str):
    messages.success(request, message)
    return redirect(reverse("foi_admin_detail", args=[case.pk]))


def _case(pk: int):
    """A case in the reader's scope (a contributing unit's staff included), or 404."""
    return get_object_or_404(selectors.visible_requests(), pk=pk)


def _row(case, cid: int) -> FoiContribution:
    # The case is in the reader's scope, so a row of that case is readable too.
    row = get_object_or_404(FoiContribution.unscoped.select_related("unit"), pk=cid, request=case)
    row.request = case
    return row


@require_POST
@foi_view
def ask(request, pk: int):
    case = _case(pk)
    form = forms.ContributionAskForm(request.POST, auto_id="id_ask_%s")
    if not form.is_valid():
        return _render(request, case, ASK, form)
    _, now = common.clock()
    try:
        row = contributions.ask_contribution(
            case,
            unit=form.cleaned_data["unit"],
            question=form.cleaned_data["question"],
            due_on=form.cleaned_data["due_on"],
            by=request.user,
            now=now,
        )
    except UnitsError as exc:
        form.add_error(None, str(exc))
        return _render(request, case, ASK, form)
    return _done(request, case, f"已请求{row.unit.name}协办，协办期限{fmt_date(row.due_on)}")


@require_POST
@foi_view
def answer(request, pk: int, cid: int):
    case = _case(pk)
    row = _row(case, cid)
    form = forms.ContributionAnswerForm(
        request.POST, request.FILES, auto_id=f"id_answer{row.pk}_%s"
    )
    if not form.is_valid():
        return _render(request, case, _answer_name(row), form)
    _, now = common.clock()
    try:
        contributions.answer_contribution(
            row,
            answer=form.cleaned_data["answer"],
            upload=form.cleaned_data.get("file"),
            by=request.user,
            now=now,
        )
    except UnitsError as exc:
        form.add_error(None, str(exc))
        return _render(request, case, _answer_name(row), form)
    return _done(request, case, f"已提交{row.unit.name}的协办意见")


@require_POST
@foi_view
def withdraw(request, pk: int, cid: int):
    case = _case(pk)
    row = _row(case, cid)
    form = forms.ContributionWithdrawForm(request.POST, auto_id=f"id_withdraw{row.pk}_%s")
    if not form.is_valid():
        return _render(request, case, _withdraw_name(row), form)
    _, now = common.clock()
    try:
        contributions.withdraw_contribution(
            row, reason=form.cleaned_data["reason"], by=request.user, now=now
        )
    except UnitsError as exc:
        form.add_error(None, str(exc))
        return _render(request, case, _withdraw_name(row), form)
    return _done(request, case, f"已撤回对{row.unit.name}的协办请求")
