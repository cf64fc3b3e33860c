"""Admin views on single items: 撤稿 (now or scheduled). Thin: they call services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog.models import ItemPage
from gongkai.units.errors import UnitsError


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤稿原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写撤稿原因"},
    )
    at = forms.DateTimeField(
        label="定时撤稿时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="留空则立即撤稿",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


def withdraw(request, page_id: int):
    item = get_object_or_404(ItemPage.objects.select_related("unit"), pk=page_id)
    if not services.can_withdraw(request.user, item):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        at: dt.datetime | None = form.cleaned_data["at"]
        try:
            if at:
                services.schedule_withdrawal(
                    item, by=request.user, at=at, reason=form.cleaned_data["reason"], now=now
                )
                messages.success(
                    request, f"已设置定时撤稿：{timezone.localtime(at):%Y-%m-%d %H:%M}"
                )
            else:
                services.withdraw_item(
                    item, by=request.user, reason=form.cleaned_data["reason"], now=now
                )
                messages.success(
                    request, f"“{item.title}”已撤稿，索引号 {item.index_number} 不再使用"
                )
            return redirect("wagtailadmin_pages:edit", item.pk)
        except UnitsError as exc:
            form.add_error(None, str(exc))
    return TemplateResponse(
        request,
        "catalog/withdraw.html",
        {"item": item, "form": form, "page_title": "撤稿", "header_title": f"撤稿：{item.title}"},
    )
