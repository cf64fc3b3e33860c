"""Who reviews an item at each 三审 step, resolved from the unit roster at review time.

初审 is the unit's 审核人, 复审 its 单位负责人, 终审 the county 政务公开办. A unit with nobody in
the role (a village committee, a newly created unit) falls back to the nearest unit above it
that has someone, so an item is never stuck without a reviewer.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.units.models import Membership, Unit, UnitKind, User
from gongkai.units.roles import Role


class Approver(models.TextChoices):
    UNIT_REVIEWER = "unit_reviewer", _("本单位审核人（初审）")
    UNIT_LEADER = "unit_leader", _("本单位负责人（复审）")
    COUNTY_OFFICE = "county_office", _("县政务公开办（终审）")


_UNIT_ROLE = {Approver.UNIT_REVIEWER: Role.REVIEWER, Approver.UNIT_LEADER: Role.UNIT_LEADER}
_OFFICE_ROLES = (Role.REVIEWER, Role.COUNTY_ADMIN)


def _active() -> models.QuerySet[Membership]:
    return Membership.unscoped.filter(ended_on__isnull=True, user__is_active=True)


def deciding_unit(unit: Unit, approver: str) -> Unit | None:
    """The unit whose role holders review items of `unit` at this step (walks up if empty)."""
    if approver == Approver.COUNTY_OFFICE:
        return Unit.unscoped.filter(kind=UnitKind.COUNTY_OFFICE, is_active=True).first()
    role = _UNIT_ROLE[Approver(approver)]
    current: Unit | None = unit
    while current is not None:
        if _active().filter(unit=current, role=role).exists():
            return current
        current = Unit.unscoped.filter(pk=current.parent_id).first() if current.parent_id else None
    return None


def approvers_for(unit: Unit, approver: str) -> models.QuerySet[User]:
    deciding = deciding_unit(unit, approver)
    if deciding is None:
        return User.objects.none()
    roles = _OFFICE_ROLES if approver == Approver.COUNTY_OFFICE else (_UNIT_ROLE[approver],)
    ids = _active().filter(unit=deciding, role__in=roles).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def holds(user: User, approver: str, unit: Unit) -> bool:
    return approvers_for(unit, approver).filter(pk=user.pk).exists()


def units_reviewed_by(user: User, approver: str) -> set[int]:
    """Units whose items this user reviews at this step (for the 待审核 dashboard)."""
    if approver == Approver.COUNTY_OFFICE:
        if (
            _active()
            .filter(user=user, role__in=_OFFICE_ROLES, unit__kind=UnitKind.COUNTY_OFFICE)
            .exists()
        ):
            return set(Unit.unscoped.values_list("pk", flat=True))
        return set()
    role = _UNIT_ROLE[Approver(approver)]
    own = set(_active().filter(user=user, role=role).values_list("unit_id", flat=True))
    if not own:
        return set()
    # Plus units below with nobody in the role themselves (the fall-back above).
    staffed = set(_active().filter(role=role).values_list("unit_id", flat=True))
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.unscoped.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    result = set(own)
    stack = list(own)
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in staffed and child not in result:
                result.add(child)
                stack.append(child)
    return result
