"""协办 rules without a database: the transitions table, the due date offered and accepted,
and when the contributing unit is reminded (real 2026 calendar: 2026-10-01..07 National Day)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.foi.domain.contributions import (
    TRANSITIONS,
    ContributionError,
    ContributionState,
    check_due,
    check_transition,
    default_due,
    due_reminder,
)
from gongkai.workdays.domain.engine import WorkCalendar
from tests.workdays.test_engine import HAND_ARRANGEMENTS

CAL = WorkCalendar(HAND_ARRANGEMENTS)
D = date
S = ContributionState


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.ASKED, S.ANSWERED, True),
        (S.ASKED, S.WITHDRAWN, True),
        (S.ANSWERED, S.ANSWERED, False),
        (S.ANSWERED, S.WITHDRAWN, False),
        (S.WITHDRAWN, S.ANSWERED, False),
        (S.WITHDRAWN, S.WITHDRAWN, False),
    ],
)
def test_transitions_table(current, target, allowed):
    assert ((current, target) in TRANSITIONS) is allowed
    if allowed:
        check_transition(str(current), target)
    else:
        with pytest.raises(ContributionError, match="不能再"):
            check_transition(str(current), target)


def test_unknown_state_is_refused_in_chinese():
    with pytest.raises(ContributionError, match="无法识别"):
        check_transition("lost", S.ANSWERED)


@pytest.mark.parametrize(
    ("today", "case_due", "internal_due", "expected"),
    [
        # Thursday + 5 working days = next Thursday; the reply is due much later.
        (D(2026, 11, 26), D(2026, 12, 18), None, D(2026, 12, 3)),
        # The handling unit's internal deadline comes first.
        (D(2026, 11, 26), D(2026, 12, 18), D(2026, 12, 1), D(2026, 12, 1)),
        # Two working days before a Tuesday due date is the Friday before.
        (D(2026, 11, 26), D(2026, 12, 1), None, D(2026, 11, 27)),
        # Across the National Day holiday (10-01..07): 5 working days from 2026-09-29 are
        # 09-30, 10-08, 10-09, 10-10 (a Saturday make-up working day) and 10-12.
        (D(2026, 9, 29), None, None, D(2026, 10, 12)),
        # A clock already too short: never a date in the past.
        (D(2026, 11, 26), D(2026, 11, 27), None, D(2026, 11, 26)),
    ],
)
def test_default_due(today, case_due, internal_due, expected):
    got = default_due(today=today, case_due=case_due, internal_due=internal_due, calendar=CAL)
    assert got == expected


@pytest.mark.parametrize(
    ("due", "case_due", "message"),
    [
        (D(2026, 11, 25), D(2026, 12, 18), "不能早于今天"),
        (D(2026, 12, 17), D(2026, 12, 18), "最迟为2026年12月16日"),
        (D(2026, 12, 18), D(2026, 12, 18), "至少2个工作日"),
    ],
)
def test_check_due_refuses(due, case_due, message):
    with pytest.raises(ContributionError, match=message):
        check_due(due, today=D(2026, 11, 26), case_due=case_due, calendar=CAL)


@pytest.mark.parametrize(
    ("due", "case_due"),
    [(D(2026, 11, 26), D(2026, 12, 18)), (D(2026, 12, 16), D(2026, 12, 18)), (D(2027, 1, 4), None)],
)
def test_check_due_accepts(due, case_due):
    check_due(due, today=D(2026, 11, 26), case_due=case_due, calendar=CAL)


@pytest.mark.parametrize(
    ("today", "due", "key"),
    [
        (D(2026, 11, 26), D(2026, 12, 3), None),
        (D(2026, 12, 2), D(2026, 12, 3), "d1"),
        (D(2026, 12, 3), D(2026, 12, 3), "d1"),
        # Friday before a Monday due date: one working day left.
        (D(2026, 11, 27), D(2026, 11, 30), "d1"),
        (D(2026, 12, 4), D(2026, 12, 3), "overdue"),
    ],
)
def test_due_reminder(today, due, key):
    reminder = due_reminder(due=due, today=today, calendar=CAL)
    assert (reminder.key if reminder else None) == key
