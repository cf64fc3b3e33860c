"""The audit log is append-only: not through the model, the queryset, nor raw SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from gongkai.audit import services as audit
from gongkai.audit.models import AuditEntry, AuditImmutableError
from gongkai.audit.services import AuditOutsideTransactionError
from gongkai.units.scoping import system_scope


@pytest.fixture
def entry(county):
    with transaction.atomic():
        return audit.record(
            action="test.thing.change",
            by=county.county_admin,
            unit=county.chengguan,
            obj=county.chengguan,
            before={"a": 1},
            after={"a": 2},
        )


def test_an_entry_records_who_where_what_and_from_which_ip(county):
    from gongkai.audit.context import request_context

    with request_context(ip="10.0.0.8"), transaction.atomic():
        entry = audit.record(action="x.y.z", by=county.county_admin, unit=county.hekou)
    assert entry.actor_name == "王主任"
    assert entry.ip == "10.0.0.8"
    assert entry.unit == county.hekou


def test_recording_outside_a_transaction_is_a_programming_error(county, monkeypatch):
    # The test itself runs in a transaction; pretend it does not, as in a bare script.
    from types import SimpleNamespace

    with monkeypatch.context() as patch:
        patch.setattr(
            audit.transaction,
            "get_connection",
            lambda using=None: SimpleNamespace(in_atomic_block=False),
        )
        with pytest.raises(AuditOutsideTransactionError):
            audit.record(action="x.y.z", by=county.county_admin)


def test_model_refuses_update_and_delete(entry):
    entry.reason = "rewrite history"
    with pytest.raises(AuditImmutableError):
        entry.save()
    with pytest.raises(AuditImmutableError):
        entry.delete()


def test_queryset_refuses_update_and_delete(entry, system):
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.all().update(reason="x")
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.all().delete()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditentry SET reason = 'x'", "DELETE FROM audit_auditentry"],
)
def test_database_triggers_refuse_raw_sql(entry, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    with system_scope("check"):
        assert AuditEntry.objects.filter(pk=entry.pk, reason="").exists()


def test_units_see_only_their_own_entries(entry, county):
    from gongkai.units.selectors import scope_for_user

    with scope_for_user(county.township_editor):
        assert AuditEntry.objects.count() == 1
    with scope_for_user(county.other_reviewer):
        assert AuditEntry.objects.count() == 0
