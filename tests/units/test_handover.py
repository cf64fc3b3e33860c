"""Handover (交接): everything open moves in one action; history stays."""

from __future__ import annotations

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.units.errors import NotAllowed, UnitsError
from gongkai.units.handover import hand_over, handover_provider, plan_handover
from gongkai.units.models import Membership, Unit
from gongkai.units.scoping import system_scope


def test_handover_moves_roles_and_assignments_and_keeps_history(county, today):
    Unit.unscoped.filter(pk=county.chengguan.pk).update(contact=county.township_editor)
    plan = plan_handover(county.township_editor)
    assert plan.total == 2  # the editor role and the contact assignment

    result = hand_over(
        leaver=county.township_editor,
        successor=county.other_reviewer,
        by=county.county_admin,
        today=today,
        reason="调离",
        deactivate_leaver=True,
    )

    # Other modules' providers (channels, requests, tickets) have nothing of this editor's here.
    assert {k: v for k, v in result.moved.items() if v} == {
        "units.roles": 1,
        "units.assignments": 1,
    }
    with system_scope("test"):
        old = Membership.objects.get(user=county.township_editor)
        new = Membership.objects.get(user=county.other_reviewer, unit=county.chengguan)
        entries = set(AuditEntry.objects.values_list("action", flat=True))
    assert old.ended_on == today  # history intact, not deleted
    assert new.role == "editor" and new.started_on == today
    assert Unit.unscoped.get(pk=county.chengguan.pk).contact == county.other_reviewer
    county.township_editor.refresh_from_db()
    assert not county.township_editor.is_active
    assert {"units.handover", "units.membership.grant", "units.membership.end"} <= entries


def test_handover_needs_a_reason_and_a_different_successor(county, today):
    with pytest.raises(UnitsError, match="本人"):
        hand_over(
            leaver=county.township_editor,
            successor=county.township_editor,
            by=county.county_admin,
            today=today,
            reason="x",
        )
    with pytest.raises(UnitsError, match="原因"):
        hand_over(
            leaver=county.township_editor,
            successor=county.other_reviewer,
            by=county.county_admin,
            today=today,
            reason=" ",
        )


def test_only_the_county_office_hands_over(county, today):
    with pytest.raises(NotAllowed):
        hand_over(
            leaver=county.township_editor,
            successor=county.township_reviewer,
            by=county.township_reviewer,
            today=today,
            reason="调离",
        )


def test_a_failing_provider_rolls_everything_back(county, today):
    from gongkai.units import handover as module

    @handover_provider("test.broken", "测试")
    class Broken:
        @staticmethod
        def preview(leaver):
            return []

        @staticmethod
        def apply(**kwargs):
            raise UnitsError("模块拒绝交接")

    try:
        with pytest.raises(UnitsError, match="模块拒绝交接"):
            hand_over(
                leaver=county.township_editor,
                successor=county.other_reviewer,
                by=county.county_admin,
                today=today,
                reason="调离",
            )
    finally:
        module._PROVIDERS.pop("test.broken")
    with system_scope("test"):
        assert Membership.objects.get(user=county.township_editor).ended_on is None
