from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.workdays.arrangement import HolidayEntry

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("请输入有效日期，格式如 2026-02-13")}


def date_field(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )


class DeadlineForm(forms.Form):
    received = date_field(_("收到申请之日"))
    corrected = date_field(_("收到补正后申请之日"), required=False)
    pause1_start = date_field(_("暂停一：开始"), required=False)
    pause1_end = date_field(_("暂停一：结束"), required=False)
    pause2_start = date_field(_("暂停二：开始"), required=False)
    pause2_end = date_field(_("暂停二：结束"), required=False)
    extended = forms.BooleanField(label=_("已批准延期（第三十三条）"), required=False)

    PAUSES = (("pause1_start", "pause1_end"), ("pause2_start", "pause2_end"))

    def clean(self):
        data = super().clean()
        pauses = []
        for start_key, end_key in self.PAUSES:
            start, end = data.get(start_key), data.get(end_key)
            if bool(start) != bool(end):
                self.add_error(end_key if start else start_key, "暂停需同时填写开始和结束日期")
            elif start and end:
                pauses.append((start, end))
        data["pauses"] = pauses
        return data


HOLIDAY_NAMES = [
    ("元旦", "元旦"),
    ("春节", "春节"),
    ("清明节", "清明节"),
    ("劳动节", "劳动节"),
    ("端午节", "端午节"),
    ("中秋节", "中秋节"),
    ("国庆节", "国庆节"),
    ("国庆节、中秋节", "国庆节、中秋节"),
]


class HolidayRowForm(forms.Form):
    name = forms.ChoiceField(label=_("节日"), choices=[("", "—"), *HOLIDAY_NAMES], required=False)
    first = date_field(_("放假开始"), required=False)
    last = date_field(_("放假结束"), required=False)
    makeup_days = forms.CharField(
        label=_("调休上班日"),
        required=False,
        help_text=_("多个日期用逗号分隔，如 2027-02-06, 2027-02-20"),
    )

    def clean_makeup_days(self) -> tuple[dt.date, ...]:
        raw = self.cleaned_data["makeup_days"].replace("，", ",").replace("、", ",")
        days = []
        for part in (p.strip() for p in raw.split(",")):
            if not part:
                continue
            try:
                days.append(dt.date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(f"“{part}”不是有效日期，格式如 2027-02-06") from None
        return tuple(days)

    def clean(self):
        data = super().clean()
        filled = [data.get("name"), data.get("first"), data.get("last")]
        if any(filled) and not all(filled):
            raise forms.ValidationError("请同时填写节日、放假开始和放假结束日期")
        return data

    def entry(self) -> HolidayEntry | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return HolidayEntry(
            name=data["name"],
            first=data["first"],
            last=data["last"],
            makeup_days=data["makeup_days"],
        )


HolidayRowFormSet = forms.formset_factory(HolidayRowForm, extra=0, min_num=7, max_num=10)


class YearNoticeForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    notice_title = forms.CharField(
        label=_("通知标题"),
        max_length=200,
        initial="国务院办公厅关于年部分节假日安排的通知",
    )
    notice_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    published_on = date_field(_("通知发布日期"), required=False)
