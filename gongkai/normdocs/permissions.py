"""Who may do what with normative documents, and which documents a reader sees.

- A unit's staff (经办人, 审核人, 单位负责人) draft their unit's documents, record its collective
  deliberation, signing, registration, publication and filing, and decide on their documents in
  a cleanup campaign.
- The legal office (司法审核 role) reviews legality (国办发〔2018〕115号: every normative document
  of every unit) and co-signs cleanup decisions, so it reads every unit's documents.
- The county office (政务公开办管理员) can act for any unit, and opens and applies campaigns.
"""

from __future__ import annotations

from gongkai.units.roles import Role
from gongkai.units.scoping import Scope
from gongkai.units.selectors import active_memberships, scope_for

UNIT_STAFF_ROLES = frozenset({Role.EDITOR, Role.REVIEWER, Role.UNIT_LEADER})


def _roles(user) -> list[tuple[int, Role]]:
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cache = getattr(user, "_normdoc_roles", None)
    if cache is None:
        cache = [(m.unit_id, Role(m.role)) for m in active_memberships(user)]
        user._normdoc_roles = cache
    return cache


def is_county_admin(user) -> bool:
    return bool(user and user.is_active and user.is_superuser) or any(
        role == Role.COUNTY_ADMIN for _, role in _roles(user)
    )


def is_legal_reviewer(user) -> bool:
    return any(role == Role.LEGAL_REVIEWER for _, role in _roles(user))


def can_act_for_unit(user, unit_id: int) -> bool:
    return is_county_admin(user) or any(
        u == unit_id and role in UNIT_STAFF_ROLES for u, role in _roles(user)
    )


def drafting_units(user) -> set[int] | None:
    """Units the user may create documents for (None: every unit)."""
    if is_county_admin(user):
        return None
    return {u for u, role in _roles(user) if role in UNIT_STAFF_ROLES}


def reader_scope(user) -> Scope:
    """The legal office reads every unit's normative documents; others their usual scope."""
    if is_legal_reviewer(user) and user.is_active:
        return Scope(unit_ids=None, reason=f"legal review {user.pk}")
    return scope_for(user)
