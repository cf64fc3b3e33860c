"""A small county and the personas of the permission matrix.

- county_admin   政务公开办管理员 at the county office: reads and manages every unit.
- township_editor  经办人 of 城关镇: sees 城关镇 and its villages only.
- township_leader  单位负责人 of 城关镇: 复审 of 城关镇's items, may withdraw them.
- other_reviewer   审核人 of 河口镇: must never see 城关镇's data.
- dept_reviewer    审核人 of 县发改委.
- operator         话务员 at the 12345 centre (县数据资源局).
- observer         领导（只读） at the county government: reads everything, changes nothing.
- legal_reviewer   司法审核 at 县司法局: reviews every unit's normative documents.
- citizen          not logged in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.units.codes import make_uscc
from gongkai.units.models import Membership, Unit, UnitKind, User
from gongkai.units.roles import Role
from gongkai.units.services import sync_role_groups

SINCE = dt.date(2025, 1, 2)


@dataclass
class County:
    government: Unit
    office: Unit
    chengguan: Unit
    datong: Unit  # a village of 城关镇
    hekou: Unit
    fgw: Unit
    data_bureau: Unit
    school: Unit
    county_admin: User
    township_editor: User
    township_reviewer: User
    township_leader: User
    other_reviewer: User
    dept_reviewer: User
    operator: User
    observer: User
    justice: Unit | None = None
    legal_reviewer: User | None = None


def make_unit(name, short, code, kind, parent=None, seq=1, **extra) -> Unit:
    return Unit.unscoped.create(
        name=name,
        short_name=short,
        code=code,
        kind=kind,
        parent=parent,
        credit_code=make_uscc("11341522", f"MB{seq:06d}"),
        sort_order=seq,
        **extra,
    )


def make_person(username: str, full_name: str, unit: Unit, role: Role) -> User:
    user = User.objects.create_user(
        username=username, password="pw-" + username, full_name=full_name, is_staff=True
    )
    Membership.unscoped.create(user=user, unit=unit, role=role, started_on=SINCE)
    sync_role_groups(user)
    return user


def build_county() -> County:
    gov = make_unit("霍邱县人民政府", "县政府", "county", UnitKind.COUNTY_GOVERNMENT, seq=1)
    office = make_unit("霍邱县人民政府办公室", "县政府办", "xzfb", UnitKind.COUNTY_OFFICE, gov, 2)
    chengguan = make_unit("霍邱县城关镇人民政府", "城关镇", "chengguan", UnitKind.TOWNSHIP, gov, 3)
    datong = make_unit("城关镇大同村", "大同村", "datong", UnitKind.VILLAGE, chengguan, 4)
    hekou = make_unit("霍邱县河口镇人民政府", "河口镇", "hekou", UnitKind.TOWNSHIP, gov, 5)
    fgw = make_unit("霍邱县发展和改革委员会", "县发改委", "fgw", UnitKind.DEPARTMENT, gov, 6)
    data = make_unit("霍邱县数据资源管理局", "县数据资源局", "sjzyj", UnitKind.DEPARTMENT, gov, 7)
    school = make_unit(
        "霍邱县第一中学",
        "县一中",
        "yizhong",
        UnitKind.PUBLIC_ENTERPRISE,
        gov,
        8,
        sector="education",
    )
    justice = make_unit("霍邱县司法局", "县司法局", "sfj", UnitKind.DEPARTMENT, gov, 9)
    return County(
        government=gov,
        office=office,
        chengguan=chengguan,
        datong=datong,
        hekou=hekou,
        fgw=fgw,
        data_bureau=data,
        school=school,
        county_admin=make_person("county_admin", "王主任", office, Role.COUNTY_ADMIN),
        township_editor=make_person("cg_editor", "李经办", chengguan, Role.EDITOR),
        township_reviewer=make_person("cg_reviewer", "赵审核", chengguan, Role.REVIEWER),
        township_leader=make_person("cg_leader", "钱镇长", chengguan, Role.UNIT_LEADER),
        other_reviewer=make_person("hk_reviewer", "孙审核", hekou, Role.REVIEWER),
        dept_reviewer=make_person("fgw_reviewer", "周审核", fgw, Role.REVIEWER),
        operator=make_person("operator", "吴话务", data, Role.HOTLINE_OPERATOR),
        observer=make_person("observer", "郑领导", gov, Role.OBSERVER),
        justice=justice,
        legal_reviewer=make_person("sfj_legal", "冯审核", justice, Role.LEGAL_REVIEWER),
    )
