"""`manage.py rebuild_search_index [--kind KIND] [--batch 2000]`: rebuild the search index.

Needed after bulk writes that bypass signals (site migration, import_items, normdocs import).
Progress goes to stderr as plain text; the rebuild is one transaction, so the portal keeps
searching the old index until it is done.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from gongkai.search.api import Kind
from gongkai.search.indexing import rebuild
from gongkai.units.scoping import system_scope


class Command(BaseCommand):
    help = "重建全文检索索引（批量导入、站点迁移之后执行）"

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=[str(k) for k in Kind], help="只重建一类内容")
        parser.add_argument("--batch", type=int, default=2000, help="每批条数（默认 2000）")

    def handle(self, *args, **options):
        start = time.perf_counter()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if done < total and now - last[0] < 0.5:
                return
            last[0] = now
            percent = done * 100 // total if total else 100
            self.stderr.write(f"已索引 {done}/{total} ({percent}%)")

        with system_scope("rebuild_search_index command"):
            written = rebuild(
                kind=options["kind"], batch=max(1, options["batch"]), progress=progress
            )
        seconds = time.perf_counter() - start
        self.stdout.write(f"全文检索索引已重建：{written} 条，用时 {seconds:.1f} 秒")
