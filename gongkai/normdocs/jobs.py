"""Periodic jobs of the normative documents: expiry, expiry reminders, overdue filing.

All are idempotent: the expiry job only touches documents still in force whose 有效期 has
ended, and reminders are deduplicated per document, threshold and person.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.core.jobs import JobReport, periodic_job
from gongkai.core.notices import notify
from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.lifecycle import Stage, Status
from gongkai.normdocs.models import NormativeDocument
from gongkai.normdocs.permissions import UNIT_STAFF_ROLES
from gongkai.normdocs.services import NormdocError, expire_document
from gongkai.units.models import Membership
from gongkai.units.scoping import system_scope


def _unit_staff(unit_id: int) -> list:
    memberships = Membership.unscoped.filter(
        unit_id=unit_id, ended_on__isnull=True, role__in=[str(r) for r in UNIT_STAFF_ROLES]
    ).select_related("user")
    return [m.user for m in memberships]


def _admin_url(document: NormativeDocument) -> str:
    return reverse("normdocs_admin_detail", args=[document.pk])


def expiring(today: dt.date):
    """Documents in force whose last day of validity is before `today`.

    Renewal and amendment move valid_until (an amended document lives on for the period of the
    amending one), so "unless it was renewed or amended" needs no special case here.
    """
    return NormativeDocument.unscoped.filter(
        stage__in=lifecycle.PUBLIC_STAGES,
        status__in=[Status.VALID, Status.AMENDED],
        valid_until__lt=today,
    ).select_related("unit")


@periodic_job("normdocs.expiry", "规范性文件到期失效")
def expire_documents(*, today: dt.date, now: dt.datetime, dry_run: bool) -> JobReport:
    report = JobReport(job="normdocs.expiry")
    with system_scope("the expiry job covers every unit"):
        for document in expiring(today):
            if dry_run:
                report.note(f"将标记失效：{document}（有效期至{document.valid_until}）")
                continue
            try:
                expire_document(document, today=today, now=now)
            except NormdocError as exc:  # changed meanwhile; the next run sees the new state
                report.note(f"未处理“{document}”：{exc}")
                continue
            report.changed += 1
    return report


@periodic_job("normdocs.reminders", "规范性文件有效期届满提醒（6个月、1个月）")
def remind_expiry(*, today: dt.date, now: dt.datetime, dry_run: bool) -> JobReport:
    report = JobReport(job="normdocs.reminders")
    # The first reminder is due 6 months before the end; look a little further ahead and let
    # due_reminder() decide per document.
    horizon = lifecycle.add_months(today, 7)
    with system_scope("reminders go to every unit's staff"):
        documents = NormativeDocument.unscoped.filter(
            stage__in=lifecycle.PUBLIC_STAGES,
            status__in=[Status.VALID, Status.AMENDED],
            valid_until__gte=today,
            valid_until__lte=horizon,
        ).select_related("unit")
        for document in documents:
            reminder = lifecycle.due_reminder(document.valid_until, today)
            if reminder is None:
                continue
            title = f"规范性文件有效期将于{reminder.label}内届满：{document.title}"
            body = (
                f"{document}有效期至{document.valid_until:%Y年%m月%d日}。如需继续施行，请在届满前"
                "按程序评估并重新公布或延续有效期；否则届满次日自动失效。"
            )
            if dry_run:
                report.note(title)
                continue
            report.changed += notify(
                users=_unit_staff(document.unit_id),
                kind="normdocs.expiry",
                title=title,
                body=body,
                url=_admin_url(document),
                dedupe_key=f"normdocs.expiry:{document.pk}:{document.valid_until}:{reminder.key}",
                now=now,
            )
    return report


@periodic_job("normdocs.filing", "规范性文件备案超期提醒")
def remind_filing(*, today: dt.date, now: dt.datetime, dry_run: bool) -> JobReport:
    report = JobReport(job="normdocs.filing")
    with system_scope("filing reminders go to every unit's staff"):
        overdue = NormativeDocument.unscoped.filter(
            stage=Stage.PUBLISHED, filing_due__lt=today
        ).select_related("unit")
        for document in overdue:
            title = f"规范性文件备案已超期：{document.title}"
            if dry_run:
                report.note(title)
                continue
            report.changed += notify(
                users=_unit_staff(document.unit_id),
                kind="normdocs.filing",
                title=title,
                body=f"{document}应于{document.filing_due:%Y年%m月%d日}前报{document.filed_with}备案。",
                url=_admin_url(document),
                dedupe_key=f"normdocs.filing:{document.pk}:{document.filing_due}",
                now=now,
            )
    return report
