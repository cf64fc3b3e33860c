"""The indexing task: bring one object's search entry up to date, after the commit."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from gongkai.units.scoping import system_scope


@task()
def index_object_task(kind: str, object_id: int) -> str:
    """Re-read the object and (re)index or remove it; idempotent, so a duplicate is harmless."""
    from gongkai.search.indexing import index_by_id

    with system_scope("search index update"):
        return index_by_id(kind, object_id)


def schedule_index(kind: str, object_id: int) -> None:
    """Enqueue the task once the current transaction commits (at once outside one).

    The task reads the object afresh, so several saves in one transaction index its final
    state, and a rolled-back change never reaches the index.
    """
    transaction.on_commit(lambda: index_object_task.enqueue(str(kind), int(object_id)))
