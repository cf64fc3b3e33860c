"""Benchmark of the hotline rates (issue #6 "Load and speed": the rates over 1,000,000 tickets
in under 5 seconds).

Builds a throwaway database (SQLite in a temp dir, or the empty PostgreSQL named by
DATABASE_URL), inserts ``--tickets`` tickets over the year before 2026-11-20 with a raw
``executemany`` (flags drawn with the demo's proportions: most closed after a callback, some
late, redone, returned, open), plus one returned assignment per 退单, then times
:func:`gongkai.hotline.rates.unit_counts` (the one grouped query per table the rates pages use)
for the county and for one unit, over a year and over a month, and the 12-month trend.

    .venv/bin/python bench/bench_hotline_rates.py [--tickets 1000000] [--repeat 3]
    scripts/with-postgres.sh .venv/bin/python bench/bench_hotline_rates.py

Prints a markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

NOW = dt.datetime(2026, 11, 20, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["GONGKAI_VAR_DIR"] = str(tmp)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def insert_tickets(n: int, seed: int = 1) -> tuple[int, int]:
    """Insert ``n`` tickets (and their returned assignments); returns (tickets, returns)."""
    from django.db import connection, transaction

    from gongkai.hotline.models import Ticket
    from gongkai.hotline.models_rates import ReturnedAssignment
    from gongkai.units.demo import build_units
    from gongkai.units.scoping import system_scope

    with system_scope("benchmark"):
        units = build_units()
    centre = units["sjzyj"].pk
    handlers = [u.pk for code, u in units.items() if code not in ("county", "xzfb")]
    weights = [random.Random(u).paretovariate(1.2) for u in handlers]  # a few big units
    rng = random.Random(seed)
    adapt = connection.ops.adapt_datetimefield_value
    fields = [f for f in Ticket._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f'INSERT INTO "{Ticket._meta.db_table}" ({columns}) VALUES ({marks})'  # noqa: S608
    defaults = {f.attname: f.get_default() for f in fields}
    defaults |= {"policy": "{}", "centre_id": centre, "channel": "phone", "content": "演示"}
    kinds = ["consult", "complaint", "help", "suggestion", "report", "praise"]
    kind_w = [45, 25, 15, 6, 5, 4]
    sats = ["satisfied", "basically_satisfied", "dissatisfied"]
    span = 365 * 24 * 3600
    returns: list[tuple] = []
    hour = dt.timedelta(hours=1)
    with transaction.atomic():
        batch = []
        for i in range(n):
            accepted = NOW - dt.timedelta(seconds=rng.randrange(span))
            dispatched = accepted + dt.timedelta(minutes=rng.randrange(5, 90))
            sign_due = dispatched + dt.timedelta(hours=24)
            reply_due = dispatched + dt.timedelta(days=rng.choice((5, 14)))
            row = dict(defaults)
            row |= {
                "number": f"B{i:09d}",
                "kind": rng.choices(kinds, kind_w)[0],
                "accepted_at": adapt(accepted),
                "dispatched_at": adapt(dispatched),
                "handling_unit_id": rng.choices(handlers, weights)[0],
                "sign_due": adapt(sign_due),
                "reply_due": adapt(reply_due),
            }
            age = NOW - dispatched
            r = rng.random()
            if r < 0.04 and age > 3 * hour:  # returned, then re-dispatched (or still waiting)
                signed_ok = rng.random() < 0.3 or None
                returns.append((row["handling_unit_id"], dispatched, sign_due, signed_ok))
                row["return_count"] = 1
                if rng.random() < 0.05:
                    row["state"] = "returned"
                    row["returned_at"] = adapt(dispatched + 2 * hour)
                    batch.append(tuple(row[f.attname] for f in fields))
                    continue
            if age < dt.timedelta(hours=6) and rng.random() < 0.5:
                row["state"] = "dispatched"
            else:
                late_sign = rng.random() < 0.06
                signed = dispatched + (26 * hour if late_sign else hour)
                row |= {"signed_at": adapt(signed), "sign_on_time": not late_sign}
                if age < dt.timedelta(days=4) and rng.random() < 0.6:
                    row["state"] = "handling"
                else:
                    late = rng.random() < 0.09
                    replied = reply_due + (30 * hour if late else -48 * hour)
                    row |= {"replied_at": adapt(replied), "reply_on_time": not late}
                    row["callback_due"] = adapt(replied + 48 * hour)
                    sat = rng.choices(sats, [74, 17, 9])[0]
                    row |= {"callback_at": adapt(replied + 20 * hour), "callback_on_time": True}
                    row |= {"satisfaction": sat, "resolved": rng.random() < 0.85}
                    row |= {"state": "closed", "closed_at": adapt(replied + 20 * hour)}
                    row["callback_note"] = ""
                    if sat == "dissatisfied" and rng.random() < 0.5:
                        row["redo_count"] = 1
            batch.append(tuple(row[f.attname] for f in fields))
            if len(batch) == 20_000:
                with connection.cursor() as cursor:
                    cursor.executemany(sql, batch)
                batch = []
        if batch:
            with connection.cursor() as cursor:
                cursor.executemany(sql, batch)
        ids = list(Ticket.unscoped.filter(return_count=1).values_list("pk", flat=True))
        ReturnedAssignment.unscoped.bulk_create(
            [
                ReturnedAssignment(
                    ticket_id=pk,
                    unit_id=unit,
                    dispatched_at=d,
                    sign_due=due,
                    sign_on_time=ok,
                    returned_at=d + 2 * hour,
                )
                for pk, (unit, d, due, ok) in zip(ids, returns, strict=False)
            ],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return n, len(returns)


def timed(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.db import connection

        from gongkai.hotline.domain.metrics import RateCounts, rates_from_counts
        from gongkai.hotline.rates import monthly_trend, unit_counts
        from gongkai.units.models import Unit, User

        started = time.perf_counter()
        n, returned = insert_tickets(args.tickets)
        loaded = time.perf_counter() - started
        big = Unit.unscoped.get(code="zjj").pk
        admin = User.objects.create(username="bench", is_superuser=True, is_staff=True)
        year = (dt.date(2025, 11, 21), dt.date(2026, 11, 20))
        month = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
        first = dt.date(2025, 12, 1)
        months = [
            dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
            for i in range(12)
        ]
        cases = [
            ("county, per unit, year", lambda: unit_counts(start=year[0], end=year[1], now=NOW)),
            ("county, per unit, month", lambda: unit_counts(start=month[0], end=month[1], now=NOW)),
            (
                "one unit, year",
                lambda: unit_counts(start=year[0], end=year[1], now=NOW, unit_ids=[big]),
            ),
            (
                "one unit, month",
                lambda: unit_counts(start=month[0], end=month[1], now=NOW, unit_ids=[big]),
            ),
            ("12-month trend", lambda: monthly_trend(user=admin, months=months, now=NOW)),
        ]
        print(
            f"\n{connection.vendor} · {platform.python_version()} · {n:,} tickets, "
            f"{returned:,} returned assignments · loaded in {loaded:.0f} s\n"
        )
        print("| query | median s | units | volume | 按时办结率 | 满意率 |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, func in cases:
            seconds, result = timed(func, args.repeat)
            if isinstance(result, dict):
                total = sum(result.values(), RateCounts())
                rates, units = rates_from_counts(total), len(result)
            else:
                rates, units = None, len(result)
                total_volume = sum(r.volume for _, r in result)
            volume = rates.volume if rates else total_volume
            reply = rates.on_time_reply.percent() if rates else "—"
            sat = rates.satisfaction.percent() if rates else "—"
            print(f"| {label} | {seconds:.3f} | {units} | {volume:,} | {reply} | {sat} |")


if __name__ == "__main__":
    main()
