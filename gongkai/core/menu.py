from __future__ import annotations

from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """An admin menu item shown only to users holding `permission`."""

    def __init__(self, label: str, url: str, *, permission: str, **kwargs) -> None:
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)
