from __future__ import annotations

import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.units.codes import is_valid_org_code, uscc_error
from gongkai.units.roles import ROLE_LABELS, Role
from gongkai.units.scoping import ScopedManager, ScopedModel


class UnitManager(ScopedManager):
    scope_field = "id"


class MembershipManager(ScopedManager):
    scope_field = "unit_id"


class User(AbstractUser):
    """A member of staff (citizens do not log in to the admin)."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    work_phone = models.CharField(_("办公电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class UnitKind(models.TextChoices):
    COUNTY_GOVERNMENT = "county_government", _("县人民政府")
    COUNTY_OFFICE = "county_office", _("县政府办公室（政务公开办）")
    DEPARTMENT = "department", _("县直部门")
    TOWNSHIP = "township", _("乡镇")
    PUBLIC_ENTERPRISE = "public_enterprise", _("公共企事业单位")
    VILLAGE = "village", _("村（社区）")


COUNTY_LEVEL_KINDS = frozenset({UnitKind.COUNTY_GOVERNMENT, UnitKind.COUNTY_OFFICE})


class Sector(models.TextChoices):
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("卫生健康")
    WATER = "water", _("供水")
    POWER = "power", _("供电")
    GAS = "gas", _("供气")
    TRANSPORT = "transport", _("公共交通")
    ENVIRONMENT = "environment", _("环保")
    OTHER = "other", _("其他")


def validate_credit_code(value: str) -> None:
    error = uscc_error(value)
    if error:
        raise ValidationError(error)


def validate_agency_code(value: str) -> None:
    if not re.fullmatch(r"[\u4e00-\u9fff]{1,8}", value or ""):
        raise ValidationError(_("机关代字应为1至8个汉字，如“霍政”“霍发改”"))


def validate_org_code(value: str) -> None:
    if not is_valid_org_code(value):
        raise ValidationError(_("组织机构代码无效（9位，末位为校验码）"))


class Unit(ScopedModel):
    """A body that publishes or answers: county government, office, department, township…"""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("单位类型"), max_length=32, choices=UnitKind.choices)
    sector = models.CharField(
        _("行业"),
        max_length=32,
        choices=Sector.choices,
        blank=True,
        help_text=_("仅公共企事业单位填写"),
    )
    name = models.CharField(_("单位全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50)
    code = models.SlugField(
        _("单位编码"),
        max_length=40,
        unique=True,
        help_text=_("系统内部编码（字母、数字、连字符），用于命令行和导入导出"),
    )
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    org_code = models.CharField(
        _("组织机构代码"),
        max_length=9,
        blank=True,
        validators=[validate_org_code],
        help_text=_("索引号前缀：未设置统一社会信用代码时使用"),
    )
    agency_code = models.CharField(
        _("机关代字"),
        max_length=8,
        blank=True,
        validators=[validate_agency_code],
        help_text=_(
            "发文字号中的机关代字，如“霍政”“霍发改”；依申请公开答复书编为“霍发改公开〔2026〕3号”"
        ),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮编"), max_length=6, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    leader = models.ForeignKey(
        User,
        verbose_name=_("单位负责人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_units",
    )
    contact = models.ForeignKey(
        User,
        verbose_name=_("联系人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_units",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitManager()
    unscoped = models.Manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["sort_order", "name"]
        base_manager_name = "unscoped"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="public_enterprise") | Q(sector=""),
                name="unit_sector_only_for_public_enterprise",
                violation_error_message=_("只有公共企事业单位填写行业"),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="unit_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def index_code(self) -> str:
        """Prefix of this unit's 索引号."""
        return self.credit_code or self.org_code or self.code

    @property
    def is_county_level(self) -> bool:
        return self.kind in COUNTY_LEVEL_KINDS


class Membership(ScopedModel):
    """A person holding a role in a unit since a date; ended, never deleted (roster history)."""

    user = models.ForeignKey(
        User, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("角色"), max_length=32, choices=[(r.value, ROLE_LABELS[r]) for r in Role]
    )
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.CharField(_("离任原因"), max_length=200, blank=True)

    objects = MembershipManager()
    unscoped = models.Manager()

    class Meta:
        verbose_name = _("角色任职")
        verbose_name_plural = _("角色任职")
        ordering = ["unit__sort_order", "role", "started_on"]
        base_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_active_role_per_unit",
                violation_error_message=_("此人已在该单位担任此角色"),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
                violation_error_message=_("离任日期不能早于任职日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit.short_name} · {self.role_label}"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[Role(self.role)]

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
