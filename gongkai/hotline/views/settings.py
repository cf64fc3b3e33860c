"""时限设置: the settings table of the hotline clocks in the Wagtail admin (issue #6 "Clocks").

One row per 诉求类型 × urgency (``ClockSetting``) with its sign-for, reply and callback limits.
Only the county office (政务公开办) edits them, through ``knowledge.update_clock_setting`` (which
checks the permission again and audits); tickets accepted earlier keep their snapshot. Bad input
is refused by the form (or the service) with a Chinese message and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access

from gongkai.hotline import knowledge, permissions
from gongkai.hotline.models import ClockParameters, ClockSetting
from gongkai.units.errors import UnitsError

# (field, label, upper bound) — the bounds mirror the CheckConstraints on ClockSetting.
LIMIT_FIELDS = (
    ("sign_workdays", "签收时限（工作日）", 30),
    ("sign_hours", "签收时限（小时）", 72),
    ("reply_workdays", "答复时限（工作日）", 90),
    ("reply_hours", "答复时限（小时）", 720),
    ("callback_workdays", "回访时限（工作日）", 30),
    ("callback_hours", "回访时限（小时）", 72),
)
HELP = "小时数大于 0 时按小时计（7×24 小时），否则按工作日计；工作日为 0 表示当日办结。"


def clock() -> dt.datetime:
    """Now, read once per request at the view edge (tests replace it)."""
    return timezone.now()


def settings_view(view):
    """Admin access, and the county office only (the only ones who may change the clocks)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can_edit_clock_settings(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return require_admin_access(wrapper)


class ClockSettingForm(forms.Form):
    reason = forms.CharField(label="修改理由", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for name, label, maximum in LIMIT_FIELDS:
            fields[name] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=maximum,
                error_messages={
                    "required": "请填写时限",
                    "invalid": "请填写整数",
                    "min_value": "时限不能为负数",
                    "max_value": f"不能超过 {maximum}",
                },
            )
        fields["reason"] = self.fields["reason"]
        self.fields = fields


def _rows():
    return [
        {
            "setting": s,
            "sign": s.sign_limit.text(),
            "reply": s.reply_limit.text(),
            "callback": s.callback_limit.text(),
        }
        for s in ClockSetting.objects.select_related("updated_by").order_by("kind", "urgent")
    ]


@settings_view
def settings_list(request):
    return TemplateResponse(
        request,
        "hotline/admin/settings_list.html",
        {
            "rows": _rows(),
            "parameters": ClockParameters.objects.filter(pk=1).first(),
            "help": HELP,
            "page_title": "办理时限设置",
            "header_title": "办理时限设置",
            "header_icon": "time",
        },
    )


@settings_view
def settings_edit(request, pk: int):
    setting = get_object_or_404(ClockSetting, pk=pk)
    initial = {name: getattr(setting, name) for name, _, _ in LIMIT_FIELDS}
    form = ClockSettingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        limits = {name: data[name] for name, _, _ in LIMIT_FIELDS}
        try:
            knowledge.update_clock_setting(
                setting, by=request.user, now=clock(), reason=data["reason"], **limits
            )
        except UnitsError as exc:
            form.add_error(None, str(exc))
            # The service may have set the values on the instance before refusing; show the
            # stored row again (the transaction wrote nothing).
            setting.refresh_from_db()
        else:
            messages.success(request, f"“{setting}”的办理时限已保存")
            return redirect("hotline_admin_settings")
    title = f"修改办理时限：{setting}"
    return TemplateResponse(
        request,
        "hotline/admin/settings_form.html",
        {
            "form": form,
            "setting": setting,
            "help": HELP,
            "page_title": title,
            "header_title": title,
            "header_icon": "time",
        },
    )


SETTINGS_URLS = [
    path("hotline/settings/", settings_list, name="hotline_admin_settings"),
    path("hotline/settings/<int:pk>/", settings_edit, name="hotline_admin_settings_edit"),
]
