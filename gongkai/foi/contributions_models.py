"""协办: units asked to contribute to a case (gongkai/foi/domain/contributions.py).

Imported at the end of gongkai/foi/models.py so Django registers the model in the ``foi`` app.
A request is readable by the case's receiving unit, its handling unit and the contributing
unit (the unit must see what it is asked about); writes are decided by
gongkai/foi/permissions.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.foi.domain.contributions import STATE_LABELS, ContributionState
from gongkai.foi.models import EitherUnitScopedManager, FoiRequest, _choices
from gongkai.units.models import Unit
from gongkai.units.scoping import ScopedModel

ASKED, ANSWERED = str(ContributionState.ASKED), str(ContributionState.ANSWERED)


class ContributionScopedManager(EitherUnitScopedManager):
    scope_fields = ("unit_id", "request__unit_id", "request__handling_unit_id")


class FoiContribution(ScopedModel):
    request = models.ForeignKey(
        FoiRequest, verbose_name="申请", on_delete=models.PROTECT, related_name="contributions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="协办单位", on_delete=models.PROTECT, related_name="foi_contributions"
    )
    question = models.TextField("协办事项")
    due_on = models.DateField("协办期限")
    state = models.CharField("状态", max_length=16, choices=_choices(STATE_LABELS), default=ASKED)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField("发起时间")
    answer = models.TextField("协办意见", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回原因", max_length=200, blank=True)

    objects = ContributionScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "协办请求"
        verbose_name_plural = "协办请求"
        ordering = ["request", "pk"]
        indexes = [
            # The case scope asks "which cases does this unit contribute to" (models.py).
            models.Index(fields=["unit", "request"], name="foi_contribution_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[str(s) for s in ContributionState]),
                name="foi_contribution_state_known",
            ),
            models.CheckConstraint(
                condition=(Q(state=ANSWERED) & Q(answered_at__isnull=False) & ~Q(answer=""))
                | (~Q(state=ANSWERED) & Q(answered_at__isnull=True)),
                name="foi_contribution_answer_iff_answered",
            ),
            # One open question per unit and case: ask again only after an answer or withdrawal.
            models.UniqueConstraint(
                fields=["request", "unit"],
                condition=Q(state=ASKED),
                name="foi_contribution_one_open_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} 协办 {self.request}"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[ContributionState(self.state)]
