"""Forms of the reply page, template editing, review cases and statistics (validation at the edge;
the services check again and decide)."""

from __future__ import annotations

from django import forms

from gongkai.foi.domain.outcomes import REPLY_TYPE_LABELS, Outcome, ReplyType, outcome_label
from gongkai.foi.domain.stats import REVIEW_KIND_LABELS, REVIEW_RESULT_LABELS
from gongkai.foi.replies_models import DeliveryMethod

OUTCOME_CHOICES = [("", "请选择")] + [(str(o), outcome_label(o)) for o in Outcome]
REPLY_TYPE_CHOICES = [("", "按办理结果默认")] + [
    (str(r), label) for r, label in REPLY_TYPE_LABELS.items()
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # ISO: what type=date reads


def error_text(form: forms.Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}：{e}" if label and label not in e else e for e in errors)
    return "；".join(parts)


class DraftForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=OUTCOME_CHOICES)
    reply_type = forms.ChoiceField(
        label="答复类型（《条例》第三十六条等）", choices=REPLY_TYPE_CHOICES, required=False
    )

    def clean(self):
        data = super().clean()
        outcome, reply_type = data.get("outcome"), data.get("reply_type")
        if outcome and reply_type:
            from gongkai.foi.domain.outcomes import OUTCOME_REPLY_TYPES

            if ReplyType(reply_type) not in OUTCOME_REPLY_TYPES[Outcome(outcome)]:
                allowed = "、".join(
                    REPLY_TYPE_LABELS[r] for r in OUTCOME_REPLY_TYPES[Outcome(outcome)]
                )
                raise forms.ValidationError(f"该办理结果可用的答复类型：{allowed}")
        return data


class LetterForm(DraftForm):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="每段一行；第一行为称呼（申请人姓名或名称）。",
    )
    regenerate = forms.BooleanField(
        label="按模板重新生成正文（更改办理结果后使用，会覆盖上面的正文）", required=False
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 3}))


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    delivered_on = forms.DateField(label="送达日期", widget=DATE)
    tracking_number = forms.CharField(label="邮件号码（邮寄）", max_length=40, required=False)
    email = forms.EmailField(label="收件邮箱（电子邮件）", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("method") == DeliveryMethod.POST and not data.get("tracking_number"):
            self.add_error("tracking_number", "邮寄送达须填写邮件号码（挂号信或EMS）")
        if data.get("method") == DeliveryMethod.EMAIL and not data.get("email"):
            self.add_error("email", "电子邮件送达须填写收件邮箱")
        return data


class AttachForm(forms.Form):
    file = forms.FileField(label="公开的政府信息（文件）")


class TemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(label="正文模板", widget=forms.Textarea(attrs={"rows": 14}))


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=list(REVIEW_KIND_LABELS.items()))
    filed_on = forms.DateField(label="提起日期", widget=DATE)
    body = forms.CharField(label="复议机关或人民法院", max_length=100, required=False)
    case_number = forms.CharField(label="案号", max_length=60, required=False)
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecideForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=list(REVIEW_RESULT_LABELS.items()))
    decided_on = forms.DateField(label="审结日期", widget=DATE, required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)
