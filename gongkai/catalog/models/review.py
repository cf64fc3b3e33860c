"""三审 workflow tasks: an automatic pre-check and one review task type resolved per unit.

Reviewers are not Wagtail groups: each ReviewTask names a *kind* of approver (the item's unit
reviewer, its leader, or the county office), and the people are looked up from the unit's
roster when the item reaches the step. A county with 70 units therefore needs one workflow,
not 200 groups, and a staff change takes effect on the next review without anyone editing a
workflow.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from gongkai.catalog import approvers


class RejectForm(forms.Form):
    comment = forms.CharField(
        label=_("退回原因"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
        max_length=1000,
        error_messages={"required": _("请填写退回原因，编辑需要据此修改")},
    )


class ApproveCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class PreCheckTask(Task):
    """预检: machine checks run when the item is submitted; blocking findings send it back."""

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("预检（自动检查）")
        verbose_name_plural = _("预检（自动检查）")

    @classmethod
    def get_description(cls):
        return _("提交审核时自动检查必填元数据及内容质量，发现阻断性问题即退回编辑")

    def start(self, workflow_state, user=None):
        from gongkai.catalog.prechecks import format_findings, run_prechecks

        task_state = super().start(workflow_state, user=user)
        page = workflow_state.content_object.specific
        item = page.get_latest_revision_as_object()
        findings = run_prechecks(item)
        comment = format_findings(findings)
        if any(f.blocking for f in findings):
            task_state.reject(user=None, update=False, comment=comment)
        else:
            task_state.approve(user=None, update=False, comment=comment or "预检通过")
        return task_state

    def get_actions(self, obj, user):
        return []  # nobody acts on an automatic step

    def locked_for_user(self, obj, user):
        return False


class ReviewTask(Task):
    """初审 / 复审 / 终审: approved by whoever holds the named role for the item's unit."""

    approver = models.CharField(_("审核人"), max_length=20, choices=approvers.Approver.choices)

    admin_form_fields = [*Task.admin_form_fields, "approver"]

    class Meta:
        verbose_name = _("单位角色审核")
        verbose_name_plural = _("单位角色审核")

    @classmethod
    def get_description(cls):
        return _("按信息所属单位确定审核人：本单位审核人、本单位负责人或县政务公开办")

    # -------------------------------------------------------------- who may act

    def user_can_review(self, obj, user, workflow_state=None) -> bool:
        if not (user and user.is_authenticated and user.is_active):
            return False
        item = obj.specific
        if not approvers.holds(user, self.approver, item.unit):
            return False
        # Four eyes: nobody reviews what they submitted, and nobody approves two steps of the
        # same round (the 三审 is meant to be three people).
        state = workflow_state or item.current_workflow_state
        if state is None:
            return True
        if state.requested_by_id == user.pk:
            return False
        # Approvals count for the revision under review only: after an edit the same people
        # review the new text again, each at their own step.
        return not (
            state.task_states.filter(
                status=TaskState.STATUS_APPROVED,
                finished_by=user,
                revision_id=item.latest_revision_id,
            )
            .exclude(task_id=self.pk)
            .exists()
        )

    def user_can_access_editor(self, obj, user):
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj, user):
        # While an item is at a review step only that step's reviewers may change it.
        return not self.user_can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_review(obj, user)

    def get_actions(self, obj, user):
        if not self.user_can_review(obj, user):
            return []
        return [
            ("reject", _("退回修改"), True),
            ("approve", _("审核通过"), False),
            ("approve", _("通过并填写意见"), True),
        ]

    def get_form_for_action(self, action):
        return RejectForm if action == "reject" else ApproveCommentForm

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        # Re-check here: the action menu is only a view; this is the guard.
        if not self.user_can_review(task_state.workflow_state.content_object, user):
            raise PermissionDenied("当前用户不是本审核环节的审核人")
        if action_name == "reject" and not (kwargs.get("comment") or "").strip():
            raise PermissionDenied("退回必须填写原因")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from gongkai.catalog.models.pages import ItemPage

        units = approvers.units_reviewed_by(user, self.approver)
        if not units:
            return TaskState.objects.none()
        states = TaskState.objects.filter(task=self, status=TaskState.STATUS_IN_PROGRESS)
        object_ids = list(states.values_list("workflow_state__object_id", flat=True))
        page_ids = ItemPage.objects.filter(
            pk__in=[int(i) for i in object_ids], unit_id__in=units
        ).values_list("pk", flat=True)
        return states.filter(workflow_state__object_id__in=[str(i) for i in page_ids])
