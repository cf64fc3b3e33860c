"""Benchmark of ``manage.py import_items``: a county-year (29,000 items) migrated in one run.

Builds a throwaway database (SQLite in a temp dir, or the PostgreSQL named by DATABASE_URL,
which must be an empty database), migrates it, builds the demo county at scale ``small`` (units,
portal, catalogues with ≈1,900 items, so the import lands in a lived-in catalogue), writes a
realistic export file with bench/make_import_file.py and imports it into 城关镇 with the same
service the command uses. Then imports the same file again (everything is skipped: the
idempotency check) and, with ``--csv``, the GB18030 .csv copy into 县发改委.

Run from the repository root:

    .venv/bin/python bench/bench_import.py [--rows 29000] [--csv]
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_import.py

Prints a markdown table (rows, seconds, rows/s, read+validate vs write time); the target is
29,000 rows in under 60 s on SQLite. docs/performance.md records the numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["GONGKAI_VAR_DIR"] = str(tmp)
    import django

    django.setup()


def build_county(today: dt.date) -> float:
    """Migrate and run the demo generators at scale small; returns the seconds it took."""
    from django.core.management import call_command
    from django.db import connection, transaction

    import gongkai.catalog.demo  # noqa: F401  (registers the catalogue generator)
    from gongkai.core.demo import registered_generators
    from gongkai.units.scoping import system_scope

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM catalog_itempage")
            if cursor.fetchone()[0]:
                raise SystemExit("DATABASE_URL must name an empty database")
    start = time.perf_counter()
    with system_scope("bench_import"):
        for generator in registered_generators():
            with transaction.atomic():
                generator.func(scale="small", today=today, stdout=io.StringIO())
    return time.perf_counter() - start


def run_import(path: Path, unit_code: str, today: dt.date):
    from django.utils import timezone

    from gongkai.catalog.importer import import_items
    from gongkai.units.models import Unit
    from gongkai.units.scoping import system_scope

    with system_scope("bench_import"):
        unit = Unit.unscoped.get(code=unit_code)
        start = time.perf_counter()
        report = import_items(path, unit=unit, by=None, today=today, now=timezone.now())
        seconds = time.perf_counter() - start
    if report.errors:
        for error in report.errors[:10]:
            print("  ", error.message, file=sys.stderr)
        raise SystemExit(f"{len(report.errors)} row errors in the generated file")
    return report, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=29_000)
    parser.add_argument("--seed", type=int, default=20241)
    parser.add_argument("--csv", action="store_true", help="also import the GB18030 .csv copy")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gongkai-bench-import-") as tmp_name:
        tmp = Path(tmp_name)
        setup_django(tmp)
        from django.db import connection
        from django.utils import timezone
        from make_import_file import LAST_DAY, make_rows, write_csv, write_xlsx

        today = timezone.localdate()
        print(f"building the demo county in {connection.vendor} …", file=sys.stderr)
        build_seconds = build_county(today)

        start = time.perf_counter()
        rows = make_rows(args.rows, ["chengguan"], last_day=min(today, LAST_DAY), seed=args.seed)
        xlsx = tmp / "chengguan.xlsx"
        write_xlsx(xlsx, rows)
        if args.csv:  # another unit's export: its own URLs and 索引号
            fgw_rows = make_rows(args.rows, ["fgw"], last_day=min(today, LAST_DAY), seed=args.seed)
            write_csv(tmp / "fgw.csv", fgw_rows)
        file_seconds = time.perf_counter() - start
        print(f"wrote {len(rows):,} rows in {file_seconds:.1f} s; importing …", file=sys.stderr)

        runs = [("xlsx → 城关镇 (first run)", *run_import(xlsx, "chengguan", today))]
        runs.append(("xlsx → 城关镇 (re-run: all skipped)", *run_import(xlsx, "chengguan", today)))
        if args.csv:
            runs.append(("csv (GB18030) → 县发改委", *run_import(tmp / "fgw.csv", "fgw", today)))

        from gongkai.catalog.models import ItemPage

        total_items = ItemPage.objects.count()

    print(
        f"\nimport_items benchmark — {connection.vendor}, Python {platform.python_version()}, "
        f"{platform.machine()}; demo county built in {build_seconds:.1f} s; "
        f"{total_items:,} items in the database afterwards\n"
    )
    print("| run | rows | created | skipped | read+validate s | write s | total s | rows/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, report, seconds in runs:
        print(
            f"| {label} | {report.total_rows:,} | {report.created:,} | {report.skipped:,} "
            f"| {report.parse_seconds:.1f} | {report.write_seconds:.1f} | {seconds:.1f} "
            f"| {report.total_rows / seconds:,.0f} |"
        )
    first = runs[0][2]
    verdict = "OK" if first < 60 else "TOO SLOW"
    print(f"\n{args.rows:,} rows imported in {first:.1f} s (target < 60 s): {verdict}")
    return 0 if first < 60 else 1


if __name__ == "__main__":
    raise SystemExit(main())
