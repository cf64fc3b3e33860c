"""Repeat/bulk detection rules and reminder thresholds, table-style without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.foi.domain.reminders import due_reminder
from gongkai.foi.domain.similarity import (
    SIMILARITY_THRESHOLD,
    Candidate,
    find_similar,
    in_window,
    normalize_id_number,
    normalize_phone,
    similarity,
)

D = dt.date
BASE = "请公开2025年城关镇老旧小区改造项目的招标文件和中标结果"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (BASE, BASE, 1.0),
        ("", BASE, 0.0),
        ("公开", "公开", 1.0),
        ("招标文件", "招标，文件", 1.0),  # punctuation ignored
        ("ＡＢ１２", "ab12", 1.0),  # full width and case folded
        ("城关镇财政预算", "河口镇人事任免", 0.0),
        ("甲乙丙丁", "甲乙丙戊", 0.5),  # {甲乙,乙丙,丙丁} vs {甲乙,乙丙,丙戊}: 2/4
    ],
)
def test_similarity_table(a, b, expected):
    assert similarity(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("other", "duplicate"),
    [
        ("请公开2025年城关镇老旧小区改造项目招标文件及中标结果", True),
        ("申请公开2025年城关镇老旧小区改造项目的招标文件和中标结果。", True),
        # The same project, another document; another township, the same kind of document.
        ("请公开2025年城关镇老旧小区改造项目的资金拨付明细", False),
        ("请公开2025年河口镇道路硬化项目的招标文件和中标结果", False),
        ("请公开城关镇2025年财政预算和决算", False),
    ],
)
def test_near_identical_threshold(other, duplicate):
    assert (similarity(BASE, other) >= SIMILARITY_THRESHOLD) is duplicate


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (D(2026, 10, 27), True),  # 30 days before
        (D(2026, 10, 26), False),
        (D(2026, 12, 26), True),  # 30 days after
        (D(2026, 12, 27), False),
    ],
)
def test_window(day, inside):
    assert in_window(day, D(2026, 11, 26)) is inside


def test_find_similar_orders_by_score_and_skips_self_and_old():
    around = D(2026, 11, 26)
    candidates = [
        Candidate(1, around, BASE),  # itself
        Candidate(2, D(2026, 11, 20), BASE + "。"),
        Candidate(3, D(2026, 11, 21), "请公开2025年城关镇老旧小区改造项目招标文件及中标结果"),
        Candidate(4, D(2026, 9, 1), BASE),  # outside 30 days
        Candidate(5, D(2026, 11, 22), "河口镇2025年财政预算"),
    ]
    matches = find_similar(BASE, candidates, around=around, exclude=1)
    assert [m.id for m in matches] == [2, 3]
    assert matches[0].score == 1.0 and SIMILARITY_THRESHOLD <= matches[1].score < 1


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("34010219900101123x", "34010219900101123X"),
        (" 340102 19900101 1234 ", "340102199001011234"),
        ("３４０１０２", "340102"),
        ("", ""),
    ],
)
def test_normalize_id_number(value, normal):
    assert normalize_id_number(value) == normal


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("0564-6012345", "05646012345"),
    ],
)
def test_normalize_phone(value, normal):
    assert normalize_phone(value) == normal


@pytest.mark.parametrize(
    ("days_left", "key"),
    [
        (None, None),
        (20, None),
        (6, None),
        (5, "d5"),
        (3, "d5"),
        (2, "d2"),
        (0, "d2"),
        (-1, "overdue"),
    ],
)
def test_due_reminder_table(days_left, key):
    reminder = due_reminder(days_left)
    assert (reminder.key if reminder else None) == key
