"""The labelled set for the text quality checks: build it, and measure the rule engine against it.

The set (``tests/checks/data/labelled.jsonl``) holds real-looking snippets of 霍邱县 政府信息公开 text
with every personal-data item and every non-canonical 文号 labelled by character span, plus "traps":
numbers that look like personal data or 文号 but are not (masked IDs, wrong check digits, 统一社会信用
代码, 索引号, office phones, court case numbers, …). ``tests/checks/data/README.md`` describes it.

Run from the repository root:

    .venv/bin/python bench/eval_checks.py                 # precision / recall / F1 per rule
    .venv/bin/python bench/eval_checks.py --verbose       # … and every FP and FN with its snippet id
    .venv/bin/python bench/eval_checks.py --write-docs    # … and rewrite the table in docs/quality.md
    .venv/bin/python bench/eval_checks.py --baseline      # a naive regex baseline instead of the engine
    .venv/bin/python bench/eval_checks.py --build         # regenerate the set (deterministic, seed 2026)

The engine is ``gongkai.checks.domain.engine.check_text(text, context=CheckContext(...))``; only the
rules below are scored, findings of other rules (lexicon, links, …) are ignored. A predicted finding
matches a label of the same rule when the spans overlap; each label and each prediction is used at
most once.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "checks" / "data" / "labelled.jsonl"
DOCS = ROOT / "docs" / "quality.md"
RULES = ("pii.id_card", "pii.mobile", "pii.landline", "pii.bank_card", "pii.email", "docnum.format")
SEED = 2026
# Birth dates after this day are not plausible; the set was built on this day (huoqiu.md is dated so).
BUILD_DAY = date(2026, 11, 26)

DOCS_BEGIN = "<!-- eval_checks:begin -->"
DOCS_END = "<!-- eval_checks:end -->"

# ================================================================================================
# Check digits
# ================================================================================================


def _words(text: str) -> list[str]:
    return text.split()


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Province codes of GB/T 2260 (11 北京 … 82 澳门).
PROVINCES = frozenset(
    _words(
        "11 12 13 14 15 21 22 23 31 32 33 34 35 36 "
        "37 41 42 43 44 45 46 50 51 52 53 54 61 62 "
        "63 64 65 71 81 82"
    )
)


def id_check_char(body17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=True)) % 11]


def plausible_birth(yyyymmdd: str, today: date = BUILD_DAY) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= today


def is_valid_id18(value: str, today: date = BUILD_DAY) -> bool:
    """18-character resident ID: province code, plausible birth date and a correct check character."""
    if not re.fullmatch(r"[0-9]{17}[0-9Xx]", value):
        return False
    return (
        value[:2] in PROVINCES
        and plausible_birth(value[6:14], today)
        and id_check_char(value[:17]) == value[17].upper()
    )


def is_valid_id15(value: str) -> bool:
    """The old 15-digit form (before 1999): area code and YYMMDD of a 19xx birth, no check digit."""
    return bool(re.fullmatch(r"[0-9]{15}", value)) and (
        value[:2] in PROVINCES and plausible_birth("19" + value[6:12])
    )


def looks_like_id(value: str) -> bool:
    """Valid as an ID number if the province code is not checked (what a lenient engine accepts).

    Every number the set declares as "not an ID" fails this too, so that no negative depends on a
    province table.
    """
    if re.fullmatch(r"[0-9]{17}[0-9Xx]", value):
        return plausible_birth(value[6:14]) and id_check_char(value[:17]) == value[17].upper()
    if re.fullmatch(r"[0-9]{15}", value):
        return plausible_birth("19" + value[6:12])
    return False


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_digit(body: str) -> str:
    for d in "0123456789":
        if luhn_ok(body + d):
            return d
    raise LabelError(f"no Luhn digit for {body}")


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check(body17: str) -> str:
    """GB 32100-2015 check character of a 统一社会信用代码."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class LabelError(ValueError):
    """A label contradicts the definitions of the rules."""


def _require(ok: bool, *what: object) -> None:
    if not ok:
        raise LabelError(" ".join(map(str, what)))


# ================================================================================================
# Value generators
# ================================================================================================

SURNAMES = (
    "张王李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏卢蒋蔡贾丁魏薛"
    "叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红娟建国志林海燕波宁鹏辉斌雪梅婷云飞浩"
    "俊峰凤琴翠莲春生长友德成金山文武德胜家宝永福广田守义道荣会玲亚东晓龙翔雨欣怡梓涵子轩宇航"
)
PINYIN_S = _words(
    "zhang wang li liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo ma luo"
)
PINYIN_G = _words(
    "wei fang min jing qiang lei jun yang yong yan jie tao ming chao xia ping gang hui hong"
)
MAIL_DOMAINS = _words(
    "qq.com 163.com 126.com sina.com foxmail.com 139.com yeah.net outlook.com hotmail.com"
)

TOWNS = _words(
    "城关镇 河口镇 周集镇 临水镇 新店镇 石店镇 马店镇 孟集镇 花园镇 扈胡镇 长集镇 "
    "乌龙镇 高塘镇 龙潭镇 岔路镇 冯井镇 众兴集镇 夏店镇 曹庙镇 范桥镇 潘集镇 "
    "临淮岗镇 冯瓴镇 彭塔乡 王截流乡 城西湖乡 宋店乡 三流乡 邵岗乡 白莲乡"
)
VILLAGE_STEMS = _words(
    "新华 新建 大庙 三桥 东湖 西湖 胜利 红星 前进 团结 和平 光明 长岗 桥口 "
    "王湾 李圩 陈郢 张店 刘集 杨楼 黄营 周岗 吴庙 孙圩 朱庄 高台 林场 何集 "
    "马岗 罗庄 宋湾 郑店 韩圩 唐桥 董岗 曹湾 袁庄 邓店 沈圩 彭湾 吕岗 苏庄 "
    "花台 泽沟 牌坊 城东 城南 城北 龙腾 大同 七里庙 五里墩 三里桥"
)
STREETS = _words(
    "蓼都路 双拥路 府前路 城隍庙大街 淮河路 东湖路 西湖路 迎宾大道 文峰路 光明路 人民路"
)

# County units: (full name, short form, 文号 prefix, office phone). Phones are fictional but shaped
# like 六安 numbers (0564 + 7 digits); 众兴集镇's number is the real one from huoqiu.md §1.2.
UNITS = [
    ("霍邱县人民政府办公室", "县政府办", "霍政办", "0564-6022101"),
    ("霍邱县发展和改革委员会", "县发改委", "霍发改", "0564-6065010"),
    ("霍邱县教育局", "县教育局", "霍教", "0564-6022315"),
    ("霍邱县公安局", "县公安局", "霍公", "0564-6022620"),
    ("霍邱县民政局", "县民政局", "霍民", "0564-6022438"),
    ("霍邱县司法局", "县司法局", "霍司", "0564-6022741"),
    ("霍邱县财政局", "县财政局", "霍财", "0564-6022208"),
    ("霍邱县人力资源和社会保障局", "县人社局", "霍人社", "0564-6022519"),
    ("霍邱县自然资源和规划局", "县自然资源局", "霍自然资规", "0564-6031176"),
    ("霍邱县住房和城乡建设局", "县住建局", "霍住建", "0564-6023390"),
    ("霍邱县交通运输局", "县交通局", "霍交", "0564-6023052"),
    ("霍邱县水利局", "县水利局", "霍水", "0564-6023517"),
    ("霍邱县农业农村局", "县农业农村局", "霍农", "0564-6022863"),
    ("霍邱县卫生健康委员会", "县卫健委", "霍卫健", "0564-6024120"),
    ("霍邱县退役军人事务局", "县退役军人局", "霍退役军人", "0564-6035511"),
    ("霍邱县应急管理局", "县应急局", "霍应急", "0564-6025119"),
    ("霍邱县市场监督管理局", "县市场监管局", "霍市监", "0564-6027315"),
    ("霍邱县医疗保障局", "县医保局", "霍医保", "0564-6036263"),
    ("霍邱县城市管理局", "县城管局", "霍城管", "0564-6028312"),
    ("霍邱县数据资源管理局", "县数据资源局", "霍数据", "0564-6039012"),
    ("霍邱县文旅体育局", "县文旅体育局", "霍文旅体", "0564-6026181"),
]
TOWN_PHONES = {town: f"0564-27{i:02d}{(i * 37) % 1000:03d}" for i, town in enumerate(TOWNS, 11)}
TOWN_PHONES["众兴集镇"] = "0564-2773567"

REAL_CANONICAL = (
    "霍政〔2021〕14号", "霍政秘〔2026〕39号", "国办公开办函〔2021〕30号", "皖政务办秘〔2023〕1号",
    "皖政务办秘〔2024〕2号", "六政务公开办〔2024〕2号", "皖政办秘〔2021〕65号", "皖政办秘〔2021〕109号",
    "皖政办〔2017〕80号", "皖政务办〔2020〕5号", "国办发〔2020〕53号", "国办秘函〔2019〕19号",
    "中办发〔2012〕14号", "国办发〔2018〕37号", "六政府信息公开办〔2022〕53号",
)  # fmt: skip
OTHER_ISSUERS = _words(
    "霍政 霍政办 霍政秘 霍政办秘 皖政 皖政办 皖民发 皖财社 皖人社发 六政 六政办 "
    "六政办秘 六民发 六财社 国发 国办发 民发 财社"
)
WRONG_FORMS = (
    "lenticular", "square", "fw_square", "round", "fw_round", "short_year", "di", "zero", "no_hao",
    "lookalike", "angle", "fullwidth", "space", "ocr", "combo",
)  # fmt: skip
# Areas used for ID numbers (霍邱 and its neighbours first, then migrants' home provinces).
ID_AREAS = (
    ["341522"] * 8
    + ["341502", "341503", "341504", "341523", "341524", "341525", "340104", "340111", "341321"]
    + ["412722", "411524", "320102", "330106", "440304", "510107", "420106"]
)


# Areas whose local numbers have 8 digits, with the usual first digits.
EIGHT_DIGIT_AREAS = {
    "010": "5678",
    "021": "56",
    "0551": "6",
    "025": "58",
    "0512": "6",
    "0371": "56",
}


class Gen:
    """Random but reproducible values for the snippets."""

    def __init__(self, seed: int = SEED) -> None:
        self.r = random.Random(seed)
        self._used: set[str] = set()

    # --- generic -----------------------------------------------------------------------------
    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def num(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def unique(self, make: Callable[[], str]) -> str:
        for _ in range(1000):
            value = make()
            if value not in self._used:
                self._used.add(value)
                return value
        raise LabelError("could not draw a fresh value")

    def name(self) -> str:
        return self.pick(SURNAMES) + "".join(self.pick(GIVEN) for _ in range(self.num(1, 2)))

    def masked_name(self) -> str:
        return self.pick(SURNAMES) + self.pick(["某", "某某", "*", "**", "先生", "女士"])

    def town(self) -> str:
        return self.pick(TOWNS)

    def village(self) -> str:
        return self.pick(VILLAGE_STEMS) + self.pick(["村", "村", "村", "社区"])

    def unit(self):
        return self.pick(UNITS)

    def day(self, lo: int = 2022, hi: int = 2026) -> date:
        while True:
            d = date(self.num(lo, hi), self.num(1, 12), self.num(1, 28))
            if d <= BUILD_DAY:
                return d

    @staticmethod
    def cn(d: date) -> str:
        return f"{d.year}年{d.month}月{d.day}日"

    def amount(self, lo: int, hi: int, cents: bool = False) -> str:
        value = self.num(lo, hi)
        return f"{value}.{self.num(0, 99):02d}" if cents else str(value)

    # --- ID numbers -------------------------------------------------------------------------
    def birth(self, lo: int = 1938, hi: int = 2012) -> str:
        d = date(self.num(lo, hi), self.num(1, 12), self.num(1, 28))
        return d.strftime("%Y%m%d")

    def id18(self, *, area: str | None = None, born: str | None = None, x: bool = False) -> str:
        def make() -> str:
            for _ in range(10_000):
                body = (
                    (area or self.pick(ID_AREAS))
                    + (born or self.birth())
                    + f"{self.num(0, 999):03d}"
                )
                check = id_check_char(body)
                if (check == "X") == x:
                    return body + check
            raise LabelError("no body with the wanted check character")

        value = self.unique(make)
        _require(is_valid_id18(value), value)
        return value

    def id18_bad_check(self) -> str:
        good = self.id18()
        wrong = self.pick([c for c in "0123456789X" if c != good[17]])
        value = good[:17] + wrong
        _require(not is_valid_id18(value), value)
        return value

    def id18_bad_date(self, kind: str) -> str:
        born = {
            "feb30": f"{self.num(1950, 2005)}0230",
            "month13": f"{self.num(1950, 2005)}13{self.num(1, 28):02d}",
            "day32": f"{self.num(1950, 2005)}{self.num(1, 12):02d}32",
            "future": f"{self.num(2031, 2060)}{self.num(1, 12):02d}{self.num(1, 28):02d}",
            "ancient": f"{self.num(1700, 1799)}{self.num(1, 12):02d}{self.num(1, 28):02d}",
        }[kind]
        body = self.pick(ID_AREAS) + born + f"{self.num(0, 999):03d}"
        value = body + id_check_char(body)  # the check digit is right, the date is not
        _require(not is_valid_id18(value), value)
        return value

    def id15(self) -> str:
        def make() -> str:
            born = date(self.num(1930, 1984), self.num(1, 12), self.num(1, 28))
            return self.pick(ID_AREAS) + born.strftime("%y%m%d") + f"{self.num(0, 999):03d}"

        value = self.unique(make)
        _require(is_valid_id15(value), value)
        return value

    def mask_id(self, value: str) -> str:
        style = self.num(0, 4)
        if style == 0:
            return value[:6] + "*" * 8 + value[14:]
        if style == 1:
            return value[:3] + "*" * 11 + value[14:]
        if style == 2:
            return value[:10] + "****" + value[14:]
        if style == 3:
            return value[:6] + "*" * 10 + value[16:]
        return value[:1] + "*" * 16 + value[17:]

    # --- phones ------------------------------------------------------------------------------
    def mobile(self) -> str:
        prefix = self.pick(
            _words(
                "130 131 132 133 135 136 137 138 139 150 151 "
                "152 153 155 156 157 158 159 166 173 175 176 "
                "177 180 181 182 183 185 186 187 188 189 191 "
                "193 195 198 199"
            )
        )
        return self.unique(lambda: prefix + f"{self.num(0, 99_999_999):08d}")

    def fmt_mobile(self, m: str, style: str | None = None) -> str:
        style = style or self.pick(
            ["plain"] * 6 + ["dash", "space", "+86", "+86sp", "86-", "(+86)"]
        )
        return {
            "plain": m,
            "dash": f"{m[:3]}-{m[3:7]}-{m[7:]}",
            "space": f"{m[:3]} {m[3:7]} {m[7:]}",
            "+86": f"+86{m}",
            "+86sp": f"+86 {m}",
            "86-": f"86-{m}",
            "(+86)": f"(+86){m}",
        }[style]

    def mask_mobile(self, m: str) -> str:
        return self.pick([m[:3] + "****" + m[7:], m[:3] + "*****" + m[8:], m[:7] + "****"])

    def landline(self, area: str = "0564") -> str:
        office = {digits_only(u[3]) for u in UNITS} | {digits_only(p) for p in TOWN_PHONES.values()}

        def make() -> str:
            if area == "0564":
                local = self.pick(["6", "2", "3", "5"]) + f"{self.num(0, 999_999):06d}"
            elif area in EIGHT_DIGIT_AREAS:
                local = self.pick(EIGHT_DIGIT_AREAS[area]) + f"{self.num(0, 9_999_999):07d}"
            else:
                local = self.pick("2345678") + f"{self.num(0, 999_999):06d}"
            if area + local in office or local.startswith("12345"):
                return ""
            return area + "-" + local

        while True:
            value = self.unique(make)
            if value:
                return value

    def fmt_landline(self, value: str, style: str | None = None) -> str:
        area, local = value.split("-")
        style = style or self.pick(["dash"] * 5 + ["paren", "fwparen", "space", "none", "fwdash"])
        return {
            "dash": f"{area}-{local}",
            "paren": f"({area}){local}",
            "fwparen": f"（{area}）{local}",
            "space": f"{area} {local}",
            "none": f"{area}{local}",
            "fwdash": f"{area}－{local}",
        }[style]

    # --- bank cards --------------------------------------------------------------------------
    BANK_PREFIXES = (
        ("6217", 19), ("6228", 19), ("6230", 19), ("6222", 19), ("6215", 19), ("6212", 19),
        ("6226", 16), ("6225", 16), ("6214", 16), ("6236", 19), ("6210", 19), ("6221", 18),
    )  # fmt: skip
    OTHER_BANK_PREFIXES = (("4367", 16), ("5187", 16), ("4563", 16), ("95599", 19), ("6013", 19))

    def bank(self, *, union_pay: bool = True) -> str:
        prefix, length = self.pick(self.BANK_PREFIXES if union_pay else self.OTHER_BANK_PREFIXES)

        def make() -> str:
            body = prefix + "".join(str(self.num(0, 9)) for _ in range(length - len(prefix) - 1))
            value = body + luhn_digit(body)
            # An 18-digit card must not also read as a valid ID number.
            return "" if looks_like_id(value) else value

        while True:
            value = self.unique(make)
            if value:
                _require(luhn_ok(value), value)
                return value

    def bank_bad_luhn(self, *, union_pay: bool = True) -> str:
        good = self.bank(union_pay=union_pay)
        last = self.pick([d for d in "0123456789" if d != good[-1]])
        return good[:-1] + last

    @staticmethod
    def group4(value: str) -> str:
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4))

    def mask_bank(self, value: str) -> str:
        return self.pick(
            [
                value[:4] + "*" * (len(value) - 8) + value[-4:],
                value[:6] + "*" * (len(value) - 10) + value[-4:],
                "**** **** **** " + value[-4:],
                value[:4] + " **** **** " + value[-4:],
            ]
        )

    def public_account(self) -> str:
        """A government 对公账户 (not a card): Luhn fails by construction."""

        def make() -> str:
            body = self.pick(["1210", "3400", "1310", "2000"]) + "".join(
                str(self.num(0, 9)) for _ in range(self.pick([13, 14, 15]))
            )
            value = body + str((int(luhn_digit(body)) + self.num(1, 9)) % 10)
            return "" if luhn_ok(value) or looks_like_id(value) else value

        while True:
            value = self.unique(make)
            if value:
                return value

    # --- e-mail ------------------------------------------------------------------------------
    def email(self) -> str:
        def make() -> str:
            style = self.num(0, 3)
            if style == 0:
                local = self.pick(PINYIN_S) + self.pick(PINYIN_G) + str(self.num(1960, 2005))
            elif style == 1:
                local = f"{self.pick(PINYIN_S)}.{self.pick(PINYIN_G)}{self.num(1, 99)}"
            elif style == 2:
                local = str(self.num(10_000_000, 2_999_999_999))  # a QQ number, never 11 digits
            else:
                local = (
                    "hq" + self.pick(PINYIN_S) + "_" + self.pick(PINYIN_G) + str(self.num(1, 999))
                )
            domain = "qq.com" if style == 2 else self.pick(MAIL_DOMAINS)
            return f"{local}@{domain}"

        return self.unique(make)

    def gov_email(self) -> str:
        local = self.pick(
            _words(
                "hqzwgk hqxzfb hqmzj hqrsj hqczj hqjyj hqsjj "
                "hqwjw hqyjj hqfgw xxgk zwgk bgs hqsjzx "
                "hqybj"
            )
        )
        domain = self.pick(
            ["huoqiu.gov.cn", "huoqiu.gov.cn", "mail.huoqiu.gov.cn", "luan.gov.cn", "ah.gov.cn"]
        )
        return f"{local}@{domain}"

    # --- identifiers that are not personal data -----------------------------------------------
    def uscc(self, kind: str | None = None) -> str:
        kind = kind or self.pick(["91", "91", "92", "93", "12", "11", "52"])
        org = "".join(self.pick(_USCC_CHARS) for _ in range(9))
        if not re.search("[A-Z]", org):
            org = "MA" + org[2:]
        body = kind + "341522" + org
        return body + uscc_check(body)

    def index_no(self, d: date | None = None) -> str:
        prefix = self.pick(
            [
                "11341522MB0000000X",
                "003159383",
                "11341522" + "MB" + f"{self.num(0, 9_999_999):07d}X",
            ]
        )
        d = d or self.day()
        return f"{prefix}/{d.year}{d.month:02d}-{self.num(1, 99999):05d}"

    def order18(self) -> str:
        """An 18-digit business number (日期+时间+流水) that is not an ID."""
        while True:
            d = self.day(2023, 2026)
            value = (
                d.strftime("%Y%m%d")
                + f"{self.num(0, 23):02d}{self.num(0, 59):02d}{self.num(0, 999_999):06d}"
            )
            if not looks_like_id(value):
                return value

    # --- 文号 --------------------------------------------------------------------------------
    def canonical_docnum(self, issuer: str | None = None, year: int | None = None) -> str:
        if issuer is None and year is None and self.chance(0.35):
            return self.pick(REAL_CANONICAL)
        issuer = issuer or self.pick(OTHER_ISSUERS + [u[2] for u in UNITS])
        return f"{issuer}〔{year or self.num(2015, 2026)}〕{self.num(1, 160)}号"

    def wrong_docnum(
        self, issuer: str | None = None, form: str | None = None, year: int | None = None
    ) -> tuple[str, str]:
        """A non-canonical 文号 and the name of its defect."""
        issuer = issuer or self.pick(OTHER_ISSUERS + [u[2] for u in UNITS])
        year, serial = year or self.num(2015, 2026), self.num(1, 160)
        form = form or self.pick(WRONG_FORMS)
        value = {
            "lenticular": f"{issuer}【{year}】{serial}号",
            "square": f"{issuer}[{year}]{serial}号",
            "fw_square": f"{issuer}［{year}］{serial}号",
            "round": f"{issuer}({year}){serial}号",
            "fw_round": f"{issuer}（{year}）{serial}号",
            "short_year": f"{issuer}〔{year % 100:02d}〕{serial}号",
            "di": f"{issuer}〔{year}〕第{serial}号",
            "zero": f"{issuer}〔{year}〕{serial:0{self.pick([2, 3])}d}号"
            if serial < 10
            else f"{issuer}〔{year}〕0{serial}号",
            "no_hao": f"{issuer}〔{year}〕{serial}",
            "lookalike": f"{issuer}﹝{year}﹞{serial}号",
            "angle": f"{issuer}〈{year}〉{serial}号",
            "fullwidth": f"{issuer}〔{_fw(str(year))}〕{_fw(str(serial))}号",
            "space": f"{issuer} 〔{year}〕 {serial}号",
            "ocr": f"{issuer}〔{year}{serial}",
            "combo": f"{issuer}[{year}]第{serial:02d}号",
        }[form]
        return value, form


def _fw(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


# ================================================================================================
# Snippet builder
# ================================================================================================


@dataclass
class Snip:
    """Accumulates text; records each labelled span at the moment it is appended."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    findings: list[dict] = field(default_factory=list)
    traps: list[dict] = field(default_factory=list)
    office: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def t(self, *texts: str) -> Snip:
        for text in texts:
            self.parts.append(text)
            self.length += len(text)
        return self

    def _span(self, value: str) -> tuple[int, int]:
        start = self.length
        self.t(value)
        return start, self.length

    def f(self, rule: str, value: str) -> Snip:
        """Append ``value`` as a labelled finding of ``rule``."""
        _require(rule in RULES, rule)
        start, end = self._span(value)
        self.findings.append({"rule": rule, "start": start, "end": end})
        return self

    def trap(self, kind: str, value: str) -> Snip:
        """Append ``value`` as a tricky negative of kind ``kind`` (not a finding)."""
        start, end = self._span(value)
        self.traps.append({"kind": kind, "start": start, "end": end})
        return self

    def office_phone(self, value: str, *, listed: bool = True) -> Snip:
        """An office phone: listed in the unit directory (``office_phones``), so not a finding."""
        if listed:
            digits = digits_only(value)
            self.office.add(digits if digits.startswith("0") else "0564" + digits)
        return self.trap(
            "office_phone" if digits_only(value).startswith("0") else "office_phone_no_area", value
        )

    def note(self, text: str) -> Snip:
        self.notes.append(text)
        return self

    @property
    def text(self) -> str:
        return "".join(self.parts)


# --- small pieces used by several templates -----------------------------------------------------


def id_cell(g: Gen, s: Snip, *, p_full: float = 0.45, allow_old: bool = False) -> None:
    """An ID number in a list: full (finding) or one of the look-alikes (trap)."""
    roll = g.r.random()
    if roll < p_full:
        s.f("pii.id_card", g.id18(x=g.chance(0.12)))
    elif roll < p_full + 0.33:
        s.trap("masked_id", g.mask_id(g.id18()))
    elif roll < p_full + 0.43:
        s.trap("bad_check_id", g.id18_bad_check())
    elif allow_old and roll < p_full + 0.48:
        s.f("pii.id_card", g.id15())
    else:
        s.trap(
            "bad_date_id",
            g.id18_bad_date(g.pick(["feb30", "month13", "day32", "future", "ancient"])),
        )


def mobile_cell(g: Gen, s: Snip, *, p_full: float = 0.6) -> None:
    m = g.mobile()
    if g.chance(p_full):
        s.f("pii.mobile", g.fmt_mobile(m))
    else:
        s.trap("masked_mobile", g.mask_mobile(m))


def docnum(
    g: Gen, s: Snip, *, p_wrong: float = 0.5, issuer: str | None = None, year: int | None = None
) -> None:
    if g.chance(p_wrong):
        value, form = g.wrong_docnum(issuer, year=year)
        s.f("docnum.format", value)
        s.note(f"文号错误形式：{form}")
    else:
        s.trap("canonical_docnum", g.canonical_docnum(issuer, year))


def docnum_tail(value: str) -> str:
    """What may follow a 文号 whose 号 is missing without gluing digits onto it."""
    return "文件" if value[-1].isdigit() else ""


def cite(g: Gen, s: Snip, *, p_wrong: float = 0.5) -> None:
    """「根据《…》（文号）」 — a citation of a superior document."""
    title = g.pick(
        [
            "安徽省人民政府办公厅关于进一步优化地方政务服务便民热线的实施方案",
            "安徽省人民政府关于进一步加强和改进社会救助工作的意见",
            "六安市人民政府办公室关于全面推进基层政务公开标准化规范化工作的实施意见",
            "国务院办公厅关于印发2024年政务公开工作要点的通知",
            "安徽省民政厅 安徽省财政厅关于进一步做好困难群众基本生活保障工作的通知",
            "六安市人民政府关于印发六安市行政规范性文件管理办法的通知",
            "霍邱县人民政府关于印发霍邱县国民经济和社会发展第十四个五年规划和2035年远景目标纲要的通知",
            "安徽省人力资源和社会保障厅关于做好2024年事业单位公开招聘工作的通知",
        ]
    )
    s.t(g.pick(["根据", "按照", "依据", "为贯彻落实"]), f"《{title}》（")
    if g.chance(p_wrong):
        value, form = g.wrong_docnum()
        s.f("docnum.format", value).note(f"文号错误形式：{form}")
    else:
        s.trap("canonical_docnum", g.canonical_docnum())
    s.t("）")


# ================================================================================================
# Templates: one function per kind of page; each writes one snippet
# ================================================================================================


def tpl_dibao(g: Gen, s: Snip) -> None:
    town, year, month = g.town(), g.num(2022, 2026), g.num(1, 12)
    if year == 2026:
        month = min(month, 11)
    kind = g.pick(["农村最低生活保障", "城市最低生活保障", "特困人员供养", "低保边缘家庭"])
    s.t(f"霍邱县{town}{year}年{month}月份拟纳入{kind}对象公示\n")
    s.t(
        "根据《安徽省最低生活保障实施办法》和县民政局有关规定，经本人申请、村（居）民委员会入户调查、"
        f"民主评议，{town}人民政府审核，现将拟纳入{kind}对象名单公示如下：\n"
    )
    for i in range(1, g.num(2, 4) + 1):
        s.t(f"{i}. 户主{g.name()}，{g.village()}，身份证号：")
        id_cell(g, s)
        s.t(f"，保障人口{g.num(1, 5)}人，月保障金额{g.num(3, 18) * 50}元；\n")
    d1 = g.day(year, year)
    s.t(
        f"公示期为7天（{d1.month}月{d1.day}日至{d1.month}月{min(d1.day + 7, 28)}日）。如有异议，"
        f"请向{town}人民政府民政办反映，联系电话："
    )
    s.office_phone(TOWN_PHONES[town])
    s.t("；县民政局监督电话：")
    s.office_phone(UNITS[4][3])
    s.t("，或拨打").trap("hotline", "12345").t("政务服务便民热线。")
    s.note("低保公示：完整身份证号与脱敏号、校验位错误号混排；乡镇和民政局电话在单位通讯录中")


def tpl_relief_table(g: Gen, s: Snip) -> None:
    town, year = g.town(), g.num(2023, 2026)
    q = g.num(1, 3) if year == 2026 else g.num(1, 4)
    s.t(f"{town}{year}年第{q}季度临时救助发放情况公示\n")
    s.t("序号\t姓名\t身份证号码\t家庭住址\t救助金额（元）\t救助事由\n")
    total = 0
    for i in range(1, g.num(2, 5) + 1):
        amount = g.num(5, 40) * 100
        total += amount
        s.t(f"{i}\t{g.name()}\t")
        id_cell(g, s, p_full=0.4)
        s.t(f"\t{town}{g.village()}\t")
        s.trap("amount", str(amount))
        s.t(f"\t{g.pick(['因病', '因灾', '因学', '意外事故', '突发重大困难'])}\n")
    s.t("合计\t\t\t\t")
    s.trap("amount", str(total))
    s.t("\t\n监督电话：")
    s.office_phone(TOWN_PHONES[town])
    s.note("临时救助表格：制表符分隔，金额列为数字")


def tpl_subsidy_bank(g: Gen, s: Snip) -> None:
    village, year = g.village(), g.num(2022, 2026)
    kind = g.pick(
        [
            "耕地地力保护补贴",
            "高龄津贴",
            "困难残疾人生活补贴",
            "实际种粮农民一次性补贴",
            "农机购置补贴",
        ]
    )
    s.t(f"{g.town()}{village}{year}年{kind}发放明细公示\n")
    label = g.pick(
        _words(
            "惠民惠农财政补贴“一卡通”账号 一卡通账号 银行卡号 社会保障卡金融账号 开户账号 收款账号"
        )
    )
    for i in range(1, g.num(2, 4) + 1):
        s.t(f"{i}. {g.name()}，身份证号")
        if g.chance(0.15):
            s.f("pii.id_card", g.id18())
        else:
            s.trap("masked_id", g.mask_id(g.id18()))
        if kind == "耕地地力保护补贴":
            s.t(f"，确权面积{g.num(2, 30)}.{g.num(0, 99):02d}亩，补贴金额")
        else:
            s.t("，补贴金额")
        s.trap("amount", g.amount(100, 3000, cents=True))
        s.t(f"元，{label}：")
        roll = g.r.random()
        if roll < 0.45:
            s.f("pii.bank_card", g.bank())
        elif roll < 0.58:
            s.f("pii.bank_card", g.group4(g.bank()))
            s.note("银行卡号按4位分组")
        elif roll < 0.66:
            s.f("pii.bank_card", g.bank(union_pay=False))
            s.note("非62开头但有银行卡语境且通过Luhn")
        elif roll < 0.88:
            s.trap("masked_bank", g.mask_bank(g.bank()))
        else:
            s.trap("bad_luhn_bank", g.bank_bad_luhn())
        s.t("；\n")
    s.t("公示期间如有异议，请向村委会或乡镇财政所反映。")
    s.note("补贴花名册：一卡通账号（银行卡语境），脱敏卡号与校验失败卡号为陷阱")


def tpl_disability(g: Gen, s: Snip) -> None:
    town = g.town()
    s.t(f"{town}{g.num(2023, 2026)}年困难残疾人生活补贴和重度残疾人护理补贴新增人员名单\n")
    for _ in range(g.num(2, 3)):
        person = g.id18()
        s.t(
            f"{g.name()}，{g.pick(['肢体', '视力', '听力', '智力', '精神'])}{g.pick(['一', '二', '三', '四'])}级，"
        )
        roll = g.r.random()
        if roll < 0.3:
            s.t("身份证号：").f("pii.id_card", person)
        elif roll < 0.65:
            s.t("残疾人证号：").trap(
                "masked_id", person[:6] + "*" * 8 + person[14:] + f"{g.num(1, 7)}{g.num(1, 4)}"
            )
        else:
            s.t("联系电话：")
            mobile_cell(g, s, p_full=0.55)
        s.t(f"，每月补贴{g.pick(['80', '90', '100', '110'])}元；\n")
    s.t("联系人：乡镇残联专职委员，电话：")
    s.office_phone(TOWN_PHONES[town])
    s.t("。")
    s.note("残疾人补贴名单：残疾人证号=身份证号+2位，脱敏")


def tpl_recruit(g: Gen, s: Snip) -> None:
    unit = g.unit()
    year = g.num(2022, 2026)
    n = g.num(2, 40)
    post = g.pick(
        _words(
            "社区工作者 乡镇事业单位工作人员 劳务派遣人员 公益性岗位人员 中小学教师 "
            "卫生专业技术人员"
        )
    )
    s.t(f"{unit[0]}{year}年公开招聘{post}公告\n")
    s.t("根据《事业单位公开招聘人员暂行规定》（")
    s.trap("decree_number", "人事部令第6号")
    s.t("）和")
    if g.chance(0.5):
        value, form = g.wrong_docnum("皖人社发")
        s.t("《安徽省事业单位公开招聘人员暂行办法》（").f("docnum.format", value).t("）").note(
            f"文号错误形式：{form}"
        )
    else:
        s.t("《安徽省事业单位公开招聘人员暂行办法》（").trap(
            "canonical_docnum", g.canonical_docnum("皖人社发")
        ).t("）")
    s.t(f"有关规定，经研究，决定公开招聘{post}{n}名。\n")
    s.t(f"一、招聘岗位：岗位代码{year}{g.num(1, 60):03d}，")
    s.t(f"年龄35周岁以下（{year - 35}年{g.num(1, 12)}月1日以后出生）。\n")
    s.t(
        f"二、报名时间：{year}年{g.num(1, 11)}月{g.num(1, 20)}日9:00至17:00。报名采取网上报名方式，"
        "请将报名表发送至报名邮箱"
    )
    if g.chance(0.55):
        s.f("pii.email", g.email())
        s.note("非gov.cn报名邮箱")
    else:
        s.trap("gov_email", g.gov_email())
    s.t("，邮件主题注明“姓名+岗位代码”。\n三、笔试成绩满分100分，合格分数线为")
    s.trap("statistic", f"{g.num(55, 65)}.{g.num(0, 9)}")
    s.t("分。\n咨询电话：")
    s.office_phone(unit[3])
    s.t("（工作日8:30—12:00，14:30—17:30）；监督电话：")
    s.office_phone(UNITS[7][3])
    s.t("。")
    s.note("招聘公告：人事部令第6号、岗位代码、日期；咨询电话为单位电话")


def tpl_recruit_result(g: Gen, s: Snip) -> None:
    unit = g.unit()
    year = g.num(2022, 2026)
    s.t(f"{unit[0]}{year}年公开招聘工作人员拟聘用人员公示\n")
    s.t("序号\t姓名\t性别\t准考证号\t笔试成绩\t面试成绩\t总成绩\t身份证号\n")
    for i in range(1, g.num(2, 4) + 1):
        s.t(f"{i}\t{g.name()}\t{g.pick(['男', '女'])}\t")
        s.trap("exam_no", f"{year}{g.num(10, 99)}{g.num(1000, 9999)}")
        s.t(
            f"\t{g.num(60, 90)}.{g.num(0, 99):02d}"
            f"\t{g.num(70, 92)}.{g.num(0, 99):02d}"
            f"\t{g.num(65, 90)}.{g.num(0, 99):02d}"
            "\t"
        )
        id_cell(g, s, p_full=0.2)
        s.t("\n")
    s.t("公示期为5个工作日。如有异议，请以书面形式实名向县人社局反映，电话：")
    s.office_phone(UNITS[7][3])
    s.t("，邮箱：")
    s.trap("gov_email", g.gov_email())
    s.t("。")
    s.note("拟聘用公示：准考证号、成绩、脱敏身份证号")


def tpl_exam_notice(g: Gen, s: Snip) -> None:
    unit = g.unit()
    d = g.day()
    s.t(f"关于{unit[0]}公开招聘工作人员资格复审递补人员的通知\n")
    s.t(
        f"因部分考生放弃资格复审，按照招聘公告规定，现递补以下人员参加资格复审，请于{g.cn(d)}8:30前到{unit[1]}报到：\n"
    )
    for _ in range(g.num(1, 3)):
        s.t(f"{g.name()}（准考证号：")
        s.trap("exam_no", f"{d.year}{g.num(100000, 999999)}")
        s.t("，手机号：")
        mobile_cell(g, s, p_full=0.7)
        s.t("）；\n")
    s.t("考生须携带本人身份证、毕业证原件及复印件。联系电话：")
    s.office_phone(g.fmt_landline(unit[3], g.pick(["dash", "paren", "fwparen"])))
    s.t("。")
    s.note("递补通知：考生手机号（完整或脱敏）")


PENALTY_ISSUERS = [
    (
        "霍邱县市场监督管理局",
        "霍市监处罚",
        UNITS[16][3],
        "《中华人民共和国食品安全法》第一百二十四条第一款第（三）项",
    ),
    ("霍邱县城市管理局", "霍城管罚", UNITS[18][3], "《城市市容和环境卫生管理条例》第三十四条"),
    ("霍邱县交通运输局", "霍交执罚", UNITS[10][3], "《中华人民共和国道路运输条例》第六十三条"),
    ("霍邱县应急管理局", "霍应急罚", UNITS[15][3], "《中华人民共和国安全生产法》第九十九条"),
    ("霍邱县自然资源和规划局", "霍自然资罚", UNITS[8][3], "《中华人民共和国土地管理法》第七十七条"),
    (
        "霍邱县公安局",
        "霍公（城）行罚决字",
        UNITS[3][3],
        "《中华人民共和国治安管理处罚法》第二十六条",
    ),
    (
        "霍邱县卫生健康委员会",
        "霍卫健罚",
        UNITS[13][3],
        "《中华人民共和国基本医疗卫生与健康促进法》第九十九条",
    ),
]


def tpl_penalty_person(g: Gen, s: Snip) -> None:
    unit, prefix, phone, law = g.pick(PENALTY_ISSUERS)
    year = g.num(2022, 2026)
    s.t(f"{unit}行政处罚决定书\n")
    if g.chance(0.45):
        value, form = g.wrong_docnum(
            prefix, g.pick(["zero", "zero", "di", "square", "fw_round", "lenticular"]), year
        )
        s.f("docnum.format", value).note(f"处罚决定书文号错误：{form}")
    else:
        s.trap("canonical_docnum", f"{prefix}〔{year}〕{g.num(1, 300)}号")
    born = g.birth(1955, 2000)
    s.t(
        f"\n当事人：{g.name()}\n性别：{g.pick(['男', '女'])}  出生日期："
        f"{int(born[:4])}年{int(born[4:6])}月{int(born[6:])}日\n"
    )
    roll = g.r.random()
    s.t("身份证号码：")
    if roll < 0.75:
        s.f("pii.id_card", g.id18(born=born, x=g.chance(0.1)))
    else:
        s.trap("masked_id", g.mask_id(g.id18(born=born)))
    s.t(f"\n住址：霍邱县{g.town()}{g.village()}{g.num(1, 12)}组\n联系电话：")
    if g.chance(0.7):
        mobile_cell(g, s, p_full=0.85)
    else:
        s.f("pii.landline", g.fmt_landline(g.landline()))
    s.t(
        f"\n当事人于{year}年{g.num(1, 10)}月{g.num(1, 28)}日实施的违法行为，事实清楚，证据确凿。依据{law}的规定，"
        f"决定对当事人处以罚款人民币"
    )
    s.trap("amount", g.pick(["2000", "5000", "10000", "20000", "50000", "3000.00"]))
    s.t("元。当事人应当自收到本决定书之日起十五日内将罚款缴至霍邱县非税收入汇缴结算户（账号：")
    s.trap("public_account", g.public_account())
    s.t(
        "）。如不服本处罚决定，可以在收到本决定书之日起六十日内向霍邱县人民政府申请行政复议，"
        "也可以在六个月内依法向霍邱县人民法院提起行政诉讼。\n执法机关联系电话："
    )
    s.office_phone(phone)
    s.note("行政处罚决定书（自然人）：身份证号、电话、出生日期、罚款金额、对公账户")


def tpl_penalty_company(g: Gen, s: Snip) -> None:
    unit, prefix, phone, law = g.pick(PENALTY_ISSUERS)
    year = g.num(2022, 2026)
    s.t(f"{unit}行政处罚决定书（")
    docnum(g, s, p_wrong=0.5, issuer=prefix, year=year)
    company = (
        f"霍邱县{g.pick(['鑫源', '恒达', '华康', '皖西', '淮河', '蓼城', '顺发', '兴旺'])}"
        f"{g.pick(['商贸', '建材', '餐饮管理', '农业开发', '物流'])}有限公司"
    )
    s.t(f"）\n当事人：{company}\n统一社会信用代码：")
    s.trap("uscc", g.uscc("91"))
    s.t(f"\n法定代表人：{g.name()}  ")
    if g.chance(0.35):
        s.t("身份证号：").f("pii.id_card", g.id18())
    else:
        s.t("身份证号：").trap("masked_id", g.mask_id(g.id18()))
    s.t(f"\n住所：霍邱县{g.town()}{g.pick(STREETS)}{g.num(1, 300)}号\n联系电话：")
    roll = g.r.random()
    if roll < 0.45:
        s.f("pii.landline", g.fmt_landline(g.landline()))
    elif roll < 0.8:
        mobile_cell(g, s, p_full=0.9)
    else:
        s.f("pii.landline", g.fmt_landline(g.landline(g.pick(["0551", "021", "0512", "0371"]))))
    s.t(f"\n经查，当事人于{year}年存在违法行为，依据{law}，决定罚款")
    s.trap("amount", g.pick(["1.5万元", "30000元", "¥50,000.00", "人民币贰万元整（20000元）"]))
    s.t("。营业执照注册号：")
    s.trap("license_no", "341522" + "0000" + f"{g.num(10000, 99999)}")
    s.t("。执法机关联系电话：")
    s.office_phone(phone)
    s.note("行政处罚（企业）：统一社会信用代码、15位注册号、金额；法定代表人信息")


HOTLINE_ISSUES = [
    ("小区楼道照明损坏", "县住建局", 9),
    ("农村道路破损影响出行", "县交通局", 10),
    ("门面房油烟扰民", "县生态环境分局", 0),
    ("孩子入学学位申请", "县教育局", 2),
    ("城乡居民医保缴费", "县医保局", 17),
    ("农民工工资拖欠", "县人社局", 7),
    ("路灯不亮", "县城管局", 18),
    ("低保申请进度", "县民政局", 4),
    ("自来水水压不足", "县水利局", 11),
    ("占道经营", "县城管局", 18),
    ("不动产登记办理进度", "县自然资源局", 8),
]


def tpl_hotline(g: Gen, s: Snip) -> None:
    issue, short, idx = g.pick(HOTLINE_ISSUES)
    unit = UNITS[idx]
    town, village = g.town(), g.village()
    s.t(f"关于{town}{village}{issue}问题的答复\n工单编号：")
    roll = g.r.random()
    if roll < 0.4:
        s.trap("order_no", f"HQ{g.day().strftime('%Y%m%d')}{g.num(1, 9999):04d}")
    elif roll < 0.7:
        s.trap("order_no", g.order18())
    else:
        body = g.day(2024, 2026).strftime("%Y%m%d") + f"{g.num(0, 9_999_999):07d}"
        s.trap("luhn_no_context", body + luhn_digit(body))
    s.t(f"\n来电人：{g.masked_name()}  来电号码：")
    r2 = g.r.random()
    if r2 < 0.55:
        s.f("pii.mobile", g.fmt_mobile(g.mobile()))
    elif r2 < 0.8:
        s.trap("masked_mobile", g.mask_mobile(g.mobile()))
    else:
        # Call-centre exports write the caller's number as bare digits: 05646012345.
        s.f("pii.landline", g.fmt_landline(g.landline(), g.pick(["none", "none", "dash"])))
        s.note("来电号码为无分隔符的座机号")
    s.t(
        f"\n来电内容：市民反映{town}{village}{issue}，希望相关部门尽快处理。\n"
        f"办理情况：接到12345热线转办工单后，{unit[0]}高度重视，于{g.num(1, 3)}个工作日内安排工作人员现场核查，"
        f"已协调处理完毕，并于{g.cn(g.day(2024, 2026))}电话回访来电人，来电人表示满意。\n如有疑问，"
        f"可联系{short}，电话："
    )
    s.office_phone(g.fmt_landline(unit[3], g.pick(["dash", "dash", "paren", "none"])))
    s.t("，或再次拨打")
    s.trap("hotline", g.pick(["12345", "0564-12345", "12345政务服务便民热线"]))
    s.t("。")
    s.note("12345答复：工单编号（18位日期流水/Luhn通过但无银行卡语境）、来电号码、单位电话、热线号")


def tpl_hotline_letter(g: Gen, s: Snip) -> None:
    """县长信箱 replies: the writer's e-mail or phone sometimes slips into the published text."""
    unit = g.unit()
    s.t(
        f"【县长信箱】关于{g.pick(['孩子上学', '拆迁补偿', '养老保险', '违建举报', '医保报销', '物业服务'])}的咨询\n"
    )
    s.t(f"来信人：{g.masked_name()}  来信时间：{g.day(2024, 2026).isoformat()}\n")
    roll = g.r.random()
    if roll < 0.5:
        s.t("来信人邮箱：").f("pii.email", g.email())
    elif roll < 0.75:
        s.t("来信人联系方式：").f("pii.mobile", g.fmt_mobile(g.mobile()))
    else:
        s.t("来信人联系方式：").trap("masked_mobile", g.mask_mobile(g.mobile()))
    s.t(
        f"\n答复单位：{unit[0]}\n答复内容：您好！您反映的问题已收悉，经核实，现答复如下：……如仍有疑问，请将材料发送至"
    )
    s.trap("gov_email", g.gov_email())
    s.t("或致电")
    s.office_phone(unit[3])
    s.t("。感谢您对我县工作的关心和支持！\n（微博：")
    s.trap("weibo_handle", "@霍邱发布")
    s.t("）")
    s.note("县长信箱：来信人邮箱/电话；政府邮箱、微博账号为陷阱")


FOI_TOPICS = _words(
    "本村2023年度土地征收补偿安置方案 城关镇某小区规划许可证及附图 "
    "2024年县级财政专项资金分配明细 本人房屋所在地块的征收决定及补偿方案 "
    "县政府2023年第12次常务会议纪要 某企业环境影响评价批复文件"
)


def tpl_foi_reply(g: Gen, s: Snip) -> None:
    unit = g.unit()
    year = g.num(2023, 2026)
    name = g.name()
    s.t(f"{unit[0]}政府信息公开申请答复书\n")
    if g.chance(0.4):
        value, form = g.wrong_docnum(
            unit[2] + "公复", g.pick(["square", "fw_round", "zero", "di", "lenticular"])
        )
        s.f("docnum.format", value).note(f"答复书文号错误：{form}")
    else:
        s.trap("canonical_docnum", f"{unit[2]}公复〔{year}〕{g.num(1, 60)}号")
    s.t(
        f"\n{name}：\n  本机关于{g.cn(g.day(year, year))}收到您提出的政府信息公开申请，"
        f"您申请公开“{g.pick(FOI_TOPICS)}”。"
    )
    items = g.r.sample(["id", "mobile", "email", "landline", "address"], g.num(1, 4))
    for item in items:
        if item == "id":
            s.t("申请人身份证号码：")
            if g.chance(0.8):
                s.f("pii.id_card", g.id18(x=g.chance(0.1)))
            else:
                s.trap("masked_id", g.mask_id(g.id18()))
            s.t("；")
        elif item == "mobile":
            s.t("联系电话：")
            mobile_cell(g, s, p_full=0.8)
            s.t("；")
        elif item == "email":
            s.t("电子邮箱：").f("pii.email", g.email()).t("；")
        elif item == "landline":
            s.t("固定电话：").f("pii.landline", g.fmt_landline(g.landline())).t("；")
        else:
            s.t(f"通讯地址：霍邱县城关镇{g.pick(STREETS)}{g.num(1, 200)}号，邮政编码").trap(
                "postcode", "237400"
            ).t("；")
    s.t(
        "\n  经研究，现答复如下：您申请公开的信息属于主动公开范围，根据《中华人民共和国政府信息公开条例》（"
    )
    s.trap("decree_number", "国务院令第711号")
    s.t(
        "）第三十六条第（一）项的规定，告知您获取该信息的方式和途径。\n  如您不服本答复，可以在收到本答复书之日起60日内"
        "向霍邱县人民政府申请行政复议，或者在6个月内向有管辖权的人民法院提起行政诉讼。\n"
        f"{unit[0]}\n{g.cn(g.day(year, year))}"
    )
    s.note("依申请公开答复书：申请人身份证号、电话、邮箱被误公开；国务院令第711号、邮编为陷阱")


POLICY_TITLES = _words(
    "霍邱县行政规范性文件管理办法 霍邱县城乡居民最低生活保障实施细则 "
    "霍邱县农村人居环境整治提升五年行动实施方案 霍邱县政府信息公开工作考核办法 "
    "霍邱县12345政务服务便民热线工作管理办法 霍邱县困难群众医疗救助实施办法 "
    "霍邱县促进县域经济高质量发展三年行动计划（2024年-2026年） "
    "霍邱县城新型城镇化建设方案（2023-2025年） 霍邱县公共租赁住房管理办法 "
    "霍邱县政府投资项目管理办法"
)


def tpl_policy(g: Gen, s: Snip) -> None:
    title = g.pick(POLICY_TITLES)
    issuer = g.pick(["霍政办", "霍政", "霍政办秘", "霍政秘"])
    body = "霍邱县人民政府办公室" if "办" in issuer else "霍邱县人民政府"
    year = g.num(2016, 2026)
    s.t(f"{body}关于印发{title}的通知\n")
    docnum(g, s, p_wrong=0.5, issuer=issuer, year=year)
    s.t("\n各乡镇人民政府，开发区管委会，县政府各部门、各直属机构：\n  ")
    cite(g, s, p_wrong=0.45)
    s.t(
        f"精神，经县政府同意，现将《{title}》印发给你们，请认真贯彻执行。\n"
        f"  本办法自{g.cn(g.day(year, year))}起施行，有效期5年。"
    )
    if g.chance(0.5):
        old = g.num(2012, year - 1)
        s.t(
            "原《霍邱县"
            + g.pick(["社会救助", "规范性文件", "政务公开", "热线"])
            + "管理暂行办法》（"
        )
        value, form = (
            g.wrong_docnum(issuer, year=old)
            if g.chance(0.6)
            else (g.canonical_docnum(issuer, old), "")
        )
        if form:
            s.f("docnum.format", value).note(f"文号错误形式：{form}")
        else:
            s.trap("canonical_docnum", value)
        s.t("）同时废止。")
    if "（" in title:
        s.note("规范性文件：标题内含规划期等括号年份")
    else:
        s.note("规范性文件：发文字号与引用的上级文号")


def tpl_policy_interp(g: Gen, s: Snip) -> None:
    title = g.pick(POLICY_TITLES)
    unit = g.unit()
    s.t(f"《{title}》政策解读\n一、起草背景\n  为贯彻落实")
    s.trap(
        "canonical_docnum",
        g.pick(
            [
                "国办发〔2020〕53号",
                "皖政办秘〔2021〕65号",
                "国办公开办函〔2021〕30号",
                "霍政〔2021〕14号",
            ]
        ),
    )
    s.t("文件精神，")
    s.t(f"{unit[1]}起草了《{title}》。\n二、主要内容\n  ")
    for _ in range(g.num(1, 2)):
        s.t("依据")
        if g.chance(0.55):
            value, form = g.wrong_docnum()
            s.f("docnum.format", value).note(f"文号错误形式：{form}")
            s.t(docnum_tail(value))
        else:
            s.trap("canonical_docnum", g.canonical_docnum())
        s.t("，")
    s.t(
        f"明确了{g.num(3, 8)}个方面{g.num(12, 30)}条具体措施。\n三、解读机关及联系方式\n  解读机关：{unit[0]}，"
        "联系电话："
    )
    s.office_phone(unit[3])
    s.t("，邮编")
    s.trap("postcode", "237400")
    s.t("。")
    s.note("政策解读：引用上级文件文号；单位电话、邮编")


def tpl_minutes(g: Gen, s: Snip) -> None:
    n = g.num(1, 40)
    year = g.num(2022, 2026)
    s.t(f"霍邱县人民政府第{n}次常务会议纪要\n（")
    docnum(g, s, p_wrong=0.4, issuer="霍政纪", year=year)
    s.t(
        f"）\n  {year}年{g.num(1, 11)}月{g.num(1, 28)}日，县长主持召开县政府第{n}次常务会议。会议听取了县财政局关于"
    )
    s.trap("statistic", f"{year - 1}")
    s.t("年度财政预算执行情况的汇报，全县一般公共预算收入")
    s.trap("statistic", f"{g.num(20, 30)}.{g.num(10, 99)}")
    s.t("亿元，同比增长")
    s.trap("statistic", f"{g.num(1, 9)}.{g.num(1, 9)}%")
    s.t("。\n  会议原则通过了《")
    s.t(g.pick(POLICY_TITLES))
    s.t("（送审稿）》，要求县司法局按照")
    if g.chance(0.6):
        value, form = g.wrong_docnum(g.pick(["六政办", "霍政办", "皖政办"]))
        s.f("docnum.format", value).note(f"文号错误形式：{form}")
        s.t(docnum_tail(value))
    else:
        s.trap("canonical_docnum", g.canonical_docnum())
    s.t(
        "规定做好合法性审查后印发。\n  出席：县政府领导班子成员。列席：县直有关单位主要负责人。记录："
        "县政府办公室秘书科。\n  本纪要分送县委办公室、县人大常委会办公室。（工作简报"
    )
    s.trap(
        "period_number",
        g.pick(
            [
                f"（{year}年第{g.num(1, 30)}期）",
                f"{year}第{g.num(1, 30)}期",
                f"〔{year}〕第{g.num(1, 30)}期",
            ]
        ),
    )
    s.t("）")
    s.note("常务会议纪要：纪要编号、统计数字、简报期号")


def tpl_tender(g: Gen, s: Snip) -> None:
    unit = g.unit()
    year = g.num(2023, 2026)
    proj = g.pick(
        [
            "校园安防监控系统采购",
            "农村道路提质改造工程",
            "政务服务中心物业管理服务",
            "办公设备采购",
            "乡镇污水处理设施运维服务",
        ]
    )
    s.t(f"{unit[0]}{proj}项目{g.pick(['公开招标', '竞争性磋商', '询价'])}公告\n项目编号：")
    s.trap(
        "project_no",
        g.pick(
            [
                f"HQCG{year}-{g.num(1, 999):03d}",
                f"HQZC-{year}-{g.num(1000, 9999)}",
                f"LACG{year}{g.num(10000, 99999)}",
            ]
        ),
    )
    s.t("\n采购预算：")
    s.trap("amount", f"{g.num(50, 900) * 1000:,}.00")
    s.t("元（最高限价同预算）\n一、采购人信息\n  名称：")
    s.t(
        f"{unit[0]}\n  地址：霍邱县城关镇政务中心A区{g.num(3, 15)}楼\n  联系人：{g.pick(SURNAMES)}先生\n  联系电话："
    )
    s.office_phone(unit[3])
    agency = (
        f"安徽{g.pick(['皖信', '中技', '恒信', '华强', '诚信'])}"
        f"{g.pick(['项目管理', '工程咨询', '招标代理'])}有限公司"
    )
    s.t(f"\n二、采购代理机构信息\n  名称：{agency}\n  统一社会信用代码：")
    s.trap("uscc", g.uscc("91"))
    s.t(f"\n  项目联系人：{g.name()}\n  联系方式：")
    roll = g.r.random()
    if roll < 0.5:
        s.f("pii.mobile", g.fmt_mobile(g.mobile()))
    elif roll < 0.75:
        s.f("pii.landline", g.fmt_landline(g.landline("0551")))
    else:
        s.f("pii.mobile", g.fmt_mobile(g.mobile())).t("、").f(
            "pii.landline", g.fmt_landline(g.landline(g.pick(["0551", "0564"])))
        )
    s.t("\n  电子邮箱：")
    if g.chance(0.6):
        s.f("pii.email", g.email())
    else:
        s.t("无")
    s.t("\n三、投标保证金：不收取。\n四、公告期限：自本公告发布之日起5个工作日。邮编：")
    s.trap("postcode", "237400")
    s.note(
        "招标公告：项目编号、预算金额、代理机构信用代码；采购人电话在通讯录中，代理机构联系人电话不在"
    )


def tpl_tender_result(g: Gen, s: Snip) -> None:
    unit = g.unit()
    year = g.num(2023, 2026)
    s.t(
        f"{unit[0]}{g.pick(['食堂食材配送', '信息化平台运维', '绿化养护', '校服采购'])}项目中标（成交）"
        "结果公告\n项目编号："
    )
    s.trap("project_no", f"HQCG{year}-{g.num(1, 999):03d}")
    supplier = (
        f"霍邱县{g.pick(['鑫源', '恒达', '华康', '皖西', '淮河', '蓼城'])}"
        f"{g.pick(['科技', '商贸', '农业'])}有限公司"
    )
    s.t(f"\n中标供应商：{supplier}（统一社会信用代码：")
    s.trap("uscc", g.uscc())
    s.t("）\n中标金额：")
    s.trap("amount", f"{g.num(10, 500) * 1000 + g.num(0, 999)}.{g.num(0, 99):02d}")
    s.t(
        f"元\n评审专家：{g.name()}、{g.name()}、{g.name()}（采购人代表）\n质疑联系人：{g.pick(SURNAMES)}女士  电话："
    )
    if g.chance(0.5):
        s.office_phone(g.fmt_landline(unit[3], g.pick(["paren", "fwparen", "dash"])))
    else:
        s.f("pii.mobile", g.fmt_mobile(g.mobile()))
    s.t("  邮箱：")
    if g.chance(0.5):
        s.f("pii.email", g.email())
    else:
        s.trap("gov_email", g.gov_email())
    s.t("\n公告期限：1个工作日。发布日期：")
    s.trap("date_digits", g.day(year, year).strftime("%Y%m%d"))
    s.note("中标结果：信用代码、金额、8位日期")


def tpl_stats(g: Gen, s: Snip) -> None:
    year = g.num(2022, 2025)
    s.t(
        f"霍邱县人民政府{year}年政府信息公开工作年度报告\n  本报告依据《中华人民共和国政府信息公开条例》（"
    )
    s.trap("decree_number", "国务院令第711号")
    s.t("）和")
    s.trap("canonical_docnum", "国办公开办函〔2021〕30号")
    s.t(
        f"要求编制。报告期为{year}年1月1日至12月31日。\n  一、总体情况。{year}年全县主动公开政府信息"
    )
    s.trap("statistic", str(g.num(38000, 52000)))
    s.t("条，其中政策文件")
    s.trap("statistic", str(g.num(300, 800)))
    s.t("件；本年新收政府信息公开申请")
    s.trap("statistic", str(g.num(20, 60)))
    s.t("件，上年结转")
    s.trap("statistic", str(g.num(0, 5)))
    s.t("件。全县户籍人口")
    s.trap("statistic", g.pick(["1591000", "1645300", "159.1万", "1,645,300"]))
    s.t("人，地区生产总值")
    s.trap("amount", g.pick(["33455000000", "334.55亿", "29980000000"]))
    s.t(
        "元。\n  本报告的电子版可在霍邱县人民政府网站（https://www.huoqiu.gov.cn/public/"
        f"{g.pick(['6596251', '6600181', '6601081'])}/{g.num(35000000, 38900000)}.html）下载。"
        "如对本报告有疑问，请联系县政务公开办，地址：霍邱县城关镇双拥路1号，邮编"
    )
    s.trap("postcode", "237400")
    s.t("，电话：")
    s.office_phone(UNITS[0][3])
    s.t("，传真：")
    s.office_phone("0564-6022100")
    s.note("年报：大量统计数字、11位金额、邮编、网址中的8位内容编号；只有陷阱，没有应拦截项")


def tpl_meta(g: Gen, s: Snip) -> None:
    unit = g.unit()
    d = g.day()
    s.t("索引号：")
    s.trap("index_no", g.index_no(d))
    s.t(
        f"\n组配分类：{g.pick(['政策文件', '通知公告', '工作动态', '行政规范性文件', '社会救助'])}\n发布机构："
        f"{unit[0]}\n"
    )
    s.t(
        "名称："
        f"{unit[0]}关于"
        f"{g.pick(['做好2025年度政府信息公开工作年度报告编制和发布工作', '开展安全生产大检查', '调整城乡低保标准'])}"
        "的通知\n"
        "文号："
    )
    docnum(g, s, p_wrong=0.45, issuer=unit[2], year=d.year)
    s.t("\n发布日期：")
    s.trap("date_digits", d.isoformat() if g.chance(0.5) else d.strftime("%Y%m%d"))
    s.t(
        f"\n生效时间：{d.isoformat()}  废止时间：{d.replace(year=d.year + 5).isoformat()}\n有效性：有效"
    )
    s.note("元数据块：索引号（统一社会信用代码前缀）、日期")


def tpl_legal(g: Gen, s: Snip) -> None:
    year = g.num(2019, 2025)
    n = g.num(1, 3999)
    kind = g.pick(["民初", "行初", "执", "刑初", "行初"])
    court = "皖1522"
    s.t(f"关于{g.pick(['行政复议', '行政诉讼', '法律顾问', '普法'])}工作情况的报告\n  ")
    s.t(f"{year}年，县政府作为被告的行政诉讼案件中，霍邱县人民法院作出")
    opening, closing = g.pick([("（", "）"), ("（", "）"), ("(", ")")])
    s.trap("court_case", f"{opening}{year}{closing}{court}{kind}{n}号")
    s.t("判决，驳回原告诉讼请求；六安市中级人民法院")
    s.trap("court_case", f"（{year + 1}）皖15行终{g.num(1, 400)}号")
    s.t("二审维持原判。依据《中华人民共和国行政复议法》和《安徽省行政规范性文件制定和备案办法》（")
    s.trap(
        "decree_number", g.pick(["安徽省人民政府令第295号", "省政府令第295号", "国务院令第711号"])
    )
    s.t("），县司法局对")
    if g.chance(0.6):
        value, form = g.wrong_docnum(g.pick(["霍政", "霍政办"]), year=year)
        s.f("docnum.format", value).note(f"文号错误形式：{form}")
        s.t(docnum_tail(value))
    else:
        s.trap("canonical_docnum", g.canonical_docnum(g.pick(["霍政", "霍政办"]), year))
    s.t("进行了合法性审核。不动产权证书号")
    s.trap("property_cert", f"皖（{year}）霍邱县不动产权第{g.num(1, 99999):07d}号")
    s.t("已依法注销。")
    s.note("法治报告：法院案号（2021）皖1522民初…号、政府令、不动产权证号均不是文号")


def tpl_village(g: Gen, s: Snip) -> None:
    town, village = g.town(), g.village()
    s.t(f"{town}{village}“两委”成员及网格员联系方式公示\n")
    for role in g.r.sample(
        ["党总支书记", "村委会主任", "村委会副主任", "报账员", "妇联主席", "网格员", "监委会主任"],
        g.num(2, 4),
    ):
        s.t(f"{role}：{g.name()}  ")
        mobile_cell(g, s, p_full=0.75)
        s.t("\n")
    s.t("村部值班电话：")
    vphone = g.landline()
    s.office_phone(vphone)
    s.t("（工作日）。便民服务热线：")
    s.trap("hotline", "12345")
    s.note("村务公开：村干部手机号（完整应提示）、村部座机在通讯录中")


def tpl_expropriation(g: Gen, s: Snip) -> None:
    year = g.num(2022, 2026)
    s.t(
        f"霍邱县人民政府关于城关镇{g.pick(['老城区', '东湖片区', '西湖片区', '蓼都路北侧'])}"
        "棚户区改造项目房屋征收补偿决定的公告\n"
        "  根据《国有土地上房屋征收与补偿条例》（"
    )
    s.trap("decree_number", "国务院令第590号")
    s.t("）和")
    if g.chance(0.5):
        value, form = g.wrong_docnum("霍政", year=year)
        s.t("房屋征收决定（").f("docnum.format", value).t("）").note(f"文号错误形式：{form}")
    else:
        s.t("房屋征收决定（").trap("canonical_docnum", g.canonical_docnum("霍政", year)).t("）")
    s.t(f"，被征收人{g.name()}（身份证号")
    if g.chance(0.6):
        s.f("pii.id_card", g.id18(born=g.birth(1940, 1990)))
    else:
        s.trap("masked_id", g.mask_id(g.id18()))
    s.t("）所有的房屋建筑面积")
    s.trap("statistic", f"{g.num(60, 240)}.{g.num(10, 99)}")
    s.t("平方米，补偿金额")
    s.trap("amount", f"{g.num(300000, 1500000)}")
    s.t("元，已存入被征收人指定账户（开户银行：")
    s.t(
        g.pick(
            [
                "中国农业银行霍邱县支行",
                "安徽霍邱农村商业银行",
                "中国建设银行霍邱支行",
                "邮储银行霍邱县支行",
            ]
        )
    )
    s.t("，账号：")
    roll = g.r.random()
    if roll < 0.45:
        s.f("pii.bank_card", g.bank())
    elif roll < 0.7:
        s.f("pii.bank_card", g.bank(union_pay=False))
        s.note("非62开头，靠“账号”语境与Luhn")
    else:
        s.trap("masked_bank", g.mask_bank(g.bank()))
    s.t("）。")
    s.note("征收补偿公告：身份证号、银行账号；国务院令第590号")


def tpl_insurance(g: Gen, s: Snip) -> None:
    year = g.num(2023, 2026)
    s.t(f"{year}年第{g.num(1, 3)}批城乡居民医疗保险大病保险二次补偿名单公示\n")
    for _ in range(g.num(1, 3)):
        s.t(f"参保人：{g.name()}，社会保障号码：")
        id_cell(g, s, p_full=0.5)
        s.t("，结算单号：")
        s.trap("order_no", g.order18() if g.chance(0.5) else f"JS{g.num(10**11, 10**12 - 1)}")
        s.t("，补偿金额")
        s.trap("amount", f"{g.num(1000, 80000)}.{g.num(0, 99):02d}")
        s.t("元；\n")
    s.t("咨询电话：")
    s.office_phone(UNITS[17][3])
    s.t("（县医保局待遇保障股）。")
    s.note("医保补偿名单：社会保障号码即身份证号；结算单号为18位日期流水")


def tpl_contacts(g: Gen, s: Snip) -> None:
    """信息公开指南的联系方式: only office data; sometimes a staff member's mobile slips in."""
    unit = g.unit()
    s.t(
        f"{unit[0]}政府信息公开指南（节选）\n  四、依申请公开\n  受理机构：{unit[0]}办公室\n  办公地址："
        f"霍邱县城关镇政务中心A区{g.num(3, 15)}楼{g.num(301, 1520)}室\n  办公时间：周一至周五上午8:30—12:00，"
        "下午14:30—17:30（法定节假日除外）\n  邮政编码："
    )
    s.trap("postcode", "237400")
    s.t("\n  联系电话：")
    s.office_phone(g.fmt_landline(unit[3], g.pick(["dash", "paren", "space", "none"])))
    s.t("\n  传真：")
    fax = unit[3][:-1] + str((int(unit[3][-1]) + 1) % 10)
    s.office_phone(fax)
    s.t("\n  电子邮箱：")
    s.trap("gov_email", g.gov_email())
    if g.chance(0.4):
        s.t("\n  经办人：").t(g.name()).t("（").f("pii.mobile", g.fmt_mobile(g.mobile())).t("）")
        s.note("指南中夹带经办人手机号")
    s.t(
        "\n  政策咨询：如果您对该政策文件有疑问，可以拨打标题上方的电话咨询相关部门，或者拨打市长热线："
    )
    s.trap("hotline", "0564-12345")
    s.note("指南联系方式：单位电话多种写法、传真、政府邮箱、0564-12345 热线")


def tpl_duty_roster(g: Gen, s: Snip) -> None:
    unit = g.unit()
    label, year, month, first = g.pick(
        [
            ("2025年国庆节", 2025, 10, 1),
            ("2026年春节", 2026, 2, 15),
            ("2024年汛期", 2024, 7, 1),
            ("2025年元旦", 2024, 12, 30),
        ]
    )
    s.t(f"{unit[0]}{label}值班安排表\n")
    for i in range(g.num(2, 4)):
        d = date(year, month, first) + timedelta(days=i)
        s.t(f"{d.month}月{d.day}日  带班领导：{g.name()}  值班人员：{g.name()}  手机：")
        m = g.mobile()
        if g.chance(0.75):
            s.f(
                "pii.mobile",
                g.fmt_mobile(m, g.pick(["plain", "dash", "space", "+86", "86-", "(+86)"])),
            )
        else:
            s.trap("masked_mobile", g.mask_mobile(m))
        s.t("\n")
    s.t("值班电话：")
    s.office_phone(g.fmt_landline(unit[3]))
    s.t("（24小时），短号：")
    s.trap("short_number", str(g.num(600, 699)) + str(g.num(100, 999)))
    s.note("值班表：手机号多种分组写法（138-0000-1234、+86）")


def tpl_news(g: Gen, s: Snip) -> None:
    town = g.town()
    d = g.day()
    s.t(
        f"{town}扎实推进{g.pick(['农村人居环境整治', '秋冬种生产', '防汛抗旱', '安全生产专项整治', '“两化”工作'])}\n  "
    )
    s.t(f"{g.cn(d)}，{town}召开专题推进会。截至目前，全镇累计投入资金")
    s.trap("amount", f"{g.num(100, 3000)}.{g.num(1, 9)}万元")
    s.t("，完成")
    s.trap("statistic", f"{g.num(1000, 20000)}")
    s.t("户，群众满意率")
    s.trap("statistic", f"{g.num(95, 99)}.{g.num(10, 99)}%")
    s.t("。下一步，该镇将按照")
    if g.chance(0.35):
        value, form = g.wrong_docnum(g.pick(["霍政办", "六政办", "霍农"]))
        s.f("docnum.format", value).note(f"文号错误形式：{form}")
        s.t(docnum_tail(value))
    else:
        s.trap("canonical_docnum", g.canonical_docnum())
    s.t(f"文件要求，持续抓好落实。（{town}党政办供稿，时间戳")
    s.trap(
        "date_digits",
        d.strftime("%Y%m%d") + f"{g.num(8, 18):02d}{g.num(0, 59):02d}{g.num(0, 59):02d}",
    )
    s.t("）")
    s.note("工作动态：金额、统计、14位时间戳")


def tpl_old_records(g: Gen, s: Snip) -> None:
    """Older records still carry the 15-digit ID form."""
    year = g.num(1998, 2004)
    s.t(
        f"{g.pick(['宅基地使用权', '集体土地使用证', '农村五保供养证', '优抚对象档案'])}补发公告\n  经查，"
        f"{year}年办理的档案存根记载：权利人{g.name()}，"
    )
    roll = g.r.random()
    if roll < 0.6:
        s.t("原身份证号（15位）").f("pii.id_card", g.id15())
    elif roll < 0.8:
        s.t("身份证号码").f("pii.id_card", g.id18())
    else:
        old = g.id15()
        s.t("身份证号码").trap("masked_id", old[:6] + "******" + old[12:])
    s.t("，证号：")
    s.trap("old_cert_no", f"霍集用（{year}）字第{g.num(1, 9999):04d}号")
    s.t("。现权利人申请补发，登记编号")
    s.trap("serial_15", _not_old_id15(g))
    s.t("，自公告之日起15个工作日内无异议的，予以补发。联系电话：")
    s.office_phone(UNITS[8][3])
    s.note("旧档案：15位身份证号；15位登记编号（日期不合法）、字第…号为陷阱")


def _not_old_id15(g: Gen) -> str:
    while True:
        d = g.day(2023, 2026)
        value = d.strftime("%Y%m%d") + f"{g.num(0, 9_999_999):07d}"
        if not looks_like_id(value):
            return value


def tpl_school(g: Gen, s: Snip) -> None:
    year = g.num(2023, 2026)
    s.t(
        f"霍邱县{year}年"
        f"{g.pick(['家庭经济困难学生资助', '义务教育阶段营养改善计划', '普通高中国家助学金'])}"
        "受助学生名单\n"
    )
    for i in range(1, g.num(2, 4) + 1):
        born = g.birth(2008, 2018)
        s.t(
            f"{i}. {g.name()}，{g.pick(['城关', '河口', '周集', '马店', '石店'])}镇中心学校，学籍号"
        )
        roll = g.r.random()
        if roll < 0.35:
            s.t("G").f("pii.id_card", g.id18(born=born))
            s.note("全国学籍号=G+身份证号")
        elif roll < 0.7:
            s.trap("masked_id", "G" + g.mask_id(g.id18(born=born)))
        else:
            s.trap("student_no", f"L{year}{g.num(10**8, 10**9 - 1)}")
        s.t("，资助金额")
        s.trap("amount", g.pick(["625", "1250", "1000", "2000"]))
        s.t("元；\n")
    s.t("监督电话：")
    s.office_phone(UNITS[2][3])
    s.note("学生资助名单：学籍号（G+身份证号的应拦截）")


def tpl_email_mix(g: Gen, s: Snip) -> None:
    unit = g.unit()
    s.t(f"关于公开征求《{g.pick(POLICY_TITLES)}（征求意见稿）》意见的公告\n  ")
    s.t(
        f"为提高决策的科学性和透明度，现向社会公开征求意见，征求意见时间为{g.cn(g.day(2024, 2026))}至30日。\n"
        "  意见建议可通过以下方式反馈：\n  （一）电子邮件：发送至"
    )
    s.trap("gov_email", g.gov_email())
    s.t("；\n  （二）信函：寄至霍邱县城关镇双拥路1号")
    s.t(unit[0] + "（邮编")
    s.trap("postcode", "237400")
    s.t("），信封注明“意见征集”；\n  （三）电话：")
    s.office_phone(unit[3])
    if g.chance(0.6):
        s.t("；\n  （四）联系人：").t(g.name()).t("，邮箱：").f("pii.email", g.email())
        s.note("征求意见：联系人个人邮箱")
    s.t("。\n  微信公众号：霍邱发布；微博：")
    s.trap("weibo_handle", "@霍邱发布")
    s.note("征求意见公告：政府邮箱、微博账号、征求意见稿")


def tpl_docnum_dense(g: Gen, s: Snip) -> None:
    """A 规范性文件清理 table: many 文号, some wrong, mixed with court and decree numbers."""
    year = g.num(2023, 2026)
    s.t(f"霍邱县{year}年行政规范性文件清理结果（节选）\n序号\t文件名称\t文号\t清理结果\n")
    for i in range(1, g.num(3, 5) + 1):
        issuer = g.pick(["霍政", "霍政办", "霍政办秘", "霍民", "霍财", "霍人社", "霍教"])
        s.t(f"{i}\t{g.pick(POLICY_TITLES)}\t")
        if g.chance(0.5):
            value, form = g.wrong_docnum(issuer)
            s.f("docnum.format", value).note(f"文号错误形式：{form}")
        else:
            s.trap("canonical_docnum", g.canonical_docnum(issuer))
        s.t(f"\t{g.pick(['继续有效', '废止', '修改', '宣布失效'])}\n")
    s.t("注：清理依据为《安徽省行政规范性文件制定和备案办法》（")
    s.trap("decree_number", "省政府令第295号")
    s.t("）。")
    s.note("规范性文件清理表：多个文号混排（表格单元格中的文号）")


def tpl_bank_mixed(g: Gen, s: Snip) -> None:
    """Refund / payment notices: card numbers with and without bank context."""
    s.t(
        f"关于退还{g.pick(['城乡居民养老保险费', '农民工工资保证金', '多缴医保费', '投标保证金'])}的公示\n"
    )
    for _ in range(g.num(1, 3)):
        s.t(f"{g.name()}，")
        roll = g.r.random()
        if roll < 0.3:
            s.t("退款账户：").f("pii.bank_card", g.bank())
        elif roll < 0.45:
            s.t("开户行：霍邱农商银行，卡号").f("pii.bank_card", g.group4(g.bank()))
        elif roll < 0.6:
            s.t("收款人账号").f("pii.bank_card", g.bank(union_pay=False))
        elif roll < 0.75:
            s.t("卡号").trap("bad_luhn_bank", g.bank_bad_luhn())
        else:
            s.t("业务流水号").trap("luhn_no_context", _luhn_serial(g))
        s.t("，金额")
        s.trap("amount", f"{g.num(100, 20000)}.00")
        s.t("元；\n")
    s.t("付款单位：霍邱县财政局（对公账号：")
    s.trap("public_account", g.public_account())
    s.t("）。")
    s.note("退款公示：银行卡语境、分组卡号、Luhn错误卡号、Luhn通过的非62流水号")


def _luhn_serial(g: Gen) -> str:
    while True:
        body = g.pick(["2024", "2025", "2026", "8800", "3100"]) + "".join(
            str(g.num(0, 9)) for _ in range(g.pick([12, 14, 15]))
        )
        value = body + luhn_digit(body)
        if not looks_like_id(value):
            return value


def tpl_license(g: Gen, s: Snip) -> None:
    """Licences: the numbers contain long digit runs that are neither IDs nor phones."""
    s.t(
        f"霍邱县市场监督管理局{g.pick(['食品经营许可', '药品经营许可', '特种设备使用登记'])}信息公示\n"
    )
    for _ in range(g.num(2, 3)):
        shop = (
            f"霍邱县{g.town()}{g.pick(['惠民', '鑫鑫', '好又多', '百姓', '康宁'])}"
            f"{g.pick(['超市', '大药房', '餐馆', '便利店'])}"
        )
        s.t(f"{shop}，许可证编号：")
        s.trap(
            "license_no",
            g.pick(
                [
                    f"JY1341522{g.num(10**6, 10**7 - 1)}",
                    f"JY2341522{g.num(10**6, 10**7 - 1)}",
                    f"皖AA{g.num(5520000, 5529999)}",
                ]
            ),
        )
        s.t("，统一社会信用代码：")
        s.trap("uscc", g.uscc(g.pick(["92", "91"])))
        s.t(f"，有效期至{g.day(2026, 2026).isoformat()}；\n")
    s.t("经营者联系电话：")
    if g.chance(0.5):
        mobile_cell(g, s, p_full=0.7)
    else:
        s.trap("masked_mobile", g.mask_mobile(g.mobile()))
    s.note("许可公示：JY开头许可证号内含类手机号数字串")


def tpl_landline_personal(g: Gen, s: Snip) -> None:
    """Complaints and 信访 replies quoting a complainant's home phone."""
    unit = g.unit()
    s.t(
        f"关于{g.name()}信访事项的处理意见书\n  {g.masked_name()}：\n"
        f"  你于{g.cn(g.day(2024, 2026))}通过网上信访平台反映的问题收悉。"
    )
    s.t("你留存的联系方式为：家庭电话")
    s.f(
        "pii.landline",
        g.fmt_landline(g.landline(g.pick(["0564", "0564", "0564", "0551", "010", "021"]))),
    )
    if g.chance(0.5):
        s.t("，手机").f("pii.mobile", g.fmt_mobile(g.mobile()))
    s.t(
        "。经调查核实，现答复如下：……\n  如不服本处理意见，"
        f"可自收到之日起30日内向{unit[0]}的本级人民政府书面申请复查。\n  承办单位：{unit[0]}，电话："
    )
    s.office_phone(unit[3])
    s.t("，联系电话（不含区号）：")
    s.office_phone(unit[3].split("-")[1])
    s.note("信访处理意见书：家庭座机（应提示）；单位电话含/不含区号")


def tpl_letter_no_area(g: Gen, s: Snip) -> None:
    """Phones without an area code are outside the landline rule; 400 numbers are companies."""
    s.t(
        f"{g.town()}{g.pick(['供水', '燃气', '有线电视'])}服务公告\n  因管网改造，"
        f"{g.cn(g.day())}8:00—18:00暂停服务。抢修电话："
    )
    s.trap("no_area_code", f"{g.pick('2356')}{g.num(100000, 999999)}")
    s.t("，客服热线：")
    s.trap("service_number", f"400-{g.num(100, 999)}-{g.num(1000, 9999)}")
    s.t("，短信服务号")
    s.trap("service_number", f"10690{g.num(1000000, 9999999)}")
    s.t("。编号")
    s.trap("serial", f"12{g.num(100000000, 999999999)}")
    s.t("工单已派发。如需投诉，请拨打")
    s.trap("hotline", "12345")
    s.t("。")
    s.note("服务公告：无区号电话、400 号、106 短信号、12 开头 11 位编号（非手机号）")


def tpl_statistics_only(g: Gen, s: Snip) -> None:
    year = g.num(2022, 2025)
    s.t(f"{year}年霍邱县国民经济和社会发展统计公报（节选）\n  全年地区生产总值")
    s.trap("amount", g.pick(["334.55亿元", "3345500万元", "33455000000元"]))
    s.t("，比上年增长")
    s.trap("statistic", g.pick(["5.0%", "7.0%", "6.8%"]))
    s.t("。年末户籍人口")
    s.trap("statistic", g.pick(["1591000人", "159.1万人", "1645300人"]))
    s.t("，常住人口")
    s.trap("statistic", g.pick(["944985人", "91.6万人"]))
    s.t("。城镇居民人均可支配收入")
    s.trap("statistic", "36583元")
    s.t("，农村居民人均可支配收入")
    s.trap("statistic", "17736元")
    s.t("。全年社会消费品零售总额")
    s.trap("amount", g.pick(["17600000000元", "176亿元"]))
    s.t("。邮政编码")
    s.trap("postcode", "237400")
    s.t("，行政区划代码")
    s.trap("statistic", "341522")
    s.t("。统计口径见")
    s.trap("canonical_docnum", "国办发〔2018〕37号")
    s.t("。")
    s.note("统计公报：金额（含以1开头的11位数）、人口数、行政区划代码、邮编")


def tpl_mixed_hard(g: Gen, s: Snip) -> None:
    """Positives glued to Chinese text and punctuation without spaces."""
    s.t(
        f"{g.pick(['拟表彰', '拟推荐', '拟评定'])}"
        f"{g.pick(['见义勇为先进个人', '最美家庭', '优秀网格员', '道德模范'])}人选公示\n"
        "  "
    )
    s.t(f"{g.name()}，{g.town()}{g.village()}村民，身份证")
    roll = g.r.random()
    if roll < 0.5:
        number = g.id18(x=g.chance(0.3))
        if number.endswith("X") and g.chance(0.5):
            number = number[:17] + "x"
            s.note("校验位写成小写x")
        s.f("pii.id_card", number)
    else:
        s.trap("masked_id", g.mask_id(g.id18()))
    s.t("，电话")
    mobile_cell(g, s, p_full=0.6)
    s.t("，邮箱")
    if g.chance(0.5):
        s.f("pii.email", g.email())
    else:
        s.t("无")
    s.t("。公示期间，单位和个人可通过来信、来电、来访等方式反映，举报邮箱")
    s.trap("gov_email", g.gov_email())
    s.t("，举报电话")
    s.office_phone(g.fmt_landline(UNITS[0][3], "paren"))
    s.t("。")
    s.note("表彰公示：身份证/电话/邮箱紧贴汉字、无空格")


def tpl_near_miss_ids(g: Gen, s: Snip) -> None:
    """A list whose ID-like numbers are all wrong: bad dates, bad check digits, masks, codes."""
    s.t(f"{g.town()}{g.pick(['农村危房改造', '易地扶贫搬迁', '雨露计划'])}对象信息核查结果\n")
    kinds = g.r.sample(
        _words("feb30 month13 day32 future ancient check mask uscc order index"),
        g.num(3, 5),
    )
    for k in kinds:
        s.t(f"{g.name()}：")
        if k == "check":
            s.t("身份证号").trap("bad_check_id", g.id18_bad_check()).t("（校验位错误，需重新核实）")
        elif k == "mask":
            s.t("身份证号").trap("masked_id", g.mask_id(g.id18()))
        elif k == "uscc":
            s.t("所在合作社统一社会信用代码").trap("uscc", g.uscc("93"))
        elif k == "order":
            s.t("核查单号").trap("order_no", g.order18())
        elif k == "index":
            s.t("核查依据索引号").trap("index_no", g.index_no())
        else:
            s.t("身份证号").trap("bad_date_id", g.id18_bad_date(k)).t("（出生日期有误）")
        s.t("；\n")
    s.note(
        "核查结果：全部为近似身份证号的陷阱（2月30日、13月、未来出生、校验位错、信用代码、单号）"
    )


def tpl_bracket_years(g: Gen, s: Snip) -> None:
    """Years in brackets that are not 文号: 公告 numbers, plan periods, amounts, report years."""
    year = g.num(2021, 2026)
    n = g.num(1, 12)
    s.t("霍邱县人民政府公告\n")
    s.trap("notice_number", f"（{year}年第{n}号）")
    s.t(f"\n  为做好{g.pick(['秸秆禁烧', '森林防火', '城区禁放烟花爆竹', '汛期安全'])}工作，根据")
    s.trap("notice_number", f"{year}年第{max(n - 1, 1)}号公告")
    s.t("要求，结合《霍邱县国民经济和社会发展第十四个五年规划和2035年远景目标纲要》（规划期")
    s.trap("plan_period", g.pick(["（2021—2025年）", "（2021-2025年）", "(2021-2025)"]))
    s.t("），现将有关事项公告如下：\n  一、本次下达专项资金")
    s.trap("amount", f"（{year}）{g.num(20, 500)}万元")
    s.t("，用于")
    s.trap("report_year", f"【{year}】年度")
    s.t("目标任务；\n  二、参照霍山县《关于印发2018年度全县政务公开要点的通知》（")
    s.trap("canonical_docnum", "霍政办秘〔2018〕87号")
    s.t("）的做法，")
    if g.chance(0.5):
        s.t("执行").trap("canonical_docnum", g.canonical_docnum("霍政", year)).t("文件；")
    else:
        value, form = g.wrong_docnum("霍政", year=year)
        s.t("执行").f("docnum.format", value).t(docnum_tail(value) + "；").note(
            f"文号错误形式：{form}"
        )
    s.t(f"\n  三、本公告自发布之日起施行。\n霍邱县人民政府\n{g.cn(g.day(year, year))}")
    s.note(
        "县政府公告：公告编号（2024年第3号）、规划期、括号年份的金额、【2024】年度，霍山县同前缀文号"
    )


# Which templates, how many snippets each.
PLAN: list[tuple[Callable[[Gen, Snip], None], int]] = [
    (tpl_dibao, 26),
    (tpl_relief_table, 12),
    (tpl_subsidy_bank, 14),
    (tpl_disability, 8),
    (tpl_recruit, 14),
    (tpl_recruit_result, 8),
    (tpl_exam_notice, 8),
    (tpl_penalty_person, 16),
    (tpl_penalty_company, 12),
    (tpl_hotline, 22),
    (tpl_hotline_letter, 12),
    (tpl_foi_reply, 16),
    (tpl_policy, 16),
    (tpl_policy_interp, 10),
    (tpl_minutes, 10),
    (tpl_tender, 14),
    (tpl_tender_result, 8),
    (tpl_stats, 6),
    (tpl_meta, 12),
    (tpl_legal, 10),
    (tpl_village, 8),
    (tpl_expropriation, 10),
    (tpl_insurance, 8),
    (tpl_contacts, 10),
    (tpl_duty_roster, 8),
    (tpl_news, 10),
    (tpl_old_records, 8),
    (tpl_school, 6),
    (tpl_email_mix, 8),
    (tpl_docnum_dense, 8),
    (tpl_bank_mixed, 10),
    (tpl_license, 6),
    (tpl_landline_personal, 10),
    (tpl_letter_no_area, 6),
    (tpl_statistics_only, 4),
    (tpl_mixed_hard, 10),
    (tpl_near_miss_ids, 8),
    (tpl_bracket_years, 8),
]


def build() -> list[dict]:
    g = Gen(SEED)
    jobs = [tpl for tpl, n in PLAN for _ in range(n)]
    g.r.shuffle(jobs)
    records = []
    for i, tpl in enumerate(jobs, 1):
        s = Snip()
        tpl(g, s)
        text = s.text
        records.append(
            {
                "id": f"s{i:03d}",
                "text": text,
                "office_phones": sorted(s.office),
                "findings": s.findings,
                "traps": s.traps,
                "note": "；".join(dict.fromkeys(s.notes)),
                "template": tpl.__name__.removeprefix("tpl_"),
            }
        )
    lint(records)
    return records


# ================================================================================================
# Lint: the labels must agree with the definitions (catches accidental, unlabelled positives)
# ================================================================================================

_RUN = re.compile(r"(?<![0-9])[0-9]{15,19}[Xx]?(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _within(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= a and b <= e for s, e in spans)


def _label_ok(rule: str, value: str, office_phones: list[str]) -> bool:
    digits = digits_only(value)
    if rule == "pii.id_card":
        return is_valid_id18(value) or is_valid_id15(value)
    if rule == "pii.bank_card":
        return luhn_ok(digits) and 16 <= len(digits) <= 19
    if rule == "pii.mobile":
        return re.fullmatch(r"1[3-9][0-9]{9}", digits[-11:]) is not None
    if rule == "pii.email":
        return _EMAIL.fullmatch(value) is not None and not value.endswith("gov.cn")
    if rule == "pii.landline":
        return digits not in office_phones
    return True


def lint(records: list[dict]) -> None:
    """Labels agree with the rule definitions, and nothing that fits a definition is unlabelled.

    An unlabelled ID-length number must not pass even a lenient check (no province table); an
    unlabelled run of 11 digits starting 1[3-9] must be a declared trap (an amount); every e-mail
    address outside gov.cn is labelled; traps never overlap labels.
    """
    ids = [r["id"] for r in records]
    _require(len(ids) == len(set(ids)), "duplicate ids")
    for r in records:
        text, rid = r["text"], r["id"]
        covered = [(f["start"], f["end"]) for f in r["findings"]]
        traps = [(t["start"], t["end"]) for t in r["traps"]]
        for f in r["findings"]:
            value = text[f["start"] : f["end"]]
            _require(0 <= f["start"] < f["end"] <= len(text), rid, "span outside the text")
            _require(_label_ok(f["rule"], value, r["office_phones"]), rid, f["rule"], value)
        for m in _RUN.finditer(text):
            if len(m.group()) in (15, 18) and looks_like_id(m.group()):
                _require(_within(m.start(), m.end(), covered), rid, "unlabelled ID", m.group())
        for m in _MOBILE.finditer(text):
            _require(
                _within(m.start(), m.end(), covered + traps), rid, "unlabelled mobile", m.group()
            )
        for m in _EMAIL.finditer(text):
            if not m.group().endswith("gov.cn"):
                _require(_within(m.start(), m.end(), covered), rid, "unlabelled e-mail", m.group())
        for ts, te in traps:
            _require(0 <= ts <= te <= len(text), rid, "trap outside the text")
            _require(all(te <= s or e <= ts for s, e in covered), rid, "trap overlaps a label")


def write_set(records: list[dict], path: Path = DATA) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


# ================================================================================================
# Evaluation
# ================================================================================================


def load(path: Path = DATA) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Miss:
    kind: str  # "FP" or "FN"
    rule: str
    snippet: str
    start: int
    end: int
    text: str
    trap: str | None = None


def match_spans(
    predicted: Iterable[tuple[int, int]], labels: Iterable[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """Pair overlapping spans one to one; return (matched predictions, unmatched predictions, unmatched labels)."""
    preds = sorted(set(predicted))
    free = sorted(set(labels))
    matched, unmatched = [], []
    for p in preds:
        best = None
        for lab in free:
            overlap = min(p[1], lab[1]) - max(p[0], lab[0])
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, lab)
        if best is None:
            unmatched.append(p)
        else:
            matched.append(p)
            free.remove(best[1])
    return matched, unmatched, free


def evaluate(
    records: list[dict], predict: Callable[[dict], list[tuple[str, int, int]]]
) -> tuple[dict[str, Score], list[Miss], float]:
    scores = {rule: Score() for rule in RULES}
    misses: list[Miss] = []
    started = time.perf_counter()
    predictions = [predict(r) for r in records]
    elapsed = time.perf_counter() - started
    for r, found in zip(records, predictions, strict=True):
        text = r["text"]
        for rule in RULES:
            preds = [(s, e) for rl, s, e in found if rl == rule]
            labels = [(f["start"], f["end"]) for f in r["findings"] if f["rule"] == rule]
            ok, fps, fns = match_spans(preds, labels)
            score = scores[rule]
            score.tp += len(ok)
            score.fp += len(fps)
            score.fn += len(fns)
            for s, e in fps:
                trap = next(
                    (t["kind"] for t in r.get("traps", []) if t["start"] < e and s < t["end"]), None
                )
                misses.append(Miss("FP", rule, r["id"], s, e, text[s:e], trap))
            for s, e in fns:
                misses.append(Miss("FN", rule, r["id"], s, e, text[s:e]))
    return scores, misses, elapsed


def engine_predictor() -> Callable[[dict], list[tuple[str, int, int]]]:
    from gongkai.checks.domain.engine import CheckContext, check_text

    def predict(record: dict) -> list[tuple[str, int, int]]:
        context = CheckContext(office_phones=frozenset(record.get("office_phones", ())))
        return [(f.rule, f.start, f.end) for f in check_text(record["text"], context=context)]

    return predict


_BASELINE = {
    "pii.id_card": re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])"),
    "pii.mobile": re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])"),
    "pii.landline": re.compile(r"(?<![0-9])0[0-9]{2,3}[-－ ]?[0-9]{7,8}(?![0-9])"),
    "pii.bank_card": re.compile(r"(?<![0-9])[0-9]{16,19}(?![0-9])"),
    "pii.email": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    "docnum.format": re.compile(
        r"[\u4e00-\u9fff]{1,8}[【\[（(〔﹝〈［][0-9]{2,4}[】\]）)〕﹞〉］]第?[0-9]+号?"
    ),
}


def baseline_predictor() -> Callable[[dict], list[tuple[str, int, int]]]:
    """What a naive regex scan finds: no check digits, no context, no office directory."""

    def predict(record: dict) -> list[tuple[str, int, int]]:
        out = []
        for rule, rx in _BASELINE.items():
            for m in rx.finditer(record["text"]):
                if rule == "docnum.format" and re.fullmatch(
                    r".+〔[0-9]{4}〕[1-9][0-9]*号", m.group()
                ):
                    continue
                out.append((rule, m.start(), m.end()))
        return out

    return predict


def label_counts(records: list[dict]) -> Counter:
    return Counter(f["rule"] for r in records for f in r["findings"])


def render_table(scores: dict[str, Score], records: list[dict]) -> str:
    counts = label_counts(records)
    lines = [
        "| Rule | Labels | TP | FP | FN | Precision | Recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total = Score()
    for rule in RULES:
        sc = scores[rule]
        total.tp += sc.tp
        total.fp += sc.fp
        total.fn += sc.fn
        lines.append(
            f"| `{rule}` | {counts[rule]} | {sc.tp} | {sc.fp} | {sc.fn} | "
            f"{sc.precision:.3f} | {sc.recall:.3f} | {sc.f1:.3f} |"
        )
    lines.append(
        f"| **all six** | {sum(counts[r] for r in RULES)} | {total.tp} | {total.fp} | {total.fn} | "
        f"{total.precision:.3f} | {total.recall:.3f} | {total.f1:.3f} |"
    )
    return "\n".join(lines)


def render_misses(misses: list[Miss]) -> str:
    if not misses:
        return "No false positives or false negatives."
    lines = []
    for m in sorted(misses, key=lambda m: (m.rule, m.kind, m.snippet, m.start)):
        trap = f" (trap: {m.trap})" if m.trap else ""
        lines.append(f"- {m.kind} `{m.rule}` {m.snippet} [{m.start}:{m.end}] 「{m.text}」{trap}")
    return "\n".join(lines)


def write_docs(table: str, stamp: str, path: Path = DOCS) -> None:
    content = path.read_text(encoding="utf-8")
    begin, end = content.find(DOCS_BEGIN), content.find(DOCS_END)
    if begin < 0 or end < begin:
        raise SystemExit(f"{path} has no {DOCS_BEGIN} … {DOCS_END} section")
    block = f"{DOCS_BEGIN}\n{stamp}\n\n{table}\n{DOCS_END}"
    path.write_text(content[:begin] + block + content[end + len(DOCS_END) :], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--build", action="store_true", help="regenerate the labelled set and exit")
    ap.add_argument(
        "--baseline", action="store_true", help="score a naive regex scan, not the engine"
    )
    ap.add_argument("--verbose", "-v", action="store_true", help="list every FP and FN")
    ap.add_argument(
        "--write-docs", action="store_true", help="rewrite the table in docs/quality.md"
    )
    args = ap.parse_args(argv)

    if args.build:
        records = build()
        write_set(records, args.data)
        counts = label_counts(records)
        with_traps = sum(1 for r in records if r["traps"])
        print(f"wrote {len(records)} snippets to {args.data.relative_to(ROOT)}")
        for rule in RULES:
            print(
                f"  {rule:15} {counts[rule]:4d} labels in "
                f"{sum(1 for r in records if any(f['rule'] == rule for f in r['findings']))} snippets"
            )
        print(
            f"  snippets with traps: {with_traps}; without any finding: {sum(1 for r in records if not r['findings'])}"
        )
        return 0

    records = load(args.data)
    if args.baseline:
        predict, who = baseline_predictor(), "naive regex baseline (bench/eval_checks.py)"
    else:
        try:
            predict = engine_predictor()
        except ImportError as exc:
            print(f"the rule engine is not available ({exc}); try --baseline", file=sys.stderr)
            return 2
        who = "`gongkai.checks.domain.engine.check_text`"
    scores, misses, elapsed = evaluate(records, predict)
    chars = sum(len(r["text"]) for r in records)
    table = render_table(scores, records)
    stamp = (
        f"Run of {date.today().isoformat()}: {who} on {len(records)} snippets "  # noqa: DTZ011
        f"({chars:,} characters, {sum(label_counts(records).values())} labels, "
        f"{sum(len(r.get('traps', [])) for r in records)} traps) in {elapsed:.2f} s "
        f"(Python {platform.python_version()})."
    )
    print(stamp)
    print()
    print(table)
    if args.verbose:
        print()
        print(render_misses(misses))
    if args.write_docs:
        if args.baseline:
            raise SystemExit("--write-docs records the engine's figures; drop --baseline")
        write_docs(table, stamp)
        print(f"\nupdated {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
