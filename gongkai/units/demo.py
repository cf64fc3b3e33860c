"""Demo county: the real 霍邱县 units, fictional staff, and one login per persona."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password

from gongkai.core.demo import demo_generator
from gongkai.units import demo_data
from gongkai.units.codes import make_uscc
from gongkai.units.models import Membership, Unit, UnitKind, User
from gongkai.units.roles import ROLE_LABELS, Role
from gongkai.units.services import sync_role_groups

DEMO_PASSWORD = "Gongkai@2026"  # noqa: S105 (printed demo login, never used in production)
SINCE = dt.date(2024, 1, 2)

# username, full name, unit code, role, what the persona is for
PERSONAS = [
    ("county_admin", "王政公", "xzfb", Role.COUNTY_ADMIN, "县政务公开办管理员：管理全县单位、人员、日历"),
    ("cg_editor", "李经办", "chengguan", Role.EDITOR, "城关镇经办人：只看到城关镇及其村居"),
    ("cg_reviewer", "赵审核", "chengguan", Role.REVIEWER, "城关镇审核人"),
    ("cg_leader", "钱负责", "chengguan", Role.UNIT_LEADER, "城关镇单位负责人"),
    ("hk_reviewer", "孙审核", "hekou", Role.REVIEWER, "河口镇审核人：看不到城关镇的数据"),
    ("fgw_editor", "周经办", "fgw", Role.EDITOR, "县发改委经办人"),
    ("fgw_reviewer", "吴审核", "fgw", Role.REVIEWER, "县发改委审核人（部门审核人）"),
    ("sfj_legal", "郑司法", "sfj", Role.LEGAL_REVIEWER, "县司法局合法性审核"),
    ("operator", "冯话务", "sjzyj", Role.HOTLINE_OPERATOR, "12345热线话务员"),
    ("observer", "陈领导", "county", Role.OBSERVER, "县领导（只读）：查看全县"),
]  # fmt: skip


def _unit(code: str, **fields) -> Unit:
    unit, _ = Unit.unscoped.get_or_create(code=code, defaults=fields)
    return unit


def build_units() -> dict[str, Unit]:
    seq = iter(range(1, 10_000))
    units: dict[str, Unit] = {}

    def make(code, name, short, kind, parent, **extra):
        n = next(seq)
        units[code] = _unit(
            code,
            name=name,
            short_name=short,
            kind=kind,
            parent=parent,
            sort_order=n,
            credit_code=make_uscc("11341522", f"MB{n:06d}"),
            address="霍邱县城关镇" if kind != UnitKind.TOWNSHIP else f"霍邱县{short}",
            postcode="237400",
            phone=f"0564-60{n:05d}",
            **extra,
        )
        return units[code]

    gov = make("county", "霍邱县人民政府", "县政府", UnitKind.COUNTY_GOVERNMENT, None)
    make("xzfb", "霍邱县人民政府办公室", "县政府办", UnitKind.COUNTY_OFFICE, gov)
    for name in demo_data.TOWNSHIPS:
        make(demo_data.TOWNSHIP_CODES[name], f"霍邱县{name}人民政府", name, UnitKind.TOWNSHIP, gov)
    for full, short, code in demo_data.DEPARTMENTS:
        make(code, full, short, UnitKind.DEPARTMENT, gov)
    for full, short, code, sector in demo_data.PUBLIC_ENTERPRISES:
        make(code, full, short, UnitKind.PUBLIC_ENTERPRISE, gov, sector=sector)
    chengguan = units["chengguan"]
    for i, name in enumerate(demo_data.CHENGGUAN_VILLAGES, start=1):
        make(f"chengguan-v{i}", f"城关镇{name}", name, UnitKind.VILLAGE, chengguan)
    _set_agency_codes(units)
    return units


def _set_agency_codes(units: dict[str, Unit]) -> None:
    """发文机关代字: the listed ones; a township takes its first character + 政, or its first
    two when an earlier township already has that (冯井镇 霍冯政… as the county assigns them)."""
    used: set[str] = set()
    for code, unit in units.items():
        agency = demo_data.AGENCY_CODES.get(code)
        if agency is None and unit.kind == UnitKind.TOWNSHIP:
            short = unit.short_name
            agency = f"{short[0]}政" if f"{short[0]}政" not in used else f"{short[:2]}政"
        if agency and not unit.agency_code:
            used.add(agency)
            unit.agency_code = agency
            unit.save(update_fields=["agency_code"])


def _name(rng: random.Random) -> str:
    given = rng.choice(demo_data.GIVEN) + (
        rng.choice(demo_data.GIVEN) if rng.random() < 0.6 else ""
    )
    return rng.choice(demo_data.SURNAMES) + given


def _person(username: str, full_name: str, unit: Unit, role: Role, password_hash: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "is_staff": True, "password": password_hash},
    )
    if not Membership.unscoped.filter(user=user, unit=unit, role=role).exists():
        Membership.unscoped.create(user=user, unit=unit, role=role, started_on=SINCE)
    if created:
        sync_role_groups(user)
    return user


@demo_generator("units", "单位与人员", order=10)
def generate_units(*, scale: str, today: dt.date, stdout) -> list[str]:
    rng = random.Random(341522)  # noqa: S311 (demo data)
    password_hash = make_password(DEMO_PASSWORD)  # hash once: hundreds of demo accounts
    units = build_units()
    # Every unit gets an editor, a reviewer and a leader, so each module has someone to act.
    for code, unit in units.items():
        if unit.kind in {UnitKind.COUNTY_GOVERNMENT}:
            continue
        for role, suffix in ((Role.EDITOR, "e"), (Role.REVIEWER, "r"), (Role.UNIT_LEADER, "l")):
            username = f"{code}_{suffix}"
            _person(username, _name(rng), unit, role, password_hash)
    lines = []
    for username, full_name, unit_code, role, purpose in PERSONAS:
        user = _person(username, full_name, units[unit_code], role, password_hash)
        unit = units[unit_code]
        if role == Role.UNIT_LEADER and unit.leader_id is None:
            Unit.unscoped.filter(pk=unit.pk).update(leader=user)
        if role == Role.EDITOR and unit.contact_id is None:
            Unit.unscoped.filter(pk=unit.pk).update(contact=user)
        lines.append(
            f"  {username:<14} {DEMO_PASSWORD}  {full_name}（{unit.short_name}·{ROLE_LABELS[role]}）"
            f" — {purpose}"
        )
    if not User.objects.filter(username="sysadmin").exists():
        User.objects.create(
            username="sysadmin",
            full_name="系统管理员",
            is_staff=True,
            is_superuser=True,
            password=password_hash,
        )
    lines.append(f"  {'sysadmin':<14} {DEMO_PASSWORD}  系统管理员（超级用户，仅用于站点设置）")
    return [f"单位 {len(units)} 个，人员 {User.objects.count()} 名。演示账号：", *lines]
