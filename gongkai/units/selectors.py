"""Reads that decide who sees what. Everything scoped starts here."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from gongkai.units.models import COUNTY_LEVEL_KINDS, Membership, Unit, User
from gongkai.units.roles import COUNTY_WIDE_READ_ROLES, Capability, Role, capabilities_of
from gongkai.units.scoping import NOBODY, Scope, activate, restricted_scope


def active_memberships(user: User) -> list[Membership]:
    # The unscoped manager is right here: this query *computes* the scope.
    return list(Membership.unscoped.filter(user=user, ended_on__isnull=True).select_related("unit"))


def descendants_of(unit_ids: set[int]) -> set[int]:
    """The given units and every unit below them (townships see their villages)."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in Unit.unscoped.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(unit_id)
    seen: set[int] = set()
    stack = list(unit_ids)
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(children.get(current, ()))
    return seen


def is_county_wide(membership: Membership) -> bool:
    role = Role(membership.role)
    if role == Role.COUNTY_ADMIN:
        return True
    return role in COUNTY_WIDE_READ_ROLES and membership.unit.kind in COUNTY_LEVEL_KINDS


def scope_for(user: User | None) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    if user.is_superuser:
        return Scope(unit_ids=None, reason=f"superuser {user.pk}")
    memberships = active_memberships(user)
    if any(is_county_wide(m) for m in memberships):
        return Scope(unit_ids=None, reason=f"county-wide {user.pk}")
    return restricted_scope(descendants_of({m.unit_id for m in memberships}), f"user {user.pk}")


@contextlib.contextmanager
def scope_for_user(user: User | None) -> Iterator[Scope]:
    scope = scope_for(user)
    with activate(scope):
        yield scope


def roles_of(user: User, unit: Unit | None = None) -> set[Role]:
    return {Role(m.role) for m in active_memberships(user) if unit is None or m.unit_id == unit.pk}


def capabilities_for(user: User) -> frozenset[Capability]:
    if user.is_superuser:
        return frozenset(Capability)
    return capabilities_of(roles_of(user))


def unit_roster(unit: Unit, *, include_ended: bool = True):
    qs = Membership.objects.filter(unit=unit).select_related("user", "granted_by", "ended_by")
    if not include_ended:
        qs = qs.filter(ended_on__isnull=True)
    return qs.order_by("ended_on", "role", "started_on")


def staff_in_scope():
    """Staff holding (or having held) a role in a unit the current scope may see."""
    unit_ids = Unit.objects.values("id")
    return (
        User.objects.filter(memberships__unit__in=unit_ids)
        .distinct()
        .order_by("full_name", "username")
    )
