"""Run the registered periodic jobs (schedule it every few minutes with a systemd timer/cron)."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.core.jobs import registered_jobs, run_job
from gongkai.units.scoping import system_scope

log = logging.getLogger(__name__)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{value}") from exc


class Command(BaseCommand):
    help = "运行定时任务（幂等，可重复执行）"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只报告将要做的事，不写入")
        parser.add_argument("--only", action="append", default=[], help="只运行指定任务")
        parser.add_argument("--list", action="store_true", help="列出已注册的任务")
        parser.add_argument(
            "--today",
            type=_date,
            metavar="YYYY-MM-DD",
            help="按指定日期运行（补跑停机期间的任务，或演练某日的结果）",
        )
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="循环运行：每隔若干秒运行一次（演示环境与无 cron 的单机部署用）",
        )

    def handle(self, *args, **options):
        jobs = registered_jobs()
        if options["list"]:
            for job in jobs:
                self.stdout.write(f"{job.name}\t{job.label}")
            return
        if options["only"]:
            unknown = set(options["only"]) - {j.name for j in jobs}
            if unknown:
                raise CommandError(f"未知任务：{', '.join(sorted(unknown))}")
            jobs = [j for j in jobs if j.name in options["only"]]
        if options["every"] > 0:
            while True:  # every run is idempotent, so a crash-and-restart loop is safe too
                try:
                    self._run_once(jobs, dry_run=options["dry_run"], today=options["today"])
                except CommandError as exc:
                    self.stderr.write(str(exc))
                time.sleep(options["every"])
        self._run_once(jobs, dry_run=options["dry_run"], today=options["today"])

    def _run_once(self, jobs, *, dry_run: bool, today: dt.date | None = None) -> None:
        now = timezone.now()
        if today is not None:  # 09:00 local time of that day
            now = dt.datetime.combine(today, dt.time(9), tzinfo=timezone.get_current_timezone())
        failures = 0
        for job in jobs:
            try:
                with system_scope(f"periodic job {job.name}"):
                    report = run_job(job, now=now, dry_run=dry_run)
            except Exception:
                # One failing job must not stop the others; the error is logged with its trace.
                log.exception("periodic job %s failed", job.name)
                failures += 1
                self.stderr.write(f"{job.name}: 失败（详见日志）")
                continue
            prefix = "[演练] " if dry_run else ""
            self.stdout.write(f"{prefix}{job.name}: {report.changed} 项变更")
            for message in report.messages:
                self.stdout.write(f"  {message}")
        if not jobs:
            self.stdout.write("没有已注册的定时任务")
        if failures:
            raise CommandError(f"{failures} 个任务失败")
