"""协办: a unit asked to contribute to a case (issue #3: "units can be asked to contribute; the
case stays answered by the body that received it").

The receiving body (or its handling unit) asks another unit for information or an opinion by a
date; the contributing unit answers, or the asker withdraws the request. The contributing
unit's answer is material for the reply, never the reply itself (《条例》第四条、第三十六条: the
body that received the application answers it). Asking is not a consultation under Arts. 32 and
34 and does not pause the statutory clock — that is what 征求意见 in the clock ledger is for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Protocol

__all__ = [
    "ANSWERED",
    "ASKED",
    "DEFAULT_WORKDAYS",
    "STATE_LABELS",
    "TRANSITIONS",
    "ContributionError",
    "ContributionState",
    "Reminder",
    "check_due",
    "check_transition",
    "default_due",
    "due_reminder",
]


class ContributionState(StrEnum):
    ASKED = "asked"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


ASKED, ANSWERED = ContributionState.ASKED, ContributionState.ANSWERED

STATE_LABELS: Final = {
    ContributionState.ASKED: "待协办单位答复",
    ContributionState.ANSWERED: "已答复",
    ContributionState.WITHDRAWN: "已撤回",
}

# The one table of allowed moves; an answered or withdrawn request is final (a new question
# is a new request, so the ledger of who said what stays intact).
TRANSITIONS: Final[frozenset[tuple[ContributionState, ContributionState]]] = frozenset(
    {
        (ContributionState.ASKED, ContributionState.ANSWERED),
        (ContributionState.ASKED, ContributionState.WITHDRAWN),
    }
)

# Five working days by default: a quarter of the statutory 20, leaving the handler time to
# draft, approve and deliver the reply letter (Art. 33).
DEFAULT_WORKDAYS: Final = 5
# The contribution must come back at least this many working days before the reply is due.
MARGIN_WORKDAYS: Final = 2


class ContributionError(ValueError):
    """A refused 协办 step, with a Chinese message for the user."""


class Workdays(Protocol):
    def add_workdays(self, start: dt.date, n: int) -> dt.date: ...

    def workdays_between(self, start: dt.date, end: dt.date) -> int: ...


def check_transition(current: str, target: ContributionState) -> None:
    try:
        state = ContributionState(current)
    except ValueError as exc:
        raise ContributionError(f"协办状态“{current}”无法识别") from exc
    if (state, target) not in TRANSITIONS:
        raise ContributionError(
            f"协办请求{STATE_LABELS[state]}，不能再{'答复' if target == ANSWERED else '撤回'}"
        )


def _latest_due(case_due: dt.date | None, calendar: Workdays, today: dt.date) -> dt.date | None:
    """The last acceptable contribution date: MARGIN_WORKDAYS before the reply is due."""
    if case_due is None:
        return None
    latest = case_due
    for _ in range(MARGIN_WORKDAYS):
        latest -= dt.timedelta(days=1)
        while calendar.workdays_between(latest - dt.timedelta(days=1), latest) == 0:
            latest -= dt.timedelta(days=1)
    return max(latest, today)


def default_due(
    *, today: dt.date, case_due: dt.date | None, internal_due: dt.date | None, calendar: Workdays
) -> dt.date:
    """The date offered on the form: DEFAULT_WORKDAYS working days from today, brought forward
    to the handling unit's internal deadline and to MARGIN_WORKDAYS before the reply is due."""
    due = calendar.add_workdays(today, DEFAULT_WORKDAYS)
    for limit in (internal_due, _latest_due(case_due, calendar, today)):
        if limit is not None and limit >= today:
            due = min(due, limit)
    return due


def check_due(
    due: dt.date, *, today: dt.date, case_due: dt.date | None, calendar: Workdays
) -> None:
    """Refuse a date in the past or one that leaves no time to reply after the answer."""
    if due < today:
        raise ContributionError("协办期限不能早于今天")
    latest = _latest_due(case_due, calendar, today)
    if latest is not None and due > latest:
        raise ContributionError(
            f"协办期限最迟为{latest:%Y年%-m月%-d日}：应在法定答复期限（{case_due:%Y年%-m月%-d日}）"
            f"前至少{MARGIN_WORKDAYS}个工作日，以留出起草、审核和送达答复书的时间"
        )


@dataclass(frozen=True, slots=True)
class Reminder:
    key: str  # part of the notice's dedupe key
    label: str


def due_reminder(*, due: dt.date, today: dt.date, calendar: Workdays) -> Reminder | None:
    """Remind the contributing unit one working day before its date and once it has passed."""
    if today > due:
        return Reminder("overdue", "已超过协办期限")
    if calendar.workdays_between(today, due) <= 1:
        return Reminder("d1", "协办期限将至")
    return None
