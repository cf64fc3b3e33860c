"""Periodic jobs of the 12345 hotline: reminders before a deadline, automatic 催办 once overdue,
and a notice to the county office when a ticket is due for 督办; the daily retraining of the
routing suggestion (派单建议).

Idempotent: reminders are deduplicated per ticket, deadline and person (notify's dedupe_key);
the automatic 催办 happens once per deadline (the log remembers which deadline it urged);
``dry_run`` reports without writing. Uses the deadlines stored on the tickets.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.jobs import JobReport, periodic_job
from gongkai.core.notices import notify
from gongkai.hotline import routing_model, services
from gongkai.hotline.domain.states import EventKind, State
from gongkai.hotline.models import Ticket, TicketEvent
from gongkai.hotline.selectors import active_due
from gongkai.units.models import Membership
from gongkai.units.roles import Role
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar

RUNNING = [State.DISPATCHED, State.HANDLING, State.EXTENSION_PENDING, State.AWAITING_CALLBACK]
URGEABLE = {State.DISPATCHED, State.HANDLING, State.EXTENSION_PENDING}


def _county_office() -> list:
    return [
        m.user
        for m in Membership.unscoped.filter(
            role=Role.COUNTY_ADMIN, ended_on__isnull=True
        ).select_related("user")
    ]


def _already_urged(ticket: Ticket, due: dt.datetime) -> bool:
    return TicketEvent.unscoped.filter(ticket=ticket, kind=EventKind.URGE, at__gt=due).exists()


@periodic_job("hotline.reminders", "12345工单到期提醒、超期催办")
def remind(*, today: dt.date, now: dt.datetime, dry_run: bool) -> JobReport:
    report = JobReport(job="hotline.reminders")
    calendar = get_calendar()
    with system_scope("hotline reminders cover every unit"):
        tickets = Ticket.unscoped.filter(state__in=RUNNING, merged_into__isnull=True).order_by("pk")
        for ticket in tickets.iterator(chunk_size=500):
            due = active_due(ticket)
            if due is None:
                continue
            policy = ticket.clock_policy
            due_day = timezone.localdate(due)
            url = services._ticket_url(ticket)
            callback = ticket.state == State.AWAITING_CALLBACK
            users = (
                services.centre_operators(ticket.centre_id)
                if callback
                else services.unit_staff(ticket.handling_unit_id)
            )
            if now <= due:
                if calendar.workdays_between(today, due_day) > policy.remind_workdays:
                    continue
                title = f"12345工单{ticket.number}将于{due_day:%m月%d日}到期"
                if dry_run:
                    report.note(f"将提醒：{title}")
                    continue
                report.changed += notify(
                    users=users,
                    kind="hotline.remind",
                    title=title,
                    body=f"“{ticket.summary}”的办理期限为{timezone.localtime(due):%Y年%m月%d日 %H:%M}。",
                    url=url,
                    dedupe_key=f"hotline.remind:{ticket.pk}:{ticket.state}:{due.isoformat()}",
                    now=now,
                )
                continue
            late = calendar.workdays_between(due_day, today)
            if ticket.state in URGEABLE and not _already_urged(ticket, due):
                if dry_run:
                    report.note(f"将催办：{ticket.number}（已超期）")
                else:
                    try:
                        services.urge(ticket, by=None, now=now, note="超期自动催办")
                    except services.HotlineError as exc:
                        report.note(f"未催办{ticket.number}：{exc}")
                    else:
                        report.changed += 1
            if late >= policy.supervise_after_workdays and ticket.state in URGEABLE:
                title = f"12345工单{ticket.number}超期{late}个工作日，应督办"
                if dry_run:
                    report.note(title)
                    continue
                report.changed += notify(
                    users=_county_office(),
                    kind="hotline.supervise_due",
                    title=title,
                    body=f"“{ticket.summary}”承办单位：{ticket.handling_unit}。",
                    url=url,
                    dedupe_key=f"hotline.supervise_due:{ticket.pk}:{due.isoformat()}",
                    now=now,
                )
            if callback and not dry_run:
                report.changed += notify(
                    users=users,
                    kind="hotline.callback_overdue",
                    title=f"12345工单{ticket.number}回访已超期",
                    url=url,
                    dedupe_key=f"hotline.callback_overdue:{ticket.pk}:{due.isoformat()}",
                    now=now,
                )
    return report


@periodic_job("hotline.routing_train", "12345派单建议模型每日重新训练")
def retrain_routing(*, today: dt.date, now: dt.datetime, dry_run: bool) -> JobReport:
    """Once per day: the model learns the day's dispatches (operators' choices, 退单 corrected).

    Idempotent: skipped when the saved model was trained ``today``.
    """
    report = JobReport(job="hotline.routing_train")
    current = routing_model.load_model()
    if current is not None and current.trained_on == today.isoformat():
        report.note("派单建议模型今日已训练")
        return report
    if dry_run:
        report.note("将根据全部历史派单重新训练派单建议模型")
        return report
    with system_scope("routing learns from every past dispatch"):
        model, count = routing_model.retrain(today=today)
    report.changed = 1
    report.note(f"派单建议模型已重新训练：{count} 件工单，{len(model.idf)} 个词")
    return report
