"""Benchmark of 12345 intake through the Open311 API with concurrent clients (issue #6, "Load
and speed": ≥ 100 tickets/s on PostgreSQL with 50 clients, ≥ 20/s on SQLite, zero lost, zero
duplicate numbers, no "database is locked" reaching a client).

Builds a throwaway database (SQLite in a temp dir, or the empty PostgreSQL named by
DATABASE_URL), the demo units and one API key, starts a real server process (gunicorn, gthread
workers), then runs ``--clients`` threads, each POSTing ``requests.json`` over a keep-alive
connection for ``--seconds``. Afterwards it stops the server and compares the answers with the
database:

- ok / errors: HTTP 200 answers vs anything else (with the count of "database is locked");
- lost: numbers answered 200 that are not in the database (must be 0);
- unanswered: tickets in the database whose number no client received (a timed-out client);
- duplicates: numbers handed out twice (must be 0; the column is also UNIQUE).

Run from the repository root:

    .venv/bin/python bench/bench_hotline_intake.py [--clients 50] [--seconds 20]
    scripts/with-postgres.sh .venv/bin/python bench/bench_hotline_intake.py

Prints a markdown table.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import platform
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEXTS = [
    "{place}路灯连续几天不亮，夜间出行不便，请尽快维修。",
    "{place}小区物业乱收停车费，业主意见很大，请有关部门调查处理。",
    "{place}附近工地夜间施工噪音扰民，影响休息。",
    "咨询{place}新生入学需要准备哪些材料，什么时候报名。",
    "{place}农贸市场有商户缺斤少两，希望加强监管。",
    "{place}自来水水压很低，高层住户用水困难。",
]
PLACES = ["城关镇光明路", "城关镇人民路", "河口镇新街", "周集镇中心街", "城西湖乡政府旁"]
KINDS = ["complaint", "consult", "help", "suggestion"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict) -> tuple[str, list[str]]:
    """Migrate, create the demo units and an API key; returns (key, service codes)."""
    os.environ.update(env)
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gongkai.core.demo import registered_generators
    from gongkai.hotline.models import Ticket
    from gongkai.hotline.open311 import keys, reads
    from gongkai.units.models import Unit
    from gongkai.units.scoping import system_scope

    call_command("migrate", verbosity=0)
    with system_scope("bench"):
        if Ticket.unscoped.exists():
            raise SystemExit("the database must be empty (a fresh DATABASE_URL)")
        for gen in registered_generators():
            if gen.name == "units":
                gen.func(scale="small", today=dt.date.today(), stdout=sys.stderr)  # noqa: DTZ011
        centre = Unit.unscoped.get(code="sjzyj")
        _, raw = keys.issue_key(
            name="bench", centre=centre, channel="wechat", by="bench", now=timezone.now()
        )
        codes = [s.code for s in reads.services()]
    connection.close()
    return raw, codes


def start_server(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [
        str(gunicorn),
        "gongkai.wsgi:application",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--threads",
        str(threads),
        "-k",
        "gthread",
        "--backlog",
        "512",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env})  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/open311/v2/discovery.json")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the server did not start")


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.numbers: list[str] = []
        self.statuses: Counter[str] = Counter()
        self.locked = 0


def client_loop(port: int, key: str, codes: list[str], until: float, out: Results, seed: int):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    while time.monotonic() < until:
        place = rng.choice(PLACES)
        body = urlencode(
            {
                "api_key": key,
                "jurisdiction_id": "huoqiu.gov.cn",
                "service_code": rng.choice(codes),
                "address_string": place,
                "description": rng.choice(TEXTS).format(place=place),
                "attribute[kind]": rng.choice(KINDS),
                "last_name": "测",
                "first_name": "试",
                "phone": f"139{rng.randrange(10**8):08d}",
            }
        )
        start = time.perf_counter()
        try:
            conn.request("POST", "/open311/v2/requests.json", body, headers)
            response = conn.getresponse()
            payload = response.read()
            status = str(response.status)
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            payload, status = b"", type(exc).__name__
        elapsed = time.perf_counter() - start
        with out.lock:
            out.statuses[status] += 1
            if status == "200":
                out.latencies.append(elapsed)
                out.numbers.append(json.loads(payload)[0]["service_request_id"])
            elif b"database is locked" in payload:
                out.locked += 1
    conn.close()


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _tree(pid: int) -> list[int]:
    out = [pid]
    for child in _children(pid):
        out += _tree(child)
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of ``pids`` (and their reaped children) from /proc, Linux only."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / ticks


def postmaster_pid() -> int | None:
    """The PostgreSQL server of DATABASE_URL's port (scripts/with-postgres.sh), if local."""
    url = os.environ.get("DATABASE_URL", "")
    port = url.rsplit(":", 1)[-1].split("/")[0] if url.count(":") >= 2 else ""
    if not port.isdigit():
        return None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "postgres" in cmd and f"-p {port}" in cmd:
            return int(entry.name)
    return None


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-hotline-"))
    env = {
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "GONGKAI_VAR_DIR": str(tmp),
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(40),
        "GONGKAI_DATA_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GONGKAI_LOG_LEVEL": "WARNING",
    }
    key, codes = prepare(env)
    from django.db import connection

    engine = connection.vendor
    port = free_port()
    load_before = os.getloadavg()
    server = start_server(env, port, args.workers, args.threads)
    out = Results()
    pg = postmaster_pid()

    def server_cpu() -> float:
        return cpu_seconds(_tree(server.pid)) + (cpu_seconds(_tree(pg)) if pg else 0.0)

    try:
        cpu_before = server_cpu()
        until = time.monotonic() + args.seconds
        started = time.perf_counter()
        threads = [
            threading.Thread(target=client_loop, args=(port, key, codes, until, out, i))
            for i in range(args.clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        load_after = os.getloadavg()
        cpu_used = server_cpu() - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)

    from gongkai.hotline.models import Ticket

    in_db = set(Ticket.unscoped.values_list("number", flat=True))
    answered = Counter(out.numbers)
    duplicates = sum(n - 1 for n in answered.values() if n > 1)
    lost = len(set(answered) - in_db)
    unanswered = len(in_db - set(answered))
    ok = out.statuses.get("200", 0)
    errors = sum(n for s, n in out.statuses.items() if s != "200")
    rows = [
        ("database", engine),
        ("server", f"gunicorn gthread {args.workers} workers × {args.threads} threads"),
        ("clients × seconds", f"{args.clients} × {args.seconds:g} (wall {wall:.1f} s)"),
        ("tickets/s (answered 200)", f"{ok / wall:.1f}"),
        ("ok / errors", f"{ok} / {errors} {dict(out.statuses)}"),
        ('"database is locked" reaching a client', str(out.locked)),
        ("rows in DB", str(len(in_db))),
        ("lost (200 but not in DB)", str(lost)),
        ("in DB but unanswered", str(unanswered)),
        ("duplicate numbers", str(duplicates)),
        (
            "latency p50 / p95 / max",
            f"{pct(out.latencies, 0.5) * 1000:.0f} / "
            f"{pct(out.latencies, 0.95) * 1000:.0f} / {max(out.latencies or [0]) * 1000:.0f} ms",
        ),
        (
            "server CPU per ticket (gunicorn" + (" + PostgreSQL" if pg else "") + ")",
            f"{cpu_used / max(ok, 1) * 1000:.1f} ms → capacity on {os.cpu_count()} idle CPUs "
            f"≈ {os.cpu_count() / max(cpu_used / max(ok, 1), 1e-9):.0f} tickets/s",
        ),
        ("load average before / after", f"{load_before[0]:.2f} / {load_after[0]:.2f} (1 min)"),
        ("machine", f"{os.cpu_count()} CPUs, Python {platform.python_version()}"),
    ]
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
