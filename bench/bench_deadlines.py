"""Benchmark of the working-day deadline engine (no Django needed).

Run from the repository root:

    .venv/bin/python bench/bench_deadlines.py [--n 20000] [--repeat 3]

Prints a markdown table (computations per second, best of ``--repeat`` runs) comparing the
engine with a naive day-by-day loop over ``chinese_calendar.is_workday``; docs/performance.md
records the numbers.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import chinese_calendar  # noqa: E402

from gongkai.workdays.domain.deadlines import Pause, compute_reply_deadline  # noqa: E402
from gongkai.workdays.domain.engine import (  # noqa: E402
    WorkCalendar,
    calendar_from_chinese_calendar,
)

FIRST = date(2024, 1, 1)
LAST = date(2026, 10, 31)  # 20 working days later is still inside chinese_calendar's 2026 data


def naive_20th_workday(received: date) -> date:
    """The obvious implementation: walk day by day asking chinese_calendar."""
    day, counted = received, 0
    while counted < 20:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            counted += 1
    return day


def loop_20th_workday(cal: WorkCalendar, received: date) -> date:
    """Day-by-day walk over the engine's own table: isolates what bisect buys."""
    day, counted = received, 0
    while counted < 20:
        day += timedelta(days=1)
        if cal.is_workday(day):
            counted += 1
    return day


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def best_rate(fn: Callable[[], object], count: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return count / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="random receipt dates")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best is kept")
    args = parser.parse_args()

    rng = random.Random(2026)  # fixed seed: the same dates on every run
    span = (LAST - FIRST).days
    dates = [FIRST + timedelta(days=rng.randrange(span + 1)) for _ in range(args.n)]
    pauses = [
        [Pause(d + timedelta(days=rng.randint(1, 10)), d + timedelta(days=rng.randint(11, 40)))]
        for d in dates
    ]
    items = list(zip(dates, pauses, strict=True))

    started = time.perf_counter()
    cal: WorkCalendar = calendar_from_chinese_calendar()
    build_ms = (time.perf_counter() - started) * 1000

    # Sanity check before timing: the engine and the naive loop agree on every date.
    for d in dates:
        assert cal.add_workdays(d, 20) == naive_20th_workday(d), d  # noqa: S101

    cases: list[tuple[str, Callable[[], object]]] = [
        (
            "(a) compute_reply_deadline, no pause, with explanation",
            lambda: [compute_reply_deadline(cal, received=d) for d in dates],
        ),
        (
            "(a') compute_reply_deadline, no pause, explain=False",
            lambda: [compute_reply_deadline(cal, received=d, explain=False) for d in dates],
        ),
        (
            "(b) one pause + extension, with explanation",
            lambda: [
                compute_reply_deadline(cal, received=d, pauses=p, extended=True) for d, p in items
            ],
        ),
        (
            "(b') one pause + extension, explain=False",
            lambda: [
                compute_reply_deadline(cal, received=d, pauses=p, extended=True, explain=False)
                for d, p in items
            ],
        ),
        ("(c) WorkCalendar.add_workdays(d, 20)", lambda: [cal.add_workdays(d, 20) for d in dates]),
        (
            "(d) naive loop over chinese_calendar.is_workday",
            lambda: [naive_20th_workday(d) for d in dates],
        ),
        (
            "(e) day-by-day loop over the engine's O(1) is_workday",
            lambda: [loop_20th_workday(cal, d) for d in dates],
        ),
    ]
    rates = {name: best_rate(fn, len(dates), args.repeat) for name, fn in cases}
    naive = rates[cases[-2][0]]

    print(
        f"Machine: {cpu_model()}, {os.cpu_count()} logical CPUs; "
        f"Python {platform.python_version()} ({platform.python_implementation()})"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Load average (1 min) at the end of the run: {load:.2f}")
    print(
        f"{len(dates):,} random receipt dates {FIRST}..{LAST}, best of {args.repeat} runs; "
        f"calendar build (2000-2036 table): {build_ms:.1f} ms"
    )
    print()
    print("| Case | Computations/s | µs each | Speed-up vs naive |")
    print("|---|---:|---:|---:|")
    for name, rate in rates.items():
        print(f"| {name} | {rate:,.0f} | {1e6 / rate:.2f} | {rate / naive:.1f}× |")


if __name__ == "__main__":
    main()
