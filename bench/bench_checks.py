"""Benchmark of the text rules (issue 5: at least 1 MB of text per second; no Django needed).

Run from the repository root:

    .venv/bin/python bench/bench_checks.py [--mb 5] [--repeat 3] [--terms 200]

Generates about ``--mb`` MB (UTF-8) of government-style text built from 霍邱 facts (文号 right and
wrong, 索引号, dates, amounts, statistics, postcodes, office phones) with personal data sprinkled in,
and a lexicon of ``--terms`` entries, then times ``check_text``:

* on the whole text as one string, and
* on the same text cut into items of about 1,000 characters (how the site-wide scan calls it),

and, for the whole text, each rule family alone. Prints MB/s (UTF-8 megabytes, 10^6 bytes) and
millions of characters per second; best of ``--repeat`` runs. Fixed seed, so runs are comparable.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from gongkai.checks.domain.engine import (  # noqa: E402
    TEXT_RULES,
    CheckContext,
    Lexicon,
    LexiconEntry,
    Severity,
    check_text,
)
from gongkai.checks.domain.pii import id18_check_char, luhn_ok  # noqa: E402

TODAY = date(2026, 11, 26)

UNITS = [
    "霍邱县人民政府办公室", "霍邱县发展和改革委员会", "霍邱县教育局", "霍邱县财政局",
    "霍邱县人力资源和社会保障局", "霍邱县农业农村局", "霍邱县卫生健康委员会", "霍邱县民政局",
    "霍邱县文旅体育局", "霍邱县数据资源管理局", "城关镇人民政府", "冯瓴镇人民政府", "众兴集镇人民政府",
]  # fmt: skip
# 冯岭镇 is the known mis-typing of 冯瓴镇 (huoqiu.md §1.2), 临淮岗乡 the pre-2018 name: lexicon hits.
TOWNS = ["城关镇", "河口镇", "周集镇", "临水镇", "新店镇", "石店镇", "马店镇", "冯瓴镇", "临淮岗镇",
         "冯岭镇", "临淮岗乡"]  # fmt: skip
DOC_NUMBERS = [
    "霍政〔2021〕14号", "霍政秘〔2026〕39号", "皖政办秘〔2021〕65号", "皖政务办秘〔2024〕2号",
    "国办公开办函〔2021〕30号", "六政务公开办〔2024〕2号", "皖政办[2021]109号", "霍政办（2023）05号",
    "霍政【2022】第7号",
]  # fmt: skip
SENTENCES = [
    "为深入贯彻落实{doc}文件精神，进一步做好{year}年政府信息公开工作，现将有关事项通知如下。",
    "{unit}于{year}年{month}月{day}日召开专题会议，研究部署{town}重点工作任务推进情况。",
    "全县完成固定资产投资{amount}万元，同比增长{pct}%，规模以上工业增加值增长{pct}%。",
    "索引号：11341522MB0000000X/{year}{month:02d}-{serial:05d}，发布机构：{unit}，发布日期：{year}-{month:02d}-{day:02d}。",
    "根据《中华人民共和国政府信息公开条例》（国务院令第711号）和{doc}要求，{unit}编制本年度报告。",
    "本年度主动公开政府信息{count}条，其中规范性文件{small}件，政策解读{small}篇。",
    "地址：霍邱县城关镇双拥路1号，邮政编码：237400，咨询电话：0564-6065010。",
    "{town}共有村（社区）{small}个，户籍人口{count}人，耕地面积{amount}亩。",
    "各乡镇、县直各单位要高度重视，明确责任分工，认真布署，确保{year}年{month}月底前完成整改。",
    "项目总投资1,234,567.89元，资金来源为县级财政资金，执行期限为{year}年至{year2}年。",
    "政策咨询：如果您对该政策文件有疑问，可以拨打标题上方的电话咨询相关部门，或拨打12345热线。",
    "详见 https://www.huoqiu.gov.cn/public/6600181/{content}.html 及附件。",
]  # fmt: skip
PII_SENTENCES = [
    "申请人张某，身份证号{id}，联系电话{mobile}。",
    "经核实，李某（公民身份号码：{id}）符合救助条件，发放金额{small}元至其银行卡号{card}。",
    "联系人：王某，手机 {mobile_grouped}，邮箱 {email}。",
    "如有疑问请致电（0564）{local}，或发送邮件至 {email}。",
]  # fmt: skip


def fake_id(rng: random.Random) -> str:
    born = f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 = f"341522{born}{rng.randint(0, 999):03d}"
    return first17 + id18_check_char(first17)


def fake_card(rng: random.Random) -> str:
    while True:
        digits = "622202" + "".join(rng.choice("0123456789") for _ in range(13))
        if luhn_ok(digits):
            return digits


def fake_mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"


def make_text(target_bytes: int, rng: random.Random) -> str:
    parts: list[str] = []
    size = 0
    while size < target_bytes:
        if rng.random() < 0.05:
            template = rng.choice(PII_SENTENCES)
            mobile = fake_mobile(rng)
            sentence = template.format(
                id=fake_id(rng),
                mobile=mobile,
                mobile_grouped=f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}",
                card=fake_card(rng),
                email=f"user{rng.randint(1, 9999)}@163.com",
                local=rng.randint(2000000, 9999999),
                small=rng.randint(1, 99),
            )
        else:
            year = rng.randint(2018, 2026)
            sentence = rng.choice(SENTENCES).format(
                doc=rng.choice(DOC_NUMBERS),
                unit=rng.choice(UNITS),
                town=rng.choice(TOWNS),
                year=year,
                year2=year + 2,
                month=rng.randint(1, 12),
                day=rng.randint(1, 28),
                amount=rng.randint(100, 99999999),
                pct=round(rng.uniform(0.5, 15), 1),
                serial=rng.randint(1, 99999),
                count=rng.randint(100, 1600000),
                small=rng.randint(1, 300),
                content=rng.randint(30000000, 39999999),
            )
        parts.append(sentence)
        if rng.random() < 0.15:
            parts.append("\n")
        size += len(sentence.encode("utf-8"))
    return "".join(parts)


# Frequent characters of Chinese prose, for random lexicon terms (some of which will occur).
COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
    "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比"
    "或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做"
    "必战先回则任取据处理世车"
)


def make_lexicon(terms: int, rng: random.Random) -> Lexicon:
    entries = [
        LexiconEntry("冯岭镇", "typo", "冯瓴镇", note="地名"),
        LexiconEntry("临淮岗乡", "typo", "临淮岗镇", Severity.WARNING, "已撤乡设镇"),
        LexiconEntry("霍邱县政务服务管理局", "typo", "霍邱县数据资源管理局", Severity.WARNING),
        LexiconEntry("布署", "typo", "部署"),
        LexiconEntry("FLG", "sensitive"),
    ]
    while len(entries) < terms:
        length = rng.choice((2, 3, 3, 4, 4, 5))
        term = "".join(rng.choice(COMMON) for _ in range(length))
        kind = rng.choice(("sensitive", "typo"))
        entries.append(LexiconEntry(term, kind, None if kind == "sensitive" else term[::-1]))
    return Lexicon(entries)


def best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--terms", type=int, default=200)
    args = parser.parse_args()

    rng = random.Random(2026)
    text = make_text(int(args.mb * 1_000_000), rng)
    lexicon = make_lexicon(args.terms, rng)
    megabytes = len(text.encode("utf-8")) / 1_000_000
    mchars = len(text) / 1_000_000
    context = CheckContext(today=TODAY, office_phones=frozenset({"05646065010"}), lexicon=lexicon)
    items = [text[i : i + 1000] for i in range(0, len(text), 1000)]

    findings = check_text(text, context=context)
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1

    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(
        f"text: {megabytes:.2f} MB UTF-8, {mchars:.2f} M characters; lexicon: {len(lexicon)} terms"
    )
    print("findings:", ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items())))
    print()
    print("| Case | Seconds | MB/s (UTF-8) | M chars/s |")
    print("|---|---:|---:|---:|")

    def row(label: str, seconds: float) -> None:
        print(f"| {label} | {seconds:.3f} | {megabytes / seconds:.2f} | {mchars / seconds:.2f} |")

    row(
        "check_text, all rules, one string",
        best_of(args.repeat, lambda: check_text(text, context=context)),
    )
    row(
        f"check_text, all rules, {len(items):,} items of 1,000 chars",
        best_of(args.repeat, lambda: [check_text(item, context=context) for item in items]),
    )
    families = {
        "pii.* only": frozenset(r for r in TEXT_RULES if r.startswith("pii.")),
        "docnum.format only": frozenset({"docnum.format"}),
        "lexicon.* only": frozenset({"lexicon.sensitive", "lexicon.typo"}),
    }
    for label, rules in families.items():
        only = CheckContext(
            today=TODAY, office_phones=context.office_phones, lexicon=lexicon, rules=rules
        )
        row(label, best_of(args.repeat, lambda only=only: check_text(text, context=only)))


if __name__ == "__main__":
    main()
