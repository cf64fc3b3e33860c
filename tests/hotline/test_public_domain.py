"""Pure rules of the public interfaces (gongkai/hotline/domain/public.py), table-style, no
database: the spec's date examples, GET requests arguments, de-identification, tracking."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.domain.ratelimits import exceeded
from gongkai.hotline.domain.public import (
    RATE_LIMITS,
    QueryError,
    deidentify,
    normalize_number,
    open311_status,
    parse_datetime,
    parse_requests_query,
    phone_tail_matches,
)

NOW = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1994-11-05T08:15:30-05:00", dt.datetime(1994, 11, 5, 13, 15, 30, tzinfo=dt.UTC)),
        ("1994-11-05T13:15:30Z", dt.datetime(1994, 11, 5, 13, 15, 30, tzinfo=dt.UTC)),
        ("2010-01-01T00:00:00Z", dt.datetime(2010, 1, 1, tzinfo=dt.UTC)),
        ("2026-11-26T08:00+08:00", dt.datetime(2026, 11, 26, 0, 0, tzinfo=dt.UTC)),
    ],
)
def test_spec_date_examples_parse(value, expected):
    assert parse_datetime(value, name="start_date") == expected


@pytest.mark.parametrize(
    "value",
    ["1994-11-05", "1994-11-05T08:15:30", "1994-13-05T08:15:30Z", "x", "1994-11-05T08:15:30+25:00"],
)
def test_bad_dates(value):
    with pytest.raises(QueryError):
        parse_datetime(value, name="start_date")


def test_query_defaults_to_the_last_90_days():
    now = dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
    query = parse_requests_query({"status": "", "service_code": ""}, now=now)
    assert query.end == now and query.start == now - dt.timedelta(days=90)
    assert query.page == 1 and query.page_size == 1000 and query.statuses == ()
    only_start = parse_requests_query({"start_date": "2026-01-01T00:00:00Z"}, now=now)
    assert only_start.end - only_start.start == dt.timedelta(days=90)


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("我是张三，电话13812345678", ["张三"], "我是张*，电话138********"),
        ("电话 138-1234-5678 或 138 1234 5678", [], None),
        ("身份证号 340104199001011239 丢失", [], None),
        ("路灯不亮", ["张三"], "路灯不亮"),
    ],
)
def test_deidentify(text, names, expected):
    out = deidentify(text, names=names, phones=["13812345678"], today=dt.date(2026, 11, 26))
    if expected is not None:
        assert out == expected
    assert "5678" not in out and "张三" not in out and "1234" not in out


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "pending"}, "status"),
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "90"),
        ({"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-05-01T00:00:00Z"}, "早于"),
        ({"page": "0"}, "page"),
        ({"page_size": "1001"}, "1000"),
        ({"page_size": "ten"}, "page_size"),
        ({"service_request_id": ",".join(str(i) for i in range(201))}, "200"),
    ],
)
def test_bad_requests_queries(params, message):
    with pytest.raises(QueryError, match=message) as exc:
        parse_requests_query(params, now=NOW)
    assert exc.value.code == 400


def test_ids_override_every_other_filter():
    query = parse_requests_query(
        {"service_request_id": "20261126-0001, 20261126-0002,", "status": "bogus"}, now=NOW
    )
    assert query.ids == ("20261126-0001", "20261126-0002")
    assert query.start is None and query.statuses == ()


@pytest.mark.parametrize(
    ("state", "status"),
    [("accepted", "open"), ("handling", "open"), ("dissatisfied", "open"), ("closed", "closed")],
)
def test_status_mapping(state, status):
    assert open311_status(state) == status


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("20261126-0001", "20261126-0001"),
        (" 20261126－0001 ", "20261126-0001"),
        ("２０２６１１２６-０００１", "20261126-0001"),
        ("2026112-0001", ""),
        ("abc", ""),
    ],
)
def test_normalize_number(typed, number):
    assert normalize_number(typed) == number


@pytest.mark.parametrize(
    ("phone", "tail", "ok"),
    [
        ("13955551234", "1234", True),
        ("139 5555 1234", "1234", True),
        ("13955551234", "1235", False),
        ("13955551234", "234", False),
        ("", "1234", False),
        ("13955551234", "12a4", False),
    ],
)
def test_phone_tail(phone, tail, ok):
    assert phone_tail_matches(phone, tail) is ok


def test_rate_limit_table():
    track = RATE_LIMITS["track_fail"]["number"]
    assert exceeded(track, [9]) is None
    assert exceeded(track, [10]) is track[0]
    submit = RATE_LIMITS["submit"]["ip"]
    assert exceeded(submit, [4, 19]) is None and exceeded(submit, [0, 20]) is submit[1]
