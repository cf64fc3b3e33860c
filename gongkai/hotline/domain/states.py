"""Workflow states of a 12345 ticket (工单), the one table of allowed transitions, and its guard.

Sources: statutes.md §7.3 (workflow used in practice: 受理 → 直接答复 or 派单 → 签收/退单 → 办理 →
延期申请/审核 → 回复 + 审核 → 回访(满意度) → 不满意: 退回重办 → 办结; 督办), glossary.md (hotline
terms), issue #6 ("Flow"), hotline-portal-cms.md §1 (退单 with a reason, 延期 approved by the
centre, 催办/督办 chain, 回访 by the centre, 重办 counted against the unit).

:data:`TRANSITIONS` is the only place that says which event may follow which state;
:func:`check_event` is the guard every service calls before writing. Timing rules that need the
calendar (延期 requested before the deadline, one 延期 only, dates in order) live in
:mod:`gongkai.hotline.domain.clocks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = [
    "CATEGORY_LABELS",
    "EVENT_LABELS",
    "SATISFACTION_LABELS",
    "STATE_LABELS",
    "TRANSITIONS",
    "Category",
    "Event",
    "EventKind",
    "Satisfaction",
    "State",
    "TransitionError",
    "allowed_events",
    "check_event",
    "fmt_dt",
    "state_after",
]


class TransitionError(ValueError):
    """An event the workflow does not allow; the message is Chinese and shown to staff."""


class Category(StrEnum):
    """诉求类型 (issue #6: 咨询, 求助, 投诉, 建议, 举报, 表扬 × subject)."""

    CONSULT = "consult"
    HELP = "help"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    REPORT = "report"
    PRAISE = "praise"


CATEGORY_LABELS: Final = MappingProxyType(
    {
        Category.CONSULT: "咨询",
        Category.HELP: "求助",
        Category.COMPLAINT: "投诉",
        Category.SUGGESTION: "建议",
        Category.REPORT: "举报",
        Category.PRAISE: "表扬",
    }
)


class State(StrEnum):
    NEW = "new"  # nothing recorded yet
    ACCEPTED = "accepted"  # 已受理, at the hotline centre
    DISPATCHED = "dispatched"  # 已派单, waiting for the unit to sign for it
    RETURNED = "returned"  # 已退单, back at the centre for re-dispatch
    HANDLING = "handling"  # 办理中 (signed for, or sent back for redoing)
    EXTENSION_PENDING = "extension_pending"  # 延期审核中 (the clock keeps running)
    REPLIED = "replied"  # 已答复, the centre reviews the reply
    AWAITING_CALLBACK = "awaiting_callback"  # 待回访
    DISSATISFIED = "dissatisfied"  # 回访不满意，待甄别 (justified → 重办; else 办结)
    CLOSED = "closed"  # 已办结


STATE_LABELS: Final = MappingProxyType(
    {
        State.NEW: "未受理",
        State.ACCEPTED: "已受理",
        State.DISPATCHED: "已派单待签收",
        State.RETURNED: "已退单待重新派单",
        State.HANDLING: "办理中",
        State.EXTENSION_PENDING: "延期审核中",
        State.REPLIED: "已答复待审核",
        State.AWAITING_CALLBACK: "待回访",
        State.DISSATISFIED: "回访不满意待甄别",
        State.CLOSED: "已办结",
    }
)


class EventKind(StrEnum):
    ACCEPT = "accept"  # 受理
    ANSWER_DIRECTLY = "answer_directly"  # 直办：知识库即时答复
    DISPATCH = "dispatch"  # 派单 / 重新派单 / 指定承办
    SIGN = "sign"  # 签收
    RETURN = "return"  # 退单
    REQUEST_EXTENSION = "request_extension"  # 申请延期
    APPROVE_EXTENSION = "approve_extension"  # 批准延期
    REFUSE_EXTENSION = "refuse_extension"  # 不予延期
    REPLY = "reply"  # 答复（经单位负责人审核）
    ACCEPT_REPLY = "accept_reply"  # 热线审核通过
    SEND_BACK_REPLY = "send_back_reply"  # 答复不合格，退回
    CALLBACK = "callback"  # 回访（满意度）
    REDO = "redo"  # 重办（不满意理由成立）
    CLOSE = "close"  # 办结
    URGE = "urge"  # 催办
    SUPERVISE = "supervise"  # 督办


EVENT_LABELS: Final = MappingProxyType(
    {
        EventKind.ACCEPT: "受理",
        EventKind.ANSWER_DIRECTLY: "直接答复办结",
        EventKind.DISPATCH: "派单",
        EventKind.SIGN: "签收",
        EventKind.RETURN: "退单",
        EventKind.REQUEST_EXTENSION: "申请延期",
        EventKind.APPROVE_EXTENSION: "批准延期",
        EventKind.REFUSE_EXTENSION: "不予延期",
        EventKind.REPLY: "答复",
        EventKind.ACCEPT_REPLY: "答复审核通过",
        EventKind.SEND_BACK_REPLY: "答复退回",
        EventKind.CALLBACK: "回访",
        EventKind.REDO: "发回重办",
        EventKind.CLOSE: "办结",
        EventKind.URGE: "催办",
        EventKind.SUPERVISE: "督办",
    }
)


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"


SATISFACTION_LABELS: Final = MappingProxyType(
    {
        Satisfaction.SATISFIED: "满意",
        Satisfaction.BASICALLY_SATISFIED: "基本满意",
        Satisfaction.DISSATISFIED: "不满意",
    }
)

S, K = State, EventKind
_ESCALATIONS = {K.URGE: None, K.SUPERVISE: None}  # None: the state stays the same


def _row(targets: dict[EventKind, State | None]) -> MappingProxyType[EventKind, State | None]:
    return MappingProxyType(targets)


# Which event may follow which state, and the state it leads to (None: unchanged).
TRANSITIONS: Final = MappingProxyType(
    {
        S.NEW: _row({K.ACCEPT: S.ACCEPTED}),
        S.ACCEPTED: _row({K.ANSWER_DIRECTLY: S.CLOSED, K.DISPATCH: S.DISPATCHED}),
        S.DISPATCHED: _row({K.SIGN: S.HANDLING, K.RETURN: S.RETURNED, **_ESCALATIONS}),
        S.RETURNED: _row({K.DISPATCH: S.DISPATCHED}),
        S.HANDLING: _row(
            {
                K.REQUEST_EXTENSION: S.EXTENSION_PENDING,
                K.REPLY: S.REPLIED,
                K.RETURN: S.RETURNED,
                **_ESCALATIONS,
            }
        ),
        S.EXTENSION_PENDING: _row(
            {K.APPROVE_EXTENSION: S.HANDLING, K.REFUSE_EXTENSION: S.HANDLING, **_ESCALATIONS}
        ),
        S.REPLIED: _row({K.ACCEPT_REPLY: S.AWAITING_CALLBACK, K.SEND_BACK_REPLY: S.HANDLING}),
        S.AWAITING_CALLBACK: _row({K.CALLBACK: S.CLOSED}),  # 不满意 → DISSATISFIED, see below
        S.DISSATISFIED: _row({K.REDO: S.HANDLING, K.CLOSE: S.CLOSED}),
        S.CLOSED: _row({}),
    }
)

# Events that must carry a reason (退单 with its grounds; 延期 with its reasons; the centre says
# why a reply is inadequate, why a 不满意 is justified, or why it closes one that is not).
_NEEDS_REASON: Final = frozenset(
    {K.RETURN, K.REQUEST_EXTENSION, K.REFUSE_EXTENSION, K.SEND_BACK_REPLY, K.REDO, K.CLOSE}
)


@dataclass(frozen=True, slots=True)
class Event:
    """One audited step of a ticket. Fields beyond ``kind`` and ``at`` are used by some kinds.

    * ACCEPT: ``category`` and ``urgent`` (they choose the deadlines).
    * DISPATCH: ``unit`` (主办单位 code); ``designated`` True when the centre decides a disputed
      duty (指定承办) — the unit may then not return it (潍坊条例, statutes.md §7.3).
    * RETURN, REQUEST_EXTENSION, REFUSE_EXTENSION, SEND_BACK_REPLY, REDO, CLOSE: ``reason``.
    * REQUEST_EXTENSION: ``until`` (the new reply date asked for).
    * CALLBACK: ``satisfaction`` and ``resolved``.
    """

    kind: EventKind
    at: datetime
    unit: str = ""
    designated: bool = False
    reason: str = ""
    until: date | None = None
    satisfaction: Satisfaction | None = None
    resolved: bool | None = None
    category: Category | None = None
    urgent: bool = False


def allowed_events(state: State) -> tuple[EventKind, ...]:
    return tuple(TRANSITIONS[state])


def _target(state: State, event: Event) -> State:
    target = TRANSITIONS[state][event.kind]
    if event.kind is K.CALLBACK and event.satisfaction is Satisfaction.DISSATISFIED:
        return S.DISSATISFIED
    return state if target is None else target


def check_event(state: State, event: Event, *, designated: bool = False) -> State:
    """Guard: raise :class:`TransitionError` unless ``event`` may follow ``state``.

    ``designated`` says whether the current dispatch was a 指定承办 (no further 退单).
    Returns the state after the event.
    """
    label = EVENT_LABELS[event.kind]
    if event.at.tzinfo is None or event.at.utcoffset() is None:
        raise TransitionError(f"“{label}”的时间须带时区")
    if event.kind not in TRANSITIONS[state]:
        possible = "、".join(EVENT_LABELS[k] for k in TRANSITIONS[state]) or "无（已办结）"
        raise TransitionError(
            f"工单当前状态为“{STATE_LABELS[state]}”，不能“{label}”；可进行的操作：{possible}。"
        )
    if event.kind in _NEEDS_REASON and not event.reason.strip():
        raise TransitionError(f"“{label}”须填写理由")
    if event.kind is K.ACCEPT and event.category is None:
        raise TransitionError("受理须选择诉求类型")
    if event.kind is K.DISPATCH and not event.unit.strip():
        raise TransitionError("派单须选择承办单位")
    if event.kind is K.RETURN and designated:
        raise TransitionError("该工单已由热线中心指定承办，承办单位不得再次退单")
    if event.kind is K.REQUEST_EXTENSION and event.until is None:
        raise TransitionError("申请延期须填写申请延至的日期")
    if event.kind is K.CALLBACK:
        if event.satisfaction is None:
            raise TransitionError("回访须登记满意度（满意、基本满意或不满意）")
        if event.resolved is None:
            raise TransitionError("回访须登记诉求是否解决")
    return _target(state, event)


def state_after(events: list[Event] | tuple[Event, ...]) -> State:
    """The state reached by ``events``, each checked by :func:`check_event`."""
    state, designated = S.NEW, False
    for event in events:
        state = check_event(state, event, designated=designated)
        if event.kind is K.DISPATCH:
            designated = event.designated
    return state


def fmt_dt(at: datetime) -> str:
    """ "2026年10月9日 17:30" in the time zone of ``at``."""
    return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"
