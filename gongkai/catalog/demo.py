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

Layout: this module is the entry point and writes to the database; the title/text tables and the
planner of each unit's items are in :mod:`gongkai.catalog.demo_content`, the 三审 demo in
:mod:`gongkai.catalog.demo_review`. Their public names are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from gongkai.catalog.bulk import bulk_create_items
from gongkai.catalog.demo_content import (
    AGENCY_CODES,
    BUDGET_TITLES,
    FIXED_TITLES,
    HISTORY_DAYS,
    INTERPRETATION_TITLES,
    KEY_AREA_TITLES,
    NEWS_TITLES,
    NORMATIVE_TITLES,
    NORMATIVE_WEIGHT,
    NOTICE_TITLES,
    PARAGRAPHS,
    PERSONNEL_TITLES,
    PLAN_TITLES,
    POLICY_TITLES,
    SECTOR_TITLES,
    STANDARD_WEIGHT_TOTAL,
    SUBJECTS,
    SURNAMES,
    TYPE_TITLES,
    TYPE_WEIGHTS,
    _agency_codes,
    _apportion,
    _Leaf,
    _Planned,
    _UnitItems,
)
from gongkai.catalog.demo_review import REVIEW_CASES, _review_demo
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
)
from gongkai.core.demo import demo_generator
from gongkai.portal.models import HomePage
from gongkai.units.models import Unit, UnitKind, User
from gongkai.units.roles import Role

# The public names, including the tables of demo_content and demo_review (re-exported).
__all__ = [
    "AGENCY_CODES",
    "BUDGET_TITLES",
    "COUNTY_YEAR_ITEMS",
    "DEPARTMENT_AREAS",
    "EXEMPTION",
    "FIXED_TITLES",
    "HISTORY_DAYS",
    "INTERPRETATION_TITLES",
    "KEY_AREA_TITLES",
    "NEWS_TITLES",
    "NORMATIVE_TITLES",
    "NORMATIVE_WEIGHT",
    "NOTICE_TITLES",
    "PARAGRAPHS",
    "PERSONNEL_TITLES",
    "PLAN_TITLES",
    "POLICY_TITLES",
    "REVIEW_CASES",
    "SECTOR_TITLES",
    "STANDARD_WEIGHT_TOTAL",
    "SUBJECTS",
    "SURNAMES",
    "TYPE_TITLES",
    "TYPE_WEIGHTS",
    "UNIT_WEIGHTS",
    "generate_catalog",
]

COUNTY_YEAR_ITEMS = 29_000
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

# Relative weight of each kind of unit in the county-year total.
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
