"""Demo catalogue content: realistic titles and texts, and the planner of one unit's items.

Used by :func:`gongkai.catalog.demo.generate_catalog` (which re-exports the public tables): the
title tables per channel type and sector, each unit's 发文机关代字 for 文号, and
:class:`_UnitItems`, which decides how many items each of a unit's leaf channels gets, which
channels are left blank or stale, the publication dates, titles, bodies and 政策解读 links.
Nothing here writes to the database.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from gongkai.catalog.bulk import NewItem
from gongkai.catalog.domain.taxonomy import (
    DEFAULT_UPDATE_PERIOD_DAYS,
    InterpretationForm,
    ItemKind,
    Validity,
)
from gongkai.catalog.domain.taxonomy import ChannelType as T
from gongkai.units.demo_data import AGENCY_CODES  # 发文机关代字 (re-exported)
from gongkai.units.models import Unit, UnitKind

HISTORY_DAYS = 730  # items are spread over the two years before `today`


# (subject, 主题分类)
SUBJECTS: tuple[tuple[str, str], ...] = (
    ("安全生产", "市场监督、安全生产监管"),
    ("防汛抗旱", "农业、林业、水利"),
    ("秸秆禁烧", "城乡建设、环境保护"),
    ("乡村振兴", "民政、扶贫"),
    ("农村人居环境整治", "城乡建设、环境保护"),
    ("森林防火", "气象、应急"),
    ("城乡居民医保征缴", "卫生、体育、医疗"),
    ("优化营商环境", "综合政务"),
    ("耕地保护", "国土资源、能源"),
    ("文明创建", "文化、广电、新闻出版"),
    ("河湖长制", "农业、林业、水利"),
    ("稳就业", "劳动、人事、监察"),
    ("农村饮水安全", "农业、林业、水利"),
    ("控辍保学", "科技、教育"),
    ("高标准农田建设", "农业、林业、水利"),
    ("消防安全", "公安、安全、司法"),
    ("信访维稳", "公安、安全、司法"),
    ("夏粮收购", "商贸、海关、旅游"),
    ("招商引资", "国民经济管理、国有资产监管"),
    ("政务公开", "综合政务"),
    ("城乡低保提标", "民政、扶贫"),
    ("普法宣传", "公安、安全、司法"),
    ("重点项目建设", "国民经济管理、国有资产监管"),
    ("农村道路建设", "工业、交通"),
)

NEWS_TITLES = (
    "{short}召开{subject}工作推进会",
    "{short}开展{subject}专项检查",
    "{short}部署{year}年{subject}工作",
    "{short}召开{subject}工作调度会",
    "{short}组织开展{subject}宣传活动",
    "县领导到{short}调研{subject}工作",
    "{short}扎实推进{subject}",
    "{short}召开{month}月份{subject}工作例会",
    "{short}多措并举抓好{subject}",
)
NOTICE_TITLES = (
    ("关于做好{year}年{subject}工作的通知", "通知"),
    ("关于开展{subject}专项整治行动的通知", "通知"),
    ("关于{year}年{subject}补助资金发放情况的公示", "其他"),
    ("{name}关于{subject}有关事项的公告", "公告"),
    ("关于{year}年{subject}工作情况的通报", "通报"),
    ("关于{subject}工作督查情况的通报", "通报"),
    ("{name}关于{subject}的通告", "通告"),
)
POLICY_TITLES = (
    ("{name}关于印发《{short}{subject}工作方案》的通知", "通知"),
    ("{name}关于印发《{year}年{subject}工作要点》的通知", "通知"),
    ("{name}关于进一步加强{subject}工作的意见", "意见"),
    ("{name}关于调整{subject}工作领导小组成员的通知", "通知"),
)
NORMATIVE_TITLES = (
    ("{name}关于印发《霍邱县{subject}管理办法》的通知", "通知"),
    ("{name}关于印发《霍邱县{subject}实施细则》的通知", "通知"),
    ("{name}关于印发《霍邱县{subject}奖补办法》的通知", "通知"),
)
INTERPRETATION_TITLES = (
    ("《{inner}》政策解读", InterpretationForm.TEXT),
    ("图解：《{inner}》", InterpretationForm.GRAPHIC),
    ("一图读懂《{inner}》", InterpretationForm.GRAPHIC),
    ("《{inner}》政策问答", InterpretationForm.QA),
)
PLAN_TITLES = (
    ("{short}{year}年工作要点", "其他"),
    ("{short}{year}年上半年工作总结", "报告"),
    ("{short}{prev}年工作总结和{year}年工作计划", "报告"),
    ("{short}{subject}三年行动计划（{year}—{next2}年）", "其他"),
)
BUDGET_TITLES = (
    ("{name}{year}年部门预算", "其他"),
    ("{name}{prev}年部门决算", "其他"),
    ("{name}{year}年“三公”经费预算情况说明", "其他"),
    ("{name}{prev}年度财政专项资金绩效自评报告", "报告"),
)
PERSONNEL_TITLES = (
    ("{name}{year}年公开招聘编外工作人员公告", "公告"),
    ("{name}{year}年公开招聘编外工作人员拟聘用人员公示", "其他"),
    ("{short}关于{surname}某某等同志任职的通知", "通知"),
    ("{name}{prev}年度公务员年度考核优秀等次人员公示", "其他"),
)
KEY_AREA_TITLES = (
    ("{short}{year}年第{quarter}季度城乡低保资金发放情况公示", "其他"),
    ("{short}{year}年耕地地力保护补贴发放情况公示", "其他"),
    ("{short}{year}年{subject}项目实施情况公示", "其他"),
    ("{short}{year}年第{quarter}季度安全生产执法检查情况", "报告"),
)
FIXED_TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "jgzn": (("{name}机构职能", "其他"), ("{name}内设机构及职责", "其他")),
    "ldxx": (("{name}领导班子成员及分工", "其他"), ("{name}领导分工调整情况", "其他")),
    "gkzn": (
        ("{name}政府信息公开指南", "其他"),
        ("{name}政府信息公开指南（{year}年修订）", "其他"),
    ),
    "gkzd": (
        ("{name}政府信息公开工作制度", "其他"),
        ("{name}政府信息公开保密审查制度", "其他"),
        ("{name}依申请公开政府信息办理规程", "其他"),
    ),
    "ysqgk": (
        ("{name}依申请公开办理流程", "其他"),
        ("{name}政府信息公开申请表", "其他"),
    ),
}
TYPE_TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    T.FUNCTIONS: (("{name}概况", "其他"), ("{short}服务指南", "其他")),
    T.BUDGET: (("{short}{year}年收费项目及标准", "其他"), ("{short}{year}年价格标准公示", "其他")),
    T.KEY_AREA: (("{short}{year}年{subject}情况公示", "其他"),),
    T.NOTICE: NOTICE_TITLES,
}
SECTOR_TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "zsxx": (("{name}{year}年招生简章", "公告"), ("{name}{year}年秋季招生录取结果公示", "其他")),
    "xszz": (("{name}{year}年国家助学金受助学生名单公示", "其他"),),
    "tsgg": (("关于{month}月{day}日部分区域临时停水的公告", "公告"),),
    "tdgg": (("{month}月{day}日霍邱县部分区域计划停电公告", "公告"),),
    "aqyq": (("{short}关于冬季安全用气的温馨提示", "其他"),),
    "xltz": (("关于{line}路公交线路临时调整的公告", "公告"),),
    "szgs": (("{short}{year}年{month}月出厂水水质检测结果公示", "其他"),),
    "jcsj": (("{year}年{month}月霍邱县环境空气质量状况", "其他"),),
    "hpgs": (("霍邱县{subject}项目环境影响评价公众参与公示", "其他"),),
    "cwgk": (
        ("{short}{year}年第{quarter}季度村务公开", "其他"),
        ("{short}关于{year}年{subject}项目实施情况的公示", "其他"),
    ),
    "cwgk2": (("{short}{year}年第{quarter}季度财务收支公开", "其他"),),
}
PARAGRAPHS = (
    "为深入贯彻落实党中央、国务院和省委、省政府关于{subject}工作的决策部署，"
    "切实做好{short}{subject}各项工作，结合实际，现就有关事项通知如下。",
    "各相关单位要提高思想认识，压实工作责任，明确专人负责，"
    "确保{subject}工作各项任务落到实处、取得实效。",
    "要加强统筹协调，建立健全工作机制，定期开展督查调度，"
    "对工作推进不力、问题整改不到位的单位和个人严肃追责问责。",
    "要加大宣传力度，充分利用广播、微信公众号、宣传栏等多种方式，"
    "广泛宣传{subject}相关政策，营造全社会共同参与的良好氛围。",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"

# Relative weight of each channel in a unit's year of items (county-year scale).
TYPE_WEIGHTS: dict[str, float] = {
    T.NEWS: 45,
    T.NOTICE: 18,
    T.POLICY: 8,
    T.INTERPRETATION: 3.5,
    T.KEY_AREA: 4,
    T.PERSONNEL: 2.5,
    T.BUDGET: 2,
    T.PLAN: 2,
    T.FUNCTIONS: 0.5,
    T.GUIDE: 0.4,
    T.RULES: 0.4,
    T.ANNUAL_REPORT: 0.6,
    T.ON_REQUEST: 0.3,
    T.OTHER: 1,
}
NORMATIVE_WEIGHT = 2.5
STANDARD_WEIGHT_TOTAL = 10  # shared by a unit's standard-directory channels


# --------------------------------------------------------------------------------------------
# Planning a unit's items
# --------------------------------------------------------------------------------------------


@dataclass
class _Leaf:
    pk: int
    slug: str
    title: str
    type: str
    is_standard: bool
    period: int | None
    entries: list[int] = field(default_factory=list)  # 标准目录 entries (standard channels)


@dataclass
class _Planned:
    key: str
    item: NewItem
    policy_key: str = ""  # for an interpretation: the policy document it explains
    entry_id: int | None = None  # for a standard-channel item: its 标准目录 entry


def _agency_codes(units: list[Unit]) -> dict[int, str]:
    codes: dict[int, str] = {}
    used: set[str] = set()
    for unit in units:
        code = AGENCY_CODES.get(unit.code)
        if code is None and unit.kind == UnitKind.TOWNSHIP:
            short = unit.short_name
            code = f"{short[0]}政" if f"{short[0]}政" not in used else f"{short[:2]}政"
        if code:
            used.add(code)
            codes[unit.pk] = code
    return codes


def _apportion(total: int, weights: dict, minimum: dict | None = None) -> dict:
    """Split ``total`` by ``weights`` (largest remainder), after each key's ``minimum``."""
    minimum = minimum or {}
    counts = {k: minimum.get(k, 0) for k in weights}
    rest = total - sum(counts.values())
    weight_sum = sum(weights.values())
    if rest <= 0 or weight_sum <= 0:
        return counts
    shares = {k: rest * w / weight_sum for k, w in weights.items()}
    for k, share in shares.items():
        counts[k] += int(share)
    left = rest - sum(int(s) for s in shares.values())
    for k in sorted(shares, key=lambda k: shares[k] - int(shares[k]), reverse=True)[:left]:
        counts[k] += 1
    return counts


def _weight(leaf: _Leaf, standard_channels: int) -> float:
    if leaf.is_standard:
        return STANDARD_WEIGHT_TOTAL / max(standard_channels, 1)
    if leaf.slug == "xzgfxwj":
        return NORMATIVE_WEIGHT
    return TYPE_WEIGHTS.get(leaf.type, 1)


class _UnitItems:
    """Plans one unit's items: counts per channel, dates (fresh/stale/empty), titles, links."""

    def __init__(self, unit: Unit, leaves: list[_Leaf], *, scale: str, target: int, today, agency):
        self.unit = unit
        self.leaves = leaves
        self.scale = scale
        self.prefix = "demo-y" if scale == "county-year" else "demo-s"
        self.today = today
        self.first_day = today - dt.timedelta(days=HISTORY_DAYS)
        self.agency = agency
        # Two generators: the structure (which channels are blank, stale, late) must be the
        # same on every run, whatever `today` is, so that a re-run plans the same items; the
        # content generator's draws depend on the date ranges.
        self.plan_rng = random.Random(f"{unit.code}:{scale}:plan")  # noqa: S311 (demo data)
        self.rng = random.Random(f"{unit.code}:{scale}")  # noqa: S311 (demo data)
        self.doc_numbers: dict[int, int] = defaultdict(int)
        self.target = target

    # ---------------------------------------------------------------- what goes where

    def _states(self) -> dict[int, str]:
        """fresh / due / stale / empty per channel; most units tidy, some untidy, a few very untidy."""
        rng = self.plan_rng
        profile = rng.random()
        if profile < 0.7:
            n_empty, n_stale = 0, rng.randint(0, 1)
        elif profile < 0.92:
            n_empty, n_stale = rng.randint(1, 3), rng.randint(2, 3)
        else:
            n_empty, n_stale = rng.randint(5, 6), rng.randint(4, 6)
        # The channels a unit most often lets slide; news and policy are never left blank.
        candidates = [
            leaf.pk
            for leaf in self.leaves
            if leaf.type not in (T.NEWS, T.INTERPRETATION) and leaf.slug not in ("qtwj", "xzgfxwj")
        ]
        rng.shuffle(candidates)
        n_empty = min(n_empty, len(self.leaves) // 3)  # a unit never has nothing at all
        states = {leaf.pk: "fresh" for leaf in self.leaves}
        for pk in candidates[:n_empty]:
            states[pk] = "empty"
        stale_pool = [leaf.pk for leaf in self.leaves if states[leaf.pk] == "fresh"]
        rng.shuffle(stale_pool)
        for pk in stale_pool[:n_stale]:
            states[pk] = "stale"
        # And now and then a channel about to run over its period (the editor gets a reminder).
        for pk in stale_pool[n_stale : n_stale + (rng.random() < 0.4)]:
            states[pk] = "due"
        if profile >= 0.92:
            for leaf in self.leaves:
                if leaf.type == T.NEWS:
                    states[leaf.pk] = "stale"  # the news channel has been quiet for weeks
        return states

    def _counts(self, states: dict[int, str]) -> dict[int, int]:
        standard = sum(1 for leaf in self.leaves if leaf.is_standard)
        live = [leaf for leaf in self.leaves if states[leaf.pk] != "empty"]
        weights = {leaf.pk: _weight(leaf, standard) for leaf in live}
        minimum = {leaf.pk: 1 for leaf in live}
        counts = _apportion(max(self.target, len(live)), weights, minimum)
        # One annual report a year (published in January).
        news = next((x for x in live if x.type == T.NEWS), None)
        reports = len(self._report_days())
        for leaf in live:
            if leaf.type == T.ANNUAL_REPORT and counts[leaf.pk] > reports and news is not None:
                counts[news.pk] += counts[leaf.pk] - reports
                counts[leaf.pk] = reports
        # Interpretations: about one per three policy documents, at least one per 行政规范性文件.
        policies = sum(counts.get(leaf.pk, 0) for leaf in live if leaf.type == T.POLICY)
        normative = sum(counts.get(leaf.pk, 0) for leaf in live if leaf.slug == "xzgfxwj")
        for leaf in live:
            if leaf.type == T.INTERPRETATION:
                wanted = min(policies, max(round(policies / 3), normative))
                if news is not None:
                    counts[news.pk] = max(1, counts[news.pk] + counts[leaf.pk] - wanted)
                counts[leaf.pk] = wanted
        return counts

    # ---------------------------------------------------------------- dates

    def _report_days(self) -> list[dt.date]:
        """The last two 年报 (published by 31 January, 条例 Art. 49).

        Always two, whatever `today` is: the number of items planned per channel must not
        depend on the day, or a re-run on another day would plan (and create) more.
        """
        days = [
            dt.date(year, 1, 20 + (year + len(self.unit.code)) % 11)
            for year in range(self.today.year - 2, self.today.year + 1)
        ]
        return [d for d in days if d <= self.today][-2:]

    def _dates(self, leaf: _Leaf, n: int, state: str) -> list[dt.date]:
        rng = self.rng
        period = leaf.period or DEFAULT_UPDATE_PERIOD_DAYS.get(leaf.type, 183)
        if leaf.type == T.ANNUAL_REPORT:
            days = self._report_days()
            return sorted(days[-n:] + [rng.choice(days) for _ in range(n - len(days[-n:]))])
        if state == "stale":
            last = self.today - dt.timedelta(days=period + rng.randint(10, 120))
        elif state == "due":
            last = self.today - dt.timedelta(days=period - rng.randint(0, 2))
        else:
            last = self.today - dt.timedelta(days=rng.randint(0, max(period // 3, 1)))
        last = max(last, self.first_day)
        span = (last - self.first_day).days
        days = [last] + [
            self.first_day + dt.timedelta(days=rng.randint(0, span)) for _ in range(n - 1)
        ]
        return sorted(days)

    # ---------------------------------------------------------------- titles

    def _fmt(self, day: dt.date, subject: str) -> dict:
        unit = self.unit
        return {
            "name": unit.name,
            "short": unit.short_name,
            "subject": subject,
            "year": day.year,
            "prev": day.year - 1,
            "next2": day.year + 2,
            "month": day.month,
            "day": day.day,
            "quarter": (day.month - 1) // 3 + 1,
            "surname": self.rng.choice(SURNAMES),
            "line": self.rng.randint(1, 12),
        }

    def _body(self, subject: str) -> str:
        paragraphs = self.rng.sample(PARAGRAPHS, k=self.rng.randint(2, 3))
        return "".join(
            f"<p>{p.format(subject=subject, short=self.unit.short_name)}</p>" for p in paragraphs
        )

    def _doc_number(self, day: dt.date) -> str:
        if not self.agency:
            return ""
        self.doc_numbers[day.year] += 1
        return f"{self.agency}〔{day.year}〕{self.doc_numbers[day.year]}号"

    def _item(self, leaf: _Leaf, day: dt.date, i: int) -> _Planned:
        rng = self.rng
        subject, topic = rng.choice(SUBJECTS)
        fmt = self._fmt(day, subject)
        key = f"{self.prefix}:{leaf.slug}:{i}"
        extra: dict = {}
        entry_id = None
        if leaf.is_standard:
            entry_id = leaf.entries[i % len(leaf.entries)] if leaf.entries else None
            level2 = self.entry_names.get(entry_id, leaf.title)
            title = rng.choice(
                (
                    f"{fmt['short']}{day.year}年{level2}",
                    f"{fmt['short']}{level2}（{day.year}年{day.month}月更新）",
                )
            )
            genre = "其他"
        elif leaf.type == T.NEWS:
            title, genre = rng.choice(NEWS_TITLES).format(**fmt), "其他"
        elif leaf.type == T.POLICY:
            normative = leaf.slug == "xzgfxwj"
            template, genre = rng.choice(NORMATIVE_TITLES if normative else POLICY_TITLES)
            title = template.format(**fmt)
            validity = Validity.VALID
            if day < self.today - dt.timedelta(days=400) and rng.random() < 0.1:
                validity = rng.choice((Validity.REPEALED, Validity.EXPIRED, Validity.AMENDED))
            extra = {
                "kind": ItemKind.POLICY,
                "doc_number": self._doc_number(day),
                "written_on": day - dt.timedelta(days=rng.randint(0, 6)),
                "validity": validity,
                "needs_interpretation": normative,
            }
            if not extra["doc_number"]:
                extra["written_on"] = None
                extra["kind"] = ItemKind.GENERAL
                extra["validity"] = Validity.NOT_APPLICABLE
        elif leaf.slug in SECTOR_TITLES:
            title, genre = rng.choice(SECTOR_TITLES[leaf.slug])
            title = title.format(**fmt)
        elif leaf.slug in FIXED_TITLES:
            title, genre = rng.choice(FIXED_TITLES[leaf.slug])
            title = title.format(**fmt)
        elif leaf.type == T.ANNUAL_REPORT:
            title = f"{fmt['name']}{day.year - 1}年政府信息公开工作年度报告"
            genre, topic = "报告", "综合政务"
        elif leaf.type == T.NOTICE:
            title, genre = rng.choice(NOTICE_TITLES)
            title = title.format(**fmt)
        else:
            choices = (
                {
                    T.PLAN: PLAN_TITLES,
                    T.BUDGET: BUDGET_TITLES,
                    T.PERSONNEL: PERSONNEL_TITLES,
                    T.KEY_AREA: KEY_AREA_TITLES,
                }.get(leaf.type)
                or TYPE_TITLES.get(leaf.type)
                or NOTICE_TITLES
            )
            title, genre = rng.choice(choices)
            title = title.format(**fmt)
        if leaf.type == T.BUDGET:
            topic = "财政、金融、审计"
        elif leaf.type == T.PERSONNEL:
            topic = "劳动、人事、监察"
        elif leaf.type in (T.FUNCTIONS, T.GUIDE, T.RULES, T.ON_REQUEST):
            topic = "组织机构简介" if leaf.type == T.FUNCTIONS else "综合政务"
        item = NewItem(
            channel_id=leaf.pk,
            title=title[:200],
            published_on=day,
            topic=topic,
            genre=genre,
            keywords=f"{subject}，{self.unit.short_name}",
            summary=f"{self.unit.short_name}{subject}相关信息。",
            body=self._body(subject),
            import_key=key,
            **extra,
        )
        return _Planned(key=key, item=item, entry_id=entry_id)

    def _interpretation(self, leaf: _Leaf, policy: _Planned, i: int) -> _Planned:
        rng = self.rng
        inner = policy.item.title
        if "《" in inner and "》" in inner:
            inner = inner[inner.index("《") + 1 : inner.rindex("》")]
        else:
            inner = inner.removeprefix(self.unit.name)
        template, form = rng.choice(INTERPRETATION_TITLES)
        day = min(policy.item.published_on + dt.timedelta(days=rng.randint(0, 2)), self.today)
        key = f"{self.prefix}:{leaf.slug}:{i}"
        item = NewItem(
            channel_id=leaf.pk,
            title=template.format(inner=inner)[:200],
            published_on=day,
            kind=ItemKind.INTERPRETATION,
            interpretation_form=form,
            topic=policy.item.topic,
            genre="其他",
            keywords=policy.item.keywords,
            summary=f"解读{policy.item.doc_number or '政策文件'}的出台背景、主要内容和适用对象。",
            body="<p>一、出台背景</p><p>二、主要内容</p><p>三、适用对象和施行时间</p>",
            import_key=key,
        )
        return _Planned(key=key, item=item, policy_key=policy.key)

    # ---------------------------------------------------------------- plan

    def plan(self, entry_names: dict[int, str]) -> list[_Planned]:
        self.entry_names = entry_names
        states = self._states()
        counts = self._counts(states)
        late = self.plan_rng.random() < 0.2  # the newest 规范性文件 still lacks its 解读
        planned: list[_Planned] = []
        interpretation_leaf = None
        for leaf in self.leaves:
            n = counts.get(leaf.pk, 0)
            if not n:
                continue
            if leaf.type == T.INTERPRETATION:
                interpretation_leaf = (leaf, n)
                continue
            for i, day in enumerate(self._dates(leaf, n, states[leaf.pk])):
                planned.append(self._item(leaf, day, i))
        if interpretation_leaf is not None:
            leaf, n = interpretation_leaf
            policies = sorted(
                (p for p in planned if p.item.kind == ItemKind.POLICY),
                key=lambda p: (not p.item.needs_interpretation, -p.item.published_on.toordinal()),
            )
            # Some units are late with the interpretation of their newest 规范性文件.
            if policies and policies[0].item.needs_interpretation and late:
                policies = policies[1:]
            for i, policy in enumerate(policies[:n]):
                policy.item.needs_interpretation = True
                planned.append(self._interpretation(leaf, policy, i))
            # Fewer policy documents to explain than planned: the unit's news makes up the total.
            short = n - min(n, len(policies))
            news = next((x for x in self.leaves if x.type == T.NEWS and counts.get(x.pk)), None)
            if short and news is not None:
                for i, day in enumerate(self._dates(news, short, states[news.pk])):
                    planned.append(self._item(news, day, counts[news.pk] + i))
        return planned
