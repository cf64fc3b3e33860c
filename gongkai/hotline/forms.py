"""Forms of the hotline admin: validation at the edge; the services decide and write."""

from __future__ import annotations

from django import forms

from gongkai.hotline.domain.states import CATEGORY_LABELS, SATISFACTION_LABELS
from gongkai.hotline.models import Category, Channel, KnowledgeEntry
from gongkai.units.models import Unit

YES_NO = [("yes", "是"), ("no", "否")]


def county_units():
    # The centre dispatches to any unit of the county, whatever its own scope: a deliberate
    # use of the unscoped manager (unit names are not confidential).
    return Unit.unscoped.filter(is_active=True).order_by("sort_order", "pk")


def error_text(form: forms.Form) -> str:
    return "；".join(
        f"{form.fields[f].label + '：' if f in form.fields else ''}{e}"
        for f, errors in form.errors.items()
        for e in errors
    )


class IntakeForm(forms.Form):
    content = forms.CharField(
        label="诉求内容",
        widget=forms.Textarea(attrs={"rows": 5, "autofocus": True}),
        max_length=5000,
    )
    kind = forms.ChoiceField(
        label="诉求类型", choices=[(str(k), v) for k, v in CATEGORY_LABELS.items()]
    )
    category = forms.ModelChoiceField(
        label="诉求分类", required=False, queryset=Category.objects.filter(is_active=True)
    )
    urgent = forms.BooleanField(label="紧急", required=False)
    channel = forms.ChoiceField(label="来源渠道", choices=Channel.choices, initial=Channel.PHONE)
    title = forms.CharField(label="诉求摘要", required=False, max_length=100)
    caller_name = forms.CharField(label="来电人姓名", required=False, max_length=50)
    caller_phone = forms.CharField(label="联系电话", required=False, max_length=30)
    anonymous = forms.BooleanField(label="匿名", required=False)
    address = forms.CharField(label="事发地点", required=False, max_length=200)
    lat = forms.DecimalField(
        label="纬度", required=False, min_value=-90, max_value=90, decimal_places=6
    )
    lon = forms.DecimalField(
        label="经度", required=False, min_value=-180, max_value=180, decimal_places=6
    )

    def clean(self):
        data = super().clean()
        if data.get("anonymous") and (data.get("caller_name") or data.get("caller_phone")):
            raise forms.ValidationError("匿名诉求不登记来电人姓名和电话")
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError("经纬度须同时填写")
        return data


class EmptyForm(forms.Form):
    pass


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class DispatchForm(forms.Form):
    unit = forms.ModelChoiceField(label="主办单位", queryset=county_units())
    assists = forms.ModelMultipleChoiceField(
        label="协办单位", required=False, queryset=county_units(), widget=forms.SelectMultiple
    )
    designated = forms.BooleanField(
        label="指定承办（职责有争议时由热线中心指定，承办单位不得再退单）", required=False
    )
    note = forms.CharField(
        label="派单说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DirectAnswerForm(forms.Form):
    entry = forms.IntegerField(label="知识库条目编号", required=False, min_value=1)
    answer = forms.CharField(
        label="答复内容（留空则使用知识库条目的答复口径）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("entry") and not (data.get("answer") or "").strip():
            raise forms.ValidationError("请填写答复内容或知识库条目编号")
        return data


class MergeForm(forms.Form):
    into = forms.CharField(label="合并至工单编号", max_length=20)


class LinkForm(forms.Form):
    number = forms.CharField(label="关联工单编号", max_length=20)
    note = forms.CharField(
        label="关联说明",
        required=False,
        max_length=200,
        help_text="如：同一来电人反复来电、办结后同一问题再次反映",
    )


class UnlinkForm(forms.Form):
    number = forms.CharField(label="取消关联的工单编号", max_length=20)


class ExtensionForm(forms.Form):
    until = forms.DateField(label="申请延至", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(forms.Form):
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 5}))


class ApproveReplyForm(forms.Form):
    text = forms.CharField(
        label="答复内容（可修改；留空则按答复稿）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CheckReplyForm(forms.Form):
    accept = forms.ChoiceField(
        label="审核结论", choices=[("yes", "通过"), ("no", "不合格，退回主办单位")]
    )
    reason = forms.CharField(
        label="意见（退回时必填）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("accept") == "no" and not (data.get("reason") or "").strip():
            raise forms.ValidationError("退回须说明答复不合格的理由")
        return data


class CallbackForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="满意度", choices=[(str(k), v) for k, v in SATISFACTION_LABELS.items()]
    )
    resolved = forms.ChoiceField(label="诉求是否解决", choices=YES_NO)
    note = forms.CharField(
        label="回访记录", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class KnowledgeForm(forms.ModelForm):
    class Meta:
        model = KnowledgeEntry
        fields = ["unit", "question", "answer", "keywords", "source", "valid_until", "is_active"]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 6}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else county_units()
