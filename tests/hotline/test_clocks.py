"""Hotline clocks on the real 2026 calendar (国庆 10-01..07, make-up Saturday 10-10), no database.

The calendar is built from the hand-entered State Council notices, as in tests/workdays and
tests/foi. Limits: issue #6 (urgent 当日, 咨询 3, others 10 working days) and the defaults of
:data:`gongkai.hotline.domain.clocks.DEFAULT_POLICY`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.hotline.domain.clocks import (
    DEFAULT_POLICY,
    SHANGHAI,
    ClockPolicy,
    Limit,
    Risk,
    check_next,
    compute_clock,
    deadline,
)
from gongkai.hotline.domain.states import (
    Category,
    Event,
    EventKind,
    Satisfaction,
    State,
    TransitionError,
)
from gongkai.workdays.domain.engine import WorkCalendar
from tests.workdays.test_engine import HAND_ARRANGEMENTS

CAL = WorkCalendar(HAND_ARRANGEMENTS)
K = EventKind


def t(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def close(month: int, day: int) -> datetime:
    return t(month, day, 17, 30)


def accept(at: datetime, category: Category = Category.COMPLAINT, urgent: bool = False) -> Event:
    return Event(K.ACCEPT, at, category=category, urgent=urgent)


def dispatch(at: datetime, unit: str = "住建局") -> Event:
    return Event(K.DISPATCH, at, unit=unit)


def ev(kind: EventKind, at: datetime, **kw: object) -> Event:
    return Event(kind, at, **kw)  # type: ignore[arg-type]


def opened(
    at: datetime, category: Category = Category.COMPLAINT, urgent: bool = False
) -> list[Event]:
    return [accept(at, category, urgent), dispatch(at)]


# ------------------------------------------------------------------- deadlines across 国庆 2026


@pytest.mark.parametrize(
    ("category", "urgent", "dispatched", "sign_due", "reply_due"),
    [
        # 咨询 3 working days from 09-30: 10-08, 10-09, 10-10 (make-up Saturday)
        (Category.CONSULT, False, t(9, 30), close(10, 8), close(10, 10)),
        # 投诉 10 working days from 09-30: 10-08 .. 10-20 (10-10 counts, 10-11 Sunday does not)
        (Category.COMPLAINT, False, t(9, 30), close(10, 8), close(10, 20)),
        (Category.HELP, False, t(9, 30, 20), close(10, 8), close(10, 20)),
        # 10 working days from Monday 09-28: 09-29, 09-30, 10-08 .. 10-16
        (Category.REPORT, False, t(9, 28), close(9, 29), close(10, 16)),
        # urgent: the same day before close; after close or on a holiday, the next working day
        (Category.COMPLAINT, True, t(9, 30, 10), t(9, 30, 12), close(9, 30)),
        (Category.COMPLAINT, True, t(9, 30, 18), t(9, 30, 20), close(10, 8)),
        (Category.HELP, True, t(10, 3, 10), t(10, 3, 12), close(10, 8)),
        (Category.HELP, True, t(10, 10, 9), t(10, 10, 11), close(10, 10)),  # make-up Saturday
        (Category.HELP, True, t(10, 11, 9), t(10, 11, 11), close(10, 12)),  # Sunday
    ],
)
def test_sign_and_reply_deadlines(
    category: Category, urgent: bool, dispatched: datetime, sign_due: datetime, reply_due: datetime
) -> None:
    clock = compute_clock(opened(dispatched, category, urgent), CAL, now=dispatched)
    assert clock.state is State.DISPATCHED
    assert clock.sign_due == sign_due
    assert clock.reply_due == reply_due
    assert clock.active_due == sign_due


def test_deadline_accepts_other_time_zones_and_policy_hours() -> None:
    utc = datetime(2026, 9, 30, 1, 0, tzinfo=SHANGHAI).astimezone(UTC)
    assert deadline(CAL, utc, Limit(workdays=3)) == close(10, 10)
    late = ClockPolicy(work_end=datetime(2026, 1, 1, 18, 0).time())
    assert deadline(CAL, t(9, 30, 17, 45), Limit(), late) == t(9, 30, 18, 0)
    assert deadline(CAL, t(9, 30, 17, 45), Limit()) == close(10, 8)


# ----------------------------------------------------------------------------- 签收 and 答复


def test_on_time_flags_are_fixed_when_the_event_happens() -> None:
    events = [
        *opened(t(9, 30), Category.CONSULT),
        ev(K.SIGN, t(10, 8, 17, 29)),
        ev(K.REPLY, t(10, 10, 17, 31)),
    ]
    clock = compute_clock(events, CAL, now=t(11, 30))
    assert clock.signed_on_time is True
    assert clock.reply_on_time is False  # one minute after the close of the make-up Saturday
    assert clock.state is State.REPLIED and clock.active_due is None and clock.risk is Risk.OK
    late_sign = compute_clock([*opened(t(9, 30)), ev(K.SIGN, t(10, 9))], CAL, now=t(10, 9))
    assert late_sign.signed_on_time is False
    assert any("超过签收期限" in line for line in late_sign.explanation)


def test_send_back_keeps_the_reply_deadline() -> None:
    base = [*opened(t(9, 30), Category.CONSULT), ev(K.SIGN, t(10, 8)), ev(K.REPLY, t(10, 9))]
    back = [*base, ev(K.SEND_BACK_REPLY, t(10, 9, 11), reason="答非所问")]
    clock = compute_clock(back, CAL, now=t(10, 9, 12))
    assert clock.state is State.HANDLING and clock.replied_at is None
    assert clock.reply_due == close(10, 10)
    again = compute_clock([*back, ev(K.REPLY, t(10, 12))], CAL, now=t(10, 12))
    assert again.reply_on_time is False


# ------------------------------------------------------------------------------ 退单 pauses


def test_return_pauses_the_reply_clock_and_restarts_sign_for() -> None:
    events = [
        *opened(t(9, 28)),  # reply due 10-16
        ev(K.RETURN, t(9, 29, 10), reason="不属于本单位职责"),
    ]
    paused = compute_clock(events, CAL, now=t(10, 8))
    assert paused.state is State.RETURNED and paused.risk is Risk.PAUSED
    assert paused.days_left is None and paused.returns == 1
    redispatched = [*events, dispatch(t(10, 9), unit="城管局")]
    clock = compute_clock(redispatched, CAL, now=t(10, 9))
    # 09-30, 10-08, 10-09 are not counted: 10-16 + 3 working days = 10-21
    assert clock.reply_due == close(10, 21)
    assert clock.sign_due == close(10, 10)
    assert clock.unit == "城管局"
    assert clock.pauses == ((t(9, 29, 10), t(10, 9)),)
    assert any("暂停计时3个工作日" in line for line in clock.explanation)


def test_same_day_return_and_redispatch_pause_nothing() -> None:
    events = [
        *opened(t(9, 28)),
        ev(K.RETURN, t(9, 28, 10), reason="职责不符"),
        dispatch(t(9, 28, 15), unit="城管局"),
    ]
    assert compute_clock(events, CAL, now=t(9, 28, 16)).reply_due == close(10, 16)


# ---------------------------------------------------------------------------------- 延期


def extension(at: datetime, until: date) -> Event:
    return ev(K.REQUEST_EXTENSION, at, reason="需协调多部门", until=until)


def test_extension_replaces_the_reply_date() -> None:
    events = [
        *opened(t(9, 30), Category.CONSULT),
        ev(K.SIGN, t(10, 8)),
        extension(t(10, 9), date(2026, 10, 16)),
    ]
    pending = compute_clock(events, CAL, now=t(10, 9, 10))
    assert pending.state is State.EXTENSION_PENDING
    assert pending.reply_due == close(10, 10)  # unchanged until approved
    approved = compute_clock([*events, ev(K.APPROVE_EXTENSION, t(10, 9, 11))], CAL, now=t(10, 12))
    assert approved.reply_due == close(10, 16) and approved.extensions == 1
    assert approved.risk is Risk.OK and approved.days_left == 4
    refused = [*events, ev(K.REFUSE_EXTENSION, t(10, 9, 11), reason="理由不充分")]
    assert compute_clock(refused, CAL, now=t(10, 9, 12)).reply_due == close(10, 10)


@pytest.mark.parametrize(
    ("at", "until", "message"),
    [
        (t(10, 12), date(2026, 10, 16), "届满前申请"),
        (t(10, 9), date(2026, 10, 10), "须晚于现行答复期限"),
        (t(10, 9), date(2026, 10, 11), "须为工作日"),  # a Sunday
    ],
)
def test_extension_refusals(at: datetime, until: date, message: str) -> None:
    events = [*opened(t(9, 30), Category.CONSULT), ev(K.SIGN, t(10, 8))]
    with pytest.raises(TransitionError, match=message):
        check_next(events, extension(at, until), CAL)


def test_only_one_extension_and_a_return_after_it_still_pauses() -> None:
    events = [
        *opened(t(9, 30), Category.CONSULT),
        ev(K.SIGN, t(10, 8)),
        extension(t(10, 9), date(2026, 10, 16)),
        ev(K.APPROVE_EXTENSION, t(10, 9, 11)),
    ]
    with pytest.raises(TransitionError, match="最多延期1次"):
        check_next(events, extension(t(10, 12), date(2026, 10, 20)), CAL)
    two = ClockPolicy(max_extensions=2)
    assert check_next(events, extension(t(10, 12), date(2026, 10, 20)), CAL, two) is (
        State.EXTENSION_PENDING
    )
    returned = [*events, ev(K.RETURN, t(10, 12), reason="职责不符"), dispatch(t(10, 14), "城管局")]
    assert compute_clock(returned, CAL, now=t(10, 14)).reply_due == close(10, 20)


# ------------------------------------------------------------------ risk, 催办 and 督办


@pytest.mark.parametrize(
    ("now", "risk", "days_left"),
    [
        (t(10, 8), Risk.OK, 2),
        (t(10, 9), Risk.DUE_SOON, 1),
        (t(10, 10, 17, 30), Risk.DUE_SOON, 0),
        (t(10, 10, 17, 31), Risk.OVERDUE, 0),
        (t(10, 12), Risk.OVERDUE, -1),
        (t(10, 15), Risk.OVERDUE, -4),
        (t(10, 16), Risk.SUPERVISE, -5),
        (t(10, 19), Risk.SUPERVISE, -6),
    ],
)
def test_risk_levels(now: datetime, risk: Risk, days_left: int) -> None:
    events = [*opened(t(9, 30), Category.CONSULT), ev(K.SIGN, t(10, 8))]
    clock = compute_clock(events, CAL, now=now)
    assert (clock.risk, clock.days_left) == (risk, days_left)


def test_unsigned_ticket_risk_follows_the_sign_for_deadline() -> None:
    clock = compute_clock(opened(t(9, 30)), CAL, now=t(10, 9))
    assert clock.active_due == close(10, 8) and clock.risk is Risk.OVERDUE


def test_urge_and_supervise_guards() -> None:
    events = [*opened(t(9, 30), Category.CONSULT), ev(K.SIGN, t(10, 8))]
    with pytest.raises(TransitionError, match="尚未届满"):
        check_next(events, ev(K.URGE, t(10, 10, 17)), CAL)
    urged = [*events, ev(K.URGE, t(10, 12))]
    with pytest.raises(TransitionError, match="超期5个工作日后方可督办，目前超期4个工作日"):
        check_next(urged, ev(K.SUPERVISE, t(10, 15)), CAL)
    clock = compute_clock([*urged, ev(K.SUPERVISE, t(10, 16))], CAL, now=t(10, 16))
    assert (clock.urges, clock.supervisions, clock.state) == (1, 1, State.HANDLING)


# ------------------------------------------------------------------- 回访, 重办, order


def test_callback_redo_and_close() -> None:
    events = [
        *opened(t(9, 30), Category.CONSULT),
        ev(K.SIGN, t(10, 8)),
        ev(K.REPLY, t(10, 9)),
        ev(K.ACCEPT_REPLY, t(10, 9, 10)),
    ]
    waiting = compute_clock(events, CAL, now=t(10, 9, 11))
    assert waiting.callback_due == close(10, 12)  # 10-10 (make-up), 10-12
    unhappy = ev(K.CALLBACK, t(10, 12), satisfaction=Satisfaction.DISSATISFIED, resolved=False)
    redo = ev(K.REDO, t(10, 13), reason="问题未解决")
    clock = compute_clock([*events, unhappy, redo], CAL, now=t(10, 13))
    assert clock.state is State.HANDLING and clock.redos == 1
    assert clock.reply_due == close(10, 16)  # a new 3-working-day clock from 10-13
    assert clock.satisfaction is Satisfaction.DISSATISFIED  # kept until the next callback
    happy = ev(K.CALLBACK, t(10, 12), satisfaction=Satisfaction.SATISFIED, resolved=True)
    closed = compute_clock([*events, happy], CAL, now=t(11, 1))
    assert closed.state is State.CLOSED and closed.closed_at == t(10, 12)
    assert closed.callback_on_time is True and closed.risk is Risk.CLOSED
    assert closed.reply_on_time is True and closed.reply_due == close(10, 10)


def test_events_out_of_order_and_naive_now_are_refused() -> None:
    with pytest.raises(TransitionError, match="不能早于上一操作"):
        compute_clock([accept(t(9, 30)), dispatch(t(9, 29))], CAL, now=t(9, 30))
    with pytest.raises(TransitionError, match="时区"):
        compute_clock(opened(t(9, 30)), CAL, now=datetime(2026, 9, 30))


def test_direct_answer_closes_without_a_unit() -> None:
    events = [accept(t(10, 3), Category.CONSULT), ev(K.ANSWER_DIRECTLY, t(10, 3, 9, 5))]
    clock = compute_clock(events, CAL, now=t(10, 3, 10))
    assert clock.state is State.CLOSED and clock.reply_due is None and clock.unit == ""


# ------------------------------------------------------------------------------ properties


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(
        min_value=datetime(2026, 1, 1),
        max_value=datetime(2026, 12, 10),
        timezones=st.just(SHANGHAI),
    ),
    category=st.sampled_from(Category),
)
def test_reply_deadline_is_n_working_days_at_close(start: datetime, category: Category) -> None:
    clock = compute_clock(opened(start, category), CAL, now=start)
    n = DEFAULT_POLICY.reply[category].workdays
    due = clock.reply_due
    assert due is not None and due.timetz() == DEFAULT_POLICY.work_end.replace(tzinfo=SHANGHAI)
    assert CAL.is_workday(due.date())
    assert CAL.workdays_between(start.date(), due.date()) == n


@settings(max_examples=100, deadline=None)
@given(
    start=st.dates(min_value=date(2026, 1, 5), max_value=date(2026, 11, 30)),
    returned_after=st.integers(0, 5),
    pause=st.integers(0, 20),
)
def test_a_pause_moves_the_due_date_by_the_paused_working_days(
    start: date, returned_after: int, pause: int
) -> None:
    at = datetime.combine(start, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=9)
    back = at + timedelta(days=returned_after)
    again = back + timedelta(days=pause)
    events = [*opened(at), ev(K.RETURN, back, reason="职责不符"), dispatch(again, "城管局")]
    clock = compute_clock(events, CAL, now=again)
    plain = compute_clock(opened(at), CAL, now=at).reply_due
    assert clock.reply_due is not None and plain is not None
    paused = CAL.workdays_between(back.date(), again.date())
    assert CAL.workdays_between(plain.date(), clock.reply_due.date()) == paused
