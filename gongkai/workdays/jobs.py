"""Periodic check: warn the county office when next year's arrangement is still missing.

The State Council usually publishes the notice in late October or November (2023-10-25,
2024-11-12, 2025-11-04); from 1 November on, deadlines that reach into next year are only
provisional until it is loaded.
"""

from __future__ import annotations

import datetime as dt

from gongkai.core.jobs import JobReport, periodic_job
from gongkai.workdays.models import HolidayYear


@periodic_job("workdays.next_year_check", "检查下一年度节假日安排是否已录入")
def check_next_year(*, today: dt.date, now: dt.datetime, dry_run: bool) -> JobReport:
    report = JobReport(job="workdays.next_year_check")
    if today.month < 11:
        return report
    next_year = today.year + 1
    if not HolidayYear.objects.filter(year=next_year).exists():
        report.note(
            f"{next_year}年节假日安排尚未录入：涉及{next_year}年的期限均为“未确认”，"
            "请在国务院办公厅通知发布后录入。"
        )
    return report
