"""Returned assignments (退单), kept for the rates (docs/hotline-metrics.md "What is counted").

The ticket row holds the facts of its *current* assignment only: a 重新派单 overwrites
``dispatched_at``, ``sign_due`` and ``sign_on_time``. The metrics count a returned assignment
against the unit that returned it, in the period of its own 派单 day, with its own signing flag
(按时签收率, 退单率), so those facts are copied here at the moment of the 退单, from the ticket
row, by ``services.return_ticket`` in the transaction of the 退单 itself.
"""

from __future__ import annotations

from django.db import models

from gongkai.hotline.models import Ticket, UnitScopedManager
from gongkai.units.models import Unit
from gongkai.units.scoping import ScopedModel


class ReturnedAssignment(ScopedModel):
    """One 退单: the returning unit's assignment as it stood when it gave the ticket back."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="returned_assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="退单单位", on_delete=models.PROTECT, related_name="+"
    )
    dispatched_at = models.DateTimeField("派单时间")
    sign_due = models.DateTimeField("签收期限", null=True, blank=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    sign_on_time = models.BooleanField("按时签收", null=True, blank=True)
    returned_at = models.DateTimeField("退单时间")

    objects = UnitScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = "退单记录"
        verbose_name_plural = "退单记录"
        ordering = ["ticket", "returned_at", "pk"]
        indexes = [models.Index(fields=["dispatched_at"], name="hl_returned_dispatched")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(returned_at__gte=models.F("dispatched_at")),
                name="hl_returned_after_dispatch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}:{self.unit_id}@{self.returned_at:%Y-%m-%d}"
