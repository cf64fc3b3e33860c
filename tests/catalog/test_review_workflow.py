"""三审: pre-check → 初审 → 复审 → 终审, and no way around it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import TaskState, WorkflowState

from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import ItemPage
from gongkai.catalog.publishing import ReviewIncomplete
from tests.catalog.conftest import act, draft_item, publish_through_review, submit

pytestmark = pytest.mark.django_db


def news(catalogue):
    return catalogue.channel(catalogue.chengguan, "tzgg")


def test_three_approvals_publish_with_index_number(county, catalogue, system):
    item = draft_item(news(catalogue), county.township_editor)
    item = publish_through_review(item, county)
    assert item.live and item.is_public
    assert item.index_number.startswith("chengguan/")
    assert item.published_on is not None
    steps = list(
        TaskState.objects.filter(workflow_state__object_id=str(item.pk))
        .order_by("started_at")
        .values_list("task__name", "status")
    )
    assert steps == [
        ("预检", "approved"),
        ("初审", "approved"),
        ("复审", "approved"),
        ("终审", "approved"),
    ]
    actions = list(
        AuditEntry.objects.filter(object_id=str(item.pk)).values_list("action", flat=True)
    )
    for expected in ("catalog.item.submit", "catalog.item.approve", "catalog.item.publish"):
        assert expected in actions


def test_precheck_blocks_missing_metadata(county, catalogue, system):
    item = draft_item(news(catalogue), county.township_editor, topic="", genre="")
    submit(item, county.township_editor)
    state = WorkflowState.objects.get(object_id=str(item.pk))
    assert state.status == WorkflowState.STATUS_CANCELLED  # back to the editor
    rejected = TaskState.objects.get(workflow_state=state, task__name="预检")
    assert rejected.status == "rejected"
    assert "主题分类" in rejected.comment and "体裁分类" in rejected.comment


def test_policy_document_needs_number_and_validity(county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "xzgfxwj")
    item = draft_item(channel, county.township_editor, kind="policy", genre="通知")
    submit(item, county.township_editor)
    comment = TaskState.objects.get(
        task__name="预检", workflow_state__object_id=str(item.pk)
    ).comment
    assert "文号" in comment and "成文日期" in comment and "有效性" in comment


@pytest.mark.parametrize(
    "persona",
    ["other_reviewer", "dept_reviewer", "township_editor", "operator", "observer"],
)
def test_only_the_units_reviewer_can_do_first_review(county, catalogue, system, persona):
    item = draft_item(news(catalogue), county.township_editor)
    submit(item, county.township_editor)
    user = getattr(county, persona)
    item = ItemPage.objects.get(pk=item.pk)
    assert item.current_workflow_task.specific.get_actions(item, user) == []
    with pytest.raises(PermissionDenied):
        act(item, user)


def test_nobody_approves_two_steps(county, catalogue, system):
    from gongkai.units.models import Membership
    from gongkai.units.roles import Role

    # The reviewer is also made the unit's leader: they still may not do 复审 after 初审.
    Membership.unscoped.create(
        user=county.township_reviewer,
        unit=county.chengguan,
        role=Role.UNIT_LEADER,
        started_on=county.township_leader.memberships.first().started_on,
    )
    item = draft_item(news(catalogue), county.township_editor)
    submit(item, county.township_editor)
    act(item, county.township_reviewer)
    with pytest.raises(PermissionDenied):
        act(item, county.township_reviewer)


def test_submitter_cannot_review_own_item(county, catalogue, system):
    item = draft_item(news(catalogue), county.township_reviewer)
    submit(item, county.township_reviewer)
    with pytest.raises(PermissionDenied):
        act(item, county.township_reviewer)


def test_reject_needs_reason_and_returns_to_editor(county, catalogue, system):
    item = draft_item(news(catalogue), county.township_editor)
    submit(item, county.township_editor)
    act(item, county.township_reviewer)
    with pytest.raises(PermissionDenied):
        act(item, county.township_leader, "reject", comment="  ")
    act(item, county.township_leader, "reject", comment="标题有错别字")
    state = WorkflowState.objects.get(object_id=str(item.pk))
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert AuditEntry.objects.filter(action="catalog.item.reject", reason="标题有错别字").exists()
    # Resubmitted after the fix: every step again, from the pre-check.
    item = ItemPage.objects.get(pk=item.pk)
    item.title = "关于做好2026年冬季防火工作的通知（修订）"
    item.save_revision(user=county.township_editor)
    submit(item, county.township_editor)
    item = ItemPage.objects.get(pk=item.pk)
    assert item.current_workflow_task.name == "初审"


def test_edit_after_approval_needs_reapproval(county, catalogue, system):
    item = draft_item(news(catalogue), county.township_editor)
    submit(item, county.township_editor)
    act(item, county.township_reviewer)
    act(item, county.township_leader)
    # 终审 edits the text itself: the edited revision was not approved by 初审/复审.
    item = ItemPage.objects.get(pk=item.pk)
    item.summary = "终审改过的概述"
    item.save_revision(user=county.county_admin)
    act(item, county.county_admin)
    item = ItemPage.objects.get(pk=item.pk)
    assert not item.live
    assert item.current_workflow_task.name in ("预检", "初审")


def test_direct_publish_is_refused(county, catalogue, system):
    item = draft_item(news(catalogue), county.township_editor)
    revision = item.get_latest_revision()
    with pytest.raises(ReviewIncomplete):
        revision.publish(user=county.county_admin, skip_permission_checks=True)
    assert not ItemPage.objects.get(pk=item.pk).live


def test_creating_a_live_item_is_refused(county, catalogue, system):
    from gongkai.catalog.models import ItemPage as Item

    channel = news(catalogue)
    with pytest.raises(ReviewIncomplete):
        channel.add_child(
            instance=Item(title="绕过审核", live=True, topic="综合政务", genre="通知")
        )


def test_partly_reviewed_revision_cannot_be_published(county, catalogue, system):
    item = draft_item(news(catalogue), county.township_editor)
    submit(item, county.township_editor)
    act(item, county.township_reviewer)
    act(item, county.township_leader)
    with pytest.raises(ReviewIncomplete):
        item.get_latest_revision().publish(skip_permission_checks=True)


def test_index_number_is_kept_on_republish_and_never_reused(county, catalogue, system, now):
    from gongkai.catalog.services import withdraw_item

    first = publish_through_review(draft_item(news(catalogue), county.township_editor), county)
    number = first.index_number
    withdraw_item(first, by=county.township_leader, reason="信息有误", now=now)
    second = publish_through_review(
        draft_item(news(catalogue), county.township_editor, title="第二条"), county
    )
    assert second.index_number != number
    assert int(second.index_number.rsplit("-", 1)[1]) == int(number.rsplit("-", 1)[1]) + 1
    # A new revision of a published item keeps its number.
    second.summary = "更新"
    second.save_revision(user=county.township_editor)
    submit(second, county.township_editor)
    from tests.catalog.conftest import act as step

    step(second, county.township_reviewer)
    step(second, county.township_leader)
    step(second, county.county_admin)
    assert ItemPage.objects.get(pk=second.pk).index_number == second.index_number


def test_village_items_need_two_steps(county, catalogue, system):
    channel = catalogue.channel(catalogue.datong, "cwgk")
    item = draft_item(channel, county.township_editor)
    submit(item, county.township_editor)
    # 大同村 has no reviewer or leader of its own: 城关镇's review it.
    act(item, county.township_reviewer)
    act(item, county.township_leader)
    assert ItemPage.objects.get(pk=item.pk).live
