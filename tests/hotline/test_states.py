"""The hotline workflow table and its guard (statutes.md §7.3, issue #6 "Flow"), no database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gongkai.hotline.domain.clocks import SHANGHAI
from gongkai.hotline.domain.states import (
    EVENT_LABELS,
    STATE_LABELS,
    TRANSITIONS,
    Category,
    Event,
    EventKind,
    Satisfaction,
    State,
    TransitionError,
    allowed_events,
    check_event,
    state_after,
)

K, S = EventKind, State
AT = datetime(2026, 9, 28, 9, 0, tzinfo=SHANGHAI)


def valid(kind: EventKind, **kw: object) -> Event:
    """An event of ``kind`` with every payload field its guard asks for."""
    payload: dict[str, object] = {
        K.ACCEPT: {"category": Category.COMPLAINT},
        K.DISPATCH: {"unit": "住建局"},
        K.RETURN: {"reason": "不属于本单位职责"},
        K.REQUEST_EXTENSION: {"reason": "需现场勘查", "until": date(2026, 10, 30)},
        K.REFUSE_EXTENSION: {"reason": "理由不充分"},
        K.SEND_BACK_REPLY: {"reason": "答复未回应诉求"},
        K.REDO: {"reason": "诉求未解决"},
        K.CLOSE: {"reason": "诉求超出政策范围"},
        K.CALLBACK: {"satisfaction": Satisfaction.SATISFIED, "resolved": True},
    }.get(kind, {})
    return Event(kind, AT, **(payload | kw))  # type: ignore[arg-type]


TABLE = [
    (state, kind, target) for state, row in TRANSITIONS.items() for kind, target in row.items()
]


@pytest.mark.parametrize(("state", "kind", "target"), TABLE, ids=lambda v: str(v))
def test_every_allowed_transition(state: State, kind: EventKind, target: State | None) -> None:
    assert check_event(state, valid(kind)) == (state if target is None else target)


REFUSED = [(s, k) for s in State for k in EventKind if k not in TRANSITIONS[s]]


@pytest.mark.parametrize(("state", "kind"), REFUSED, ids=lambda v: str(v))
def test_every_other_transition_is_refused_in_chinese(state: State, kind: EventKind) -> None:
    with pytest.raises(TransitionError) as info:
        check_event(state, valid(kind))
    message = str(info.value)
    assert STATE_LABELS[state] in message
    assert EVENT_LABELS[kind] in message
    assert "不能" in message


def test_table_covers_every_state_and_labels_are_complete() -> None:
    assert set(TRANSITIONS) == set(State)
    assert set(STATE_LABELS) == set(State)
    assert set(EVENT_LABELS) == set(EventKind)
    assert allowed_events(S.CLOSED) == ()
    # every state but NEW is reachable
    reached = {t for row in TRANSITIONS.values() for t in row.values() if t is not None}
    assert reached | {S.NEW, S.DISSATISFIED} == set(State)


@pytest.mark.parametrize(
    ("state", "kind", "missing", "message"),
    [
        (S.NEW, K.ACCEPT, {"category": None}, "诉求类型"),
        (S.ACCEPTED, K.DISPATCH, {"unit": " "}, "承办单位"),
        (S.DISPATCHED, K.RETURN, {"reason": ""}, "退单”须填写理由"),
        (S.HANDLING, K.REQUEST_EXTENSION, {"reason": ""}, "理由"),
        (S.HANDLING, K.REQUEST_EXTENSION, {"until": None}, "申请延至的日期"),
        (S.EXTENSION_PENDING, K.REFUSE_EXTENSION, {"reason": ""}, "理由"),
        (S.REPLIED, K.SEND_BACK_REPLY, {"reason": ""}, "理由"),
        (S.AWAITING_CALLBACK, K.CALLBACK, {"satisfaction": None}, "满意度"),
        (S.AWAITING_CALLBACK, K.CALLBACK, {"resolved": None}, "是否解决"),
        (S.DISSATISFIED, K.REDO, {"reason": "  "}, "理由"),
        (S.DISSATISFIED, K.CLOSE, {"reason": ""}, "理由"),
    ],
)
def test_payload_guards(
    state: State, kind: EventKind, missing: dict[str, object], message: str
) -> None:
    with pytest.raises(TransitionError, match=message):
        check_event(state, valid(kind, **missing))


def test_naive_time_is_refused() -> None:
    with pytest.raises(TransitionError, match="时区"):
        check_event(S.NEW, Event(K.ACCEPT, datetime(2026, 9, 28, 9), category=Category.HELP))


@pytest.mark.parametrize(
    ("satisfaction", "target"),
    [
        (Satisfaction.SATISFIED, S.CLOSED),
        (Satisfaction.BASICALLY_SATISFIED, S.CLOSED),
        (Satisfaction.DISSATISFIED, S.DISSATISFIED),
    ],
)
def test_callback_outcome(satisfaction: Satisfaction, target: State) -> None:
    assert check_event(S.AWAITING_CALLBACK, valid(K.CALLBACK, satisfaction=satisfaction)) == target


def test_designated_dispatch_cannot_be_returned() -> None:
    """潍坊条例: once the centre decides a disputed duty, the unit may not return it again."""
    events = [valid(K.ACCEPT), valid(K.DISPATCH, designated=True)]
    assert state_after(events) is S.DISPATCHED
    with pytest.raises(TransitionError, match="指定承办"):
        state_after([*events, valid(K.RETURN)])
    # an ordinary dispatch may be returned, and the re-dispatch decides again
    ordinary = [valid(K.ACCEPT), valid(K.DISPATCH), valid(K.RETURN), valid(K.DISPATCH)]
    assert state_after([*ordinary, valid(K.RETURN)]) is S.RETURNED


def test_full_journey_states() -> None:
    kinds = [
        K.ACCEPT, K.DISPATCH, K.SIGN, K.REQUEST_EXTENSION, K.APPROVE_EXTENSION, K.REPLY,
        K.SEND_BACK_REPLY, K.REPLY, K.ACCEPT_REPLY,
    ]  # fmt: skip
    events = [valid(k) for k in kinds]
    assert state_after(events) is S.AWAITING_CALLBACK
    unhappy = valid(K.CALLBACK, satisfaction=Satisfaction.DISSATISFIED, resolved=False)
    assert state_after([*events, unhappy]) is S.DISSATISFIED
    assert state_after([*events, unhappy, valid(K.REDO)]) is S.HANDLING
    assert state_after([valid(K.ACCEPT), valid(K.ANSWER_DIRECTLY)]) is S.CLOSED
