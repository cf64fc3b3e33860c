"""Run every text rule on a UTF-8 file: `manage.py check_text FILE [--json]`."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.units.scoping import system_scope


class Command(BaseCommand):
    help = "对文本文件运行全部文本检查规则（个人信息、文号、敏感词、错别字）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 文本文件")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")

    def handle(self, *args, **options):
        from gongkai.checks.checking import build_context
        from gongkai.checks.domain.engine import check_text

        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CommandError(f"文件不存在：{path}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"文件不是 UTF-8 编码：{path}") from exc
        try:
            with system_scope("check_text"):
                context = build_context(today=timezone.localdate())
        except Exception:
            from gongkai.checks.domain.engine import CheckContext

            context = CheckContext(today=timezone.localdate())
        findings = check_text(text, context=context)
        if options["json"]:
            payload = [
                {
                    "rule": f.rule,
                    "severity": str(f.severity),
                    "start": f.start,
                    "end": f.end,
                    "text": f.text,
                    "suggestion": f.suggestion,
                }
                for f in findings
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not findings:
            self.stdout.write("未发现问题")
            return
        for f in findings:
            hint = f"；建议：{f.suggestion}" if f.suggestion else ""
            self.stdout.write(
                f"[{f.severity}] {f.rule} 第{f.start}–{f.end}字 “{f.text}”：{f.message}{hint}"
            )
        self.stdout.write(f"共 {len(findings)} 处")
