"""Benchmark of Chinese full-text search (issue 8): indexing speed, index size, query latency.

Builds a throwaway database (SQLite in a temp dir, or the empty PostgreSQL named by
DATABASE_URL), writes ``--docs`` search entries through gongkai.search.indexing (generated text
from a fixed vocabulary of government phrases: titles of about 20 characters, bodies of about
300), then times ``search_public`` for 2-, 4- and 8-character queries and two-word queries drawn
from the corpus (so common words are drawn as often as they occur), and the same queries as a
plain substring scan (instr / strpos over title and body: count plus the newest 20) as the
baseline.

    .venv/bin/python bench/bench_search.py [--docs 300000] [--queries 100] [--baseline 20]
    scripts/with-postgres.sh .venv/bin/python bench/bench_search.py --docs 300000
    DATABASE_URL=postgres://…/built .venv/bin/python bench/bench_search.py --reuse /tmp

Prints markdown tables; docs/performance.md records the numbers.
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

SUBJECTS = (
    "政府信息公开", "一网通办", "乡村振兴", "营商环境", "安全生产", "防汛抗旱", "森林防火",
    "社会保障", "义务教育", "医疗保险", "城乡建设", "生态环境保护", "耕地保护", "农村人居环境整治",
    "高标准农田建设", "民生实事", "公共资源交易", "行政审批", "财政预算", "政府采购", "住房公积金",
    "城镇老旧小区改造", "疫情防控", "食品安全", "河长制", "林长制", "人才引进", "招商引资",
    "就业创业", "退役军人服务", "养老服务", "残疾人保障", "最低生活保障", "农业机械化",
    "交通运输", "水利工程", "文化旅游", "全民健身", "消防安全", "网格化管理", "信访工作",
    "12345热线", "双随机一公开", "放管服改革", "数字政府", "统计调查", "审计整改", "国有资产",
)  # fmt: skip
ISSUERS = (
    "县人民政府", "县人民政府办公室", "县发展和改革委员会", "县财政局", "县教育局", "县民政局",
    "县人力资源和社会保障局", "县自然资源和规划局", "县生态环境分局", "县住房和城乡建设局",
    "县农业农村局", "县卫生健康委员会", "县应急管理局", "县市场监督管理局", "城关镇人民政府",
    "河口镇人民政府", "县数据资源管理局",
)  # fmt: skip
GENRES = (
    "的通知",
    "的实施意见",
    "的实施方案",
    "的工作要点",
    "的公告",
    "的报告",
    "管理办法",
    "的批复",
)
VERBS = ("关于印发", "关于做好", "关于进一步加强", "关于开展", "关于公布", "关于推进", "关于调整")
SENTENCES = (
    "为深入贯彻落实党中央国务院决策部署", "根据有关法律法规和上级文件精神", "结合我县实际",
    "现就有关事项通知如下", "各乡镇人民政府、县直各单位要高度重视", "切实加强组织领导",
    "明确责任分工", "确保各项工作任务落到实处", "进一步提升服务质量和效率", "加强监督检查",
    "对工作不力的单位予以通报", "请各单位认真贯彻执行", "本方案自印发之日起施行",
    "有关情况及时报送县政府办公室", "广泛宣传动员", "营造良好社会氛围", "完善长效机制",
    "统筹推进", "按照属地管理原则", "做好信息公开工作", "畅通群众反映问题渠道",
    "联系电话0564-6012345", "2023年度", "2024年", "截至目前", "累计完成投资",
)  # fmt: skip


ACTIONS = (
    "加快推进",
    "认真做好",
    "全面落实",
    "持续深化",
    "扎实开展",
    "稳步实施",
    "大力支持",
    "严格规范",
)
OBJECTS = (
    "专项行动", "考核评价", "资金管理", "督查检查", "宣传培训", "风险排查", "项目申报", "档案管理",
    "信息报送", "应急预案", "质量提升", "示范创建",
)  # fmt: skip


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["GONGKAI_VAR_DIR"] = str(tmp)
    import django

    django.setup()


def make_document(rng: random.Random, n: int, unit_ids: list[int], today: dt.date):
    from gongkai.search.api import Kind
    from gongkai.search.indexing import Document

    subject = rng.choice(SUBJECTS)
    title = f"{rng.choice(ISSUERS)}{rng.choice(VERBS)}{subject}{rng.choice(GENRES)}"
    parts: list[str] = []
    while sum(map(len, parts)) < 300:
        if rng.random() < 0.35:
            parts.append(rng.choice(SENTENCES))
        else:
            parts.append(rng.choice(ACTIONS) + rng.choice(SUBJECTS) + rng.choice(OBJECTS))
    body = "，".join(parts) + "。"
    kind = rng.choices([Kind.ITEM, Kind.POLICY, Kind.INTERPRETATION, Kind.NORMDOC], [6, 2, 1, 1])[0]
    published = today - dt.timedelta(days=rng.randrange(3650))
    validity = rng.choice(["valid", "valid", "expired"]) if kind in (Kind.POLICY, "normdoc") else ""
    return Document(
        kind=kind,
        object_id=n,
        title=title,
        body=body,
        unit_id=rng.choice(unit_ids),
        channel_id=rng.randrange(1, 400),
        topic=rng.choice(
            ["综合政务", "城乡建设、环境保护", "农业、林业、水利", "劳动、人事、监察"]
        ),
        published_on=published,
        validity=validity,
        is_public=rng.random() < 0.95,
        url=f"/xxgk/item/{n}/",
    )


def build(n_docs: int, batch: int, today: dt.date) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gongkai.core.demo import registered_generators
    from gongkai.search.backends import get_backend
    from gongkai.search.indexing import write_documents
    from gongkai.search.models import SearchEntry
    from gongkai.units.models import Unit
    from gongkai.units.scoping import system_scope

    call_command("migrate", verbosity=0)
    if SearchEntry.unscoped.exists():
        raise SystemExit("the database must be empty")
    with system_scope("bench"):
        for gen in registered_generators():
            if gen.name == "units":
                gen.func(scale="small", today=today, stdout=sys.stderr)
        unit_ids = list(Unit.unscoped.values_list("pk", flat=True))
    rng = random.Random(8)
    now = timezone.now()
    generate = index = 0.0
    for start in range(0, n_docs, batch):
        t0 = time.perf_counter()
        docs = [
            make_document(rng, n, unit_ids, today) for n in range(start, min(n_docs, start + batch))
        ]
        t1 = time.perf_counter()
        write_documents(docs, now=now)
        index += time.perf_counter() - t1
        generate += t1 - t0
        if (start // batch) % 10 == 0:
            print(f"已索引 {start + len(docs)}/{n_docs}", file=sys.stderr)
    t0 = time.perf_counter()
    get_backend().optimize()
    optimize = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"index_seconds": index, "generate_seconds": generate, "optimize_seconds": optimize}


def draw_queries(rng: random.Random, texts: list[str], count: int) -> dict[str, list[str]]:
    import re

    han_runs = re.compile(r"[\u4e00-\u9fff]+")

    def word(length: int) -> str:
        while True:
            runs = [r for r in han_runs.findall(rng.choice(texts)) if len(r) >= length]
            if runs:
                run = rng.choice(runs)
                start = rng.randrange(len(run) - length + 1)
                return run[start : start + length]

    return {
        "2 字": [word(2) for _ in range(count)],
        "4 字": [word(4) for _ in range(count)],
        "8 字": [word(8) for _ in range(count)],
        "两词": [f"{word(2)} {word(rng.choice([2, 3, 4]))}" for _ in range(count)],
    }


def baseline(word: str) -> int:
    """The substring scan: count and the newest 20 public documents containing every word."""
    from django.db import connection

    words = word.split()
    if connection.vendor == "postgresql":
        cond = " AND ".join(["(strpos(title, %s) > 0 OR strpos(body, %s) > 0)"] * len(words))
    else:
        cond = " AND ".join(["(instr(title, %s) > 0 OR instr(body, %s) > 0)"] * len(words))
    params = [w for w in words for _ in (0, 1)]
    sql_where = f"FROM search_searchentry WHERE is_public = %s AND {cond}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {sql_where}", [True, *params])
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT id {sql_where} ORDER BY published_on DESC LIMIT 20",
            [True, *params],
        )
        cursor.fetchall()
    return total


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 20 else max(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300_000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=100, help="queries per kind")
    parser.add_argument("--baseline", type=int, default=20, help="substring-scan queries per kind")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="search an earlier run's database without rebuilding: SQLite, its var dir; "
        "PostgreSQL, the database DATABASE_URL names (pass any directory)",
    )
    args = parser.parse_args()
    tmp = args.reuse or Path(tempfile.mkdtemp(prefix="gongkai-bench-search-"))
    print(f"var dir: {tmp}", file=sys.stderr)
    setup_django(tmp)
    from django.db import connection

    from gongkai.search.backends import get_backend
    from gongkai.search.models import SearchEntry
    from gongkai.search.service import search_public

    today = dt.date(2026, 11, 26)
    if args.reuse:
        info = {"index_seconds": float("nan"), "optimize_seconds": float("nan")}
    else:
        info = build(args.docs, args.batch, today)
    backend = get_backend()
    sizes = backend.index_size()
    rng = random.Random(11)
    sample_ids = rng.sample(range(1, SearchEntry.unscoped.count() + 1), 2000)
    texts = [
        f"{t} {b}"
        for t, b in SearchEntry.unscoped.filter(pk__in=sample_ids).values_list("title", "body")
    ]
    queries = draw_queries(rng, texts, args.queries)
    for words in queries.values():  # warm up caches
        for word in words[:5]:
            search_public(word)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            db = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3

        db = f"SQLite {sqlite3.sqlite_version}"
    rate = args.docs / info["index_seconds"]
    print(f"\n### {db}, {args.docs:,} documents ({dt.datetime.now(dt.UTC).date().isoformat()})\n")
    print(
        f"- machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(
        f"- indexing: {rate:,.0f} documents/s ({info['index_seconds']:.0f} s for "
        f"{args.docs:,}; text generation not counted), then optimize "
        f"{info['optimize_seconds']:.1f} s"
    )
    print("- index size: " + ", ".join(f"{k} {v / 2**20:,.0f} MiB" for k, v in sizes.items()))
    print()
    print(
        "| queries | n | search p50 | search p95 | max | median hits | estimated totals | "
        "worst estimate error | substring scan p50 | scan p95 (n) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, words in queries.items():
        times, totals, estimated = [], [], []
        for word in words:
            t0 = time.perf_counter()
            results = search_public(word)
            times.append((time.perf_counter() - t0) * 1000)
            totals.append(results.total)
            estimated.append(results.total_is_estimate)
        scan = []
        errors = []
        for word, total, estimate in zip(words[: args.baseline], totals, estimated, strict=False):
            t0 = time.perf_counter()
            found = baseline(word)
            scan.append((time.perf_counter() - t0) * 1000)
            if estimate:
                errors.append(abs(total - found) / found)
            elif found != total:
                print(
                    f"  recall mismatch for {word!r}: index {total}, scan {found}", file=sys.stderr
                )
        print(
            f"| {label} | {len(words)} | {pct(times, 50):.1f} ms | {pct(times, 95):.1f} ms | "
            f"{max(times):.0f} ms | {statistics.median(totals):,.0f} | "
            f"{sum(estimated)} | {max(errors, default=0):.0%} | "
            f"{statistics.median(scan):.0f} ms | {pct(scan, 95):.0f} ms ({len(scan)}) |"
        )


if __name__ == "__main__":
    main()
