"""When to remind about a reply deadline (issue #3: "Reminders to the handler and the county
office 5 and 2 working days before the due date and when overdue").

A reminder is keyed on the due date it is about, so an extension or a pause that moves the due
date gives fresh reminders; a job that did not run on the exact day still sends the reminder of
the threshold reached (only the most urgent one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["REMINDER_DAYS", "Reminder", "due_reminder"]

REMINDER_DAYS: Final = (5, 2)


@dataclass(frozen=True, slots=True)
class Reminder:
    key: str  # part of the notice's dedupe key
    label: str


OVERDUE: Final = Reminder("overdue", "已超过答复期限")


def due_reminder(days_left: int | None) -> Reminder | None:
    """The reminder due for a running clock with ``days_left`` working days (None: paused)."""
    if days_left is None:
        return None
    if days_left < 0:
        return OVERDUE
    for days in sorted(REMINDER_DAYS):
        if days_left <= days:
            return Reminder(f"d{days}", f"答复期限{days}个工作日内到期")
    return None
