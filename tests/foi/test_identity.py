"""GB 11643 ID numbers, phones, postal codes and the public state labels (pure, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.domain.ratelimits import exceeded
from gongkai.foi.domain.events import EventKind, State
from gongkai.foi.domain.identity import (
    IdType,
    id_check_char,
    id_number_error,
    normalise_phone,
    phone_error,
    postal_code_error,
)
from gongkai.foi.domain.intake import RATE_LIMITS, public_state, public_timeline

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("11010519491231002", "X"),  # the standard's own example
        ("34152219900101123", "4"),  # 霍邱县
        ("34010219900307001", "0"),
        ("44030419850815123", "0"),  # Σ = 298, 298 mod 11 = 1 → 0 (worked by hand)
    ],
)
def test_check_character(body, check):
    assert id_check_char(body) == check


@pytest.mark.parametrize(
    ("id_type", "value", "message"),
    [
        (IdType.RESIDENT_ID, "341522199001011234", None),
        (IdType.RESIDENT_ID, "11010519491231002x", None),  # lower-case x accepted
        (IdType.RESIDENT_ID, " 3415 2219 9001 0112 34 ", None),  # spaces dropped
        (IdType.RESIDENT_ID, "810000199408230021", None),  # 港澳居民居住证 (81)
        (IdType.RESIDENT_ID, "341522199001011235", "校验位错误"),
        (IdType.RESIDENT_ID, "34152219900101123", "18位"),
        (IdType.RESIDENT_ID, "341522900101123", "15位"),
        (IdType.RESIDENT_ID, "34152219900101123A", "最后一位"),
        (IdType.RESIDENT_ID, "991522199001011234", "行政区划"),
        (IdType.RESIDENT_ID, "341522199002301234", "不是有效日期"),
        (IdType.RESIDENT_ID, "341522203001011234", "出生日期"),  # born in the future
        (IdType.RESIDENT_ID, "", "请填写"),
        (IdType.PASSPORT, "E12345678", None),
        (IdType.HK_MACAO_PERMIT, "H12345678", None),
        (IdType.PASSPORT, "E1", "5至30位"),
        (IdType.PASSPORT, "护照号码", "5至30位"),
        ("nonsense", "E12345678", "证件类型"),
    ],
)
def test_id_number_error(id_type, value, message):
    error = id_number_error(id_type, value, today=TODAY)
    if message is None:
        assert error is None
    else:
        assert error is not None and message in error


def test_born_today_is_fine_but_tomorrow_is_not():
    body = "341522" + TODAY.strftime("%Y%m%d") + "123"
    assert id_number_error(IdType.RESIDENT_ID, body + id_check_char(body), today=TODAY) is None
    tomorrow = TODAY + dt.timedelta(days=1)
    body = "341522" + tomorrow.strftime("%Y%m%d") + "123"
    assert "出生日期" in id_number_error(
        IdType.RESIDENT_ID, body + id_check_char(body), today=TODAY
    )


@pytest.mark.parametrize(
    ("value", "ok", "normalised"),
    [
        ("13812345678", True, "13812345678"),
        ("138 1234 5678", True, "13812345678"),
        ("+86 13812345678", True, "13812345678"),
        ("0564-6012345", True, "0564-6012345"),
        ("05646012345", True, "05646012345"),
        ("010-12345678-802", True, "010-12345678-802"),
        ("0564－6012345", True, "0564-6012345"),
        ("12812345678", False, None),
        ("1381234567", False, None),
        ("6012345", False, None),  # no area code
        ("电话13812345678", False, None),
        ("", False, None),
    ],
)
def test_phone(value, ok, normalised):
    assert (phone_error(value) is None) is ok
    if ok:
        assert normalise_phone(value) == normalised


@pytest.mark.parametrize(
    ("value", "ok"),
    [("237400", True), ("", True), ("23740", False), ("2374000", False), ("23740a", False)],
)
def test_postal_code(value, ok):
    assert (postal_code_error(value) is None) is ok


R, CN, CR, X, C, A, P = (
    EventKind.RECEIVED,
    EventKind.CORRECTION_NOTICE_SENT,
    EventKind.CORRECTION_RECEIVED,
    EventKind.EXTENSION_APPROVED,
    EventKind.CONSULTATION_SENT,
    EventKind.CONSULTATION_ANSWERED,
    EventKind.REPLIED,
)


@pytest.mark.parametrize(
    ("state", "kinds", "label"),
    [
        (State.NEW, [], "已提交，待确认收到"),
        (State.OPEN, [R], "已收到"),
        (State.AWAITING_CORRECTION, [R, CN], "补正中"),
        (State.OPEN, [R, CN, CR], "办理中"),
        (State.CONSULTING, [R, C], "办理中（征求意见）"),
        (State.OPEN, [R, C, A], "办理中"),
        (State.OPEN, [R, X], "已延期"),
        (State.AWAITING_FEE, [R, EventKind.FEE_NOTICE_SENT], "等待缴费"),
        (State.CLOSED, [R, P], "已答复"),
        (State.CLOSED, [R, CN, EventKind.CORRECTION_LAPSED], "已终止"),
    ],
)
def test_public_state(state, kinds, label):
    assert public_state(state, kinds) == label


def test_public_timeline_has_dates_and_plain_labels_only():
    steps = public_timeline([(R, dt.date(2026, 11, 2)), (X, dt.date(2026, 11, 20))])
    assert [(s.on, s.label) for s in steps] == [
        (dt.date(2026, 11, 2), "收到申请"),
        (dt.date(2026, 11, 20), "延长答复期限（《条例》第三十三条）"),
    ]


@pytest.mark.parametrize(
    ("counts", "blocked"),
    [([0, 0], None), ([4, 4], None), ([5, 5], "1小时"), ([0, 20], "24小时"), ([4, 19], None)],
)
def test_exceeded(counts, blocked):
    hit = exceeded(RATE_LIMITS["apply"]["ip"], counts)
    assert (hit.label if hit else None) == blocked
