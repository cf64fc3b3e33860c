"""Admin views for units, the roster, staff and handover. Thin: they call services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import CreateView, EditView

from gongkai.units import handover, selectors, services
from gongkai.units.errors import UnitsError
from gongkai.units.forms import EndRoleForm, GrantRoleForm, HandoverForm, StaffCreateForm
from gongkai.units.models import Membership, Unit, User
from gongkai.units.roles import ROLE_LABELS, Capability, Role


def _can(request, capability: Capability) -> bool:
    return capability in selectors.capabilities_for(request.user)


def _require(request, capability: Capability) -> None:
    if not _can(request, capability):
        raise PermissionDenied


class _ServiceFormMixin:
    """Route the generic Wagtail create/edit views through the units services."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except UnitsError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)


class UnitCreateView(_ServiceFormMixin, CreateView):
    def save_instance(self):
        data = {k: v for k, v in self.form.cleaned_data.items() if k in services.UNIT_FIELDS}
        return services.create_unit(by=self.request.user, now=timezone.now(), **data)


class UnitEditView(_ServiceFormMixin, EditView):
    def save_instance(self):
        data = {k: v for k, v in self.form.cleaned_data.items() if k in services.UNIT_FIELDS}
        self.has_content_changes = self.form.has_changed()
        return services.update_unit(self.object, by=self.request.user, now=timezone.now(), **data)


def roster(request, unit_id: int):
    # Unit.objects is scoped: another unit's roster is a 404, even by URL guessing.
    unit = get_object_or_404(Unit.objects.select_related("parent", "leader", "contact"), pk=unit_id)
    can_manage = _can(request, Capability.MANAGE_STAFF)
    return TemplateResponse(
        request,
        "units/roster.html",
        {
            "unit": unit,
            "memberships": selectors.unit_roster(unit),
            "can_manage": can_manage,
            "grant_form": GrantRoleForm() if can_manage else None,
            "page_title": f"{unit.short_name} · 人员名册",
            "header_icon": "group",
        },
    )


@require_POST
def grant_role(request, unit_id: int):
    _require(request, Capability.MANAGE_STAFF)
    unit = get_object_or_404(Unit, pk=unit_id)
    form = GrantRoleForm(request.POST)
    if form.is_valid():
        try:
            services.grant_role(
                user=form.cleaned_data["user"],
                unit=unit,
                role=Role(form.cleaned_data["role"]),
                by=request.user,
                today=timezone.localdate(),
            )
            messages.success(request, "已授予角色")
        except UnitsError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "请选择人员和角色")
    return redirect("units_roster", unit_id=unit.pk)


@require_POST
def end_role(request, membership_id: int):
    _require(request, Capability.MANAGE_STAFF)
    membership = get_object_or_404(Membership.objects.select_related("unit"), pk=membership_id)
    form = EndRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写解除原因")
    else:
        try:
            services.end_role(
                membership,
                by=request.user,
                today=timezone.localdate(),
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "已解除角色")
        except UnitsError as exc:
            messages.error(request, str(exc))
    return redirect("units_roster", unit_id=membership.unit_id)


def staff_index(request):
    if not request.user.has_perm("units.view_membership"):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    staff = selectors.staff_in_scope()
    if query:
        staff = staff.filter(Q(full_name__contains=query) | Q(username__contains=query))
    page = Paginator(staff, 50).get_page(request.GET.get("p"))
    user_ids = [u.pk for u in page]
    roles: dict[int, list[str]] = {}
    for m in Membership.objects.filter(user_id__in=user_ids, ended_on__isnull=True).select_related(
        "unit"
    ):
        roles.setdefault(m.user_id, []).append(f"{m.unit.short_name}·{ROLE_LABELS[Role(m.role)]}")
    rows = [(u, roles.get(u.pk, [])) for u in page]
    return TemplateResponse(
        request,
        "units/staff_index.html",
        {
            "page_obj": page,
            "rows": rows,
            "query": query,
            "can_manage": _can(request, Capability.MANAGE_STAFF),
            "page_title": "人员管理",
            "header_icon": "user",
        },
    )


def staff_create(request):
    _require(request, Capability.MANAGE_STAFF)
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_staff(
                by=request.user,
                username=data["username"],
                full_name=data["full_name"],
                password=data["password"],
                unit=data["unit"],
                role=Role(data["role"]),
                work_phone=data["work_phone"],
                email=data["email"],
                today=timezone.localdate(),
            )
        except UnitsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已新建人员：{user.display_name}")
            return redirect("units_staff_index")
    return TemplateResponse(
        request,
        "units/staff_form.html",
        {"form": form, "page_title": "新建人员", "header_icon": "user"},
    )


def staff_handover(request, user_id: int):
    _require(request, Capability.MANAGE_STAFF)
    leaver = get_object_or_404(User, pk=user_id, is_staff=True)
    form = HandoverForm(request.POST or None, leaver=leaver)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = handover.hand_over(
                leaver=leaver,
                successor=data["successor"],
                by=request.user,
                today=timezone.localdate(),
                reason=data["reason"],
                deactivate_leaver=data["deactivate_leaver"],
            )
        except UnitsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"{leaver.display_name}的{result.total}项工作已交接给{data['successor'].display_name}",
            )
            return redirect("units_staff_index")
    return TemplateResponse(
        request,
        "units/handover.html",
        {
            "leaver": leaver,
            "plan": handover.plan_handover(leaver),
            "form": form,
            "page_title": f"工作交接：{leaver.display_name}",
            "header_icon": "resubmit",
        },
    )
