"""Pure rules of reply letters and table 四 (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.foi.domain import letters
from gongkai.foi.domain.letters import LetterState, LetterTransitionError
from gongkai.foi.domain.outcomes import Outcome
from gongkai.foi.domain.stats import (
    ReviewKind,
    ReviewResult,
    ReviewSummary,
    Table4,
    build_table4,
    check_reviews,
    check_table4,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (D(2026, 11, 26), "二〇二六年十一月二十六日"),
        (D(2024, 1, 1), "二〇二四年一月一日"),
        (D(2025, 10, 30), "二〇二五年十月三十日"),
        (D(2025, 12, 31), "二〇二五年十二月三十一日"),
        (D(2030, 2, 10), "二〇三〇年二月十日"),
        (D(2026, 3, 19), "二〇二六年三月十九日"),
        (D(2026, 6, 20), "二〇二六年六月二十日"),
    ],
)
def test_chinese_date(day, text):
    assert letters.chinese_date(day) == text


def test_letter_number():
    assert letters.format_letter_number("霍政公开", 2026, 12) == "霍政公开〔2026〕12号"
    with pytest.raises(ValueError):
        letters.format_letter_number("霍政公开", 2026, 0)


@pytest.mark.parametrize(
    ("name", "state", "after"),
    [
        ("submit", LetterState.DRAFT, LetterState.SUBMITTED),
        ("submit", LetterState.RETURNED, LetterState.SUBMITTED),
        ("approve", LetterState.SUBMITTED, LetterState.APPROVED),
        ("return", LetterState.SUBMITTED, LetterState.RETURNED),
        ("edit", LetterState.DRAFT, LetterState.DRAFT),
        ("edit", LetterState.RETURNED, LetterState.RETURNED),
        ("approve", LetterState.DRAFT, None),
        ("submit", LetterState.APPROVED, None),
        ("edit", LetterState.SUBMITTED, None),
        ("edit", LetterState.APPROVED, None),
        ("return", LetterState.APPROVED, None),
    ],
)
def test_transitions(name, state, after):
    if after is None:
        with pytest.raises(LetterTransitionError):
            letters.check_transition(name, state)
    else:
        assert letters.check_transition(name, state) == after


def test_review_body_follows_the_2024_law():
    kwargs = {"county_government": "霍邱县人民政府", "city_government": "六安市人民政府"}
    assert letters.review_body(county_level=False, **kwargs) == "霍邱县人民政府"
    assert letters.review_body(county_level=True, **kwargs) == "六安市人民政府"
    sentence = letters.remedy_sentence("霍邱县人民政府")
    assert "六十日内向霍邱县人民政府申请行政复议" in sentence and "六个月内" in sentence


@pytest.mark.parametrize("outcome", list(Outcome))
def test_default_bodies_use_only_known_placeholders(outcome):
    body = letters.default_body(outcome)
    assert letters.unknown_placeholders(body) == []
    for needed in ("{申请人}", "{法律依据}", "{救济途径}"):
        assert needed in body


def test_render_and_unknown_placeholders():
    assert letters.render("{申请人}：{x}{法律依据}", {"申请人": "张三", "法律依据": "根据"}) == (
        "张三：{x}根据"
    )
    assert letters.unknown_placeholders("{申请人}{姓名}{x}") == ["x", "姓名"]


def test_table4_counts_by_filing_year_and_result_at_year_end():
    reviews = [
        ReviewSummary(ReviewKind.REVIEW, D(2025, 2, 1), ReviewResult.UPHELD, D(2025, 3, 1)),
        ReviewSummary(ReviewKind.REVIEW, D(2025, 5, 1), ReviewResult.CORRECTED, D(2025, 6, 1)),
        ReviewSummary(ReviewKind.REVIEW, D(2025, 12, 1)),
        ReviewSummary(
            ReviewKind.LITIGATION_AFTER_REVIEW, D(2025, 9, 1), ReviewResult.OTHER, D(2026, 2, 1)
        ),
        ReviewSummary(ReviewKind.LITIGATION_DIRECT, D(2024, 9, 1)),
    ]
    table = build_table4(reviews, 2025)
    assert table.blocks[ReviewKind.REVIEW] == (1, 1, 0, 1, 3)
    assert table.blocks[ReviewKind.LITIGATION_DIRECT] == (0, 0, 0, 0, 0)
    assert table.blocks[ReviewKind.LITIGATION_AFTER_REVIEW] == (0, 0, 0, 1, 1)
    assert len(table.cells()) == 15
    assert check_table4(table) == []


def test_table4_check_reports_a_wrong_total():
    table = Table4(
        2025,
        {
            ReviewKind.REVIEW: (2, 0, 0, 1, 4),
            ReviewKind.LITIGATION_DIRECT: (0, 0, 0, 0, 0),
            ReviewKind.LITIGATION_AFTER_REVIEW: (0, 0, 0, 0),
        },
    )
    problems = check_table4(table)
    assert any("总计（4）不等于" in p for p in problems)
    assert any("复议后起诉" in p and "应有5列" in p for p in problems)


def test_review_data_errors():
    errors = check_reviews(
        [
            ReviewSummary(ReviewKind.REVIEW, D(2025, 2, 1), ReviewResult.UPHELD),
            ReviewSummary(ReviewKind.REVIEW, D(2025, 2, 1), ReviewResult.PENDING, D(2025, 3, 1)),
            ReviewSummary(ReviewKind.REVIEW, D(2025, 2, 1), ReviewResult.OTHER, D(2025, 1, 1)),
        ]
    )
    assert len(errors) == 3
