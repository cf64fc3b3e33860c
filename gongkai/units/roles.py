"""Roles and what each may do (pure Python, no Django).

A person holds roles per unit (a `Membership`); the same person can be an editor in one unit
and an observer in another. Capabilities are checked by services, never by templates alone.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    EDITOR = "editor"  # 经办人
    REVIEWER = "reviewer"  # 审核人
    UNIT_LEADER = "unit_leader"  # 单位负责人
    COUNTY_ADMIN = "county_admin"  # 政务公开办管理员
    LEGAL_REVIEWER = "legal_reviewer"  # 司法审核
    HOTLINE_OPERATOR = "hotline_operator"  # 话务员
    OBSERVER = "observer"  # 领导（只读）


ROLE_LABELS: dict[Role, str] = {
    Role.EDITOR: "经办人",
    Role.REVIEWER: "审核人",
    Role.UNIT_LEADER: "单位负责人",
    Role.COUNTY_ADMIN: "政务公开办管理员",
    Role.LEGAL_REVIEWER: "司法审核",
    Role.HOTLINE_OPERATOR: "话务员",
    Role.OBSERVER: "领导（只读）",
}


class Capability(enum.StrEnum):
    MANAGE_UNITS = "manage_units"  # edit the unit tree
    MANAGE_STAFF = "manage_staff"  # create staff, grant and revoke roles, hand over
    MANAGE_CALENDAR = "manage_calendar"  # load a year's holiday arrangement
    VIEW_AUDIT = "view_audit"
    SEE_ALL_UNITS = "see_all_units"  # county-wide read scope
    MANAGE_CATALOGUE = "manage_catalogue"  # create unit catalogues, channels, 两化 directories


# Who may do what. Module issues add their own capabilities (draft, review, reply, dispatch…).
CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.COUNTY_ADMIN: frozenset(
        {
            Capability.MANAGE_UNITS,
            Capability.MANAGE_STAFF,
            Capability.MANAGE_CALENDAR,
            Capability.VIEW_AUDIT,
            Capability.SEE_ALL_UNITS,
            Capability.MANAGE_CATALOGUE,
        }
    ),
    Role.UNIT_LEADER: frozenset({Capability.VIEW_AUDIT}),
    Role.REVIEWER: frozenset(),
    Role.EDITOR: frozenset(),
    Role.LEGAL_REVIEWER: frozenset(),
    Role.HOTLINE_OPERATOR: frozenset(),
    Role.OBSERVER: frozenset({Capability.VIEW_AUDIT}),
}

# Roles whose holder, when the role is held in a county-level unit (县政府, 政务公开办), reads
# every unit: county leaders and the county office oversee the whole county.
COUNTY_WIDE_READ_ROLES = frozenset({Role.COUNTY_ADMIN, Role.OBSERVER})


def capabilities_of(roles: set[Role] | frozenset[Role]) -> frozenset[Capability]:
    caps: set[Capability] = set()
    for role in roles:
        caps |= CAPABILITIES[role]
    return frozenset(caps)
