"""Periodic jobs of 依申请公开: reply-deadline and 协办 reminders.

Issue #3: "Reminders to the handler and the county office 5 and 2 working days before the due
date and when overdue". Every open case's clock is computed from its ledger (two queries for
all cases, gongkai/foi/board.py); the reminder due is decided by
:func:`gongkai.foi.domain.reminders.due_reminder`, and notify()'s dedupe key (case, due date,
threshold) makes re-runs send nothing twice while a moved due date reminds afresh.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.core.jobs import JobReport, periodic_job
from gongkai.core.notices import notify
from gongkai.foi.board import board_rows, due_soon_candidates
from gongkai.foi.contributions_models import FoiContribution
from gongkai.foi.domain.contributions import ContributionState
from gongkai.foi.domain.contributions import due_reminder as contribution_reminder
from gongkai.foi.domain.events import State
from gongkai.foi.domain.ledger import fmt_date
from gongkai.foi.domain.reminders import due_reminder
from gongkai.foi.models import FoiRequest
from gongkai.foi.selectors import staff_of
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar


@periodic_job("foi.reminders", "依申请公开答复期限提醒（5个、2个工作日前及超期）")
def remind_due(*, today: dt.date, now: dt.datetime, dry_run: bool) -> JobReport:
    report = JobReport(job="foi.reminders")
    with system_scope("reply-deadline reminders cover every unit"):
        rows = board_rows(due_soon_candidates(FoiRequest.objects.all(), today=today), today=today)
        due = []
        for row in rows:
            if row.clock is None or row.error or row.clock.risk == "paused":
                continue
            reminder = due_reminder(row.clock.days_left)
            if reminder is not None:
                due.append((row, reminder))
        if not due:
            return report
        units = {u for row, _ in due for u in (row.unit_id, row.handling_unit_id) if u}
        by_unit, office = staff_of(units)
        for row, reminder in due:
            title = f"依申请公开{reminder.label}：{row.tracking_code}"
            days = row.clock.days_left
            when = f"已超期{-days}个工作日" if days < 0 else f"还有{days}个工作日"
            body = (
                f"{row.unit_name}受理的申请{row.tracking_code}"
                + (f"（承办单位：{row.handling_unit_name}）" if row.handling_unit_name else "")
                + f"，法定答复期限为{fmt_date(row.clock.due)}，{when}。请及时办理并作出书面答复。"
            )
            if dry_run:
                report.note(title)
                continue
            users = {u.pk: u for u in office}
            for unit_id in (row.unit_id, row.handling_unit_id):
                users.update({u.pk: u for u in by_unit.get(unit_id, [])})
            report.changed += notify(
                users=users.values(),
                kind="foi.due",
                title=title,
                body=body,
                url=reverse("foi_admin_detail", args=[row.pk]),
                dedupe_key=f"foi.due:{row.pk}:{row.clock.due.isoformat()}:{reminder.key}",
                now=now,
            )
    return report


@periodic_job("foi.contribution_reminders", "协办期限提醒（到期前1个工作日及超期）")
def remind_contributions(*, today: dt.date, now: dt.datetime, dry_run: bool) -> JobReport:
    """Remind the contributing unit (and whoever asked) of an unanswered 协办 request; the
    dedupe key (request, due date, threshold) makes re-runs send nothing twice."""
    report = JobReport(job="foi.contribution_reminders")
    calendar = get_calendar()
    with system_scope("contribution reminders cover every unit"):
        rows = list(
            FoiContribution.unscoped.filter(state=str(ContributionState.ASKED))
            .exclude(request__state=str(State.CLOSED))
            .select_related("request", "unit", "asked_by")
        )
        due = []
        for row in rows:
            reminder = contribution_reminder(due=row.due_on, today=today, calendar=calendar)
            if reminder is not None:
                due.append((row, reminder))
        if not due:
            return report
        by_unit, _ = staff_of({row.unit_id for row, _ in due})
        for row, reminder in due:
            title = f"{reminder.label}：{row.request.tracking_code}"
            body = (
                f"{row.request.unit.name}请{row.unit.name}协办的政府信息公开申请"
                f"{row.request.tracking_code}，协办期限为{fmt_date(row.due_on)}，尚未答复。"
            )
            if dry_run:
                report.note(title)
                continue
            users = {u.pk: u for u in by_unit.get(row.unit_id, [])}
            users[row.asked_by_id] = row.asked_by
            report.changed += notify(
                users=users.values(),
                kind="foi.contribution",
                title=title,
                body=body,
                url=reverse("foi_admin_detail", args=[row.request_id]),
                dedupe_key=f"foi.contribution:{row.pk}:{row.due_on.isoformat()}:{reminder.key}",
                now=now,
            )
    return report
