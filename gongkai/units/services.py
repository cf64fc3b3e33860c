"""Every write to units, staff and roles. Views and commands only call these functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.units.errors import NotAllowed, UnitsError
from gongkai.units.groups import group_providers
from gongkai.units.models import Membership, Unit, UnitKind, User
from gongkai.units.roles import ROLE_LABELS, Capability, Role
from gongkai.units.selectors import capabilities_for

register_actions(
    {
        "units.unit.create": "新建单位",
        "units.unit.update": "修改单位信息",
        "units.staff.create": "新建人员",
        "units.staff.deactivate": "停用人员账号",
        "units.membership.grant": "授予角色",
        "units.membership.end": "解除角色",
        "units.handover": "工作交接",
    }
)

UNIT_FIELDS = (
    "parent",
    "kind",
    "sector",
    "name",
    "short_name",
    "code",
    "credit_code",
    "org_code",
    "agency_code",
    "address",
    "postcode",
    "phone",
    "leader",
    "contact",
    "sort_order",
    "is_active",
)


def require(user: User | None, capability: Capability) -> None:
    if user is None or not capabilities_for(user) >= {capability}:
        raise NotAllowed("您没有执行此操作的权限")


def _check_tree(unit: Unit) -> None:
    if unit.kind == UnitKind.COUNTY_GOVERNMENT:
        if unit.parent_id is not None:
            raise UnitsError("县人民政府是单位树的根，不能设置上级单位")
    elif unit.parent_id is None:
        raise UnitsError("请选择上级单位")
    # A unit may not be moved under one of its own descendants.
    seen = {unit.pk}
    parent = unit.parent
    while parent is not None:
        if parent.pk in seen:
            raise UnitsError("上级单位不能是本单位或其下级单位")
        seen.add(parent.pk)
        parent = parent.parent
    if unit.kind == UnitKind.VILLAGE and unit.parent and unit.parent.kind != UnitKind.TOWNSHIP:
        raise UnitsError("村（社区）的上级单位必须是乡镇")
    if unit.kind != UnitKind.PUBLIC_ENTERPRISE:
        unit.sector = ""


@transaction.atomic
def create_unit(*, by: User, now: dt.datetime, **fields: Any) -> Unit:
    require(by, Capability.MANAGE_UNITS)
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    unit = Unit(**fields)
    _check_tree(unit)
    unit.full_clean()
    unit.save()
    audit.record(
        action="units.unit.create",
        by=by,
        unit=unit,
        obj=unit,
        after=audit.snapshot(unit, UNIT_FIELDS),
        at=now,
    )
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, by: User, now: dt.datetime, **changes: Any) -> Unit:
    require(by, Capability.MANAGE_UNITS)
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    unit = Unit.unscoped.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit, UNIT_FIELDS)
    for name, value in changes.items():
        setattr(unit, name, value)
    _check_tree(unit)
    unit.full_clean()
    after = audit.snapshot(unit, UNIT_FIELDS)
    changed = {k for k in after if after[k] != before[k]}
    if not changed:
        return unit
    unit.save()
    audit.record(
        action="units.unit.update",
        by=by,
        unit=unit,
        obj=unit,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
        at=now,
    )
    return unit


def sync_role_groups(user: User) -> None:
    """Django groups mirror the roles a person holds, so Wagtail's model permissions follow."""
    memberships = list(
        Membership.unscoped.filter(user=user, ended_on__isnull=True).select_related("unit")
    )
    held = {Role(m.role) for m in memberships}
    wanted = list(Group.objects.filter(name__in=[ROLE_LABELS[r] for r in held]))
    role_group_names = set(ROLE_LABELS.values())
    providers = group_providers()
    for _is_managed, provide in providers:
        wanted.extend(provide(memberships))

    def managed(group: Group) -> bool:
        return group.name in role_group_names or any(m(group) for m, _ in providers)

    keep = [g for g in user.groups.all() if not managed(g)]
    user.groups.set([*keep, *wanted])


@transaction.atomic
def create_staff(
    *,
    by: User,
    username: str,
    full_name: str,
    password: str,
    unit: Unit,
    role: Role,
    today: dt.date,
    work_phone: str = "",
    email: str = "",
) -> User:
    require(by, Capability.MANAGE_STAFF)
    if User.objects.filter(username=username).exists():
        raise UnitsError(f"登录名“{username}”已被使用")
    user = User(
        username=username,
        full_name=full_name,
        work_phone=work_phone,
        email=email,
        is_staff=True,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        action="units.staff.create",
        by=by,
        unit=unit,
        obj=user,
        after={"username": username, "full_name": full_name},
    )
    grant_role(user=user, unit=unit, role=role, by=by, today=today)
    return user


@transaction.atomic
def grant_role(*, user: User, unit: Unit, role: Role, by: User, today: dt.date) -> Membership:
    require(by, Capability.MANAGE_STAFF)
    role = Role(role)
    if role == Role.COUNTY_ADMIN and unit.kind != UnitKind.COUNTY_OFFICE:
        raise UnitsError("政务公开办管理员角色只能在县政府办公室（政务公开办）授予")
    if not user.is_active:
        raise UnitsError("该人员账号已停用，不能授予角色")
    membership = Membership(user=user, unit=unit, role=role, started_on=today, granted_by=by)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        raise UnitsError(f"{user}已在{unit.short_name}担任{ROLE_LABELS[role]}") from exc
    sync_role_groups(user)
    audit.record(
        action="units.membership.grant",
        by=by,
        unit=unit,
        obj=membership,
        after={"user": user.pk, "role": role.value, "started_on": today.isoformat()},
    )
    return membership


@transaction.atomic
def end_role(membership: Membership, *, by: User, today: dt.date, reason: str) -> Membership:
    require(by, Capability.MANAGE_STAFF)
    membership = Membership.unscoped.select_for_update().get(pk=membership.pk)
    if membership.ended_on is not None:
        raise UnitsError("该角色已解除")
    if not reason.strip():
        raise UnitsError("请填写解除角色的原因")
    if today < membership.started_on:
        raise UnitsError("离任日期不能早于任职日期")
    membership.ended_on = today
    membership.ended_by = by
    membership.end_reason = reason.strip()[:200]
    membership.save(update_fields=["ended_on", "ended_by", "end_reason"])
    sync_role_groups(membership.user)
    audit.record(
        action="units.membership.end",
        by=by,
        unit=membership.unit,
        obj=membership,
        before={"ended_on": None},
        after={"ended_on": today.isoformat()},
        reason=membership.end_reason,
    )
    return membership


@transaction.atomic
def deactivate_staff(user: User, *, by: User, reason: str) -> User:
    require(by, Capability.MANAGE_STAFF)
    if user.pk == by.pk:
        raise UnitsError("不能停用自己的账号")
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(
        action="units.staff.deactivate",
        by=by,
        obj=user,
        before={"is_active": True},
        after={"is_active": False},
        reason=reason,
    )
    return user
