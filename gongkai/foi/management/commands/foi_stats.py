"""`manage.py foi_stats --year YYYY [--unit CODE] [--json]`: tables 三 and 四 of the annual report.

Prints 收到和处理政府信息公开申请情况 (table 三) and 行政复议、行政诉讼情况 (table 四) for the unit and
its sub-units (no unit, or the county government: the whole county), then the cross-checks of
statutes.md §2.1. Exit status 1 when a check fails, so a script can stop before publishing.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.foi.domain.stats import TABLE4_COLUMNS
from gongkai.foi.statistics import TABLE3_COLUMNS, annual_statistics
from gongkai.units.models import Unit
from gongkai.units.scoping import system_scope


class Command(BaseCommand):
    help = "统计政府信息公开年度报告表三（申请情况）和表四（行政复议、行政诉讼），并校验勾稽关系"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="统计年度，如 2025")
        parser.add_argument("--unit", metavar="CODE", help="单位编码（含下级单位）；不填为全县")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError("年度应为四位数字，如 2025")
        with system_scope("foi_stats command"):
            unit = None
            if options["unit"]:
                unit = Unit.unscoped.filter(code=options["unit"]).first()
                if unit is None:
                    raise CommandError(f"没有编码为「{options['unit']}」的单位，请核对 --unit")
            result = annual_statistics(year=year, unit=unit)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._print(result)
        if result.problems:
            raise CommandError(f"校验发现 {len(result.problems)} 个问题", returncode=1)

    def _print(self, result) -> None:
        out = self.stdout
        out.write(f"{result.unit_label} {result.year} 年度")
        out.write("三、收到和处理政府信息公开申请情况")
        out.write("\t".join(["项目", *TABLE3_COLUMNS]))
        for _, label, values in result.table3_rows():
            out.write("\t".join([label, *map(str, values)]))
        out.write("")
        out.write("四、政府信息公开行政复议、行政诉讼情况")
        out.write("\t".join(["类别", *TABLE4_COLUMNS]))
        for label, values in result.table4_rows():
            out.write("\t".join([label, *map(str, values)]))
        out.write("")
        if result.problems:
            out.write("校验问题：")
            for problem in result.problems:
                out.write(f"  {problem}")
        else:
            out.write(self.style.SUCCESS("勾稽关系校验通过"))
