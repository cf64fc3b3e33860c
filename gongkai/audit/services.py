"""The audit service every module uses to record a state change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from gongkai.audit.context import client_ip
from gongkai.audit.models import AuditEntry


class AuditOutsideTransactionError(RuntimeError):
    pass


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """JSON-friendly values of `fields` (foreign keys as ids) for before/after records."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        data[name] = value
    return data


def record(
    *,
    action: str,
    by,
    unit=None,
    obj: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Write one audit entry. Must run inside the transaction that makes the change."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransactionError(
            "audit.record() must be called inside the transaction that makes the change"
        )
    actor = by if getattr(by, "pk", None) else None
    entry = AuditEntry(
        at=at or timezone.now(),
        actor=actor,
        actor_name=(actor.display_name if actor else str(by or "系统")),
        unit=unit,
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        reason=reason,
        ip=client_ip(),
    )
    entry.save()
    return entry
