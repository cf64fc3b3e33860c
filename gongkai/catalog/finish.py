"""WAGTAIL_FINISH_WORKFLOW_ACTION (imported by wagtail.models while it loads: no model imports
at module level)."""

from __future__ import annotations


def finish_review(workflow_state, user=None) -> None:
    """Publish the revision that every step approved.

    Nobody holds Wagtail's publish permission on the catalogue, so the permission check is
    skipped here; the guard in gongkai.catalog.publishing.before_item_save() checks the
    approvals instead.
    """
    from gongkai.catalog.publishing import acting_user

    revision = workflow_state.current_task_state.revision
    with acting_user(user):
        revision.publish(user=user, skip_permission_checks=True)
