"""The clock ledger: Arts. 30-35 of 《政府信息公开条例》 and 国办函〔2020〕109号 on real 2026 dates.

The calendar is built without a database from the hand-entered State Council notices, as in
tests/workdays (statutes.md §10.4 for 2026).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.foi.domain.events import ALLOWED_EVENTS, State
from gongkai.foi.domain.ledger import (
    Channel,
    ClockEvent,
    EventKind,
    LedgerError,
    Risk,
    check_next,
    compute_clock,
    receipt_date,
    state_after,
)
from gongkai.foi.domain.outcomes import Outcome
from gongkai.workdays.domain.deadlines import Pause, compute_reply_deadline
from gongkai.workdays.domain.engine import WorkCalendar
from tests.workdays.test_engine import HAND_ARRANGEMENTS

CAL = WorkCalendar(HAND_ARRANGEMENTS)
K = EventKind
D = date


def received(on: date, channel: Channel = Channel.IN_PERSON, confirmed_on: date | None = None):
    return ClockEvent(K.RECEIVED, on, channel=channel, confirmed_on=confirmed_on)


def ev(kind: EventKind, on: date, **kw: object) -> ClockEvent:
    return ClockEvent(kind, on, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------- Art. 31: receipt by channel


@pytest.mark.parametrize(
    ("channel", "arrived", "confirmed", "receipt"),
    [  # statutes.md Test fact 26
        (Channel.IN_PERSON, D(2026, 3, 2), None, D(2026, 3, 2)),
        (Channel.REGISTERED_MAIL, D(2026, 2, 28), D(2026, 3, 2), D(2026, 3, 2)),
        (Channel.ORDINARY_MAIL, D(2026, 3, 3), D(2026, 3, 4), D(2026, 3, 4)),
        (Channel.ONLINE, D(2026, 3, 1), D(2026, 3, 2), D(2026, 3, 2)),
        (Channel.EMAIL, D(2026, 3, 1), D(2026, 3, 2), D(2026, 3, 2)),
        (Channel.FAX, D(2026, 3, 2), D(2026, 3, 2), D(2026, 3, 2)),
    ],
)
def test_receipt_date_by_channel(
    channel: Channel, arrived: date, confirmed: date | None, receipt: date
) -> None:
    assert receipt_date(channel, arrived=arrived, confirmed_on=confirmed) == receipt
    clock = compute_clock([received(arrived, channel, confirmed)], CAL, today=D(2026, 3, 5))
    assert clock.received_on == receipt
    assert "第三十一条" in clock.explanation[0]


def test_receipt_date_errors() -> None:
    with pytest.raises(LedgerError, match="签收日期"):
        receipt_date(Channel.REGISTERED_MAIL, arrived=D(2026, 3, 2))
    with pytest.raises(LedgerError, match="确认的日期"):
        receipt_date(Channel.ORDINARY_MAIL, arrived=D(2026, 3, 2))
    with pytest.raises(LedgerError, match="不能早于"):
        receipt_date(Channel.ONLINE, arrived=D(2026, 3, 2), confirmed_on=D(2026, 3, 1))
    with pytest.raises(LedgerError, match="不需另行确认"):
        receipt_date(Channel.IN_PERSON, arrived=D(2026, 3, 2), confirmed_on=D(2026, 3, 3))


def test_day_20_for_receipt_2026_03_02() -> None:
    clock = compute_clock(
        [received(D(2026, 3, 1), Channel.ONLINE, D(2026, 3, 2))], CAL, today=D(2026, 3, 2)
    )
    assert clock.due == D(2026, 3, 30)


# --------------------------------------------------------------- Art. 33: period, 国庆 2026


def test_due_date_across_mid_autumn_and_national_day() -> None:
    """Fact 8: received Fri 2026-09-18 → Thu 2026-10-22 (国庆 10-01…07, makeup 9-20, 10-10)."""
    clock = compute_clock([received(D(2026, 9, 18))], CAL, today=D(2026, 9, 18))
    assert clock.due == D(2026, 10, 22)
    assert clock.correction_notice_due == D(2026, 9, 29)
    assert clock.state is State.OPEN and not clock.extended and not clock.provisional
    text = "\n".join(clock.explanation)
    assert "不计入：2026年10月1日至10月7日，国庆节放假（7天）。" in text
    assert "第11个工作日：2026年10月10日（星期六，国庆节调休上班）。" in text


@pytest.mark.parametrize(
    ("today", "days_left", "risk"),
    [
        (D(2026, 9, 30), 12, Risk.OK),
        (D(2026, 10, 5), 12, Risk.OK),  # holiday: nothing counted yet
        (D(2026, 10, 12), 8, Risk.OK),
        (D(2026, 10, 14), 6, Risk.OK),
        (D(2026, 10, 15), 5, Risk.DUE_SOON),
        (D(2026, 10, 19), 3, Risk.DUE_SOON),
        (D(2026, 10, 20), 2, Risk.URGENT),
        (D(2026, 10, 22), 0, Risk.URGENT),
        (D(2026, 10, 23), -1, Risk.OVERDUE),
        (D(2026, 10, 26), -2, Risk.OVERDUE),
    ],
)
def test_days_left_and_risk(today: date, days_left: int, risk: Risk) -> None:
    clock = compute_clock([received(D(2026, 9, 18))], CAL, today=today)
    assert (clock.days_left, clock.risk) == (days_left, risk)
    assert clock.explanation[-1].startswith(f"截至{today.year}年{today.month}月{today.day}日")


def test_reply_closes_the_case_and_late_replies_are_flagged() -> None:
    base = [received(D(2026, 9, 18))]
    on_time = compute_clock(
        [*base, ev(K.REPLIED, D(2026, 10, 22), outcome=Outcome.DISCLOSED)],
        CAL,
        today=D(2026, 11, 1),
    )
    assert (on_time.state, on_time.risk, on_time.late) == (State.CLOSED, Risk.CLOSED, False)
    assert on_time.closed_as is Outcome.DISCLOSED and on_time.days_left is None
    late = compute_clock(
        [*base, ev(K.REPLIED, D(2026, 10, 23), outcome=Outcome.PARTIAL)], CAL, today=D(2026, 11, 1)
    )
    assert late.late and "超期办结" in late.explanation[-1]
    with pytest.raises(LedgerError, match="须选择办理结果"):
        compute_clock([*base, ev(K.REPLIED, D(2026, 10, 1))], CAL, today=D(2026, 11, 1))


# ------------------------------------------------------------------ Art. 33 ¶2: extension


def test_extension_once_only() -> None:
    """Facts 1-2: received Fri 2025-09-26 → 2025-10-30; extended → 2025-11-27."""
    base = [received(D(2025, 9, 26))]
    assert compute_clock(base, CAL, today=D(2025, 10, 1)).due == D(2025, 10, 30)
    extended = [*base, ev(K.EXTENSION_APPROVED, D(2025, 10, 28))]
    clock = compute_clock(extended, CAL, today=D(2025, 10, 28))
    assert (clock.due, clock.extended) == (D(2025, 11, 27), True)
    assert any("第三十三条第二款" in line for line in clock.explanation)
    with pytest.raises(LedgerError, match="延期答复只能一次"):
        check_next(extended, ev(K.EXTENSION_APPROVED, D(2025, 10, 29)), CAL)


def test_extension_after_the_due_date_is_refused() -> None:
    base = [received(D(2025, 9, 26))]
    assert check_next(base, ev(K.EXTENSION_APPROVED, D(2025, 10, 30)), CAL) is State.OPEN
    with pytest.raises(LedgerError, match="已于2025年10月30日届满"):
        check_next(base, ev(K.EXTENSION_APPROVED, D(2025, 10, 31)), CAL)


# ------------------------------------------------------------------------ Art. 30: 补正


def test_correction_notice_within_7_working_days() -> None:
    """Fact 4: received Thu 2026-02-12 → notice due Sat 2026-02-28 (a makeup Saturday)."""
    base = [received(D(2026, 2, 12))]
    assert compute_clock(base, CAL, today=D(2026, 2, 12)).correction_notice_due == D(2026, 2, 28)
    ok = ev(K.CORRECTION_NOTICE_SENT, D(2026, 2, 28), until=D(2026, 3, 13))
    assert check_next(base, ok, CAL) is State.AWAITING_CORRECTION
    late = ev(K.CORRECTION_NOTICE_SENT, D(2026, 3, 2), until=D(2026, 3, 13))
    with pytest.raises(LedgerError, match=r"7个工作日内.*最迟为2026年2月28日"):
        check_next(base, late, CAL)
    with pytest.raises(LedgerError, match="合理补正期限"):
        check_next(base, ev(K.CORRECTION_NOTICE_SENT, D(2026, 2, 13)), CAL)


def test_correction_restarts_the_count_and_is_notified_once() -> None:
    """Fact 14: corrected application received Tue 2026-03-10 → Wed 2026-04-08 (清明 4-4…6)."""
    events = [
        received(D(2026, 3, 2)),
        ev(K.CORRECTION_NOTICE_SENT, D(2026, 3, 4), until=D(2026, 3, 9)),
    ]
    waiting = compute_clock(events, CAL, today=D(2026, 3, 6))
    assert (waiting.state, waiting.due, waiting.risk) == (
        State.AWAITING_CORRECTION,
        None,
        Risk.PAUSED,
    )
    assert waiting.correction_due == D(2026, 3, 9) and waiting.suggested_closure is None
    events.append(ev(K.CORRECTION_RECEIVED, D(2026, 3, 10)))
    clock = compute_clock(events, CAL, today=D(2026, 3, 10))
    assert (clock.due, clock.corrected_on, clock.days_left) == (D(2026, 4, 8), D(2026, 3, 10), 20)
    assert any("重新计算" in line for line in clock.explanation)
    with pytest.raises(LedgerError, match="一次性发出"):
        check_next(events, ev(K.CORRECTION_NOTICE_SENT, D(2026, 3, 11), until=D(2026, 3, 20)), CAL)


def test_no_correction_in_time_closes_as_other_1() -> None:
    events = [
        received(D(2026, 3, 2)),
        ev(K.CORRECTION_NOTICE_SENT, D(2026, 3, 4), until=D(2026, 3, 9)),
    ]
    assert compute_clock(events, CAL, today=D(2026, 3, 10)).suggested_closure is (
        Outcome.OTHER_NO_CORRECTION
    )
    with pytest.raises(LedgerError, match="期限届满前不能"):
        check_next(events, ev(K.CORRECTION_LAPSED, D(2026, 3, 9)), CAL)
    clock = compute_clock(
        [*events, ev(K.CORRECTION_LAPSED, D(2026, 3, 10))], CAL, today=D(2026, 4, 1)
    )
    assert (clock.state, clock.closed_as, clock.due) == (
        State.CLOSED,
        Outcome.OTHER_NO_CORRECTION,
        None,
    )


# ----------------------------------------------------------- Arts. 32-34: consultations


def test_consultation_pause_answered() -> None:
    """Fact 13 with the project's inclusive pause: 5-08…5-20 excluded → Tue 2026-06-16."""
    events = [
        received(D(2026, 5, 6)),
        ev(K.CONSULTATION_SENT, D(2026, 5, 8)),
    ]
    during = compute_clock(events, CAL, today=D(2026, 5, 12))
    assert (during.state, during.risk, during.consultation_due) == (
        State.CONSULTING,
        Risk.PAUSED,
        D(2026, 5, 28),
    )
    events.append(ev(K.CONSULTATION_ANSWERED, D(2026, 5, 20)))
    clock = compute_clock(events, CAL, today=D(2026, 5, 21))
    assert clock.due == D(2026, 6, 16)
    assert clock.pauses == (Pause(D(2026, 5, 8), D(2026, 5, 20), "征求第三方意见"),)
    assert any("第三十二条、第三十三条第三款" in line for line in clock.explanation)


def test_unanswered_consultation_ends_after_15_working_days() -> None:
    """Fact 12: request of Thu 2026-09-24 → the 15 working days end Thu 2026-10-22."""
    events = [
        received(D(2026, 9, 22)),
        ev(K.CONSULTATION_SENT, D(2026, 9, 24), third_party=False),
    ]
    assert compute_clock(events, CAL, today=D(2026, 9, 30)).consultation_due == D(2026, 10, 22)
    expected = compute_reply_deadline(
        CAL, received=D(2026, 9, 22), pauses=[Pause(D(2026, 9, 24), D(2026, 10, 22))]
    ).due
    after = compute_clock(events, CAL, today=D(2026, 10, 26))
    assert after.risk is not Risk.PAUSED and after.due == expected
    assert any("征求意见期限" in line for line in after.explanation)
    closed = compute_clock(
        [*events, ev(K.CONSULTATION_ANSWERED, D(2026, 10, 27))], CAL, today=D(2026, 10, 27)
    )
    assert closed.due == expected
    assert closed.pauses == (Pause(D(2026, 9, 24), D(2026, 10, 22), "征求其他机关意见"),)


# ------------------------------------------------------------------ fees (109号)


def test_fee_pause_and_payment() -> None:
    """Fact 15: notice served Thu 2026-06-18 → pay by Fri 2026-07-17 (端午 6-19…21)."""
    events = [received(D(2026, 6, 10)), ev(K.FEE_NOTICE_SENT, D(2026, 6, 18))]
    waiting = compute_clock(events, CAL, today=D(2026, 6, 22))
    assert (waiting.fee_payment_due, waiting.risk) == (D(2026, 7, 17), Risk.PAUSED)
    paid = compute_clock([*events, ev(K.FEE_PAID, D(2026, 6, 25))], CAL, today=D(2026, 6, 26))
    expected = compute_reply_deadline(
        CAL,
        received=D(2026, 6, 10),
        pauses=[Pause(D(2026, 6, 18), D(2026, 6, 25), "通知缴纳信息处理费")],
    ).due
    assert paid.due == expected > compute_clock(events[:1], CAL, today=D(2026, 6, 26)).due
    assert any("国办函〔2020〕109号" in line for line in paid.explanation)


def test_unpaid_fee_closes_as_other_2() -> None:
    events = [received(D(2026, 6, 10)), ev(K.FEE_NOTICE_SENT, D(2026, 6, 18))]
    assert compute_clock(events, CAL, today=D(2026, 7, 17)).suggested_closure is None
    assert compute_clock(events, CAL, today=D(2026, 7, 20)).suggested_closure is (
        Outcome.OTHER_FEE_UNPAID
    )
    with pytest.raises(LedgerError, match="期限届满前不能"):
        check_next(events, ev(K.FEE_LAPSED, D(2026, 7, 17)), CAL)
    with pytest.raises(LedgerError, match="逾期应登记"):
        check_next(events, ev(K.FEE_PAID, D(2026, 7, 20)), CAL)
    clock = compute_clock([*events, ev(K.FEE_LAPSED, D(2026, 7, 20))], CAL, today=D(2026, 8, 1))
    assert (clock.state, clock.closed_as) == (State.CLOSED, Outcome.OTHER_FEE_UNPAID)


# ------------------------------------------------------------------------- Art. 35


def test_art35_later_deadline() -> None:
    base = [received(D(2026, 9, 18))]
    with pytest.raises(LedgerError, match="须晚于现行答复期限（2026年10月22日）"):
        check_next(base, ev(K.ART35_DEADLINE_SET, D(2026, 9, 25), until=D(2026, 10, 22)), CAL)
    events = [*base, ev(K.ART35_DEADLINE_SET, D(2026, 9, 25), until=D(2026, 11, 30))]
    clock = compute_clock(events, CAL, today=D(2026, 10, 23))
    assert (clock.due, clock.risk) == (D(2026, 11, 30), Risk.OK)
    assert any("第三十五条" in line for line in clock.explanation)


# ------------------------------------------------------------------ the sequence table


@pytest.mark.parametrize(
    ("events", "bad", "message"),
    [
        ([], ev(K.REPLIED, D(2026, 3, 2), outcome=Outcome.DISCLOSED), "未登记"),
        ([received(D(2026, 3, 2))], received(D(2026, 3, 3)), "办理中"),
        (
            [received(D(2026, 3, 2))],
            ev(K.FEE_PAID, D(2026, 3, 3)),
            "不能登记“申请人缴纳信息处理费”",
        ),
        (
            [received(D(2026, 3, 2)), ev(K.CONSULTATION_SENT, D(2026, 3, 3))],
            ev(K.REPLIED, D(2026, 3, 4), outcome=Outcome.DISCLOSED),
            "征求意见中",
        ),
        (
            [received(D(2026, 3, 2)), ev(K.REPLIED, D(2026, 3, 3), outcome=Outcome.DISCLOSED)],
            ev(K.EXTENSION_APPROVED, D(2026, 3, 4)),
            "无（已办结）",
        ),
        (
            [received(D(2026, 3, 2)), ev(K.CONSULTATION_SENT, D(2026, 3, 5))],
            ev(K.CONSULTATION_ANSWERED, D(2026, 3, 4)),
            "不能早于上一事件",
        ),
        ([], ClockEvent(K.RECEIVED, D(2026, 3, 2)), "提交渠道"),
    ],
)
def test_guard_rejects_with_chinese_message(
    events: list[ClockEvent], bad: ClockEvent, message: str
) -> None:
    with pytest.raises(LedgerError, match=message):
        check_next(events, bad, CAL)


def test_transition_table_is_closed() -> None:
    assert set(ALLOWED_EVENTS) == set(State)
    for targets in ALLOWED_EVENTS.values():
        assert set(targets.values()) <= set(State)
    assert ALLOWED_EVENTS[State.CLOSED] == {}
    assert state_after([received(D(2026, 3, 2))]) is State.OPEN
    with pytest.raises(LedgerError, match="没有“收到申请”"):
        compute_clock([], CAL, today=D(2026, 3, 2))


# ------------------------------------------------------------------------- properties

receipts = st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 9, 30))


@settings(max_examples=150, deadline=None)
@given(receipts, st.integers(0, 15), st.integers(0, 40), st.booleans(), st.integers(0, 60))
def test_a_pause_never_moves_the_due_date_earlier(
    receipt: date, start: int, length: int, fee: bool, later: int
) -> None:
    base = [received(receipt)]
    sent, answered = receipt + timedelta(days=start), receipt + timedelta(days=start + length)
    if fee:
        answered = min(answered, CAL.add_workdays(sent, 20))
        pause = [ev(K.FEE_NOTICE_SENT, sent), ev(K.FEE_PAID, answered)]
    else:
        pause = [ev(K.CONSULTATION_SENT, sent), ev(K.CONSULTATION_ANSWERED, answered)]
    today = answered + timedelta(days=later)
    plain = compute_clock(base, CAL, today=today)
    paused = compute_clock(base + pause, CAL, today=today)
    assert paused.due >= plain.due
    assert paused.days_left >= plain.days_left
    assert compute_clock(base + pause[:1], CAL, today=today).due >= plain.due


@settings(max_examples=100, deadline=None)
@given(receipts, st.integers(0, 27))
def test_extension_and_correction_never_shorten(receipt: date, offset: int) -> None:
    base = [received(receipt)]
    plain = compute_clock(base, CAL, today=receipt)
    approve = receipt + timedelta(days=offset)
    if approve <= plain.due:
        extended = compute_clock([*base, ev(K.EXTENSION_APPROVED, approve)], CAL, today=approve)
        assert CAL.workdays_between(plain.due, extended.due) == 20
    notice = CAL.add_workdays(receipt, 1 + offset % 7)
    corrected = [
        *base,
        ev(K.CORRECTION_NOTICE_SENT, notice, until=notice + timedelta(days=10)),
        ev(K.CORRECTION_RECEIVED, notice + timedelta(days=offset % 10)),
    ]
    assert compute_clock(corrected, CAL, today=notice).due >= plain.due
