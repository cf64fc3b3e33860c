"""The clocks of a 12345 ticket: sign-for (签收), reply (答复办结) and callback (回访) deadlines.

Every working-day count uses :class:`gongkai.workdays.domain.engine.WorkCalendar` (statutory
holidays and 调休 make-up days); counting starts on the day after the starting event (次日起,
hotline-portal-cms.md §1 "SLA clocks"), so ``add_workdays(start, n)`` is the n-th working day.
A day-based deadline ends at the close of working hours (:attr:`ClockPolicy.work_end`).

Limits (issue #6 "Clocks", huoqiu.md §5, statutes.md §7.3) — :data:`DEFAULT_POLICY`:

* reply: urgent the same day; 咨询 3 working days; other matters 10 working days — **from the
  issue** (Anhui 2022 campaign 「接热线、办实事」, huoqiu.md §5 [C]);
* sign-for 1 working day, callback 2 working days after the reply is accepted, one 延期 only —
  **defaults** from huoqiu.md §5 [I]; urgent sign-for within 2 hours — **default** from the
  Beijing draft (2 hours for emergencies, statutes.md §7.3);
* 催办 once overdue, 督办 after 5 working days overdue — **default** from the municipal rules in
  statutes.md §7.3 (通报 if still overdue after 5 working days); reminder 1 working day before;
* working hours 08:30–17:30 — **default**; all of these are editable in the settings table.

The reply clock belongs to the citizen: it starts at the first 派单 and survives 退单, but the
working days from the day after a 退单 up to the re-dispatch day are not counted (the pause);
the sign-for clock belongs to the unit and restarts at each 派单. An approved 延期 replaces the
reply date; 重办 starts a new reply clock of the same length. Deadlines and on-time flags are
fixed when each event happens so the rates stay reproducible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo

from gongkai.hotline.domain.states import (
    CATEGORY_LABELS,
    EVENT_LABELS,
    SATISFACTION_LABELS,
    Category,
    Event,
    EventKind,
    Satisfaction,
    State,
    TransitionError,
    check_event,
    fmt_dt,
)
from gongkai.workdays.domain.engine import WorkCalendar

__all__ = [
    "DEFAULT_POLICY",
    "RISK_LABELS",
    "SHANGHAI",
    "Clock",
    "ClockPolicy",
    "Limit",
    "Risk",
    "check_next",
    "compute_clock",
    "deadline",
]

SHANGHAI: Final = ZoneInfo("Asia/Shanghai")
K = EventKind


@dataclass(frozen=True, slots=True)
class Limit:
    """A time limit: ``hours`` clock hours (7×24 hotline) if > 0, else ``workdays`` working days;
    ``workdays == 0`` means the same working day (当日)."""

    workdays: int = 0
    hours: int = 0

    def text(self) -> str:
        if self.hours:
            return f"{self.hours}小时"
        return f"{self.workdays}个工作日" if self.workdays else "当日"


@dataclass(frozen=True)
class ClockPolicy:
    """The settings table of the clocks (defaults: see the module docstring)."""

    reply: Mapping[Category, Limit] = field(
        default_factory=lambda: MappingProxyType(
            {c: Limit(workdays=3 if c is Category.CONSULT else 10) for c in Category}
        )
    )
    urgent_reply: Limit = Limit(workdays=0)
    sign_for: Limit = Limit(workdays=1)
    urgent_sign_for: Limit = Limit(hours=2)
    callback: Limit = Limit(workdays=2)
    max_extensions: int = 1
    remind_workdays: int = 1
    supervise_after_workdays: int = 5
    work_start: time = time(8, 30)
    work_end: time = time(17, 30)

    def reply_limit(self, category: Category, urgent: bool) -> Limit:
        return self.urgent_reply if urgent else self.reply[category]


DEFAULT_POLICY: Final = ClockPolicy()


def _local(at: datetime) -> datetime:
    return at.astimezone(SHANGHAI)


def _close(day: date, policy: ClockPolicy) -> datetime:
    return datetime.combine(day, policy.work_end, tzinfo=SHANGHAI)


def deadline(
    calendar: WorkCalendar, start: datetime, limit: Limit, policy: ClockPolicy = DEFAULT_POLICY
) -> datetime:
    """The deadline of ``limit`` counted from ``start`` (an aware datetime).

    Same-day limits end at today's close if ``start`` is on a working day before the close,
    otherwise at the close of the next working day.
    """
    if limit.hours:
        return _local(start) + timedelta(hours=limit.hours)
    local = _local(start)
    if limit.workdays:
        return _close(calendar.add_workdays(local.date(), limit.workdays), policy)
    if calendar.is_workday(local.date()) and local.time() < policy.work_end:
        return _close(local.date(), policy)
    return _close(calendar.add_workdays(local.date(), 1), policy)


class Risk(StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"  # 提醒: within ``remind_workdays`` of the active deadline
    OVERDUE = "overdue"  # 催办
    SUPERVISE = "supervise"  # 督办: overdue by ``supervise_after_workdays`` or more
    PAUSED = "paused"  # 退单, waiting for re-dispatch
    CLOSED = "closed"


RISK_LABELS: Final = MappingProxyType(
    {
        Risk.OK: "正常",
        Risk.DUE_SOON: "临近期限（应提醒）",
        Risk.OVERDUE: "已超期（应催办）",
        Risk.SUPERVISE: "严重超期（应督办）",
        Risk.PAUSED: "退单待重新派单，暂停计时",
        Risk.CLOSED: "已办结",
    }
)


@dataclass(frozen=True, slots=True)
class Clock:
    """A ticket's deadlines and on-time facts, and its risk on ``now``."""

    state: State
    category: Category | None = None
    urgent: bool = False
    unit: str = ""
    accepted_at: datetime | None = None
    dispatched_at: datetime | None = None
    sign_due: datetime | None = None
    signed_at: datetime | None = None
    signed_on_time: bool | None = None
    reply_due: datetime | None = None
    replied_at: datetime | None = None
    reply_on_time: bool | None = None
    extensions: int = 0
    pauses: tuple[tuple[datetime, datetime], ...] = ()
    callback_due: datetime | None = None
    callback_at: datetime | None = None
    callback_on_time: bool | None = None
    satisfaction: Satisfaction | None = None
    resolved: bool | None = None
    returns: int = 0
    redos: int = 0
    urges: int = 0
    supervisions: int = 0
    closed_at: datetime | None = None
    active_due: datetime | None = None
    days_left: int | None = None  # working days from now to the active deadline (<0: overdue)
    risk: Risk = Risk.OK
    explanation: tuple[str, ...] = ()


@dataclass(slots=True)
class _Fold:
    clock: Clock = field(default_factory=lambda: Clock(state=State.NEW))
    designated: bool = False
    anchor: date | None = None  # reply clock: counted from this day ...
    length: int = 0  # ... this many working days (0: anchor is the due day) ...
    paused: int = 0  # ... plus the working days paused by 退单
    returned_at: datetime | None = None
    pending_until: date | None = None
    last_at: datetime | None = None
    lines: list[str] = field(default_factory=list)


def _reply_due(fold: _Fold, calendar: WorkCalendar, policy: ClockPolicy) -> datetime | None:
    if fold.anchor is None:
        return None
    n = fold.length + fold.paused
    return _close(fold.anchor if n == 0 else calendar.add_workdays(fold.anchor, n), policy)


def _start_reply_clock(
    fold: _Fold, at: datetime, calendar: WorkCalendar, policy: ClockPolicy
) -> datetime:
    c = fold.clock
    assert c.category is not None  # noqa: S101 - ACCEPT carries a category (guard)
    limit = policy.reply_limit(c.category, c.urgent)
    due = deadline(calendar, at, limit, policy)
    fold.anchor, fold.length, fold.paused = due.date(), 0, 0
    if limit.workdays:
        fold.anchor, fold.length = _local(at).date(), limit.workdays
    return due


def _overdue_days(calendar: WorkCalendar, due: datetime, at: datetime) -> int:
    return calendar.workdays_between(_local(due).date(), _local(at).date()) if at > due else 0


def _apply(fold: _Fold, event: Event, calendar: WorkCalendar, policy: ClockPolicy) -> None:
    c = fold.clock
    state = check_event(c.state, event, designated=fold.designated)
    label = EVENT_LABELS[event.kind]
    if fold.last_at is not None and event.at < fold.last_at:
        raise TransitionError(f"“{label}”的时间不能早于上一操作（{fmt_dt(_local(fold.last_at))}）")
    at, when, kind, lines = event.at, fmt_dt(_local(event.at)), event.kind, fold.lines
    upd: dict[str, object] = {"state": state}
    if kind is K.ACCEPT:
        assert event.category is not None  # noqa: S101 - checked by the guard
        upd |= {"category": event.category, "urgent": event.urgent, "accepted_at": at}
        lines.append(
            f"{when}受理，{CATEGORY_LABELS[event.category]}类{'紧急' if event.urgent else ''}诉求。"
        )
    elif kind is K.ANSWER_DIRECTLY:
        upd["closed_at"] = at
        lines.append(f"{when}依知识库直接答复，办结。")
    elif kind is K.DISPATCH:
        sign_limit = policy.urgent_sign_for if c.urgent else policy.sign_for
        sign_due = deadline(calendar, at, sign_limit, policy)
        upd |= {"unit": event.unit, "dispatched_at": at, "sign_due": sign_due}
        upd |= {"signed_at": None, "signed_on_time": None}
        fold.designated = event.designated
        if fold.returned_at is not None:
            paused = calendar.workdays_between(_local(fold.returned_at).date(), _local(at).date())
            fold.paused += paused
            upd["pauses"] = (*c.pauses, (fold.returned_at, at))
            fold.returned_at = None
            lines.append(f"{when}重新派单至{event.unit}，退单期间暂停计时{paused}个工作日。")
        else:
            reply_due = _start_reply_clock(fold, at, calendar, policy)
            lines.append(
                f"{when}派单至{event.unit}；答复期限"
                f"{policy.reply_limit(c.category, c.urgent).text()}（次日起算），"  # type: ignore[arg-type]
                f"至{fmt_dt(reply_due)}。"
            )
        lines.append(f"签收期限{sign_limit.text()}，至{fmt_dt(sign_due)}。")
    elif kind is K.SIGN:
        assert c.sign_due is not None  # noqa: S101
        on_time = at <= c.sign_due
        upd |= {"signed_at": at, "signed_on_time": on_time}
        lines.append(f"{when}签收{'' if on_time else '（超过签收期限）'}。")
    elif kind is K.RETURN:
        fold.returned_at = at
        upd["returns"] = c.returns + 1
        lines.append(f"{when}{c.unit}退单：{event.reason}；退回热线中心重新派单。")
    elif kind is K.REQUEST_EXTENSION:
        due = _reply_due(fold, calendar, policy)
        assert due is not None and event.until is not None  # noqa: S101
        if c.extensions >= policy.max_extensions:
            raise TransitionError(
                f"每件工单最多延期{policy.max_extensions}次，已延期{c.extensions}次"
            )
        if at > due:
            raise TransitionError(f"延期应在答复期限（{fmt_dt(due)}）届满前申请")
        if event.until <= due.date():
            raise TransitionError(f"申请延至的日期须晚于现行答复期限（{fmt_dt(due)}）")
        if not calendar.is_workday(event.until):
            raise TransitionError("申请延至的日期须为工作日")
        fold.pending_until = event.until
        lines.append(f"{when}申请延期至{event.until.isoformat()}：{event.reason}。")
    elif kind is K.APPROVE_EXTENSION:
        assert fold.pending_until is not None  # noqa: S101
        fold.anchor, fold.length, fold.paused = fold.pending_until, 0, 0
        upd["extensions"] = c.extensions + 1
        lines.append(f"{when}热线中心批准延期，答复期限改为{fmt_dt(_close(fold.anchor, policy))}。")
        fold.pending_until = None
    elif kind is K.REFUSE_EXTENSION:
        fold.pending_until = None
        lines.append(f"{when}热线中心不予延期：{event.reason}；原答复期限不变。")
    elif kind is K.REPLY:
        due = _reply_due(fold, calendar, policy)
        assert due is not None  # noqa: S101
        on_time = at <= due
        upd |= {"reply_due": due, "replied_at": at, "reply_on_time": on_time}
        lines.append(f"{when}{c.unit}答复{'' if on_time else f'，超过答复期限（{fmt_dt(due)}）'}。")
    elif kind is K.SEND_BACK_REPLY:
        upd |= {"replied_at": None, "reply_on_time": None}
        lines.append(f"{when}答复审核未通过，退回{c.unit}：{event.reason}；答复期限不变。")
    elif kind is K.ACCEPT_REPLY:
        cb_due = deadline(calendar, at, policy.callback, policy)
        upd["callback_due"] = cb_due
        lines.append(f"{when}答复审核通过，应于{fmt_dt(cb_due)}前回访。")
    elif kind is K.CALLBACK:
        assert c.callback_due is not None and event.satisfaction is not None  # noqa: S101
        upd |= {"callback_at": at, "callback_on_time": at <= c.callback_due}
        upd |= {"satisfaction": event.satisfaction, "resolved": event.resolved}
        if state is State.CLOSED:
            upd["closed_at"] = at
        lines.append(
            f"{when}回访：{SATISFACTION_LABELS[event.satisfaction]}，"
            f"{'已解决' if event.resolved else '未解决'}{'，办结' if state is State.CLOSED else ''}。"
        )
    elif kind is K.REDO:
        due = _start_reply_clock(fold, at, calendar, policy)
        upd |= {"redos": c.redos + 1, "replied_at": None, "reply_on_time": None}
        upd |= {"callback_due": None, "callback_at": None, "callback_on_time": None}
        lines.append(
            f"{when}不满意理由成立，发回{c.unit}重办：{event.reason}；新答复期限{fmt_dt(due)}。"
        )
    elif kind is K.CLOSE:
        upd["closed_at"] = at
        lines.append(f"{when}不满意理由不成立，办结：{event.reason}。")
    elif kind in (K.URGE, K.SUPERVISE):
        due = _active_due(c, fold, calendar, policy)
        assert due is not None  # noqa: S101
        late = _overdue_days(calendar, due, at)
        if at <= due:
            raise TransitionError(f"期限（{fmt_dt(due)}）尚未届满，不能{label}")
        need = policy.supervise_after_workdays
        if kind is K.SUPERVISE and late < need:
            raise TransitionError(f"超期{need}个工作日后方可督办，目前超期{late}个工作日")
        key = "urges" if kind is K.URGE else "supervisions"
        upd[key] = getattr(c, key) + 1
        lines.append(f"{when}{label}（已超期{late}个工作日），通知{c.unit}负责人。")
    fold.clock = replace(c, **upd)  # type: ignore[arg-type]
    fold.last_at = at


def _active_due(
    c: Clock, fold: _Fold, calendar: WorkCalendar, policy: ClockPolicy
) -> datetime | None:
    """The deadline that binds in the current state (None: nothing is running)."""
    if c.state is State.DISPATCHED:
        return c.sign_due
    if c.state in (State.HANDLING, State.EXTENSION_PENDING):
        return _reply_due(fold, calendar, policy)
    if c.state is State.AWAITING_CALLBACK:
        return c.callback_due
    return None


def _fold(events: Sequence[Event], calendar: WorkCalendar, policy: ClockPolicy) -> _Fold:
    fold = _Fold()
    for event in events:
        _apply(fold, event, calendar, policy)
    return fold


def check_next(
    events: Sequence[Event],
    event: Event,
    calendar: WorkCalendar,
    policy: ClockPolicy = DEFAULT_POLICY,
) -> State:
    """Guard with the calendar rules: raise :class:`TransitionError` or return the new state."""
    fold = _fold(events, calendar, policy)
    _apply(fold, event, calendar, policy)
    return fold.clock.state


def compute_clock(
    events: Sequence[Event],
    calendar: WorkCalendar,
    *,
    now: datetime,
    policy: ClockPolicy = DEFAULT_POLICY,
) -> Clock:
    """The ticket's clock from its events (each checked by the guard) and its risk on ``now``."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise TransitionError("当前时间须带时区")
    fold = _fold(events, calendar, policy)
    c = fold.clock
    lines = list(fold.lines)
    reply_due = _reply_due(fold, calendar, policy) if c.replied_at is None else c.reply_due
    due = _active_due(c, fold, calendar, policy)
    days_left: int | None = None
    if c.state is State.CLOSED:
        risk = Risk.CLOSED
    elif c.state is State.RETURNED:
        risk = Risk.PAUSED
        lines.append("已退单，自退单次日起至重新派单之日暂停计算答复期限。")
    elif due is None:
        risk = Risk.OK
    else:
        today, due_day = _local(now).date(), _local(due).date()
        days_left = calendar.workdays_between(today, due_day)
        if now > due:
            late = _overdue_days(calendar, due, now)
            days_left = -late
            risk = Risk.SUPERVISE if late >= policy.supervise_after_workdays else Risk.OVERDUE
            lines.append(f"截至{fmt_dt(_local(now))}已超过期限{fmt_dt(due)}，超期{late}个工作日。")
        else:
            risk = Risk.DUE_SOON if days_left <= policy.remind_workdays else Risk.OK
            lines.append(f"截至{fmt_dt(_local(now))}，距期限{fmt_dt(due)}还有{days_left}个工作日。")
    return replace(
        c,
        reply_due=reply_due,
        active_due=due,
        days_left=days_left,
        risk=risk,
        explanation=tuple(lines),
    )
