"""`manage.py import_items FILE --unit CODE`: import a unit's items from its old website.

Reads an .xlsx or .csv export (template: 「下载导入模板」 in the admin, or
``gongkai.catalog.domain.importing.write_template``), publishes the valid rows in the unit's
catalogue under an audited migration exemption and lists the row errors. Safe to re-run: rows
imported before are skipped. Exit status 1 when any row has an error. See
gongkai/catalog/importer.py for the rules.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.catalog.domain.importing import ImportFileError
from gongkai.catalog.importer import ImportReport, import_items
from gongkai.units.models import Unit, User
from gongkai.units.scoping import system_scope

MAX_LISTED_ERRORS = 50


class Command(BaseCommand):
    help = "从原网站导出的 .xlsx / .csv 文件导入单位的历史公开信息（可重复执行，已导入的会跳过）"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".xlsx 或 .csv 文件")
        parser.add_argument("--unit", required=True, help="单位编码，如 chengguan")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        parser.add_argument(
            "--strict", action="store_true", help="有任何一行错误就什么也不导入（默认导入正确的行）"
        )
        parser.add_argument(
            "--as", dest="as_user", metavar="USERNAME", help="记入审计日志的操作人（用户名）"
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        with system_scope("import_items"):
            unit = Unit.unscoped.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"没有编码为「{options['unit']}」的单位，请核对 --unit")
            user = None
            if options["as_user"]:
                user = User.objects.filter(username=options["as_user"], is_active=True).first()
                if user is None:
                    raise CommandError(f"没有用户名为「{options['as_user']}」的在用账号")
            self.stdout.write(
                f"{'[演练] ' if options['dry_run'] else ''}导入「{path.name}」到「{unit.name}」…"
            )
            try:
                report = import_items(
                    path,
                    unit=unit,
                    by=user,
                    today=timezone.localdate(),
                    now=timezone.now(),
                    dry_run=options["dry_run"],
                    strict=options["strict"],
                    progress=self._progress,
                )
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
        self._summary(report)
        if report.errors:
            raise CommandError(
                f"有 {report.error_rows} 行未导入（{len(report.errors)} 处错误），请修改后重新导入",
                returncode=1,
            )

    # ------------------------------------------------------------------------------ output

    def _progress(self, phase: str, done: int, total: int) -> None:
        # Called every 1,000 rows read and every 1,000 items written.
        if phase == "读取":
            self.stderr.write(f"读取：已读取 {done:,} 行")
        else:
            self.stderr.write(f"写入：{done:,} / {total:,} 条")
        self.stderr.flush()

    def _summary(self, report: ImportReport) -> None:
        out = self.stdout
        timing = (
            f"用时 {report.duration:.1f} 秒（读取与校验 {report.parse_seconds:.1f} 秒"
            + (f"，写入 {report.write_seconds:.1f} 秒" if report.written else "")
            + "）"
        )
        if report.dry_run:
            head = f"[演练] 共 {report.total_rows:,} 行：可新建 {report.created:,} 条"
        elif report.strict and report.errors:
            head = f"共 {report.total_rows:,} 行：因使用 --strict 且有错误，未导入任何信息"
        else:
            head = f"共 {report.total_rows:,} 行：新建 {report.created:,} 条"
        out.write(
            f"{head}，已存在跳过 {report.skipped:,} 条，错误 {report.error_rows:,} 行；{timing}"
        )
        if report.dry_run:
            out.write("[演练] 未写入数据库")
        if report.attachments_ignored:
            out.write(
                f"提示：{report.attachments_ignored:,} 条信息填写了「附件」，本命令不导入附件文件，"
                "请在后台为这些信息上传附件"
            )
        if report.ignored_columns:
            names = "、".join(f"「{c}」" for c in report.ignored_columns)
            out.write(f"提示：以下列不是导入列，已忽略：{names}")
        if report.errors:
            out.write("错误：")
            for error in report.errors[:MAX_LISTED_ERRORS]:
                out.write(f"  {error.message}")
            rest = len(report.errors) - MAX_LISTED_ERRORS
            if rest > 0:
                out.write(f"  ……另有 {rest:,} 处错误未列出")
        elif report.written or report.dry_run:
            out.write(self.style.SUCCESS("完成，没有错误"))
