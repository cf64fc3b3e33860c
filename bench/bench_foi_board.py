"""Benchmark of the 依申请公开 办理台 with many open cases (issue #3: 5,000 open cases render in
< 300 ms server time with a constant number of queries).

Builds a throwaway database (SQLite in a temp dir, or the PostgreSQL named by DATABASE_URL),
the demo units and people, then ``--cases`` open applications with realistic ledgers (plain,
correction pending or received, consultation open or answered, fee pending or paid, extension,
Art. 35, a few unconfirmed mail), every ledger checked by the domain guard while generated and
written with bulk_create. Then it renders the board through Django's test client as the county
office (every case in scope) and prints p50/p95 server time and the query count.

Run from the repository root:

    .venv/bin/python bench/bench_foi_board.py [--cases 5000] [--samples 30]
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_foi_board.py
"""

from __future__ import annotations

import argparse
import base64
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

TODAY = dt.date(2026, 11, 26)
SCENARIOS = (  # (name, weight)
    ("plain", 50),
    ("correction_pending", 6),
    ("corrected", 10),
    ("consulting", 6),
    ("consulted", 7),
    ("fee_pending", 3),
    ("fee_paid", 4),
    ("extended", 8),
    ("art35", 2),
    ("unconfirmed", 4),
)


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["GONGKAI_VAR_DIR"] = str(tmp)
    os.environ.setdefault("GONGKAI_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    # A throwaway key for the throwaway database's encrypted personal data.
    os.environ.setdefault("GONGKAI_DATA_KEY", base64.b64encode(os.urandom(32)).decode())
    import django

    django.setup()


def _ledger(rng: random.Random, scenario: str, received: dt.date, calendar) -> list:
    """A valid ledger for ``scenario`` (checked by the guard), never dated after TODAY."""
    from gongkai.foi.domain.events import Channel, ClockEvent, EventKind
    from gongkai.foi.domain.ledger import LedgerError, check_next

    def later(day: dt.date, workdays: int) -> dt.date:
        return min(calendar.add_workdays(day, workdays), TODAY)

    events = [ClockEvent(EventKind.RECEIVED, received, channel=Channel.IN_PERSON)]
    k = EventKind
    if scenario in ("correction_pending", "corrected"):
        sent = later(received, rng.randint(1, 6))
        events.append(ClockEvent(k.CORRECTION_NOTICE_SENT, sent, until=sent + dt.timedelta(15)))
        if scenario == "corrected":
            events.append(ClockEvent(k.CORRECTION_RECEIVED, later(sent, rng.randint(1, 8))))
    elif scenario in ("consulting", "consulted"):
        sent = later(received, rng.randint(2, 10))
        events.append(ClockEvent(k.CONSULTATION_SENT, sent, third_party=rng.random() < 0.7))
        if scenario == "consulted":
            events.append(ClockEvent(k.CONSULTATION_ANSWERED, later(sent, rng.randint(1, 12))))
    elif scenario in ("fee_pending", "fee_paid"):
        sent = later(received, rng.randint(3, 12))
        events.append(ClockEvent(k.FEE_NOTICE_SENT, sent))
        if scenario == "fee_paid":
            events.append(ClockEvent(k.FEE_PAID, later(sent, rng.randint(1, 10))))
    elif scenario == "extended":
        events.append(ClockEvent(k.EXTENSION_APPROVED, later(received, rng.randint(10, 19))))
    elif scenario == "art35":
        on = later(received, rng.randint(2, 10))
        events.append(ClockEvent(k.ART35_DEADLINE_SET, on, until=calendar.add_workdays(on, 40)))
    checked: list = []
    for event in events:
        try:
            check_next(checked, event, calendar)
        except LedgerError:  # a rule refused a generated step: keep the valid prefix
            break
        checked.append(event)
    return checked


def build(n_cases: int) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gongkai.core.demo import registered_generators
    from gongkai.foi.domain.events import state_after
    from gongkai.foi.models import FoiEvent, FoiRequest
    from gongkai.units.models import Unit
    from gongkai.units.scoping import system_scope
    from gongkai.workdays.calendar import get_calendar

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM foi_foirequest")
            if cursor.fetchone()[0]:
                raise SystemExit("DATABASE_URL must name an empty database")
    rng = random.Random(3)
    start = time.perf_counter()
    with system_scope("bench"):
        for gen in registered_generators():
            if gen.name == "units":
                gen.func(scale="small", today=TODAY, stdout=sys.stderr)
        units = list(Unit.unscoped.filter(is_active=True).values_list("pk", flat=True))
        calendar = get_calendar()
        names, weights = zip(*SCENARIOS, strict=True)
        now = timezone.now()
        requests, ledgers = [], []
        for i in range(n_cases):
            scenario = rng.choices(names, weights)[0]
            # Received over the last ~60 working days: a mix of fresh, due-soon and overdue.
            received = TODAY - dt.timedelta(days=rng.randint(0, 85))
            while not calendar.is_workday(received):
                received -= dt.timedelta(days=1)
            ledger = [] if scenario == "unconfirmed" else _ledger(rng, scenario, received, calendar)
            state = state_after(ledger)
            person = i % 5 != 0
            requests.append(
                FoiRequest(
                    unit_id=rng.choice(units),
                    handling_unit_id=rng.choice(units) if rng.random() < 0.6 else None,
                    tracking_code=f"YSQ-2026-{i + 1:06d}",
                    query_code_hash="0" * 64,
                    applicant_type="natural_person" if person else "business",
                    applicant_name=f"申请人{i % 900}" if person else f"某某公司{i % 300}",
                    id_number=f"34152219{80 + i % 20}0101{i % 10000:04d}" if person else "",
                    phone=f"139{i:08d}",
                    address="安徽省六安市霍邱县城关镇某路1号",
                    description=f"请公开2025年第{i % 400}号项目的招标文件和中标结果",
                    channel="registered_mail" if scenario == "unconfirmed" else "in_person",
                    arrived_on=received,
                    received_on=None if scenario == "unconfirmed" else received,
                    state=str(state),
                    created_at=now,
                )
            )
            ledgers.append(ledger)
        FoiRequest.unscoped.bulk_create(requests, batch_size=1000)
        ids = dict(FoiRequest.unscoped.values_list("tracking_code", "pk"))
        events = [
            FoiEvent(
                request_id=ids[request.tracking_code],
                kind=str(e.kind),
                on=e.on,
                channel=str(e.channel or ""),
                confirmed_on=e.confirmed_on,
                until=e.until,
                third_party=e.third_party,
                at=now,
            )
            for request, ledger in zip(requests, ledgers, strict=True)
            for e in ledger
        ]
        FoiEvent.unscoped.bulk_create(events, batch_size=2000)
    return {
        "cases": len(requests),
        "events": len(events),
        "build_seconds": time.perf_counter() - start,
    }


def measure(client, urls: list[str]) -> tuple[list[float], list[int], list[float]]:
    """Wall-clock ms, queries and CPU ms of this process per request (SQLite runs in-process,
    so CPU time is the server's work without the waits a busy shared machine adds)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, cpu = [], [], []
    for url in urls:
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            elapsed = (time.perf_counter() - start) * 1000
            cpu.append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} → {response.status_code}")
        times.append(elapsed)
        queries.append(len(ctx.captured_queries))
    return times, queries, cpu


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-foiboard-"))
    setup_django(tmp)
    from django.db import connection
    from django.test import Client

    from gongkai.foi.views import common
    from gongkai.units.models import User

    info = build(args.cases)
    import gongkai.wsgi  # noqa: F401  (as a server starts: its start-up heap frozen, see there)

    common.clock = lambda: (TODAY, dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC))
    client = Client()
    client.force_login(User.objects.get(username="county_admin"))
    pages = [
        ("board, first page (sorted by days left)", "/admin/foi/"),
        ("board, page 40", "/admin/foi/?p=40"),
        ("board, overdue only", "/admin/foi/?risk=overdue"),
        ("board, sorted by received date", "/admin/foi/?sort=-received"),
        ("dashboard with the due-soon panel", "/admin/"),
    ]
    # The very first render computes every distinct ledger's clock (later ones hit the
    # process's clock memo, gongkai/foi/board.py); report it on its own line.
    results = [
        ("board, first render after start (cold clock memo)", *measure(client, ["/admin/foi/"]))
    ]
    for name, url in pages:
        measure(client, [url] * 3)  # warm caches (calendar, templates, content types)
        results.append((name, *measure(client, [url] * args.samples)))
    results.append(("Excel export of all open cases", *measure(client, ["/admin/foi/export/"] * 3)))
    print(
        f"\n{connection.vendor} · Python {platform.python_version()} · {platform.machine()} · "
        f"{info['cases']:,} open cases, {info['events']:,} ledger events, built in "
        f"{info['build_seconds']:.0f} s · as the county office\n"
    )
    if hasattr(os, "getloadavg"):
        print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    print("| page | samples | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | queries |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, t, q, c in results:
        print(
            f"| {name} | {len(t)} | {statistics.median(t):.1f} | {p95(t):.1f} | {max(t):.1f} | "
            f"{statistics.median(c):.1f} | {p95(c):.1f} | {min(q)}–{max(q)} |"
        )


if __name__ == "__main__":
    main()
