"""`manage.py import_foi FILE.xlsx`: import historical 依申请公开 ledgers (one row per application).

Columns and rules: gongkai/foi/domain/importing.py. A file with errors imports nothing (exit 1)
unless ``--partial`` (valid rows are imported, the others listed, exit 1). Re-running the same
file imports nothing twice (rows are keyed by 受理机关 + 来源编号).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.catalog.domain.importing import ImportFileError
from gongkai.foi.importer import import_foi
from gongkai.units.models import Unit, User
from gongkai.units.scoping import system_scope

MAX_LISTED = 100


class Command(BaseCommand):
    help = "导入历史依申请公开台账（.xlsx，每行一件申请），可重复执行，已导入的行会跳过"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".xlsx 文件")
        parser.add_argument("--unit", metavar="CODE", help="文件没有受理机关列时，归属此单位")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="有错误时仍导入无误的行（默认：有错误则全部不导入）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        parser.add_argument("--as", dest="as_user", metavar="USERNAME", help="记入审计日志的操作人")

    def handle(self, *args, **options):
        path: Path = options["file"]
        with system_scope("import_foi"):
            unit = None
            if options["unit"]:
                unit = Unit.unscoped.filter(code=options["unit"]).first()
                if unit is None:
                    raise CommandError(f"没有编码为「{options['unit']}」的单位，请核对 --unit")
            user = None
            if options["as_user"]:
                user = User.objects.filter(username=options["as_user"], is_active=True).first()
                if user is None:
                    raise CommandError(f"没有用户名为「{options['as_user']}」的在用账号")
            try:
                report = import_foi(
                    path,
                    by=user,
                    today=timezone.localdate(),
                    now=timezone.now(),
                    default_unit=unit,
                    partial=options["partial"],
                    dry_run=options["dry_run"],
                )
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
        out = self.stdout
        verb = "可导入" if options["dry_run"] else "导入"
        out.write(
            f"共 {report.total_rows} 行：{verb} {report.created} 件，已导入过（跳过）"
            f"{report.skipped} 件，有错误 {report.error_rows} 行"
        )
        if report.ignored_columns:
            out.write(f"提示：以下列不是导入列，已忽略：{'、'.join(report.ignored_columns)}")
        if report.errors:
            out.write("错误：")
            for error in report.errors[:MAX_LISTED]:
                out.write(f"  {error.message}")
            if len(report.errors) > MAX_LISTED:
                out.write(f"  ……另有 {len(report.errors) - MAX_LISTED} 处错误未列出")
            if not options["partial"]:
                raise CommandError("文件有错误，未导入任何数据；请修改后重新导入", returncode=1)
            raise CommandError(f"有 {report.error_rows} 行未导入，请修改后重新导入", returncode=1)
        out.write(self.style.SUCCESS("完成，没有错误"))
