"""Who may act on a 12345 ticket.

- The hotline centre (话务员 of the centre unit, e.g. 县数据资源局's 12345 centre) accepts,
  answers directly, dispatches and re-dispatches, merges, decides on 延期, checks replies,
  calls back, sends back for 重办, closes and urges (催办). Its 单位负责人 may do the same.
- The handling unit (主办)'s staff (经办人, 审核人, 单位负责人) sign for the ticket, return it,
  ask for 延期 and draft the reply; its 单位负责人 approves the reply (答复经单位负责人审核).
- 协办 units read the ticket and add files.
- The county office (政务公开办管理员) supervises (督办) and reads everything; county leaders
  (领导（只读）) read everything and act on nothing.
"""

from __future__ import annotations

from gongkai.units.roles import Role
from gongkai.units.selectors import active_memberships

UNIT_STAFF_ROLES = frozenset({Role.EDITOR, Role.REVIEWER, Role.UNIT_LEADER})


def _roles(user) -> list[tuple[int, Role]]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache = getattr(user, "_hotline_roles", None)
    if cache is None:
        cache = [(m.unit_id, Role(m.role)) for m in active_memberships(user)]
        user._hotline_roles = cache
    return cache


def _superuser(user) -> bool:
    return bool(user is not None and getattr(user, "is_superuser", False) and user.is_active)


def centre_units(user) -> set[int]:
    """Units in which the user works for the hotline centre (话务员)."""
    return {u for u, role in _roles(user) if role == Role.HOTLINE_OPERATOR}


def is_county_office(user) -> bool:
    return _superuser(user) or any(role == Role.COUNTY_ADMIN for _, role in _roles(user))


def is_centre_staff(user, centre_id: int | None = None) -> bool:
    """Operator of ``centre_id`` (any centre if None), or the centre unit's leader."""
    if _superuser(user):
        return True
    centres = centre_units(user)
    if centre_id is None:
        return bool(centres)
    return centre_id in centres or any(
        u == centre_id and role == Role.UNIT_LEADER for u, role in _roles(user)
    )


def is_unit_staff(user, unit_id: int | None) -> bool:
    return unit_id is not None and (
        _superuser(user)
        or any(u == unit_id and role in UNIT_STAFF_ROLES for u, role in _roles(user))
    )


def is_unit_leader(user, unit_id: int | None) -> bool:
    return unit_id is not None and (
        _superuser(user)
        or any(u == unit_id and role == Role.UNIT_LEADER for u, role in _roles(user))
    )


def staff_units(user) -> set[int]:
    """Units whose tickets the user handles (主办 worklist)."""
    return {u for u, role in _roles(user) if role in UNIT_STAFF_ROLES}


def can_use_hotline(user) -> bool:
    """Shows the 12345热线 menu: centre staff, unit staff, the county office, county leaders."""
    return bool(_roles(user)) or _superuser(user)


def can_edit_knowledge(user, unit_id: int) -> bool:
    return is_county_office(user) or is_centre_staff(user) or is_unit_staff(user, unit_id)


def can_edit_clock_settings(user) -> bool:
    return is_county_office(user)
