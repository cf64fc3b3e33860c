"""Benchmark of the 12345 routing suggestion (派单建议) as the operators' screens call it
(``selectors.suggest_units``): with the trained model, and with the fallback vote over recent
dispatches that stands in before the first training. Also prints the held-out accuracy
(``manage.py hotline_routing_eval``).

Builds a throwaway SQLite database (or uses the empty PostgreSQL named by DATABASE_URL) with the
demo units and the demo's 12345 tickets (``--scale small``: ≈ 2,000), which trains the model.

    .venv/bin/python bench/bench_hotline_routing.py [--scale small] [--samples 300]

Prints a markdown table.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="small")
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gk-routing-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["GONGKAI_VAR_DIR"] = str(tmp)
    os.environ.setdefault("GONGKAI_DATA_KEY", base64.b64encode(os.urandom(32)).decode())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.hotline import demo, routing_model, selectors
    from gongkai.hotline.models import Ticket
    from gongkai.units.demo import generate_units
    from gongkai.units.scoping import system_scope

    call_command("migrate", verbosity=0)
    today = dt.date(2026, 11, 20)
    started = time.perf_counter()
    with system_scope("benchmark"):
        generate_units(scale=args.scale, today=today, stdout=io.StringIO())
        demo.generate_hotline(scale=args.scale, today=today, stdout=io.StringIO())
        texts = list(Ticket.unscoped.values_list("content", flat=True))
    built = time.perf_counter() - started
    rng = random.Random(1)
    sample = [rng.choice(texts) for _ in range(args.samples)]

    def timed(fn) -> list[float]:
        fn(sample[0])  # warm: jieba's dictionary, the model file
        out = []
        for text in sample:
            t = time.perf_counter()
            fn(text)
            out.append((time.perf_counter() - t) * 1000)
        return out

    with_model = timed(selectors.suggest_units)
    model = routing_model.load_model()
    routing_model._cache.clear()
    routing_model.model_path().rename(tmp / "moved.json")
    fallback = timed(selectors.suggest_units)
    eval_out = io.StringIO()
    call_command("hotline_routing_eval", stdout=eval_out)

    def row(name: str, ms: list[float]) -> str:
        p95 = statistics.quantiles(ms, n=20)[-1]
        return f"| {name} | {statistics.median(ms):.2f} | {p95:.2f} | {max(ms):.2f} |"

    print(
        f"\n{connection.vendor} · Python {platform.python_version()} · {len(texts):,} tickets, "
        f"model of {len(model.docs):,} distinct documents · demo built in {built:.0f} s · "
        f"{os.cpu_count()} CPUs\n"
    )
    print("| suggest_units, as the intake screen calls it | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|")
    print(row("trained model (saved JSON, loaded once per process)", with_model))
    print(row("fallback before the first training (3,000 recent dispatches)", fallback))
    print("\n" + eval_out.getvalue())


if __name__ == "__main__":
    main()
