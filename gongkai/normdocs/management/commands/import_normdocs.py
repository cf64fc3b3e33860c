"""`manage.py import_normdocs FILE.xlsx`: import the county's existing normative documents.

Reads a register (.xlsx first sheet, or .csv) with the columns 标题, 文号, 制定机关, 成文日期,
公布日期, 施行日期, 有效期至, 有效性, 统一登记号, 主题分类, 正文 (and optionally 备案日期, 备案号),
headers in any order and with the usual variants. Writes the valid rows as published documents
in one transaction, lists the rows it could not import, and can be re-run safely: documents
imported before are skipped. Exit status 1 when the file cannot be read at all or a row has an
error. See gongkai/normdocs/importer.py for the rules.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.normdocs.domain.importing import write_template
from gongkai.normdocs.importer import ImportFileError, ImportReport, import_normdocs
from gongkai.units.models import Unit, User
from gongkai.units.scoping import system_scope

MAX_LISTED = 100


class Command(BaseCommand):
    help = "导入已公布的行政规范性文件目录（.xlsx / .csv），可重复执行，已导入的会跳过"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".xlsx 或 .csv 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        parser.add_argument(
            "--write-template", action="store_true", help="不导入，把导入模板写到 FILE（.xlsx）"
        )
        parser.add_argument(
            "--unit-column",
            metavar="列名",
            help="制定机关所在列的列名（表头不是“制定机关”“制定单位”“发文机关”等时使用）",
        )
        parser.add_argument(
            "--unit",
            metavar="CODE",
            help="单位编码：文件没有制定机关列或该列为空时，文件归属此单位",
        )
        parser.add_argument(
            "--as", dest="as_user", metavar="USERNAME", help="记入审计日志的操作人（用户名）"
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        dry_run = options["dry_run"]
        if options["write_template"]:
            write_template(path)
            self.stdout.write(f"已生成导入模板「{path}」")
            return
        with system_scope("import_normdocs"):
            default_unit = None
            if options["unit"]:
                default_unit = Unit.unscoped.filter(code=options["unit"]).first()
                if default_unit is None:
                    raise CommandError(f"没有编码为「{options['unit']}」的单位，请核对 --unit")
            user = None
            if options["as_user"]:
                user = User.objects.filter(username=options["as_user"], is_active=True).first()
                if user is None:
                    raise CommandError(f"没有用户名为「{options['as_user']}」的在用账号")
            self.stdout.write(f"{'[演练] ' if dry_run else ''}导入规范性文件「{path.name}」…")
            try:
                report = import_normdocs(
                    path,
                    by=user,
                    today=timezone.localdate(),
                    now=timezone.now(),
                    dry_run=dry_run,
                    default_unit=default_unit,
                    unit_column=options["unit_column"],
                )
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
        self._summary(report)
        if report.errors:
            raise CommandError(
                f"有 {report.error_rows} 行未导入，请修改后重新导入（已导入的行会自动跳过）",
                returncode=1,
            )

    def _summary(self, report: ImportReport) -> None:
        out = self.stdout
        verb = "可导入" if report.dry_run else "导入"
        out.write(
            f"共 {report.total_rows:,} 行：{verb} {report.created:,} 条，"
            f"已存在，跳过 {report.skipped:,} 条，错误 {report.error_rows:,} 条"
            f"（用时 {report.duration:.1f} 秒）"
        )
        if report.created:
            mix = "、".join(
                f"{k} {v:,}" for k, v in {**report.by_stage, **report.by_status}.items()
            )
            out.write(f"其中：{mix}")
        if report.dry_run:
            out.write("[演练] 未写入数据库")
        if report.ignored_columns:
            names = "、".join(f"「{c}」" for c in report.ignored_columns)
            out.write(f"提示：以下列不是导入列，已忽略：{names}")
        if report.errors:
            out.write("错误（这些行未导入）：")
            for error in report.errors[:MAX_LISTED]:
                out.write(f"  {error.message}")
            if len(report.errors) > MAX_LISTED:
                out.write(f"  ……另有 {len(report.errors) - MAX_LISTED:,} 处错误未列出")
        if report.notes:
            out.write("提示（已导入，请核对）：")
            for note in report.notes[:MAX_LISTED]:
                out.write(f"  {note.message}")
            if len(report.notes) > MAX_LISTED:
                out.write(f"  ……另有 {len(report.notes) - MAX_LISTED:,} 条提示未列出")
        if not report.errors and (report.written or report.dry_run):
            out.write(self.style.SUCCESS("完成，没有错误"))
