"""The pure lifecycle rules, table-style (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.lifecycle import (
    STAGE_TRANSITIONS,
    STATUS_TRANSITIONS,
    Stage,
    Status,
    TransitionRefused,
    UnitProgress,
)

D = dt.date


@pytest.mark.parametrize(
    ("current", "transition", "expected"),
    [
        ("draft", "submit_for_legal_review", Stage.LEGAL_REVIEW),
        ("legal_review", "pass_legal_review", Stage.REVIEWED),
        ("legal_review", "return_from_legal_review", Stage.DRAFT),
        ("reviewed", "record_deliberation", Stage.DELIBERATED),
        ("deliberated", "sign", Stage.SIGNED),
        ("signed", "register", Stage.REGISTERED),
        ("registered", "publish", Stage.PUBLISHED),
        ("published", "file", Stage.FILED),
    ],
)
def test_each_procedure_step(current, transition, expected):
    assert lifecycle.next_stage(current, transition) == expected


def test_every_other_procedure_step_is_refused():
    # 国办发〔2018〕37号: no collective deliberation without a passed legality review, etc.
    for transition, (sources, _) in STAGE_TRANSITIONS.items():
        for stage in Stage:
            if stage in sources:
                continue
            with pytest.raises(TransitionRefused, match="此操作只能在"):
                lifecycle.next_stage(stage, transition)


@pytest.mark.parametrize(
    ("current", "transition", "expected"),
    [
        ("valid", "expire", Status.EXPIRED),
        ("valid", "repeal", Status.REPEALED),
        ("amended", "repeal", Status.REPEALED),
        ("valid", "declare_expired", Status.EXPIRED),
        ("valid", "mark_amended", Status.AMENDED),
        ("expired", "renew", Status.VALID),
    ],
)
def test_validity_steps(current, transition, expected):
    assert lifecycle.next_status(current, transition) == expected


@pytest.mark.parametrize(
    ("current", "transition"),
    [
        ("expired", "expire"),
        ("repealed", "renew"),
        ("repealed", "repeal"),
        ("expired", "mark_amended"),
        ("repealed", "expire"),
    ],
)
def test_validity_steps_refused(current, transition):
    with pytest.raises(TransitionRefused):
        lifecycle.next_status(current, transition)


def test_tables_name_only_known_states():
    for sources, target in STAGE_TRANSITIONS.values():
        assert sources <= set(Stage) and target in Stage
    for sources, target in STATUS_TRANSITIONS.values():
        assert sources <= set(Status) and target in Status


@pytest.mark.parametrize(
    ("title", "effective", "expected"),
    [
        ("霍邱县城区停车管理办法", D(2019, 1, 23), D(2024, 1, 22)),
        ("霍邱县农村公路养护管理暂行办法", D(2019, 1, 23), D(2021, 1, 22)),
        ("霍邱县人才引进试行办法", D(2024, 3, 1), D(2026, 2, 28)),
        ("霍邱县城区停车管理办法", D(2024, 2, 29), D(2029, 2, 27)),  # leap day start
        ("霍邱县城区停车管理办法", D(2025, 1, 1), D(2029, 12, 31)),
    ],
)
def test_default_validity(title, effective, expected):
    assert lifecycle.default_valid_until(title, effective) == expected


@pytest.mark.parametrize(
    ("title", "until", "problem"),
    [
        ("停车管理办法", D(2031, 3, 31), ""),
        ("停车管理办法", D(2031, 4, 1), "不超过5年"),
        ("停车管理暂行办法", D(2028, 3, 31), ""),
        ("停车管理暂行办法", D(2028, 4, 1), "暂行、试行文件的有效期一般不超过2年"),
        ("停车管理办法", D(2026, 3, 31), "不能早于施行日期"),
    ],
)
def test_validity_problem(title, until, problem):
    found = lifecycle.validity_problem(title, D(2026, 4, 1), until)
    assert (problem in found) if problem else found == ""


def test_expiry_is_calendar_based_even_on_a_holiday():
    # Valid until 30 September: 失效 from 1 October (国庆节) — holidays do not move it.
    assert lifecycle.expires_on(D(2026, 9, 30)) == D(2026, 10, 1)


@pytest.mark.parametrize(
    ("until", "today", "key"),
    [
        (D(2026, 12, 31), D(2026, 6, 29), None),
        (D(2026, 12, 31), D(2026, 6, 30), "6m"),
        (D(2026, 12, 31), D(2026, 11, 29), "6m"),
        (D(2026, 12, 31), D(2026, 11, 30), "1m"),
        (D(2026, 12, 31), D(2026, 12, 31), "1m"),
        (D(2026, 12, 31), D(2027, 1, 1), None),
        (D(2027, 3, 31), D(2027, 2, 28), "1m"),  # 31 March − 1 month = 28 February
        (D(2026, 8, 31), D(2026, 2, 28), "6m"),
    ],
)
def test_due_reminder(until, today, key):
    reminder = lifecycle.due_reminder(until, today)
    assert (reminder.key if reminder else None) == key


WEEKENDS_AND_MAY_DAY = {D(2026, 5, d) for d in range(1, 6)} | {
    D(2026, 5, 9),
    D(2026, 5, 10),
}


@pytest.mark.parametrize(
    ("published", "due"),
    [
        (D(2026, 4, 1), D(2026, 5, 6)),  # 05-01 falls in 劳动节: the next working day
        (D(2026, 4, 2), D(2026, 5, 6)),
        (D(2026, 4, 6), D(2026, 5, 6)),
        (D(2026, 4, 7), D(2026, 5, 7)),
        (D(2026, 4, 9), D(2026, 5, 11)),  # a Saturday → Monday
    ],
)
def test_filing_due(published, due):
    def is_workday(day):
        return day not in WEEKENDS_AND_MAY_DAY

    assert lifecycle.filing_due(published, 30, is_workday=is_workday) == due


def test_campaign_gaps():
    done = UnitProgress(unit_id=1, documents=3, decided=3, cosigned=3)
    partial = UnitProgress(unit_id=2, documents=4, decided=2, cosigned=1)
    assert done.done and done.percent == 100
    assert not partial.done and partial.percent == 25
    assert lifecycle.campaign_gaps([done]) == []
    assert lifecycle.campaign_gaps([done, partial]) == [
        "还有2件文件未作出清理决定",
        "还有1项清理决定未经司法局会签",
    ]
    assert UnitProgress(unit_id=3, documents=0, decided=0, cosigned=0).percent == 100
