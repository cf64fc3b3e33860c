"""Units, staff and role services: guards, database constraints and audit entries."""

from __future__ import annotations

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.units import services
from gongkai.units.errors import NotAllowed, UnitsError
from gongkai.units.models import Membership, Unit, UnitKind
from gongkai.units.roles import Role
from gongkai.units.scoping import system_scope


def audit_actions(**filters) -> list[str]:
    with system_scope("test"):
        return list(AuditEntry.objects.filter(**filters).values_list("action", flat=True))


def test_county_admin_creates_a_unit_and_it_is_audited(county, now):
    unit = services.create_unit(
        by=county.county_admin,
        now=now,
        parent=county.government,
        kind=UnitKind.TOWNSHIP,
        name="霍邱县周集镇人民政府",
        short_name="周集镇",
        code="zhouji",
    )
    assert unit.pk
    with system_scope("test"):
        entry = AuditEntry.objects.get(action="units.unit.create")
    assert entry.unit == unit
    assert entry.actor == county.county_admin
    assert entry.after["name"] == "霍邱县周集镇人民政府"


@pytest.mark.parametrize("persona", ["township_editor", "dept_reviewer", "observer", "operator"])
def test_only_the_county_office_manages_units(county, now, persona):
    with pytest.raises(NotAllowed):
        services.update_unit(county.chengguan, by=getattr(county, persona), now=now, phone="1")


def test_a_unit_cannot_be_moved_under_its_own_descendant(county, now):
    with pytest.raises(UnitsError, match="下级单位"):
        services.update_unit(
            county.chengguan, by=county.county_admin, now=now, parent=county.datong
        )
    county.chengguan.refresh_from_db()
    assert county.chengguan.parent == county.government


def test_bad_credit_code_is_refused_with_a_chinese_message(county, now):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        services.update_unit(
            county.chengguan, by=county.county_admin, now=now, credit_code="11341522MB0000001"
        )
    assert "统一社会信用代码" in str(info.value)


def test_update_records_only_what_changed(county, now):
    services.update_unit(county.hekou, by=county.county_admin, now=now, phone="0564-6001234")
    with system_scope("test"):
        entry = AuditEntry.objects.get(action="units.unit.update")
    assert entry.before == {"phone": ""}
    assert entry.after == {"phone": "0564-6001234"}


def test_granting_a_role_twice_is_refused(county, today):
    with pytest.raises(UnitsError, match="已在城关镇担任经办人"):
        services.grant_role(
            user=county.township_editor,
            unit=county.chengguan,
            role=Role.EDITOR,
            by=county.county_admin,
            today=today,
        )


def test_county_admin_role_only_in_the_county_office(county, today):
    with pytest.raises(UnitsError, match="政务公开办"):
        services.grant_role(
            user=county.township_editor,
            unit=county.chengguan,
            role=Role.COUNTY_ADMIN,
            by=county.county_admin,
            today=today,
        )


def test_ending_a_role_keeps_the_history_and_updates_groups(county, today):
    with system_scope("test"):
        membership = Membership.objects.get(user=county.township_editor)
    services.end_role(membership, by=county.county_admin, today=today, reason="调离")
    membership.refresh_from_db()
    assert membership.ended_on == today
    assert membership.end_reason == "调离"
    assert not county.township_editor.groups.filter(name="经办人").exists()
    assert audit_actions(action="units.membership.end") == ["units.membership.end"]
    with pytest.raises(UnitsError, match="已解除"):
        services.end_role(membership, by=county.county_admin, today=today, reason="again")


def test_create_staff_grants_the_first_role(county, today):
    user = services.create_staff(
        by=county.county_admin,
        username="new_editor",
        full_name="新经办",
        password="a-Strong-pass-2026",
        unit=county.hekou,
        role=Role.EDITOR,
        today=today,
    )
    assert user.check_password("a-Strong-pass-2026")
    assert user.groups.filter(name="经办人").exists()
    with system_scope("test"):
        assert Membership.objects.filter(user=user, unit=county.hekou).count() == 1
    with pytest.raises(UnitsError, match="已被使用"):
        services.create_staff(
            by=county.county_admin,
            username="new_editor",
            full_name="重名",
            password="a-Strong-pass-2026",
            unit=county.hekou,
            role=Role.EDITOR,
            today=today,
        )


def test_sector_only_for_public_enterprises_is_a_database_constraint(county):
    from django.db import IntegrityError, transaction

    with transaction.atomic(), pytest.raises(IntegrityError):
        Unit.unscoped.filter(pk=county.hekou.pk).update(sector="education")
