"""Reads of the normative-document registry (staff: scoped; public: published only)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.lifecycle import Stage, Status
from gongkai.normdocs.models import NormativeDocument


def staff_documents() -> QuerySet[NormativeDocument]:
    """The registry as the active scope allows (wrap in permissions.reader_scope(user))."""
    return NormativeDocument.objects.select_related("unit")


def public_documents() -> QuerySet[NormativeDocument]:
    """Published documents, whatever their validity: expired and repealed documents stay
    public, marked (they were the basis of past decisions)."""
    return NormativeDocument.unscoped.filter(stage__in=lifecycle.PUBLIC_STAGES).select_related(
        "unit"
    )


def valid_documents() -> QuerySet[NormativeDocument]:
    """现行有效: published and still in force (有效, or 已修改 and in force as amended)."""
    return public_documents().filter(status__in=[Status.VALID, Status.AMENDED])


def filing_overdue(document: NormativeDocument, today: dt.date) -> bool:
    return (
        document.stage == Stage.PUBLISHED
        and document.filing_due is not None
        and document.filing_due < today
    )


def amendment_chain(document: NormativeDocument) -> list[NormativeDocument]:
    """The document, the ones it amends (older first), and the ones amending it (newer)."""
    older: list[NormativeDocument] = []
    seen = {document.pk}
    current = document.amends
    while current is not None and current.pk not in seen:
        older.insert(0, current)
        seen.add(current.pk)
        current = current.amends
    newer: list[NormativeDocument] = []
    frontier = [document]
    while frontier:
        following = list(
            NormativeDocument.unscoped.filter(
                amends__in=frontier, stage__in=lifecycle.PUBLIC_STAGES
            ).exclude(pk__in=seen)
        )
        seen.update(d.pk for d in following)
        newer.extend(following)
        frontier = following
    return [*older, document, *newer]
