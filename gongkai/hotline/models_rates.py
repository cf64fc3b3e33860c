"""Returned assignments (退单), kept for the rates (docs/hotline-metrics.md "What is counted").

The ticket row holds the facts of its *current* assignment only: a 重新派单 overwrites
``dispatched_at``, ``sign_due`` and ``sign_on_time``. The metrics count a returned assignment
against the unit that returned it, in the period of its own 派单 day, with its own signing flag
(按时签收率, 退单率), so those facts are copied here at the moment of the 退单, from the ticket
row the return transition has just saved.

The copy is made by a ``post_save`` receiver on :class:`TicketEvent` (kind ``return``), in the
same transaction as the event, because the services module belongs to another change in
flight; when the two are merged the call can move into ``services.return_ticket``.
"""

from __future__ import annotations

from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai.hotline.domain.states import EventKind
from gongkai.hotline.models import Ticket, TicketEvent, UnitScopedManager
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


@receiver(post_save, sender=TicketEvent, dispatch_uid="hotline.returned_assignment")
def keep_returned_assignment(sender, instance: TicketEvent, created: bool, raw: bool = False, **kw):
    """Copy the returning unit's assignment when a 退单 event is written (see module docstring)."""
    if raw or not created or instance.kind != EventKind.RETURN:
        return
    ticket = instance.ticket  # the locked row the transition just saved
    if ticket.handling_unit_id is None or ticket.dispatched_at is None:
        return
    ReturnedAssignment.unscoped.create(
        ticket=ticket,
        unit_id=ticket.handling_unit_id,
        dispatched_at=ticket.dispatched_at,
        sign_due=ticket.sign_due,
        signed_at=ticket.signed_at,
        sign_on_time=ticket.sign_on_time,
        returned_at=instance.at,
    )
