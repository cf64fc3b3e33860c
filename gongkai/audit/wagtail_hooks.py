from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from gongkai.audit.models import AuditEntry


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The audit log can be read (by those with the view permission) and never changed."""

    def user_has_permission(self, user, action):
        if action not in {"view"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("操作日志")
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "audit"
    add_to_reference_index = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "at",
        "actor_name",
        "unit",
        "action",
        "object_repr",
        "before",
        "after",
        "reason",
        "ip",
    ]
    list_display = [
        "at",
        "actor_name",
        "unit",
        Column("action_label", label=_("操作")),
        "object_repr",
        "ip",
    ]
    list_filter = {"action": ["exact", "startswith"], "unit": ["exact"], "at": ["gte", "lte"]}
    list_export = ["at", "actor_name", "unit", "action", "object_repr", "before", "after", "ip"]
    export_filename = "操作日志"
    search_fields = ["object_repr", "actor_name", "reason"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    # Required by ModelViewSet; the create and edit views are refused by ReadOnlyPolicy.
    form_fields = ["reason"]

    @property
    def permission_policy(self):
        return ReadOnlyPolicy(self.model)


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet("audit")
