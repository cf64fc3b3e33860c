"""Benchmark of the public portal and the editors' admin listing with many items.

Builds a throwaway database (SQLite in a temp dir, or the PostgreSQL named by DATABASE_URL),
the demo units and their catalogues, then ``--items`` published items spread over the channels
with a realistic skew (one very large 工作动态 channel), and measures server time in-process
with Django's test client:

- the item page and the channel listing (first page and a deep page), p50/p95 and queries;
- the admin page listing of the largest channel as its unit's editor.

Run from the repository root:

    .venv/bin/python bench/bench_portal.py [--items 300000] [--samples 300]
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_portal.py

Prints a markdown table; docs/performance.md records the numbers.
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


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["GONGKAI_VAR_DIR"] = str(tmp)
    os.environ.setdefault("GONGKAI_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    import django

    django.setup()


def build(n_items: int, today: dt.date) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gongkai.catalog.bulk import NewItem, bulk_create_items
    from gongkai.catalog.models import ChannelPage, UnitCatalogPage
    from gongkai.catalog.services import create_catalogue_root, create_unit_catalogue
    from gongkai.portal.models import HomePage
    from gongkai.units.models import Unit
    from gongkai.units.scoping import system_scope

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a fresh database for every run
            cursor.execute("SELECT count(*) FROM catalog_itempage")
            if cursor.fetchone()[0]:
                raise SystemExit("DATABASE_URL must name an empty database")
    from gongkai.core.demo import registered_generators

    with system_scope("bench"):
        for gen in registered_generators():
            if gen.name in ("units", "portal"):
                gen.func(scale="small", today=today, stdout=sys.stderr)
        home = HomePage.objects.get()
        now = timezone.now()
        create_catalogue_root(home=home, by=None, now=now)
        for unit in Unit.unscoped.all():
            create_unit_catalogue(unit=unit, by=None, now=now)
        leaves = list(ChannelPage.objects.filter(numchild=0).values_list("pk", "slug"))
        big = next(pk for pk, slug in leaves if slug == "gzdt")
        rng = random.Random(7)
        start = time.perf_counter()
        batch: list = []
        made = 0
        for i in range(n_items):
            # 10 % of everything in one channel (the county government's 工作动态), the rest spread.
            channel = big if i % 10 == 0 else leaves[rng.randrange(len(leaves))][0]
            published = today - dt.timedelta(days=rng.randrange(0, 3650))
            batch.append(
                NewItem(
                    channel_id=channel,
                    title=f"关于做好第{i}项政务公开工作的通知",
                    published_on=published,
                    topic="综合政务",
                    genre="通知",
                    doc_number=f"霍政办〔{published.year}〕{i % 300 + 1}号" if i % 5 == 0 else "",
                    summary="这是一条用于性能测试的政府信息。",
                    body="<p>" + "政务公开正文。" * 40 + "</p>",
                )
            )
            if len(batch) == 20000:
                made += bulk_create_items(batch)
                batch = []
        made += bulk_create_items(batch)
        build_seconds = time.perf_counter() - start
        editor_unit = UnitCatalogPage.objects.get(
            pk=ChannelPage.objects.get(pk=big).get_parent().get_parent().pk
        ).unit
    return {"big": big, "made": made, "build_seconds": build_seconds, "editor_unit": editor_unit}


def measure(client, urls: list[str]) -> tuple[list[float], list[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for url in urls:
        connection.queries_log.clear()  # a full log (9,000 entries) would count 0 queries
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} → {response.status_code}")
        times.append(elapsed)
        queries.append(len(ctx.captured_queries))
    return times, queries


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=300_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--reuse", metavar="DIR", help="measure an existing bench database")
    parser.add_argument(
        "--admin-samples", type=int, default=30, help="requests of the editors' listing"
    )
    parser.add_argument(
        "--admin-only", action="store_true", help="with --reuse: only the editors' listing"
    )
    args = parser.parse_args()
    tmp = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    setup_django(tmp)
    from django.db import connection
    from django.test import Client

    from gongkai.catalog.models import ChannelPage, ItemPage
    from gongkai.units.models import Membership
    from gongkai.units.roles import Role

    today = dt.date(2026, 11, 26)
    if args.reuse:
        from django.db.models import Count

        big = ChannelPage.objects.annotate(n=Count("channel_items")).order_by("-n").first()
        info = {
            "big": big.pk,
            "made": ItemPage.objects.count(),
            "build_seconds": 0,
            "editor_unit": big.unit,
        }
    else:
        info = build(args.items, today)
    rng = random.Random(11)
    client = Client()
    ids = list(ItemPage.objects.filter(is_public=True).values_list("pk", flat=True))
    sample = [ItemPage.objects.get(pk=rng.choice(ids)).url for _ in range(args.samples)]
    channels = list(
        ChannelPage.objects.filter(numchild__gt=0, channel_items__isnull=False).distinct()[:200]
    )
    big = ChannelPage.objects.get(pk=info["big"])
    big_count = ItemPage.objects.filter(channel=big, is_public=True).count()
    listing = [rng.choice(channels).url for _ in range(args.samples // 2)]
    listing += [big.url] * (args.samples // 4)
    listing += [
        f"{big.url}?page={rng.randrange(1, big_count // 20)}" for _ in range(args.samples // 4)
    ]
    item_t: list[float] = []
    item_q: list[int] = []
    list_t: list[float] = []
    list_q: list[int] = []
    if not args.admin_only:
        measure(client, sample[:20] + listing[:20])  # warm caches
        item_t, item_q = measure(client, sample)
        list_t, list_q = measure(client, listing)
    editor = (
        Membership.unscoped.filter(unit=info["editor_unit"], role=Role.EDITOR)
        .select_related("user")
        .first()
    )
    admin_t: list[float] = []
    admin_q: list[int] = []
    if editor is None:  # e.g. the county government's channel: give it a bench editor
        from gongkai.units.models import User
        from gongkai.units.scoping import system_scope
        from gongkai.units.services import grant_role

        with system_scope("bench"):
            user, _ = User.objects.get_or_create(
                username="bench_editor", defaults={"is_staff": True}
            )
            editor = grant_role(
                user=user,
                unit=info["editor_unit"],
                role=Role.EDITOR,
                by=User.objects.filter(is_superuser=True).first(),
                today=today,
            )
    if editor:
        client.force_login(editor.user)
        first = args.admin_samples * 2 // 3
        admin_urls = [f"/admin/pages/{big.pk}/"] * first + [f"/admin/pages/{big.pk}/?p=50"] * (
            args.admin_samples - first
        )
        measure(client, admin_urls[:3])
        admin_t, admin_q = measure(client, admin_urls)
    print(
        f"\n{connection.vendor} · Python {platform.python_version()} · {platform.machine()} · "
        f"{info['made']:,} items built in {info['build_seconds']:.0f} s · largest channel {big_count:,} items\n"
    )
    print("| page | samples | p50 ms | p95 ms | max ms | queries |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, t, q in (
        ("item page", item_t, item_q),
        ("channel listing (incl. largest, deep pages)", list_t, list_q),
        ("admin listing of the largest channel (editor)", admin_t, admin_q),
    ):
        if t:
            print(
                f"| {name} | {len(t)} | {statistics.median(t):.1f} | {p95(t):.1f} | {max(t):.1f} | "
                f"{min(q)}–{max(q)} |"
            )


if __name__ == "__main__":
    main()
