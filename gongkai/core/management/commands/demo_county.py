"""`manage.py demo_county`: build (or top up) the demo county. Safe to run again."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from gongkai.core.demo import registered_generators
from gongkai.units.scoping import system_scope


class Command(BaseCommand):
    help = "生成演示县数据（霍邱县单位、演示人员及各模块数据），可重复执行"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["small", "county-year"],
            default="small",
            help="small：快速演示；county-year：达到一年的全县业务量",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        lines: list[str] = []
        with system_scope("demo_county command"):
            for generator in registered_generators():
                self.stdout.write(f"生成：{generator.label} …")
                with transaction.atomic():
                    lines += generator.func(scale=options["scale"], today=today, stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("演示县已就绪：http://127.0.0.1:8000/admin/"))
        for line in lines:
            self.stdout.write(line)
