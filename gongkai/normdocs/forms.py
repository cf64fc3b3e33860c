"""Forms of the registry's staff admin: input validation at the edge only.

The rules (文号 format, 有效期 limits, who may act) live in gongkai/normdocs/services.py and
campaigns.py; the views turn their refusals into form errors or messages.
"""

from __future__ import annotations

from django import forms

from gongkai.catalog.domain.taxonomy import TOPICS
from gongkai.normdocs import permissions
from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.lifecycle import DECISION_LABELS
from gongkai.normdocs.models import LegalReview, NormativeDocument
from gongkai.normdocs.services import DRAFT_FIELDS
from gongkai.units.models import Unit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]


def date_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}格式不正确，请按“2026-03-01”填写",
        },
    )


def text_field(
    label: str, *, max_length: int | None = None, required: bool = True, rows: int = 0, **kw
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        error_messages={
            "required": f"请填写{label}",
            "max_length": f"{label}不能超过%(limit_value)d个字",
        },
        **kw,
    )


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.unit.short_name}：{obj}"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


def published_documents():
    """The reader's published documents (evaluated inside the view's reader scope)."""
    return (
        NormativeDocument.objects.filter(stage__in=[str(s) for s in lifecycle.PUBLIC_STAGES])
        .select_related("unit")
        .order_by("unit__sort_order", "-published_on", "-pk")
    )


class DraftForm(forms.Form):
    """起草 / 修改草稿. Saved through services.create_document / services.update_draft."""

    unit = UnitChoiceField(
        label="制定机关",
        queryset=Unit.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择制定机关", "invalid_choice": "不能为该单位起草文件"},
    )
    title = text_field("标题", max_length=300)
    issuer_name = text_field(
        "发布机关", max_length=100, required=False, help_text="留空时使用单位全称"
    )
    doc_number = text_field(
        "文号",
        max_length=60,
        required=False,
        help_text="如“霍发改〔2026〕7号”；也可在统一登记编号时填写。常见的书写错误会自动更正。",
    )
    topic = forms.ChoiceField(
        label="主题分类", required=False, choices=[("", "—"), *((t, t) for t in TOPICS)]
    )
    written_on = date_field("成文日期")
    effective_on = date_field("施行日期", help_text="留空时自公布之日起施行")
    valid_until = date_field("有效期至", help_text="留空时按施行日期起5年计算（暂行、试行文件2年）")
    body = text_field("正文", required=False, rows=16)
    amends = DocumentChoiceField(
        label="修改的文件",
        queryset=NormativeDocument.objects.none(),
        required=False,
        empty_label="（不修改其他文件）",
        help_text="本文件公布后，被修改的文件标记为“已修改”",
        error_messages={"invalid_choice": "请选择已公布的文件"},
    )

    def __init__(self, *args, user, document: NormativeDocument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if document is None:
            units = permissions.drafting_units(user)
            queryset = Unit.objects.filter(is_active=True).order_by("sort_order", "pk")
            if units is not None:
                queryset = queryset.filter(pk__in=units)
            self.fields["unit"].queryset = queryset
        else:
            del self.fields["unit"]
        amends = published_documents()
        if document is not None:
            amends = amends.exclude(pk=document.pk)
        self.fields["amends"].queryset = amends

    def draft_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in DRAFT_FIELDS}


def initial_from(document: NormativeDocument) -> dict:
    return {name: getattr(document, name) for name in DRAFT_FIELDS}


# ---------------------------------------------------------------- procedure actions


class EmptyForm(forms.Form):
    """Actions without input (提交合法性审核)."""


class LegalReviewForm(forms.Form):
    conclusion = forms.ChoiceField(
        label="审核结论",
        choices=LegalReview.Conclusion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择审核结论", "invalid_choice": "请选择审核结论"},
    )
    opinion = text_field("审核意见", rows=4)


class DeliberationForm(forms.Form):
    meeting = text_field("审议会议", max_length=100, help_text="如“县政府第12次常务会议”")
    deliberated_on = date_field("审议日期", required=True)


class SignForm(forms.Form):
    signed_by = text_field("签发人", max_length=50)
    signed_on = date_field("签发日期", required=True)


class RegisterForm(forms.Form):
    doc_number = text_field(
        "文号", max_length=60, required=False, help_text="留空时使用起草时填写的文号"
    )
    written_on = date_field("成文日期", help_text="留空时使用签发日期")


class PublishForm(forms.Form):
    published_on = date_field("公布日期", required=True)
    effective_on = date_field("施行日期", help_text="留空时自公布之日起施行")
    valid_until = date_field(
        "有效期至",
        help_text="留空时按施行日期起5年计算；标题含“暂行”“试行”的文件为2年",
    )


class FileForm(forms.Form):
    filed_on = date_field("备案日期", required=True)
    filed_with = text_field("备案机关", max_length=100, required=False)
    reference = text_field("备案号", max_length=60, required=False)


class RepealForm(forms.Form):
    reason = text_field("废止理由", rows=3)
    repealed_by = DocumentChoiceField(
        label="废止依据文件",
        queryset=NormativeDocument.objects.none(),
        required=False,
        empty_label="（无）",
        error_messages={"invalid_choice": "请选择已公布的文件"},
    )

    def __init__(self, *args, document: NormativeDocument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = published_documents()
        if document is not None:
            queryset = queryset.exclude(pk=document.pk)
        self.fields["repealed_by"].queryset = queryset


class DeclareExpiredForm(forms.Form):
    reason = text_field("宣布失效的理由", rows=3)


class RenewForm(forms.Form):
    valid_until = date_field("新的有效期截止日期", required=True)
    reason = text_field("延续理由", rows=3)


# ---------------------------------------------------------------- campaigns


class CampaignOpenForm(forms.Form):
    title = text_field("清理名称", max_length=200)
    basis = text_field("清理依据", required=False, rows=3)
    due_on = date_field("完成期限", required=True)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="清理决定",
        choices=[("", "请选择"), *DECISION_LABELS.items()],
        error_messages={"required": "请选择清理决定", "invalid_choice": "请选择清理决定"},
    )
    reason = text_field("理由", required=False, rows=2, help_text="修改、废止、宣布失效须写明理由")


def error_text(form: forms.Form) -> str:
    """All of a form's errors as one line for a message."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            parts.append(f"{label}：{error}" if label and label not in error else error)
    return "；".join(parts)
