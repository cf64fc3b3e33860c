"""The clock ledger of an application (计时事件) and the clock computed from it.

Every event that moves the reply deadline is one :class:`ClockEvent`; the ledger is the ordered
tuple of them and :func:`compute_clock` derives everything else (due date, pauses, risk, a Chinese
explanation) with the project's single deadline implementation,
:func:`gongkai.workdays.domain.deadlines.compute_reply_deadline`.

Rules (《中华人民共和国政府信息公开条例》, statutes.md §1.1-1.5, §1.8):

* Art. 31: the day of receipt depends on the channel (:func:`receipt_date`).
* Art. 30: the correction notice (补正告知) is sent once, within 7 working days of receipt; the
  period restarts from the day the corrected application arrives; no correction within the
  applicant's period closes the case as 其他处理 1.
* Arts. 32-34: consulting a third party or another agency pauses the clock; they have 15
  working days, after which the agency decides (the pause ends at the 15th day at the latest).
* 国办函〔2020〕109号: from the fee notice to payment the clock is paused; unpaid 20 working days
  after the notice is served (counted from the next day) closes the case as 其他处理 2.
* Art. 33 ¶2: one extension of 20 working days, approved before the due date.
* Art. 35: for unreasonably large or frequent applications the agency may set a later deadline.

A pause runs from the day the notice/request is sent to the day it ends, both inclusive, as in
:class:`~gongkai.workdays.domain.deadlines.Pause`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from gongkai.foi.domain.events import (
    ALLOWED_EVENTS,
    CHANNEL_LABELS,
    EVENT_LABELS,
    RECEIPT_RULES,
    STATE_LABELS,
    Channel,
    ClockEvent,
    EventKind,
    LedgerError,
    State,
    fmt_date,
    receipt_date,
    state_after,
)
from gongkai.foi.domain.outcomes import Outcome
from gongkai.workdays.domain.deadlines import (
    Pause,
    add_working_days,
    compute_reply_deadline,
)
from gongkai.workdays.domain.engine import WorkCalendar

__all__ = [
    "ALLOWED_EVENTS",
    "CONSULTATION_DAYS",
    "FEE_PAYMENT_DAYS",
    "RISK_LABELS",
    "Channel",
    "Clock",
    "ClockEvent",
    "EventKind",
    "LedgerError",
    "Risk",
    "State",
    "check_next",
    "compute_clock",
    "fee_payment_due",
    "receipt_date",
    "state_after",
]

CONSULTATION_DAYS: Final = 15  # Arts. 32, 34
FEE_PAYMENT_DAYS: Final = 20  # 国办函〔2020〕109号 (Sichuan implementing notice, statutes.md §1.8)
DUE_SOON_DAYS: Final = 5
URGENT_DAYS: Final = 2

# --------------------------------------------------------------------------------- folding


@dataclass(slots=True)
class _Fold:
    """Running facts of the ledger while its events are applied in order."""

    state: State = State.NEW
    last_on: date | None = None
    received: date | None = None
    channel: Channel | None = None
    corrected: date | None = None
    notice_sent: date | None = None
    correction_until: date | None = None
    pauses: tuple[Pause, ...] = ()
    open_pause: tuple[date, date | None, str] | None = None  # start, cap (consultation), reason
    fee_due: date | None = None
    extended: bool = False
    art35_until: date | None = None
    closed_on: date | None = None
    closed_as: Outcome | None = None
    lines: tuple[str, ...] = ()


_CONSULT_REASON = {True: "征求第三方意见", False: "征求其他机关意见"}
_FEE_REASON = "通知缴纳信息处理费"


def _due(fold: _Fold, calendar: WorkCalendar, until: date) -> tuple[date, tuple[str, ...], bool]:
    """The reply deadline with an open pause assumed to end on ``until``."""
    assert fold.received is not None  # noqa: S101 - only called once a receipt is recorded
    pauses = list(fold.pauses)
    if fold.open_pause is not None and until >= fold.open_pause[0]:
        start, cap, reason = fold.open_pause
        pauses.append(Pause(start, until if cap is None else min(until, cap), reason))
    result = compute_reply_deadline(
        calendar,
        received=fold.received,
        corrected=fold.corrected,
        pauses=pauses,
        extended=fold.extended,
    )
    due = result.due
    explanation = result.explanation
    if fold.art35_until is not None and fold.art35_until > due:
        due = fold.art35_until
        explanation = (
            *explanation,
            f"依《条例》第三十五条确定的合理答复期限：{fmt_date(due)}。",
        )
    return due, explanation, result.provisional


def _apply(fold: _Fold, event: ClockEvent, calendar: WorkCalendar) -> _Fold:
    """Check ``event`` against the ledger so far and return the updated facts."""
    allowed = ALLOWED_EVENTS[fold.state]
    label = EVENT_LABELS[event.kind]
    if event.kind not in allowed:
        possible = "、".join(EVENT_LABELS[k] for k in allowed) or "无（已办结）"
        raise LedgerError(
            f"当前状态为“{STATE_LABELS[fold.state]}”，不能登记“{label}”；可登记的事件：{possible}。"
        )
    if fold.last_on is not None and event.on < fold.last_on:
        raise LedgerError(
            f"“{label}”的日期（{fmt_date(event.on)}）不能早于上一事件（{fmt_date(fold.last_on)}）"
        )
    f = replace(fold, state=allowed[event.kind])
    lines = list(fold.lines)
    kind = event.kind
    if kind is EventKind.RECEIVED:
        if event.channel is None:
            raise LedgerError("收到申请须登记提交渠道")
        f.received = receipt_date(event.channel, arrived=event.on, confirmed_on=event.confirmed_on)
        f.channel = event.channel
        lines.append(
            f"{CHANNEL_LABELS[event.channel]}：{RECEIPT_RULES[event.channel]}，"
            f"即{fmt_date(f.received)}（《条例》第三十一条）。"
        )
    elif kind is EventKind.CORRECTION_NOTICE_SENT:
        assert f.received is not None  # noqa: S101
        if fold.notice_sent is not None:
            raise LedgerError(
                "补正告知应一次性发出，已发出过补正告知，不能再次发出（《条例》第三十条）"
            )
        latest = calendar.add_workdays(f.received, 7)
        if event.on > latest:
            raise LedgerError(
                f"补正告知应在收到申请之日起7个工作日内发出，最迟为{fmt_date(latest)}，"
                f"{fmt_date(event.on)}已超过期限（《条例》第三十条）"
            )
        if event.until is None or event.until <= event.on:
            raise LedgerError("补正告知须写明晚于发出日的合理补正期限")
        f.notice_sent, f.correction_until = event.on, event.until
        lines.append(
            f"{fmt_date(event.on)}发出补正告知，补正期限至{fmt_date(event.until)}；"
            "答复期限自收到补正后申请之日起重新计算（《条例》第三十条）。"
        )
    elif kind is EventKind.CORRECTION_RECEIVED:
        f.corrected = event.on
        lines.append(f"{fmt_date(event.on)}收到补正后申请，答复期限重新计算（《条例》第三十条）。")
    elif kind is EventKind.CORRECTION_LAPSED:
        assert fold.correction_until is not None  # noqa: S101
        if event.on <= fold.correction_until:
            raise LedgerError(
                f"补正期限至{fmt_date(fold.correction_until)}，期限届满前不能按逾期未补正办结"
            )
        f.closed_on, f.closed_as = event.on, Outcome.OTHER_NO_CORRECTION
        lines.append(
            f"申请人逾期未补正，视为放弃申请，{fmt_date(event.on)}不再处理（《条例》第三十条；其他处理第1项）。"
        )
    elif kind is EventKind.CONSULTATION_SENT:
        reason = _CONSULT_REASON[event.third_party]
        cap = calendar.add_workdays(event.on, CONSULTATION_DAYS)
        f.open_pause = (event.on, cap, reason)
        article = "第三十二条" if event.third_party else "第三十四条"
        lines.append(
            f"{fmt_date(event.on)}{reason}，对方应在{CONSULTATION_DAYS}个工作日内（{fmt_date(cap)}前）答复；"
            f"征求意见时间不计入答复期限（《条例》{article}、第三十三条第三款）。"
        )
    elif kind is EventKind.CONSULTATION_ANSWERED:
        assert fold.open_pause is not None  # noqa: S101
        start, cap, reason = fold.open_pause
        assert cap is not None  # noqa: S101
        end = min(event.on, cap)
        f.pauses, f.open_pause = (*fold.pauses, Pause(start, end, reason)), None
        if event.on > cap:
            lines.append(f"征求意见期满未答复，{fmt_date(cap)}起恢复计算，由本机关依法决定。")
        else:
            lines.append(f"{fmt_date(event.on)}收到征求意见答复，次日起恢复计算。")
    elif kind is EventKind.FEE_NOTICE_SENT:
        f.fee_due = fee_payment_due(calendar, event.on)
        f.open_pause = (event.on, None, _FEE_REASON)
        lines.append(
            f"{fmt_date(event.on)}送达收费通知，申请人应于{fmt_date(f.fee_due)}前缴费；"
            "通知至缴费期间不计入答复期限（国办函〔2020〕109号）。"
        )
    elif kind is EventKind.FEE_PAID:
        assert fold.open_pause is not None and fold.fee_due is not None  # noqa: S101
        if event.on > fold.fee_due:
            raise LedgerError(f"缴费期限至{fmt_date(fold.fee_due)}，逾期应登记“申请人逾期未缴费”")
        f.pauses = (*fold.pauses, Pause(fold.open_pause[0], event.on, _FEE_REASON))
        f.open_pause = None
        lines.append(f"{fmt_date(event.on)}申请人缴纳信息处理费，次日起恢复计算。")
    elif kind is EventKind.FEE_LAPSED:
        assert fold.fee_due is not None  # noqa: S101
        if event.on <= fold.fee_due:
            raise LedgerError(f"缴费期限至{fmt_date(fold.fee_due)}，期限届满前不能按逾期未缴费办结")
        f.closed_on, f.closed_as = event.on, Outcome.OTHER_FEE_UNPAID
        lines.append(
            f"申请人逾期未缴费，视为放弃申请，{fmt_date(event.on)}不再处理（国办函〔2020〕109号；其他处理第2项）。"
        )
    elif kind is EventKind.EXTENSION_APPROVED:
        if fold.extended:
            raise LedgerError("延期答复只能一次，本申请已经批准延期（《条例》第三十三条第二款）")
        due, _, _ = _due(fold, calendar, event.on)
        if event.on > due:
            raise LedgerError(
                f"答复期限已于{fmt_date(due)}届满，不能再批准延期（《条例》第三十三条第二款）"
            )
        f.extended = True
        lines.append(
            f"{fmt_date(event.on)}经政府信息公开工作机构负责人同意延期答复，延长20个工作日，"
            "并告知申请人（《条例》第三十三条第二款）。"
        )
    elif kind is EventKind.ART35_DEADLINE_SET:
        due, _, _ = _due(fold, calendar, event.on)
        if event.until is None or event.until <= due:
            raise LedgerError(f"依第三十五条确定的答复期限须晚于现行答复期限（{fmt_date(due)}）")
        f.art35_until = event.until
        lines.append(
            f"{fmt_date(event.on)}认定申请数量、频次明显超过合理范围但理由合理，"
            f"确定延迟答复期限至{fmt_date(event.until)}并告知申请人（《条例》第三十五条）。"
        )
    elif kind is EventKind.REPLIED:
        if event.outcome is None:
            raise LedgerError("作出答复须选择办理结果")
        f.closed_on, f.closed_as = event.on, event.outcome
        lines.append(f"{fmt_date(event.on)}作出答复。")
    f.last_on = f.received if kind is EventKind.RECEIVED else event.on
    f.lines = tuple(lines)
    return f


def check_next(events: Sequence[ClockEvent], event: ClockEvent, calendar: WorkCalendar) -> State:
    """Guard: raise :class:`LedgerError` unless ``event`` may follow ``events``; return new state."""
    fold = _Fold()
    for previous in events:
        fold = _apply(fold, previous, calendar)
    return _apply(fold, event, calendar).state


# ----------------------------------------------------------------------------------- clock


class Risk(StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"  # at most 5 working days left
    URGENT = "urgent"  # at most 2 working days left
    OVERDUE = "overdue"
    PAUSED = "paused"  # waiting for the applicant or a consulted party
    CLOSED = "closed"


RISK_LABELS: Final = MappingProxyType(
    {
        Risk.OK: "正常",
        Risk.DUE_SOON: "临近期限（5个工作日内）",
        Risk.URGENT: "即将到期（2个工作日内）",
        Risk.OVERDUE: "已超期",
        Risk.PAUSED: "暂停计时",
        Risk.CLOSED: "已办结",
    }
)


@dataclass(frozen=True, slots=True)
class Clock:
    """Everything the case page and the board show about a case's deadline on ``today``.

    ``due`` is None only while waiting for a correction (the period will restart). With a pause
    still open, ``due`` assumes it ends on ``today`` and can only move later.
    """

    state: State
    received_on: date
    corrected_on: date | None
    due: date | None
    correction_notice_due: date
    correction_due: date | None
    fee_payment_due: date | None
    consultation_due: date | None
    pauses: tuple[Pause, ...]
    extended: bool
    days_left: int | None
    risk: Risk
    closed_on: date | None
    closed_as: Outcome | None
    late: bool
    suggested_closure: Outcome | None
    provisional: bool
    explanation: tuple[str, ...]


def _risk(days_left: int) -> Risk:
    if days_left < 0:
        return Risk.OVERDUE
    if days_left <= URGENT_DAYS:
        return Risk.URGENT
    if days_left <= DUE_SOON_DAYS:
        return Risk.DUE_SOON
    return Risk.OK


def compute_clock(events: Sequence[ClockEvent], calendar: WorkCalendar, *, today: date) -> Clock:
    """The clock of a case from its ledger (every event checked by the guard first).

    ``days_left`` counts working days after ``today`` up to the due date (0: due today;
    negative: overdue by that many working days).
    """
    fold = _Fold()
    for event in events:
        fold = _apply(fold, event, calendar)
    if fold.received is None:
        raise LedgerError("台账中没有“收到申请”事件")
    received = fold.received
    closed = fold.state is State.CLOSED
    horizon = fold.closed_on if closed and fold.closed_on is not None else max(today, received)
    notice_due = calendar.add_workdays(received, 7)
    lines = list(fold.lines)
    suggested: Outcome | None = None
    consultation_due = fold.open_pause[1] if fold.open_pause is not None else None

    if fold.notice_sent is not None and fold.corrected is None:
        # Waiting for the correction (or closed without it): the period has not restarted.
        assert fold.correction_until is not None  # noqa: S101
        due, days_left, provisional, late = None, None, False, False
        risk = Risk.CLOSED if closed else Risk.PAUSED
        if not closed and today > fold.correction_until:
            suggested = Outcome.OTHER_NO_CORRECTION
            lines.append(
                f"补正期限（{fmt_date(fold.correction_until)}）已过，可按逾期未补正办结（其他处理第1项）。"
            )
        elif not closed:
            lines.append("等待申请人补正；收到补正后申请之日起重新计算20个工作日。")
    else:
        due, deadline_lines, provisional = _due(fold, calendar, horizon)
        lines.extend(deadline_lines)
        late = closed and fold.closed_on is not None and fold.closed_on > due
        if closed:
            days_left, risk = None, Risk.CLOSED
            if late:
                assert fold.closed_on is not None  # noqa: S101
                lines.append(
                    f"办结日期{fmt_date(fold.closed_on)}晚于答复期限{fmt_date(due)}，超期办结。"
                )
        else:
            days_left = calendar.workdays_between(today, due)
            risk = _risk(days_left)
            if fold.state is State.AWAITING_FEE:
                risk = Risk.PAUSED
                assert fold.fee_due is not None  # noqa: S101
                if today > fold.fee_due:
                    suggested = Outcome.OTHER_FEE_UNPAID
                    lines.append(
                        f"缴费期限（{fmt_date(fold.fee_due)}）已过，可按逾期未缴费办结（其他处理第2项）。"
                    )
            elif fold.state is State.CONSULTING:
                assert consultation_due is not None  # noqa: S101
                if today <= consultation_due:
                    risk = Risk.PAUSED
                else:
                    lines.append(
                        f"征求意见期限（{fmt_date(consultation_due)}）已满，已恢复计算，应依法作出决定。"
                    )
            if risk is not Risk.PAUSED:
                lines.append(f"截至{fmt_date(today)}：{_days_left_text(days_left)}。")

    pauses = list(fold.pauses)
    if fold.open_pause is not None and horizon >= fold.open_pause[0]:
        start, cap, reason = fold.open_pause
        pauses.append(Pause(start, horizon if cap is None else min(horizon, cap), reason))
    return Clock(
        state=fold.state,
        received_on=received,
        corrected_on=fold.corrected,
        due=due,
        correction_notice_due=notice_due,
        correction_due=fold.correction_until,
        fee_payment_due=fold.fee_due,
        consultation_due=consultation_due,
        pauses=tuple(pauses),
        extended=fold.extended,
        days_left=days_left,
        risk=risk,
        closed_on=fold.closed_on,
        closed_as=fold.closed_as,
        late=late,
        suggested_closure=suggested,
        provisional=provisional,
        explanation=tuple(lines),
    )


def _days_left_text(days_left: int) -> str:
    if days_left < 0:
        return f"已超期{-days_left}个工作日"
    if days_left == 0:
        return "今天是答复期限的最后一天"
    return f"距答复期限还有{days_left}个工作日"


def fee_payment_due(calendar: WorkCalendar, served_on: date) -> date:
    """Last day to pay: 20 working days counted from the day after the notice is served."""
    return add_working_days(calendar, served_on, FEE_PAYMENT_DAYS)[0]
