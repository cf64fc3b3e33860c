"""Handover (交接): move everything open a leaver holds to a named successor in one action.

The 2023 summary names staff turnover as a root cause of stale channels: work stays with people
who left. Each module registers a provider that lists and moves its open items (channels,
requests, tickets…); the foundation moves roles and unit contact assignments. History is never
rewritten: the leaver's ended memberships and past actions stay as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from gongkai.audit import services as audit
from gongkai.units.errors import UnitsError
from gongkai.units.models import Membership, Unit, User
from gongkai.units.roles import ROLE_LABELS, Capability, Role
from gongkai.units.services import deactivate_staff, end_role, grant_role, require


@dataclass(frozen=True)
class HandoverProvider:
    key: str
    label: str
    # preview(leaver) -> list of human-readable lines, one per item that would move
    preview: Callable[[User], list[str]]
    # apply(leaver, successor, by, today) -> number of items moved
    apply: Callable[..., int]


_PROVIDERS: dict[str, HandoverProvider] = {}


def handover_provider(key: str, label: str):
    """Register a class with static `preview(leaver)` and `apply(*, leaver, successor, by, today)`
    methods; `apply` returns how many items it moved."""

    def decorator(cls):
        _PROVIDERS[key] = HandoverProvider(
            key=key, label=label, preview=cls.preview, apply=cls.apply
        )
        return cls

    return decorator


def providers() -> list[HandoverProvider]:
    return list(_PROVIDERS.values())


@dataclass
class HandoverPlan:
    leaver: User
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(lines) for _, lines in self.sections)


@dataclass
class HandoverResult:
    moved: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.moved.values())


def plan_handover(leaver: User) -> HandoverPlan:
    plan = HandoverPlan(leaver=leaver)
    for provider in providers():
        plan.sections.append((provider.label, provider.preview(leaver)))
    return plan


@transaction.atomic
def hand_over(
    *,
    leaver: User,
    successor: User,
    by: User,
    today: dt.date,
    reason: str,
    deactivate_leaver: bool = False,
) -> HandoverResult:
    require(by, Capability.MANAGE_STAFF)
    if leaver.pk == successor.pk:
        raise UnitsError("接手人不能是移交人本人")
    if not successor.is_active:
        raise UnitsError("接手人账号已停用")
    if not reason.strip():
        raise UnitsError("请填写交接原因（如调离、退休）")
    moved: dict[str, int] = {}
    for provider in providers():
        moved[provider.key] = provider.apply(leaver=leaver, successor=successor, by=by, today=today)
    audit.record(
        action="units.handover",
        by=by,
        obj=leaver,
        before={"holder": leaver.pk},
        after={"holder": successor.pk, "moved": moved},
        reason=reason.strip(),
    )
    if deactivate_leaver:
        deactivate_staff(leaver, by=by, reason=f"工作已交接给{successor}：{reason.strip()}")
    return HandoverResult(moved=moved)


@handover_provider("units.roles", "单位角色")
class RolesHandover:
    @staticmethod
    def preview(leaver: User) -> list[str]:
        return [
            f"{m.unit.short_name}：{ROLE_LABELS[Role(m.role)]}（{m.started_on:%Y-%m-%d} 起）"
            for m in Membership.unscoped.filter(user=leaver, ended_on__isnull=True).select_related(
                "unit"
            )
        ]

    @staticmethod
    def apply(*, leaver: User, successor: User, by: User, today: dt.date) -> int:
        count = 0
        active = Membership.unscoped.filter(user=leaver, ended_on__isnull=True).select_related(
            "unit"
        )
        for membership in list(active):
            held = Membership.unscoped.filter(
                user=successor, unit=membership.unit, role=membership.role, ended_on__isnull=True
            ).exists()
            if not held:
                grant_role(
                    user=successor,
                    unit=membership.unit,
                    role=Role(membership.role),
                    by=by,
                    today=today,
                )
            end_role(membership, by=by, today=today, reason=f"交接给{successor}")
            count += 1
        return count


@handover_provider("units.assignments", "单位负责人、联系人")
class UnitAssignmentsHandover:
    @staticmethod
    def preview(leaver: User) -> list[str]:
        lines = [f"{u.short_name}：单位负责人" for u in Unit.unscoped.filter(leader=leaver)]
        lines += [f"{u.short_name}：联系人" for u in Unit.unscoped.filter(contact=leaver)]
        return lines

    @staticmethod
    def apply(*, leaver: User, successor: User, by: User, today: dt.date) -> int:
        count = 0
        for field_name in ("leader", "contact"):
            for unit in Unit.unscoped.select_for_update().filter(**{field_name: leaver}):
                setattr(unit, field_name, successor)
                unit.save(update_fields=[field_name, "updated_at"])
                audit.record(
                    action="units.unit.update",
                    by=by,
                    unit=unit,
                    obj=unit,
                    before={field_name: leaver.pk},
                    after={field_name: successor.pk},
                    reason="工作交接",
                )
                count += 1
        return count
