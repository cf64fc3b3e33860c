"""Forms of the 12345 portal pages: submit a matter, track a ticket, rate the reply."""

from __future__ import annotations

import re

from django import forms

from gongkai.hotline.domain.public import MAX_DESCRIPTION, normalize_number
from gongkai.hotline.domain.states import CATEGORY_LABELS, SATISFACTION_LABELS
from gongkai.hotline.open311 import reads


def category_choices() -> list[tuple[str, str]]:
    return [("", "请选择")] + [(s.code, f"{s.group} › {s.name}") for s in reads.services()]


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(
        label="诉求类型",
        choices=[("", "请选择")] + [(str(k), v) for k, v in CATEGORY_LABELS.items()],
        error_messages={"required": "请选择诉求类型", "invalid_choice": "诉求类型有误"},
    )
    category = forms.ChoiceField(
        label="诉求分类",
        choices=(),
        error_messages={"required": "请选择诉求分类", "invalid_choice": "诉求分类有误"},
    )
    title = forms.CharField(label="诉求摘要", max_length=100, required=False)
    content = forms.CharField(
        label="诉求内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=10,
        max_length=MAX_DESCRIPTION,
        error_messages={
            "required": "请填写诉求内容",
            "min_length": "诉求内容至少10个字，请写明事情经过和您的诉求",
            "max_length": f"诉求内容不能超过{MAX_DESCRIPTION}字",
        },
    )
    address = forms.CharField(label="事发地点", max_length=200, required=False)
    name = forms.CharField(label="姓名", max_length=40, required=False)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    captcha = forms.CharField(
        label="验证码", max_length=10, error_messages={"required": "请填写验证码"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s-]", "", self.cleaned_data.get("phone") or "")
        if phone and not re.fullmatch(r"(\+?86)?1\d{10}|0\d{9,11}", phone):
            raise forms.ValidationError("请填写11位手机号码或带区号的固定电话")
        return phone

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("phone"):
            self.add_error("phone", "填写姓名时请同时填写联系电话，便于承办单位联系和回访")
        return data


class TrackForm(forms.Form):
    number = forms.CharField(
        label="工单编号", max_length=30, error_messages={"required": "请填写工单编号"}
    )
    tail = forms.CharField(
        label="手机号码后四位",
        max_length=4,
        min_length=4,
        error_messages={"required": "请填写手机号码后四位", "min_length": "请填写4位数字"},
    )

    def clean_number(self) -> str:
        number = normalize_number(self.cleaned_data["number"])
        if not number:
            raise forms.ValidationError("工单编号格式为“日期-序号”，如 20261126-0001")
        return number

    def clean_tail(self) -> str:
        tail = self.cleaned_data["tail"].strip()
        if not tail.isdigit():
            raise forms.ValidationError("请填写4位数字")
        return tail


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="满意度",
        choices=[(str(k), v) for k, v in SATISFACTION_LABELS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择满意度"},
    )
    resolved = forms.TypedChoiceField(
        label="诉求是否已解决",
        choices=[("yes", "已解决"), ("no", "未解决")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择诉求是否已解决"},
    )
    note = forms.CharField(
        label="意见或建议",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
