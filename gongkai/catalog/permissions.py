"""Per-unit page-permission groups (Wagtail grants page permissions to groups only).

Each unit catalogue gets one group per editing role, holding page permissions on that unit's
catalogue page only; people are put in and out of these groups by the roster sync, never by
hand. Nobody gets Wagtail's publish permission: items are published only by the last review
step (gongkai/catalog/publishing.py). The county office's role group edits every catalogue.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from gongkai.units.groups import register_group_provider
from gongkai.units.roles import ROLE_LABELS, Role

PREFIX = "栏目权限·"

UNIT_PAGE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.EDITOR: ("add_page", "change_page"),
    Role.REVIEWER: ("add_page", "change_page"),
    Role.UNIT_LEADER: ("change_page",),
}
COUNTY_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")


def unit_group_name(unit_code: str, role: Role) -> str:
    return f"{PREFIX}{unit_code}·{ROLE_LABELS[role]}"


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def ensure_unit_page_groups(catalog_page: Page, unit_code: str) -> list[Group]:
    groups = []
    for role, codenames in UNIT_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=unit_group_name(unit_code, role))
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=catalog_page, permission=_page_permission(codename)
            )
        groups.append(group)
    return groups


def ensure_county_page_permissions(root: Page) -> None:
    group, _ = Group.objects.get_or_create(name=ROLE_LABELS[Role.COUNTY_ADMIN])
    for codename in COUNTY_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=_page_permission(codename)
        )


def _wanted(memberships: list) -> list[Group]:
    names = [
        unit_group_name(m.unit.code, Role(m.role))
        for m in memberships
        if Role(m.role) in UNIT_PAGE_PERMISSIONS
    ]
    return list(Group.objects.filter(name__in=names))


register_group_provider(lambda group: group.name.startswith(PREFIX), _wanted)
