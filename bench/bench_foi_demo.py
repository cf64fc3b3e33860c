"""Benchmark of the 依申请公开 demo generator (issue 3: ~250 applications a year, < 30 s).

Builds a throwaway SQLite database in a temp dir, runs the units generator, then times the FOI
generator (``gongkai/foi/demo.py``) and prints what it made and the table 三 check per year.

    .venv/bin/python bench/bench_foi_demo.py [--today 2026-11-26]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 26))
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-foi-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["GONGKAI_VAR_DIR"] = str(tmp)
    # A throwaway key: the demo encrypts applicants' personal data (DEBUG would log every query).
    os.environ.setdefault("GONGKAI_DATA_KEY", base64.b64encode(os.urandom(32)).decode())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from gongkai.foi.demo import generate_foi
    from gongkai.foi.models import FoiRequest
    from gongkai.foi.statistics import annual_statistics
    from gongkai.units.demo import generate_units
    from gongkai.units.scoping import system_scope

    call_command("migrate", verbosity=0)
    with system_scope("bench"):
        with transaction.atomic():
            generate_units(scale="small", today=args.today, stdout=io.StringIO())
        started, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            lines = generate_foi(scale="small", today=args.today, stdout=io.StringIO())
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"python {platform.python_version()}, SQLite, today {args.today}")
        print()
        print("| step | result |")
        print("|---|---|")
        print(
            f"| FOI demo | {seconds:.1f} s wall, {cpu:.1f} s CPU, {FoiRequest.unscoped.count()} cases |"
        )
        print(f"| load average | {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs |")
        for year in range(2024, args.today.year + 1):
            result = annual_statistics(year=year)
            new = result.table3.rows["new"][-1]
            total = result.table3.rows["total"][-1]
            status = "ok" if not result.problems else "; ".join(result.problems)
            print(f"| table 三 {year} | new {new}, answered {total}, checks {status} |")
        print()
        print(lines[0])


if __name__ == "__main__":
    main()
