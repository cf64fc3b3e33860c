"""Forms of 依申请公开 intake: the portal application form and the staff's offline entry.

Validation at the edge (Art. 29 contents, GB 11643 ID numbers, 统一社会信用代码, phone and
postal code, files); the services check permissions and the Art. 31 dates. Every message is
Chinese and says what to fix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django import forms

from gongkai.foi.domain import identity
from gongkai.foi.domain.events import CHANNEL_LABELS, Channel
from gongkai.foi.domain.identity import ID_TYPE_LABELS, IdType
from gongkai.foi.domain.intake import ACCEPTING_UNIT_KINDS, EVIDENCE_REQUIRED, OFFLINE_CHANNELS
from gongkai.foi.domain.stats import APPLICANT_TYPE_LABELS, ApplicantType
from gongkai.foi.models import Delivery, WantedForm
from gongkai.foi.services import ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES
from gongkai.units.codes import uscc_error
from gongkai.units.models import Unit

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
ORGANISATION_LABELS = {
    ApplicantType.BUSINESS: "商业企业",
    ApplicantType.RESEARCH: "科研机构",
    ApplicantType.PUBLIC_WELFARE: "社会公益组织",
    ApplicantType.LEGAL_SERVICE: "法律服务机构",
    ApplicantType.OTHER: "其他组织",
}
APPLICANT_CHOICES = [
    (str(ApplicantType.NATURAL_PERSON), "自然人（公民）"),
    *((str(k), f"法人或者其他组织：{v}") for k, v in ORGANISATION_LABELS.items()),
]
assert set(dict(APPLICANT_CHOICES)) == {str(t) for t in APPLICANT_TYPE_LABELS}  # noqa: S101
ACCEPT = ",".join(sorted(ATTACHMENT_EXTENSIONS))


def _text(label: str, *, max_length: int, required: bool = False, **kw) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": f"请填写{label}",
            "max_length": f"{label}不能超过%(limit_value)d个字",
        },
        **kw,
    )


def _date(label: str, *, required: bool, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"请填写{label}",
            "invalid": f"{label}格式不正确，请按“2026-03-01”填写",
        },
    )


def _file(label: str, help_text: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": "上传的文件是空的", "invalid": "上传的文件有误，请重新选择"},
    )


def check_upload(upload) -> None:
    """The same limits as :func:`gongkai.foi.services.attach_file`, checked before any write."""
    if upload is None:
        return
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ATTACHMENT_EXTENSIONS:
        raise forms.ValidationError(
            "只接受 PDF、OFD、图片（JPG、PNG、TIFF）、Word、Excel 或 ZIP 文件"
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise forms.ValidationError("单个文件不能超过 20 MB")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


def receiving_units(ids: set[int] | None = None):
    """Units that accept applications (public information, so read without a unit scope)."""
    units = Unit.unscoped.filter(kind__in=ACCEPTING_UNIT_KINDS, is_active=True)
    if ids is not None:
        units = units.filter(pk__in=ids)
    return units.order_by("sort_order", "pk")


class ApplicationForm(forms.Form):
    """Applicant and application fields (Art. 29; statutes.md §9.3), shared by both screens.

    ``strict`` (the portal) makes the identity and contact details required; staff entering a
    letter that lacks them still register it (and send a 补正 notice), so there they are
    checked only when given.
    """

    strict = True

    applicant_type = forms.ChoiceField(
        label="申请人类型",
        choices=APPLICANT_CHOICES,
        initial=str(ApplicantType.NATURAL_PERSON),
        widget=forms.RadioSelect,
        error_messages={"required": "请选择申请人类型", "invalid_choice": "请选择申请人类型"},
    )
    # 自然人
    name = _text("姓名", max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    id_type = forms.ChoiceField(
        label="证件类型",
        choices=[(str(k), v) for k, v in ID_TYPE_LABELS.items()],
        initial=str(IdType.RESIDENT_ID),
        required=False,
        error_messages={"invalid_choice": "请选择证件类型"},
    )
    id_number = _text(
        "证件号码", max_length=30, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    # 法人或者其他组织
    org_name = _text(
        "名称", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    credit_code = _text(
        "统一社会信用代码",
        max_length=18,
        help_text="18位，见营业执照或登记证书",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    legal_representative = _text("法定代表人或负责人", max_length=50)
    contact_name = _text("联系人姓名", max_length=50)
    # 联系方式
    phone = _text(
        "联系电话",
        max_length=30,
        help_text="手机号码，或带区号的固定电话",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    address = _text(
        "通信地址",
        max_length=200,
        help_text="选择邮寄方式获取信息时必填",
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = _text(
        "邮政编码",
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        max_length=254,
        help_text="选择电子邮件方式获取信息时必填",
        error_messages={"invalid": "电子邮箱格式不正确"},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # 所需信息
    description = _text(
        "所需政府信息的名称、文号或其他特征性描述",
        max_length=2000,
        required=True,
        help_text=(
            "请尽量写明文件名称和文号（如“霍政办〔2025〕12号”）、发布机关、时间或索引号等，"
            "便于准确查找。一份申请宜只申请一项或同一事项的信息。"
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    wanted_form = forms.ChoiceField(
        label="信息的指定提供形式",
        choices=WantedForm.choices,
        initial=WantedForm.ELECTRONIC,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择提供形式", "invalid_choice": "请选择提供形式"},
    )
    delivery = forms.ChoiceField(
        label="获取信息的方式",
        choices=Delivery.choices,
        initial=Delivery.POST,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择获取方式", "invalid_choice": "请选择获取方式"},
    )

    def clean_id_number(self) -> str:
        return identity.normalise_id_number(self.cleaned_data.get("id_number", ""))

    def clean_credit_code(self) -> str:
        return (self.cleaned_data.get("credit_code") or "").replace(" ", "").upper()

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "")
        if not phone.strip():
            return ""
        if error := identity.phone_error(phone):
            raise forms.ValidationError(error)
        return identity.normalise_phone(phone)

    def clean_postal_code(self) -> str:
        code = (self.cleaned_data.get("postal_code") or "").strip()
        if error := identity.postal_code_error(code):
            raise forms.ValidationError(error)
        return code

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self._today = today

    def today(self) -> dt.date:
        return self._today

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        person = kind == ApplicantType.NATURAL_PERSON
        required = []
        if person:
            required += ["name"] + (["id_number"] if self.strict else [])
            number = data.get("id_number")
            if number and "id_number" not in self.errors:
                error = identity.id_number_error(
                    data.get("id_type") or IdType.RESIDENT_ID, number, today=self.today()
                )
                if error:
                    self.add_error("id_number", error)
        elif kind:
            # Checked for organisations only: without JavaScript both fieldsets are on screen,
            # and a stray entry in the other one must not block the application.
            code = data.get("credit_code")
            if code and "credit_code" not in self.errors and (error := uscc_error(code)):
                self.add_error("credit_code", error)
            required += ["org_name"]
            if self.strict:
                required += ["credit_code", "legal_representative", "contact_name"]
        if self.strict:
            required.append("phone")
        delivery = data.get("delivery")
        if self.strict and delivery == Delivery.POST:
            required += ["address", "postal_code"]
        if self.strict and delivery == Delivery.EMAIL:
            required.append("email")
        for field in required:
            if field not in self.errors and not data.get(field):
                self.add_error(field, f"请填写{self.fields[field].label}")
        return data

    def mark_errors(self) -> None:
        """Tie each field's error message to its input for screen readers; the error summary
        (which takes the focus) replaces the first field's autofocus."""
        if self.errors and "unit" in self.fields:
            self.fields["unit"].widget.attrs.pop("autofocus", None)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                ids = [f"id_{name}_helptext"] if self.fields[name].help_text else []
                attrs["aria-describedby"] = " ".join([*ids, f"id_{name}_error"])
                attrs["aria-invalid"] = "true"

    def applicant(self) -> dict:
        """The keyword arguments of register_request for the applicant."""
        data = self.cleaned_data
        person = data["applicant_type"] == ApplicantType.NATURAL_PERSON
        return {
            "applicant_type": data["applicant_type"],
            "applicant_name": data["name"] if person else data["org_name"],
            "id_type": (data.get("id_type") or IdType.RESIDENT_ID) if person else "",
            "id_number": data["id_number"] if person else "",
            "credit_code": "" if person else data["credit_code"],
            "legal_representative": "" if person else data["legal_representative"],
            "contact_name": "" if person else data["contact_name"],
            "phone": data["phone"],
            "address": data["address"].strip(),
            "postal_code": data["postal_code"],
            "email": data["email"],
        }

    def application(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("description", "wanted_form", "delivery")}


class PublicApplicationForm(ApplicationForm):
    unit = UnitChoiceField(
        label="受理机关",
        queryset=Unit.unscoped.none(),
        empty_label=None,
        help_text="不清楚由哪个机关公开时，可向县人民政府提出申请",
        error_messages={"required": "请选择受理机关", "invalid_choice": "请选择受理机关"},
    )
    id_copy = _file(
        "身份证明（选填）", "身份证或营业执照等的扫描件、照片；PDF 或图片，不超过 20 MB"
    )
    captcha = _text(
        "验证码",
        max_length=10,
        required=True,
        help_text="请输入图片中的5个字符，不区分大小写",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    # A field people never see (hidden with CSS, skipped by tab and screen readers) and
    # form-filling robots fill in.
    website = forms.CharField(label="请勿填写此项", required=False, max_length=200)

    field_order = [
        "unit",
        "applicant_type",
        "name",
        "id_type",
        "id_number",
        "org_name",
        "credit_code",
        "legal_representative",
        "contact_name",
        "phone",
        "address",
        "postal_code",
        "email",
        "description",
        "wanted_form",
        "delivery",
        "id_copy",
        "captcha",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = receiving_units()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_id_copy(self):
        upload = self.cleaned_data.get("id_copy")
        check_upload(upload)
        return upload


class OfflineEntryForm(ApplicationForm):
    """The staff's one-screen entry of an application received on paper (issue #3: as fast as
    online). Identity fields are optional here (see :class:`ApplicationForm`)."""

    strict = False

    unit = UnitChoiceField(
        label="受理机关",
        queryset=Unit.unscoped.none(),
        empty_label=None,
        error_messages={
            "required": "请选择受理机关",
            "invalid_choice": "您不能为该单位登记申请",
        },
    )
    channel = forms.ChoiceField(
        label="提交渠道",
        choices=[(str(c), CHANNEL_LABELS[c]) for c in OFFLINE_CHANNELS],
        initial=str(Channel.IN_PERSON),
        widget=forms.RadioSelect,
        error_messages={"required": "请选择提交渠道", "invalid_choice": "请选择提交渠道"},
    )
    arrived_on = _date(
        "送达日期", required=True, help_text="当面提交之日，或信件、传真、邮件到达之日"
    )
    confirmed_on = _date(
        "签收或确认日期",
        required=False,
        help_text=(
            "邮寄（需签收）：填写签收日期；平常信函、传真、电子邮件：填写与申请人确认之日。"
            "暂时联系不上申请人的可留空，确认后再登记，答复期限从确认之日起算。"
        ),
    )
    evidence = _file(
        "收件凭证",
        "信封（含邮戳、签收单）或传真件的扫描件；邮寄和传真提交的必须上传",
    )
    id_copy = _file("身份证明复印件（选填）", "PDF 或图片，不超过 20 MB")
    application_scan = _file("申请书扫描件（选填）", "PDF 或图片，不超过 20 MB")
    note = _text("备注（选填）", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = [
        "unit",
        "channel",
        "arrived_on",
        "confirmed_on",
        "evidence",
        "applicant_type",
        "name",
        "id_type",
        "id_number",
        "org_name",
        "credit_code",
        "legal_representative",
        "contact_name",
        "phone",
        "address",
        "postal_code",
        "email",
        "description",
        "wanted_form",
        "delivery",
        "id_copy",
        "application_scan",
        "note",
    ]

    def __init__(self, *args, unit_ids: set[int] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = receiving_units(unit_ids)
        self.fields["unit"].widget.attrs["autofocus"] = True

    def clean(self):
        data = super().clean()
        for name in ("evidence", "id_copy", "application_scan"):
            try:
                check_upload(data.get(name))
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        channel = data.get("channel")
        arrived, confirmed = data.get("arrived_on"), data.get("confirmed_on")
        today = self.today()
        if arrived and arrived > today:
            self.add_error("arrived_on", "送达日期不能晚于今天")
        if channel == Channel.IN_PERSON:
            data["confirmed_on"] = None
        elif confirmed and arrived and confirmed < arrived:
            self.add_error("confirmed_on", "签收或确认日期不能早于送达日期")
        elif confirmed and confirmed > today:
            self.add_error("confirmed_on", "签收或确认日期不能晚于今天")
        elif channel == Channel.REGISTERED_MAIL and not confirmed:
            self.add_error(
                "confirmed_on", "邮寄（需签收）的申请须填写签收日期（《条例》第三十一条）"
            )
        missing_evidence = channel in EVIDENCE_REQUIRED and not data.get("evidence")
        if missing_evidence and "evidence" not in self.errors:
            self.add_error("evidence", "邮寄、传真提交的申请须上传信封或传真件的扫描件")
        return data
