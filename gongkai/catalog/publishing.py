"""The publication guard: no item goes live without a complete 三审 of the exact revision.

Wagtail can publish through many doors (the editor's publish button, bulk actions, the
scheduler, `revision.publish()` in code, page copy with "keep live"). Hooks only cover the
editor views, so the rule lives where every door ends: `ItemPage.save()`. When a save would
make an item live, or change the revision that is live, the revision must carry an approved
task state for every task of an approved workflow round. The only exception is an explicit,
audited migration context (importing a site's existing, already public items).

At the same moment the item gets its 索引号 and 发布日期 (first publication only).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from gongkai.catalog.domain.index_numbers import DEFAULT_PATTERN, IndexPattern
from gongkai.catalog.models.records import IndexSequence
from gongkai.units.models import Unit


class ReviewIncomplete(PermissionDenied):
    """Raised when something tries to publish an item that has not passed every review step."""


_exemption: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "publication_exemption", default=None
)


@contextlib.contextmanager
def publication_exemption(reason: str) -> Iterator[None]:
    """Publish without review *only* for migrated items that are already public elsewhere.

    The caller records the migration in the audit log; the reason names the source.
    """
    if not reason:
        raise ValueError("a publication exemption needs a reason")
    token = _exemption.set(reason)
    try:
        yield
    finally:
        _exemption.reset(token)


def review_gaps(item, revision_id: int | None) -> list[str]:
    """Why `revision_id` of `item` may not be published (empty list: it may)."""
    if revision_id is None:
        return ["该信息没有经过审核的版本"]
    from gongkai.catalog.models.review import PreCheckTask, ReviewTask

    states = (
        WorkflowState.objects.for_instance(item)
        .filter(status=WorkflowState.STATUS_APPROVED)
        .select_related("workflow")
    )
    best: list[str] | None = None
    for state in states:
        tasks = list(state.workflow.tasks.specific())
        approved = set(
            TaskState.objects.filter(
                workflow_state=state, revision_id=revision_id, status=TaskState.STATUS_APPROVED
            ).values_list("task_id", flat=True)
        )
        gaps = [f"“{t.name}”未通过" for t in tasks if t.pk not in approved]
        if not any(isinstance(t, PreCheckTask) for t in tasks):
            gaps.append("审核流程缺少预检环节")
        if sum(isinstance(t, ReviewTask) for t in tasks) < 2:
            gaps.append("审核流程至少需要两级人工审核")
        if not gaps:
            return []
        if best is None or len(gaps) < len(best):
            best = gaps
    return best or ["该版本未完成三审流程"]


def before_item_save(item) -> None:
    """Called by ItemPage.save(): keep derived fields right and refuse unreviewed publication."""
    from gongkai.catalog.models.pages import ItemPage

    stored = (
        ItemPage.objects.filter(pk=item.pk)
        .values("live", "live_revision_id", "index_number", "published_on")
        .first()
        if item.pk
        else None
    )
    if stored and stored["index_number"]:
        item.index_number = stored["index_number"]  # never changed once given
    item.is_public = bool(item.live)
    becoming_live = item.live and (
        stored is None or not stored["live"] or stored["live_revision_id"] != item.live_revision_id
    )
    if not becoming_live:
        return
    if _exemption.get() is None:
        gaps = review_gaps(item, item.live_revision_id)
        if gaps:
            raise ReviewIncomplete("未完成三审，不能发布：" + "；".join(gaps))
    if not item.published_on:
        item.published_on = timezone.localdate()
    if not item.index_number:
        item.index_number = allocate_index_number(unit=item.unit, published_on=item.published_on)


def _pattern_for(unit: Unit) -> IndexPattern:
    from gongkai.catalog.models.pages import UnitCatalogPage

    text = UnitCatalogPage.objects.filter(unit=unit).values_list("index_pattern", flat=True).first()
    return IndexPattern.parse(text or DEFAULT_PATTERN)


def allocate_index_number(*, unit: Unit, published_on: dt.date) -> str:
    """Take the next 索引号 for `unit` (row-locked counter; unique constraint as the backstop)."""
    from gongkai.catalog.models.pages import ItemPage

    pattern = _pattern_for(unit)
    scope = pattern.sequence_scope(published_on)
    with transaction.atomic():
        try:
            with transaction.atomic():
                counter, _ = IndexSequence.objects.select_for_update().get_or_create(
                    unit=unit, scope=scope
                )
        except IntegrityError:  # another transaction created the counter first
            counter = IndexSequence.objects.select_for_update().get(unit=unit, scope=scope)
        while True:
            counter.last_value += 1
            number = pattern.render(
                code=unit.code,
                uscc=unit.credit_code or None,
                org=unit.org_code or None,
                published_on=published_on,
                seq=counter.last_value,
            )
            # Numbers imported from the old site may already occupy part of the range.
            if not ItemPage.objects.filter(index_number=number).exists():
                break
        counter.save(update_fields=["last_value"])
    return number


_acting: contextvars.ContextVar[object | None] = contextvars.ContextVar(
    "publishing_actor", default=None
)


@contextlib.contextmanager
def acting_user(user) -> Iterator[None]:
    """Who the audit log names for publications inside this block (the signal has no user)."""
    token = _acting.set(user)
    try:
        yield
    finally:
        _acting.reset(token)


def current_actor():
    return _acting.get()
