"""Django groups that mirror roles, so Wagtail's model permissions follow the role table.

Staff accounts are managed only through Gongkai's own staff views (roles per unit); no role
gets Django's user permissions, so Wagtail's generic user/group editor stays superuser-only.
Groups are per role: which unit's rows a person sees is decided by the unit scope, and which
actions they may take by the services' capability checks. The one exception is Wagtail's page
tree, whose permissions can only be granted to groups: the catalogue registers a provider of
per-unit page groups (docs/decisions/0003-page-permissions-per-unit.md), and
`sync_role_groups` keeps them in step with the roster like the role groups.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.auth.models import Group, Permission

from gongkai.units.roles import ROLE_LABELS, Role

_ALL_STAFF = [
    "wagtailadmin.access_admin",
    "units.view_unit",
    "units.view_membership",
    "workdays.view_holidayyear",
]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.COUNTY_ADMIN: [
        *_ALL_STAFF,
        "units.add_unit",
        "units.change_unit",
        "units.add_membership",
        "units.change_membership",
        "audit.view_auditentry",
        "workdays.add_holidayyear",
        "workdays.change_holidayyear",
    ],
    Role.UNIT_LEADER: [*_ALL_STAFF, "audit.view_auditentry"],
    Role.REVIEWER: list(_ALL_STAFF),
    Role.EDITOR: list(_ALL_STAFF),
    Role.LEGAL_REVIEWER: list(_ALL_STAFF),
    Role.HOTLINE_OPERATOR: list(_ALL_STAFF),
    Role.OBSERVER: [*_ALL_STAFF, "audit.view_auditentry"],
}


# Module apps append the permissions their roles need with add_role_permissions().
_EXTRA: dict[Role, list[str]] = {}


def add_role_permissions(role: Role, codenames: list[str]) -> None:
    _EXTRA.setdefault(role, []).extend(codenames)


def ensure_role_groups(**kwargs) -> None:
    """Create or refresh one group per role (idempotent; runs after every migrate)."""
    for role, label in ROLE_LABELS.items():
        group, _ = Group.objects.get_or_create(name=label)
        wanted = [*ROLE_PERMISSIONS[role], *_EXTRA.get(role, [])]
        perms = []
        for dotted in wanted:
            app_label, codename = dotted.split(".", 1)
            perms.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(perms)


# Providers of extra groups derived from a person's active memberships. Each provider is
# (is_managed(group) -> bool, wanted(memberships) -> groups): groups it manages that the person
# should no longer have are removed when roles change.
GroupProvider = tuple[Callable[[Group], bool], Callable[[list], Iterable[Group]]]
_PROVIDERS: list[GroupProvider] = []


def register_group_provider(is_managed: Callable[[Group], bool], wanted) -> None:
    _PROVIDERS.append((is_managed, wanted))


def group_providers() -> list[GroupProvider]:
    return list(_PROVIDERS)
