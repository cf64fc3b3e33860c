"""Admin integration of the quality checks: report, word lists, the editor's 检查 action."""

from __future__ import annotations

from django.contrib import messages
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from gongkai.catalog.models import ItemPage, ReviewTask
from gongkai.checks import views
from gongkai.checks.models import LexiconTerm
from gongkai.checks.services import TERM_FIELDS, ChecksError, save_term
from gongkai.units.groups import add_role_permissions
from gongkai.units.roles import Role

add_role_permissions(
    Role.COUNTY_ADMIN,
    ["checks.add_lexiconterm", "checks.change_lexiconterm", "checks.view_lexiconterm"],
)


@hooks.register("register_admin_urls")
def checks_admin_urls():
    return [
        path("checks/report/", views.report, name="checks_report"),
        path("checks/report/export/", views.export, name="checks_export"),
        path("checks/report/scan/", views.start_scan, name="checks_scan"),
        path("checks/items/<int:page_id>/", views.inspect_item, name="checks_inspect"),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return ReportMenuItem("全站内容检查", reverse("checks_report"), icon_name="warning", order=153)


class _ServiceForm:
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ChecksError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)


class LexiconViewSet(ModelViewSet):
    model = LexiconTerm
    icon = "spell-check"
    menu_label = "检查词库"
    menu_order = 154
    add_to_admin_menu = True
    url_prefix = "checks/lexicon"
    form_fields = list(TERM_FIELDS)
    list_display = ["term", "kind", "suggestion", "severity", "is_active", "updated_at"]
    list_filter = ["kind", "severity", "is_active"]
    search_fields = ["term", "suggestion"]
    delete_view_enabled = False  # switch a term off instead: its history stays in the audit log

    @property
    def add_view_class(self):
        base = super().add_view_class

        class AddView(_ServiceForm, base):
            def save_instance(self):
                data = {k: self.form.cleaned_data[k] for k in TERM_FIELDS}
                return save_term(None, by=self.request.user, now=timezone.now(), **data)

        return AddView

    @property
    def edit_view_class(self):
        base = super().edit_view_class

        class EditView(_ServiceForm, base):
            def save_instance(self):
                data = {k: self.form.cleaned_data[k] for k in TERM_FIELDS}
                return save_term(self.object, by=self.request.user, now=timezone.now(), **data)

        return EditView


@hooks.register("register_admin_viewset")
def register_lexicon():
    return LexiconViewSet("checks_lexicon")


class InspectMenuItem(ActionMenuItem):
    label = "内容检查"
    name = "action-inspect"
    icon_name = "spell-check"
    order = 80

    def is_shown(self, context):
        return context.get("view") == "edit" and isinstance(context.get("page"), ItemPage)

    def get_url(self, context):
        return reverse("checks_inspect", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def inspect_menu_item():
    return InspectMenuItem()


@hooks.register("before_edit_page")
def warn_reviewer(request, page):
    """Reviewers see the pre-check's warnings when they open an item at their step."""
    if request.method != "GET" or not isinstance(page.specific, ItemPage):
        return None
    task = page.current_workflow_task
    if task is None or not isinstance(task.specific, ReviewTask):
        return None
    if not task.specific.user_can_review(page.specific, request.user):
        return None
    from gongkai.checks.checking import build_context, check_item, field_label

    draft = page.specific.get_latest_revision_as_object()
    findings = check_item(draft, context=build_context(today=timezone.localdate()))
    if findings:
        lines = [
            f"{field_label(f.field)}：{f.finding.message}（“{f.excerpt}”）" for f in findings[:10]
        ]
        messages.warning(request, "请审核人关注以下检查提示：" + "；".join(lines))
    return None
