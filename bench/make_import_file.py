"""Write a realistic migration file for ``import_items`` and time parsing it (no Django needed).

Run from the repository root:

    .venv/bin/python bench/make_import_file.py var/bench/items.xlsx --rows 29000 --units chengguan,fgw

Rows are spread round-robin over the given units (their names go into 「发布机构」, their codes
into the old-site URLs, and their 发文机关代字 into the 文号 of policy rows), with channels among
法定主动公开内容/工作动态, /通知公告 and /政策文件 and dates in 2023–2026 (never after today).
The file is then parsed with ``gongkai.catalog.domain.importing.parse_file`` and the speed is
printed in rows per second; docs/performance.md records the numbers. ``--seed`` makes the file
reproducible; ``--csv`` also writes a GB18030 .csv copy (as old CMS exports are) and times it;
``--write-only`` writes the .xlsx the way streaming exporters do (slower to read, see write_xlsx).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from gongkai.catalog.domain.importing import (  # noqa: E402
    ImportParseResult,
    parse_file,
    template_headers,
)
from gongkai.catalog.domain.taxonomy import TOPICS  # noqa: E402

# Known units of the test county (tests/personas.py); unknown codes get a generic 局.
UNITS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # code: (full name, short name, 发文机关代字 used in 文号)
    "chengguan": ("霍邱县城关镇人民政府", "城关镇", ("城政", "城政办", "城发")),
    "hekou": ("霍邱县河口镇人民政府", "河口镇", ("河政", "河政办")),
    "fgw": ("霍邱县发展和改革委员会", "县发改委", ("霍发改", "霍发改价格", "霍发改投资")),
    "sjzyj": ("霍邱县数据资源管理局", "县数据资源局", ("霍数据",)),
    "xzfb": ("霍邱县人民政府办公室", "县政府办", ("霍政办", "霍政办秘")),
}
CHANNELS = (
    "法定主动公开内容/工作动态",
    "法定主动公开内容/通知公告",
    "法定主动公开内容/政策文件",
)
CREDIT_CODE = "11341522003118262W"  # index numbers on 霍邱's site start with the unit's code
FIRST_DAY = date(2023, 1, 1)
LAST_DAY = date(2026, 12, 31)

SUBJECTS = (
    "安全生产",
    "防汛抗旱",
    "秸秆禁烧",
    "乡村振兴",
    "人居环境整治",
    "森林防火",
    "城乡居民医保征缴",
    "优化营商环境",
    "耕地保护",
    "文明创建",
    "河长制",
    "稳就业",
    "农村饮水安全",
    "义务教育控辍保学",
    "高标准农田建设",
    "消防安全",
    "信访维稳",
    "粮食收购",
    "招商引资",
    "政务公开",
)
NEWS_TITLES = (
    "{short}召开{subject}工作推进会",
    "{short}开展{subject}专项检查",
    "{short}部署{year}年{subject}工作",
    "{short}召开{subject}工作调度会",
    "{short}组织开展{subject}宣传活动",
    "县领导到{short}调研{subject}工作",
    "{short}扎实推进{subject}",
)
NOTICE_TITLES = (
    "关于做好{year}年{subject}工作的通知",
    "关于开展{subject}专项整治行动的通知",
    "关于{year}年{subject}补助资金发放情况的公示",
    "{name}关于{subject}有关事项的公告",
    "关于{year}年{subject}工作情况的通报",
)
POLICY_TITLES = (
    "{name}关于印发《霍邱县{subject}实施方案》的通知",
    "{name}关于印发《{year}年{subject}工作要点》的通知",
    "{name}关于进一步加强{subject}工作的意见",
    "{name}关于{subject}工作的决定",
    "{name}关于印发《霍邱县{subject}管理办法》的通知",
)
PARAGRAPHS = (
    "为深入贯彻落实党中央、国务院和省委、省政府关于{subject}工作的决策部署，"
    "切实做好我县{subject}各项工作，结合实际，现就有关事项通知如下。",
    "各相关单位要提高思想认识，压实工作责任，明确专人负责，"
    "确保{subject}工作各项任务落到实处、取得实效。",
    "要加强统筹协调，建立健全工作机制，定期开展督查调度，"
    "对工作推进不力、问题整改不到位的单位和个人严肃追责问责。",
    "要加大宣传力度，充分利用广播、微信公众号、宣传栏等多种方式，"
    "广泛宣传{subject}相关政策，营造全社会共同参与的良好氛围。",
    "本{doc}自印发之日起施行，由{short}负责解释。",
)


def unit_info(code: str) -> tuple[str, str, tuple[str, ...]]:
    return UNITS.get(code, (f"霍邱县{code}局", f"县{code}局", ("霍" + code[:2],)))


def make_rows(n: int, units: list[str], *, last_day: date, seed: int) -> list[list[object]]:
    """Rows in template column order (see importing.COLUMNS)."""
    rng = random.Random(seed)
    span = (last_day - FIRST_DAY).days
    doc_sequences: dict[tuple[str, int], int] = {}
    index_sequences: dict[tuple[str, int, int], int] = {}
    rows: list[list[object]] = []
    for i in range(n):
        code = units[i % len(units)]
        name, short, prefixes = unit_info(code)
        # Roughly what a township's 目录 holds: mostly news, then notices, fewer policies.
        channel = rng.choices(CHANNELS, weights=(6, 3, 2))[0]
        published = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
        subject = rng.choice(SUBJECTS)
        fmt = {"name": name, "short": short, "subject": subject, "year": published.year}
        written: date | None = None
        doc_number = ""
        validity = ""
        kind = "一般信息"
        if channel.endswith("政策文件"):
            title = rng.choice(POLICY_TITLES).format(**fmt)
            written = published - timedelta(days=rng.randrange(0, 8))
            prefix = rng.choice(prefixes)
            seq = doc_sequences[(prefix, written.year)] = (
                doc_sequences.get((prefix, written.year), 0) + 1
            )
            # Old sites mix 〔〕 and [] brackets; the importer canonicalises them.
            brackets = "〔〕" if rng.random() < 0.8 else "[]"
            doc_number = f"{prefix}{brackets[0]}{written.year}{brackets[1]}{seq}号"
            validity = rng.choices(("有效", "已废止", "已失效", "已修改"), weights=(8, 1, 1, 1))[0]
            kind = "政策文件"
            genre = "意见" if "意见" in title else "决定" if "决定" in title else "通知"
            doc = "方案" if "方案" in title else "办法" if "办法" in title else "文件"
        elif channel.endswith("通知公告"):
            title = rng.choice(NOTICE_TITLES).format(**fmt)
            genre = next((g for g in ("公告", "通报", "公示") if g in title), "通知")
            genre = "其他" if genre == "公示" else genre
            doc = "通知"
        else:
            title = rng.choice(NEWS_TITLES).format(**fmt)
            genre = "其他"
            doc = "信息"
        body = "".join(
            f"<p>{p.format(subject=subject, short=short, doc=doc)}</p>"
            for p in rng.sample(PARAGRAPHS, k=rng.randint(2, len(PARAGRAPHS)))
        )
        # 索引号: unit code / year-month - sequence within the month (the site's own scheme).
        month_key = (code, published.year, published.month)
        seq_in_month = index_sequences[month_key] = index_sequences.get(month_key, 0) + 1
        index_number = f"{CREDIT_CODE}-{code}/{published:%Y%m}-{seq_in_month:05d}"
        attachments = (
            f"附件/{published.year}/{subject}{'方案' if doc == '方案' else '附件'}.pdf"
            if rng.random() < 0.15
            else ""
        )
        rows.append(
            [
                channel,
                title,
                index_number,
                doc_number,
                written,
                # Cells as a real export has them: mostly date cells, some typed as text.
                published
                if rng.random() < 0.8
                else f"{published.year}年{published.month}月{published.day}日",
                name,
                rng.choice(TOPICS),
                genre,
                validity,
                kind,
                f"{subject}，{short}",
                f"{short}{subject}相关{doc}。",
                body,
                f"https://www.huoqiu.gov.cn/{code}/public/6596091/{1_000_000 + i}.html",
                attachments,
            ]
        )
    return rows


def write_xlsx(path: Path, rows: list[list[object]], *, write_only: bool = False) -> None:
    """Write the rows under the template's headers.

    By default the workbook is built in memory, so that openpyxl writes what Excel and WPS
    write when staff save a filled-in template: a <dimension> element and a shared-string
    table. ``write_only`` streams instead (fast, little memory) but produces inline strings and
    no <dimension>, which makes openpyxl's read-only reader scan the sheet twice: the worst case,
    as some CMS exporters produce it.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("目录信息") if write_only else workbook.active
    if not write_only:
        sheet.title = "目录信息"
    sheet.append(template_headers())
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(template_headers())
        for row in rows:
            writer.writerow([v.isoformat() if isinstance(v, date) else v for v in row])


def timed_parse(path: Path, today: date) -> tuple[ImportParseResult, float]:
    start = time.perf_counter()
    result = parse_file(path, today=today)
    return result, time.perf_counter() - start


def report(label: str, path: Path, result: ImportParseResult, seconds: float) -> None:
    size = path.stat().st_size / 1_048_576
    print(
        f"{label}: parsed {result.total_rows} rows ({size:.1f} MiB) in {seconds:.2f} s = "
        f"{result.total_rows / seconds:,.0f} rows/s; "
        f"{len(result.rows)} valid, {len(result.errors)} errors, "
        f"{len(result.duplicates)} duplicates"
    )
    for error in (result.errors + result.duplicates)[:5]:
        print("  ", error.message)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the .xlsx file to write")
    parser.add_argument("--rows", type=int, default=29_000)
    parser.add_argument("--units", default="chengguan,fgw", help="comma-separated unit codes")
    parser.add_argument("--seed", type=int, default=20241)
    parser.add_argument("--csv", action="store_true", help="also write and time a GB18030 .csv")
    parser.add_argument(
        "--write-only",
        action="store_true",
        help="stream the .xlsx (inline strings, no <dimension>): openpyxl's slowest input",
    )
    args = parser.parse_args(argv)

    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    units = [u.strip() for u in args.units.split(",") if u.strip()]
    args.out.parent.mkdir(parents=True, exist_ok=True)

    start = time.perf_counter()
    rows = make_rows(args.rows, units, last_day=min(today, LAST_DAY), seed=args.seed)
    write_xlsx(args.out, rows, write_only=args.write_only)
    print(
        f"wrote {args.out} ({len(rows)} rows, units {', '.join(units)}) "
        f"in {time.perf_counter() - start:.2f} s"
    )
    report("xlsx", args.out, *timed_parse(args.out, today))

    if args.csv:
        csv_path = args.out.with_suffix(".csv")
        write_csv(csv_path, rows)
        report("csv (gb18030)", csv_path, *timed_parse(csv_path, today))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
