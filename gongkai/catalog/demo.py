"""Demo: the 政府信息公开 catalogue of every unit, its items, and 三审 in every state.

Builds on the units/personas (order 10) and the portal home page (order 20):

* the 政府信息公开 root under the portal home, a catalogue for every unit, the 两化 standard
  directories of the townships (all 乡级 areas) and departments (the 县级 areas each department
  is responsible for, :data:`DEPARTMENT_AREAS`), and a responsible editor on every channel;
* published items written with the bulk writer under the 「演示数据」 publication exemption:
  scale ``small`` fills nearly every leaf channel (≈ 1,700 items, ≈ 24 per unit), scale
  ``county-year`` writes 29,000 items in a real county's proportions (news most, then notices,
  policy documents, ≈ 1 interpretation per 3 policy documents). Realistic titles per channel
  type, 文号 with each unit's 机关代字, 政策解读 linked to their policy documents, items of the
  standard-directory channels linked to their 标准目录 entries, dates over the last two years.
  Some units are deliberately untidy (blank channels, channels not updated for months, a
  行政规范性文件 without its interpretation) so the boards have something to show;
* for 城关镇 (the personas' unit), items in every state of the real 三审 workflow.

Idempotent: generated items carry an ``import_key`` (「demo-s:…」/「demo-y:…」, the review items
「demo-review:…」) and are only created when missing; catalogues and directories are created by
the idempotent services. Finally the freshness check runs once so the board has data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from gongkai.catalog.bulk import NewItem, bulk_create_items
from gongkai.catalog.domain.taxonomy import (
    DEFAULT_UPDATE_PERIOD_DAYS,
    InterpretationForm,
    ItemKind,
    Validity,
)
from gongkai.catalog.domain.taxonomy import ChannelType as T
from gongkai.catalog.freshness import refresh_freshness
from gongkai.catalog.models import (
    ChannelFreshness,
    ChannelPage,
    ItemPage,
    PolicyLink,
    StandardEntry,
    UnitCatalogPage,
)
from gongkai.catalog.publishing import publication_exemption
from gongkai.catalog.services import (
    create_catalogue_root,
    create_unit_catalogue,
    instantiate_standard_directory,
    withdraw_item,
)
from gongkai.core.demo import demo_generator
from gongkai.portal.models import HomePage
from gongkai.units.models import Unit, UnitKind, User
from gongkai.units.roles import Role

COUNTY_YEAR_ITEMS = 29_000
HISTORY_DAYS = 730  # items are spread over the two years before `today`
EXEMPTION = "演示数据"

# 县级 标准目录 areas (gongkai/catalog/data/standard_directories.json) each department compiles:
# 国办发〔2019〕54号 has every department publish the areas it is responsible for. 06 税收管理
# belongs to the tax bureau, which is not a county unit.
DEPARTMENT_AREAS: dict[str, tuple[int, ...]] = {
    "zrzyj": (1, 7),
    "fgw": (2, 3),
    "czj": (4, 20),
    "yjj": (5, 13),
    "zjj": (8, 9, 23, 24),
    "sthjj": (10,),
    "wltyj": (11,),
    "nyncj": (12, 20),
    "scjgj": (14,),
    "cgj": (15,),
    "rsj": (16, 26),
    "mzj": (17, 18),
    "gaj": (19,),
    "jyj": (21,),
    "wjw": (22,),
    "sfj": (25,),
    "ybj": (26,),
}

# 发文机关代字 of units that are not townships (townships: first character + 「政」).
AGENCY_CODES: dict[str, str] = {
    "county": "霍政",
    "xzfb": "霍政办",
    "fgw": "霍发改",
    "jyj": "霍教",
    "kjj": "霍科",
    "gxj": "霍工信",
    "gaj": "霍公",
    "mzj": "霍民",
    "sfj": "霍司",
    "czj": "霍财",
    "rsj": "霍人社",
    "zrzyj": "霍自然资规",
    "sthjj": "霍环",
    "zjj": "霍建",
    "jtj": "霍交",
    "slj": "霍水",
    "nyncj": "霍农",
    "swj": "霍商",
    "wltyj": "霍文旅",
    "wjw": "霍卫健",
    "tyjrj": "霍退役",
    "yjj": "霍应急",
    "sjj": "霍审",
    "scjgj": "霍市监",
    "tjj": "霍统",
    "ybj": "霍医保",
    "cgj": "霍城管",
    "sjzyj": "霍数据",
    "xfj": "霍信访",
    "smfwzx": "霍商贸",
    "yizhong": "霍一中",
    "yiyuan": "霍一院",
    "water": "霍水司",
    "power": "霍供电",
    "gas": "霍燃气",
    "bus": "霍公交",
}

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
UNIT_WEIGHTS: dict[str, float] = {
    UnitKind.COUNTY_GOVERNMENT: 2.0,
    UnitKind.COUNTY_OFFICE: 2.0,
    UnitKind.TOWNSHIP: 1.0,
    UnitKind.DEPARTMENT: 1.0,
    UnitKind.PUBLIC_ENTERPRISE: 0.4,
    UnitKind.VILLAGE: 0.15,
}


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


@demo_generator("catalog", "政府信息公开目录与三审", order=30)
def generate_catalog(*, scale: str, today: dt.date, stdout) -> list[str]:
    now = timezone.now()
    home = HomePage.objects.first()
    if home is None:
        return ["政府信息公开目录：没有门户首页，未生成"]
    create_catalogue_root(home=home, by=None, now=now)
    units = list(Unit.unscoped.filter(is_active=True).order_by("sort_order", "pk"))
    for unit in units:
        create_unit_catalogue(unit=unit, by=None, now=now)
        if unit.kind == UnitKind.TOWNSHIP:
            instantiate_standard_directory(unit=unit, by=None, now=now)
        elif unit.kind == UnitKind.DEPARTMENT and unit.code in DEPARTMENT_AREAS:
            instantiate_standard_directory(
                unit=unit, by=None, now=now, areas=list(DEPARTMENT_AREAS[unit.code])
            )
    _assign_editors(units)
    created = _generate_items(units, scale=scale, today=today)
    review = _review_demo(today=today, now=now)
    refresh_freshness(today=today, now=now)

    catalogues = UnitCatalogPage.objects.count()
    channels = ChannelPage.objects.count()
    public = ItemPage.objects.filter(is_public=True).count()
    statuses = dict(
        ChannelFreshness.unscoped.values_list("status").annotate(n=Count("pk")).order_by()
    )
    lines = [
        f"政府信息公开目录：{catalogues} 个单位、{channels:,} 个栏目、{public:,} 条信息"
        f"（本次新建 {created:,} 条）",
        f"栏目更新监测：{statuses.get('stale', 0)} 个栏目超期未更新、"
        f"{statuses.get('empty', 0)} 个空白栏目、{statuses.get('due_soon', 0)} 个即将超期",
    ]
    if review:
        lines.append("三审演示：城关镇有" + "/".join(review) + "信息各 1 条")
    return lines


# --------------------------------------------------------------------------------------------
# Channel editors
# --------------------------------------------------------------------------------------------


def _assign_editors(units: list[Unit]) -> None:
    """Every channel without a responsible editor gets the unit's editor.

    That is the unit's demo editor ``{code}_e``, except where a persona is the unit's editor
    (cg_editor for 城关镇, fgw_editor for 县发改委): the persona then owns the channels, so
    their dashboard and freshness reminders show them.
    """
    from gongkai.units.demo import PERSONAS

    personas = {code: username for username, _, code, role, _ in PERSONAS if role == Role.EDITOR}
    wanted = {unit.code: personas.get(unit.code, f"{unit.code}_e") for unit in units}
    users = {u.username: u for u in User.objects.filter(username__in=set(wanted.values()))}
    for unit in units:
        user = users.get(wanted[unit.code])
        if user is not None:
            ChannelPage.objects.filter(unit=unit, responsible_editor__isnull=True).update(
                responsible_editor=user
            )


# --------------------------------------------------------------------------------------------
# Published items (bulk)
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


def _leaves(units: list[Unit]) -> dict[int, list[_Leaf]]:
    """Leaf channels (those that take items) per unit, in tree order."""
    rows = list(
        ChannelPage.objects.filter(unit__in=units).order_by("path").values_list(
            "pk", "unit_id", "path", "slug", "title", "channel_type", "is_standard",
            "update_period_days",
        )
    )  # fmt: skip
    parents = {path[: -ChannelPage.steplen] for _, _, path, *_ in rows}
    entries: dict[int, list[int]] = defaultdict(list)
    for entry_id, channel_id in StandardEntry.unscoped.filter(
        unit__in=units
    ).order_by("code").values_list("pk", "directory__channel_id"):  # fmt: skip
        entries[channel_id].append(entry_id)
    result: dict[int, list[_Leaf]] = defaultdict(list)
    for pk, unit_id, path, slug, title, type_, is_standard, period in rows:
        if path in parents or period is None:
            continue  # containers (also an empty 基层政务公开标准目录) take no items
        result[unit_id].append(
            _Leaf(pk, slug, title, type_, is_standard, period, entries.get(pk, []))
        )
    return result


def _unit_targets(units: list[Unit], leaves: dict[int, list[_Leaf]], scale: str) -> dict[int, int]:
    """How many items each unit gets."""
    if scale != "county-year":
        # Nearly every leaf channel gets one item, news and notices a few more.
        return {u.pk: len(leaves.get(u.pk, [])) + 4 for u in units if leaves.get(u.pk)}
    weights = {
        u.pk: UNIT_WEIGHTS.get(u.kind, 0.5) for u in units if leaves.get(u.pk)
    }  # fmt: skip
    return _apportion(COUNTY_YEAR_ITEMS, weights)


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


def _generate_items(units: list[Unit], *, scale: str, today: dt.date) -> int:
    leaves = _leaves(units)
    targets = _unit_targets(units, leaves, scale)
    agency = _agency_codes(units)
    entry_names = dict(StandardEntry.unscoped.filter(unit__in=units).values_list("pk", "level2"))
    prefix = "demo-y:" if scale == "county-year" else "demo-s:"
    existing = set(
        ItemPage.objects.filter(import_key__startswith=prefix).values_list("unit_id", "import_key")
    )
    plans: dict[tuple[int, str], _Planned] = {}
    new: list[tuple[int, _Planned]] = []
    for unit in units:
        if unit.pk not in targets:
            continue
        planner = _UnitItems(
            unit,
            leaves[unit.pk],
            scale=scale,
            target=targets[unit.pk],
            today=today,
            agency=agency.get(unit.pk, ""),
        )
        for planned in planner.plan(entry_names):
            plans[(unit.pk, planned.key)] = planned
            if (unit.pk, planned.key) not in existing:
                new.append((unit.pk, planned))
    if not new:
        return 0
    # Date order: 索引号 follow the publication dates, as they would have on a real site.
    new.sort(key=lambda pair: pair[1].item.published_on)
    with publication_exemption(EXEMPTION):
        created = bulk_create_items([p.item for _, p in new])
    pks = {
        (unit_id, key): pk
        for pk, unit_id, key in ItemPage.objects.filter(import_key__startswith=prefix).values_list(
            "pk", "unit_id", "import_key"
        )
    }
    links = []
    entry_links = []
    for unit_id, planned in new:
        pk = pks[(unit_id, planned.key)]
        if planned.policy_key:
            links.append(
                PolicyLink(
                    interpretation_id=pk, policy_id=pks[(unit_id, planned.policy_key)], sort_order=0
                )
            )
        if planned.entry_id:
            entry_links.append(
                ItemPage.standard_entries.through(itempage_id=pk, standardentry_id=planned.entry_id)
            )
    PolicyLink.objects.bulk_create(links, batch_size=1000)
    ItemPage.standard_entries.through.objects.bulk_create(entry_links, batch_size=1000)
    return created


# --------------------------------------------------------------------------------------------
# 三审 in every state (城关镇, through the real workflow)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ReviewCase:
    key: str
    label: str  # 「待初审」 … ; empty: not listed in the summary line
    channel: str
    title: str
    steps: int  # approvals after the pre-check: 0 = submitted only, 3 = through 终审
    submit: bool = True
    reject: str = ""  # reason given by the 初审 reviewer
    withdraw: str = ""  # reason given by the unit leader after publication
    scheduled: bool = False


REVIEW_CASES = (
    _ReviewCase("draft", "", "tzgg", "关于做好城关镇冬季供暖安全工作的通知", 0, submit=False),
    _ReviewCase("first", "待初审", "tzgg", "关于开展城关镇老旧小区改造意见征集的公告", 0),
    _ReviewCase("second", "待复审", "tzgg", "城关镇城乡居民医保征缴工作进展情况的通报", 1),
    _ReviewCase("final", "待终审", "tzgg", "关于城关镇临时救助资金发放情况的公示", 2),
    _ReviewCase(
        "rejected",
        "已退回",
        "tzgg",
        "关于调整城关镇部分道路停车管理措施的通告",
        0,
        reject="停车收费标准缺少价格主管部门的批复文号，请补充后重新提交",
    ),
    _ReviewCase("published", "", "gzdt", "城关镇召开冬春火灾防控工作部署会", 3),
    _ReviewCase(
        "scheduled", "已定时", "tzgg", "关于元旦期间城关镇环卫作业时间调整的公告", 3, scheduled=True
    ),
    _ReviewCase(
        "withdrawn",
        "已撤稿",
        "tzgg",
        "关于城关镇农贸市场临时闭市的通知",
        3,
        withdraw="闭市安排已调整，以新发布的通知为准",
    ),
)


def _review_demo(*, today: dt.date, now: dt.datetime) -> list[str]:
    """Drive one item per state through the real workflow; returns the states' labels."""
    unit = Unit.unscoped.filter(code="chengguan").first()
    names = ("cg_editor", "cg_reviewer", "cg_leader", "county_admin")
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    catalog = UnitCatalogPage.objects.filter(unit=unit).first() if unit else None
    if catalog is None or len(users) < len(names):
        return []
    editor = users["cg_editor"]
    reviewers = [users["cg_reviewer"], users["cg_leader"], users["county_admin"]]
    have = set(
        ItemPage.objects.filter(unit=unit, import_key__startswith="demo-review:").values_list(
            "import_key", flat=True
        )
    )
    for case in REVIEW_CASES:
        key = f"demo-review:{case.key}"
        if key in have:
            continue
        channel = ChannelPage.objects.get(unit=unit, slug=case.channel)
        item = ItemPage(
            title=case.title,
            topic="综合政务",
            genre="公告" if "公告" in case.title else "通知",
            keywords="城关镇",
            summary=case.title + "。",
            body=f"<p>各村（社区）、镇直各单位：</p><p>{case.title}，现将有关事项通知如下。</p>",
            live=False,
            owner=editor,
            import_key=key,
        )
        if case.scheduled:
            item.go_live_at = now + dt.timedelta(days=3)
        item = channel.add_child(instance=item)
        item.save_revision(user=editor)
        if not case.submit:
            continue
        item = ItemPage.objects.get(pk=item.pk)
        item.get_workflow().start(item, editor)
        for reviewer in reviewers[: case.steps]:
            _act(item, reviewer, "approve")
        if case.reject:
            _act(item, reviewers[0], "reject", comment=case.reject)
        if case.withdraw:
            item = ItemPage.objects.get(pk=item.pk)
            withdraw_item(item, by=users["cg_leader"], reason=case.withdraw, now=now)
    return [case.label for case in REVIEW_CASES if case.label]


def _act(item: ItemPage, user: User, action: str, comment: str = "") -> None:
    item = ItemPage.objects.get(pk=item.pk)
    state = item.current_workflow_task_state
    state.task.specific.on_action(state, user, action, comment=comment)
