from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.units.models import Unit, User
from gongkai.units.roles import ROLE_LABELS, Role

ROLE_CHOICES = [(r.value, ROLE_LABELS[r]) for r in Role]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name}（{obj.username}）"


def active_staff():
    return User.objects.filter(is_active=True, is_staff=True).order_by("full_name", "username")


class GrantRoleForm(forms.Form):
    user = StaffChoiceField(label=_("人员"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("角色"), choices=ROLE_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = active_staff()


class EndRoleForm(forms.Form):
    reason = forms.CharField(label=_("解除原因"), max_length=200)


class StaffCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("登录名"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        error_messages={"invalid": _("登录名只能包含字母、数字和 _ . @ + -")},
    )
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    work_phone = forms.CharField(label=_("办公电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    unit = forms.ModelChoiceField(label=_("所在单位"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("角色"), choices=ROLE_CHOICES)
    password = forms.CharField(
        label=_("初始密码"), widget=forms.PasswordInput, min_length=8, strip=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True)

    def clean_password(self):
        from django.contrib.auth.password_validation import validate_password

        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class HandoverForm(forms.Form):
    successor = StaffChoiceField(label=_("接手人"), queryset=User.objects.none())
    reason = forms.CharField(label=_("交接原因"), max_length=200, help_text=_("如：调离、退休"))
    deactivate_leaver = forms.BooleanField(label=_("交接后停用移交人账号"), required=False)

    def __init__(self, *args, leaver: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = active_staff().exclude(pk=leaver.pk)
