"""The site-wide scan as a periodic job (daily; also started from the report page)."""

from __future__ import annotations

import datetime as dt

from gongkai.checks.services import scan_site
from gongkai.core.jobs import JobReport, periodic_job


@periodic_job("checks.scan", "全站内容检查（个人信息、文号、敏感词、链接）")
def site_scan(*, today: dt.date, now: dt.datetime, dry_run: bool) -> JobReport:
    from gongkai.checks.models import ScanRun

    report = JobReport(job="checks.scan")
    # Once a day is enough: the pre-check guards every new publication.
    if ScanRun.objects.filter(started_at__date=today, finished_at__isnull=False).exists():
        report.note("今天已完成全站检查")
        return report
    result = scan_site(by=None, today=today, now=now, dry_run=dry_run)
    if dry_run:
        report.note(f"将检查 {result} 条已发布信息")
        return report
    report.changed = result.findings
    report.note(
        f"检查 {result.items_checked} 条信息，发现 {result.findings} 个问题，用时 {result.seconds} 秒"
    )
    return report
