"""The unit scope: unscoped reads fail loudly; scoped reads see only the reader's units."""

from __future__ import annotations

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.units.models import Membership, Unit, User
from gongkai.units.scoping import ScopeError, activate, restricted_scope, system_scope
from gongkai.units.selectors import scope_for, scope_for_user


def names(qs) -> set[str]:
    return {u.short_name for u in qs}


def test_querying_a_scoped_model_without_a_scope_fails_loudly(county):
    with pytest.raises(ScopeError):
        list(Unit.objects.all())
    with pytest.raises(ScopeError):
        Membership.objects.count()
    with pytest.raises(ScopeError):
        AuditEntry.objects.exists()


def test_building_a_queryset_without_a_scope_is_fine_until_it_runs(county):
    qs = Unit.objects.filter(kind="township")  # e.g. a form field's choices at import time
    with scope_for_user(county.township_editor):
        assert names(qs) == {"城关镇"}


def test_a_reused_queryset_is_filtered_by_the_scope_that_evaluates_it(county):
    qs = Unit.objects.order_by("sort_order")
    with scope_for_user(county.township_editor):
        assert names(qs.all()) == {"城关镇", "大同村"}
    with scope_for_user(county.other_reviewer):
        assert names(qs.all()) == {"河口镇"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("township_editor", {"城关镇", "大同村"}),
        ("other_reviewer", {"河口镇"}),
        ("dept_reviewer", {"县发改委"}),
        ("operator", {"县数据资源局"}),
        ("county_admin", None),  # everything
        ("observer", None),  # county leaders read everything
    ],
)
def test_each_persona_sees_its_own_units(county, persona, expected):
    with scope_for_user(getattr(county, persona)):
        seen = names(Unit.objects.all())
    if expected is None:
        with system_scope("compare"):
            assert seen == names(Unit.objects.all())
    else:
        assert seen == expected


def test_anonymous_citizen_sees_no_unit(county):
    from django.contrib.auth.models import AnonymousUser

    with scope_for_user(AnonymousUser()):
        assert Unit.objects.count() == 0


def test_count_exists_values_and_subqueries_are_scoped(county):
    with scope_for_user(county.other_reviewer):
        assert Unit.objects.count() == 1
        assert not Unit.objects.filter(code="chengguan").exists()
        assert list(Unit.objects.values_list("code", flat=True)) == ["hekou"]
        # A scoped queryset used as a subquery is scoped too.
        users = User.objects.filter(memberships__unit__in=Unit.objects.values("id"))
        assert {u.username for u in users} == {"hk_reviewer"}
        # Reverse relations go through the scoped manager.
        with system_scope("fetch"):
            chengguan = Unit.objects.get(code="chengguan")
        assert chengguan.memberships.count() == 0


def test_update_and_delete_are_scoped(county):
    with scope_for_user(county.other_reviewer):
        changed = Unit.objects.update(phone="0564-0000000")
    assert changed == 1
    with system_scope("check"):
        assert Unit.objects.filter(phone="0564-0000000").count() == 1


def test_an_empty_restricted_scope_sees_nothing(county):
    with activate(restricted_scope([])):
        assert list(Unit.objects.all()) == []


def test_deactivated_staff_see_nothing(county):
    county.township_editor.is_active = False
    assert scope_for(county.township_editor).unit_ids == frozenset()
