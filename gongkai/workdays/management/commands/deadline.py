"""`manage.py deadline`: the statutory reply deadline of an application, from the command line."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.workdays.calendar import get_calendar
from gongkai.workdays.domain.deadlines import DeadlineInputError, Pause, compute_reply_deadline


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式错误：“{value}”，应为 YYYY-MM-DD") from None


def _pause(value: str) -> Pause:
    start, sep, end = value.partition(":")
    if not sep:
        raise CommandError(f"暂停格式错误：“{value}”，应为 START:END，如 2026-05-08:2026-05-20")
    return Pause(start=_date(start), end=_date(end))


class Command(BaseCommand):
    help = "计算依申请公开答复期限（《政府信息公开条例》第三十条、第三十三条）"

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, help="收到申请之日 YYYY-MM-DD")
        parser.add_argument("--corrected", help="收到补正后申请之日 YYYY-MM-DD")
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="START:END",
            help="暂停计算的期间（起止日均含），可多次指定",
        )
        parser.add_argument("--extended", action="store_true", help="已批准延期（第40个工作日）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        received = _date(options["received"])
        corrected = _date(options["corrected"]) if options["corrected"] else None
        pauses = [_pause(p) for p in options["pause"]]
        try:
            result = compute_reply_deadline(
                get_calendar(),
                received=received,
                corrected=corrected,
                pauses=pauses,
                extended=options["extended"],
            )
        except DeadlineInputError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            payload = {
                "due": result.due.isoformat(),
                "correction_notice_due": result.correction_notice_due.isoformat(),
                "provisional": result.provisional,
                "explanation": list(result.explanation),
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"答复期限：{result.due.isoformat()}（第{result.counted_days}个工作日）")
        self.stdout.write(f"补正告知期限：{result.correction_notice_due.isoformat()}")
        self.stdout.write(
            f"结果状态：{'未确认（按法定节日推算）' if result.provisional else '已确认'}"
        )
        self.stdout.write("计算说明：")
        for line in result.explanation:
            self.stdout.write(f"  {line}")
