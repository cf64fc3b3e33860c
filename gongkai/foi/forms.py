"""Forms of the 依申请公开 case page: input validation at the edge only.

The ledger rules (7-working-day correction notice, single extension, Art. 35 deadline later
than the current one, dates not before the previous event …) live in
gongkai/foi/domain/ledger.py and are applied by gongkai/foi/services.py; the views turn their
refusals into form errors. Each form's ``note()`` builds the ledger entry's 说明.
"""

from __future__ import annotations

from django import forms

from gongkai.foi.domain.fees import FEE_METHOD_LABELS, Fee, FeeMethod, compute_fee
from gongkai.foi.models import AttachmentKind
from gongkai.units.models import Unit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
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


def text_field(label: str, *, required: bool = True, rows: int = 0, max_length: int = 2000, **kw):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
        error_messages={
            "required": f"请填写{label}",
            "max_length": f"{label}不能超过%(limit_value)d个字",
        },
        **kw,
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class NoteMixin:
    def ledger_note(self) -> str:
        return self.cleaned_data.get("note", "").strip()


class AssignForm(NoteMixin, forms.Form):
    # Unit.objects is scoped when the choices are rendered or validated: the reader's units.
    handling_unit = UnitChoiceField(
        label="承办单位",
        queryset=Unit.objects.filter(is_active=True).order_by("sort_order", "pk"),
        error_messages={"required": "请选择承办单位", "invalid_choice": "请选择有效的承办单位"},
    )
    internal_due = date_field(
        "内部办理期限", help_text="应早于法定答复期限，留出审核、签发和送达的时间"
    )
    note = text_field("交办说明", required=False, rows=2)


class CorrectionNoticeForm(NoteMixin, forms.Form):
    on = date_field(
        "发出日期", help_text="应在收到申请之日起7个工作日内一次性告知（《条例》第三十条）"
    )
    until = date_field("补正期限", help_text="申请人应在此日期前提交补正材料")
    missing = text_field(
        "需要补正的事项",
        rows=4,
        help_text="一次性列明全部需补正的内容，每行一项",
    )

    def ledger_note(self) -> str:
        items = [line.strip() for line in self.cleaned_data["missing"].splitlines() if line.strip()]
        return "需补正的事项：\n" + "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))

    def clean_missing(self):
        value = self.cleaned_data["missing"]
        if not any(line.strip() for line in value.splitlines()):
            raise forms.ValidationError("请列明需要补正的事项")
        return value


class DateNoteForm(NoteMixin, forms.Form):
    on = date_field("日期")
    note = text_field("说明", required=False, rows=2)


class CorrectionReceivedForm(DateNoteForm):
    on = date_field("收到补正后申请的日期", help_text="答复期限自该日起重新计算")


class ConsultationForm(NoteMixin, forms.Form):
    PARTY_KINDS = (
        ("third_party", "第三方（《条例》第三十二条）"),
        ("agency", "其他机关（第三十四条）"),
    )
    on = date_field("发出日期")
    party_kind = forms.ChoiceField(
        label="征求对象类别",
        choices=PARTY_KINDS,
        initial="third_party",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择征求对象类别"},
    )
    party = text_field("征求意见对象", max_length=200)
    note = text_field("说明", required=False, rows=2)

    @property
    def third_party(self) -> bool:
        return self.cleaned_data["party_kind"] == "third_party"

    def ledger_note(self) -> str:
        extra = self.cleaned_data.get("note", "").strip()
        return f"征求意见对象：{self.cleaned_data['party'].strip()}" + (
            f"\n{extra}" if extra else ""
        )


class ConsultationAnswerForm(DateNoteForm):
    on = date_field(
        "收到答复的日期", help_text="逾期未答复的，填写期满日之后的日期，由本机关依法决定"
    )
    note = text_field("答复意见摘要", required=False, rows=2)


class FeeNoticeForm(NoteMixin, forms.Form):
    on = date_field("收费通知送达日期")
    method = forms.ChoiceField(
        label="计收方式",
        choices=[(str(m), label) for m, label in FEE_METHOD_LABELS.items()],
        initial=str(FeeMethod.PER_PAGE),
        widget=forms.RadioSelect,
        error_messages={"required": "请选择计收方式"},
    )
    nth = forms.IntegerField(
        label="本自然月第几件申请（按件）",
        required=False,
        min_value=1,
        max_value=10000,
        error_messages={"min_value": "件数应为正整数", "invalid": "件数应为正整数"},
    )
    pages = forms.IntegerField(
        label="页数（按量）",
        required=False,
        min_value=1,
        max_value=1000000,
        error_messages={"min_value": "页数应为正整数", "invalid": "页数应为正整数"},
    )
    note = text_field("说明", required=False, rows=2)

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if not method:
            return data
        method = FeeMethod(method)
        nth = data.get("nth") if method is FeeMethod.PER_ITEM else None
        pages = data.get("pages") if method is FeeMethod.PER_PAGE else None
        if method is FeeMethod.PER_ITEM and nth is None:
            raise forms.ValidationError("按件计收须填写本自然月第几件申请")
        if method is FeeMethod.PER_PAGE and pages is None:
            raise forms.ValidationError("按量计收须填写页数")
        try:
            fee = compute_fee(method, nth=nth, pages=pages)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        data["fee"] = fee
        if fee.amount == 0:
            raise forms.ValidationError(f"{fee.explanation}无需收费，不能发出收费通知")
        return data

    @property
    def fee(self) -> Fee | None:
        return getattr(self, "cleaned_data", {}).get("fee")

    def ledger_note(self) -> str:
        fee = self.cleaned_data["fee"]
        extra = self.cleaned_data.get("note", "").strip()
        return f"信息处理费{fee.amount}元。{fee.explanation}" + (f"\n{extra}" if extra else "")


class FeePaidForm(DateNoteForm):
    on = date_field("缴费日期")


class ExtensionForm(NoteMixin, forms.Form):
    on = date_field("批准日期", help_text="应在答复期限届满前批准，并告知申请人")
    note = text_field("延期理由", rows=2)


class Art35Form(NoteMixin, forms.Form):
    on = date_field("决定日期")
    until = date_field("确定的答复期限")
    note = text_field("理由（申请数量、频次明显超过合理范围的情况）", rows=2)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="材料类别",
        choices=AttachmentKind.choices,
        error_messages={"required": "请选择材料类别", "invalid_choice": "材料类别有误"},
    )
    file = forms.FileField(
        label="文件",
        error_messages={"required": "请选择要上传的文件", "empty": "上传的文件是空的"},
    )


class ContributionAskForm(forms.Form):
    # Any active unit of the county may be asked (a township asks a department and vice
    # versa), so the choices are not limited to the reader's own units.
    unit = UnitChoiceField(
        label="协办单位",
        queryset=Unit.unscoped.filter(is_active=True).order_by("sort_order", "pk"),
        error_messages={"required": "请选择协办单位", "invalid_choice": "请选择有效的协办单位"},
    )
    question = text_field("协办事项", rows=3, help_text="写明需要对方提供的信息、核实的事项或意见")
    due_on = date_field(
        "协办期限", help_text="应在法定答复期限前至少2个工作日，留出起草和送达答复书的时间"
    )


class ContributionAnswerForm(forms.Form):
    answer = text_field("协办意见", rows=4, max_length=5000)
    file = forms.FileField(
        label="附件",
        required=False,
        help_text="可附上提供的信息或材料（PDF、OFD、图片、Word、Excel 或 ZIP，不超过20 MB）",
        error_messages={"empty": "上传的文件是空的"},
    )


class ContributionWithdrawForm(forms.Form):
    reason = text_field("撤回原因", max_length=200)


class PersonalDataForm(forms.Form):
    reason = text_field("查看事由", required=False, max_length=200)


def error_text(form: forms.Form) -> str:
    """All of a form's errors as one line for a message."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            parts.append(f"{label}：{error}" if label and label not in error else error)
    return "；".join(parts)
