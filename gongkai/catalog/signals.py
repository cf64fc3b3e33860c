"""Every review step and publication of an item goes into the audit log.

Wagtail keeps its own log (page history); the county's audit log is the one that cannot be
edited and that the 政务公开办 exports, so the same events are recorded there too, inside the
transaction that makes the change.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import (
    page_published,
    page_unpublished,
    task_approved,
    task_rejected,
    workflow_rejected,
    workflow_submitted,
)

from gongkai.audit import services as audit
from gongkai.catalog.publishing import current_actor


def _item(instance):
    from gongkai.catalog.models import ItemPage

    obj = getattr(instance, "content_object", instance)
    specific = getattr(obj, "specific", obj)
    return specific if isinstance(specific, ItemPage) else None


def _record(item, *, action: str, user, after=None, before=None, reason: str = "") -> None:
    with transaction.atomic():
        audit.record(
            action=action,
            by=user,
            unit=item.unit,
            obj=item,
            before=before,
            after=after,
            reason=reason,
            at=timezone.now(),
        )


@receiver(workflow_submitted)
def on_submitted(sender, instance, user=None, **kwargs):
    if item := _item(instance):
        _record(
            item,
            action="catalog.item.submit",
            user=user,
            after={"workflow": instance.workflow.name},
        )


@receiver(task_approved)
def on_task_approved(sender, instance, user=None, **kwargs):
    if item := _item(instance.workflow_state):
        _record(
            item,
            action="catalog.item.approve",
            user=user,
            after={"step": instance.task.name, "revision": instance.revision_id},
            reason=instance.comment or "",
        )


@receiver(task_rejected)
def on_task_rejected(sender, instance, user=None, **kwargs):
    if item := _item(instance.workflow_state):
        _record(
            item,
            action="catalog.item.reject",
            user=user,
            after={"step": instance.task.name, "revision": instance.revision_id},
            reason=instance.comment or "",
        )


@receiver(workflow_rejected)
def on_workflow_rejected(sender, instance, user=None, **kwargs):
    # A rejection at any step ends the round and returns the item to its editor; after the
    # fix the item is submitted again and every step, from the pre-check on, sees the new
    # text (the common 三审 rule: what 终审 sends back is reviewed again from 初审).
    if _item(instance):
        instance.cancel(user=user)


@receiver(page_published)
def on_published(sender, instance, revision=None, **kwargs):
    if item := _item(instance):
        _record(
            item,
            action="catalog.item.publish",
            user=current_actor(),
            after={
                "index_number": item.index_number,
                "published_on": item.published_on.isoformat() if item.published_on else None,
                "revision": getattr(revision, "pk", None),
            },
        )


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    if item := _item(instance):
        _record(item, action="catalog.item.unpublish", user=current_actor(), before={"live": True})
