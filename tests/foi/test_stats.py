"""Table 三 of the annual report and its cross-checks (statutes.md §2.1, Test fact 22)."""

from __future__ import annotations

from datetime import date

from gongkai.foi.domain.outcomes import Outcome
from gongkai.foi.domain.stats import (
    ROW_KEYS,
    ApplicantType,
    CaseSummary,
    Table3,
    build_table3,
    check_summaries,
    check_table3,
    row_label,
)

P, B, L = ApplicantType.NATURAL_PERSON, ApplicantType.BUSINESS, ApplicantType.LEGAL_SERVICE

CASES = [
    # carried over from 2025, closed in 2026
    CaseSummary(date(2025, 12, 20), P, date(2026, 1, 15), Outcome.DISCLOSED),
    # carried over from 2025 and still open at the end of 2026
    CaseSummary(date(2025, 12, 29), B),
    # closed in 2025: not in the 2026 table at all
    CaseSummary(date(2025, 3, 1), P, date(2025, 3, 20), Outcome.PARTIAL),
    # new in 2026
    CaseSummary(date(2026, 2, 2), P, date(2026, 3, 1), Outcome.WITHHELD_STATE_SECRET),
    CaseSummary(date(2026, 5, 6), L, date(2026, 6, 1), Outcome.NOT_HANDLED_REPEAT),
    CaseSummary(date(2026, 6, 10), P, date(2026, 7, 20), Outcome.OTHER_FEE_UNPAID),
    CaseSummary(date(2026, 12, 28), P, date(2027, 1, 20), Outcome.DISCLOSED),  # to next year
    CaseSummary(date(2026, 12, 30), B),  # open, to next year
    # received in 2027: not counted
    CaseSummary(date(2027, 1, 4), P),
]


def test_build_table3() -> None:
    table = build_table3(CASES, 2026)
    rows = table.rows
    assert rows["new"] == (3, 1, 0, 0, 1, 0, 5)
    assert rows["carried_over"] == (1, 1, 0, 0, 0, 0, 2)
    assert rows[Outcome.DISCLOSED.value] == (1, 0, 0, 0, 0, 0, 1)
    assert rows[Outcome.WITHHELD_STATE_SECRET.value][-1] == 1
    assert rows[Outcome.NOT_HANDLED_REPEAT.value] == (0, 0, 0, 0, 1, 0, 1)
    assert rows[Outcome.PARTIAL.value][-1] == 0
    assert rows["total"] == (3, 0, 0, 0, 1, 0, 4)
    assert rows["carried_forward"] == (1, 2, 0, 0, 0, 0, 3)
    assert check_table3(table) == []
    assert check_summaries(CASES) == []


def test_table_shape_and_labels() -> None:
    table = build_table3([], 2026)
    assert len(ROW_KEYS) == 25 and all(len(row) == 7 for row in table.rows.values())
    assert row_label("new") == "一、本年新收政府信息公开申请数量"
    assert row_label(Outcome.PARTIAL.value) == "三、本年度办理结果（二）部分公开"
    assert (
        row_label(Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION.value)
        == "三、本年度办理结果（四）无法提供 3.补正后申请内容仍不明确"
    )


def _fixture_table() -> dict[str, tuple[int, ...]]:
    """The worked example of statutes.md fact 22 (14069 + 560 = 13810 + 819), all 自然人."""
    rows = dict.fromkeys(ROW_KEYS, (0,) * 7)

    def row(n: int) -> tuple[int, ...]:
        return (n, 0, 0, 0, 0, 0, n)

    rows.update(
        new=row(14069),
        carried_over=row(560),
        total=row(13810),
        carried_forward=row(819),
    )
    rows[Outcome.DISCLOSED.value] = row(13000)
    rows[Outcome.UNAVAILABLE_NOT_HELD.value] = row(810)
    return rows


def test_worked_example_passes() -> None:
    assert check_table3(Table3(2025, _fixture_table())) == []


def test_each_cross_check_reports_in_chinese() -> None:
    rows = _fixture_table()
    rows["carried_forward"] = (820, 0, 0, 0, 0, 0, 820)
    assert check_table3(Table3(2025, rows)) == [
        "“自然人”列：第一项加第二项（14069+560=14629）不等于第三项加第四项（13810+820=14630）",
        "“总计”列：第一项加第二项（14069+560=14629）不等于第三项加第四项（13810+820=14630）",
    ]

    rows = _fixture_table()
    rows[Outcome.DISCLOSED.value] = (12999, 0, 0, 0, 0, 0, 12999)
    problems = check_table3(Table3(2025, rows))
    assert problems[0] == "“自然人”列：（七）总计（13810）不等于（一）至（六）之和（13809）"

    rows = _fixture_table()
    rows["new"] = (14069, 1, 0, 0, 0, 0, 14069)
    assert check_table3(Table3(2025, rows)) == [
        "“一、本年新收政府信息公开申请数量”的总计（14069）不等于自然人与法人或其他组织各列之和"
        "（14070）"
    ]

    rows = _fixture_table()
    del rows["total"]
    assert check_table3(Table3(2025, rows))[0].startswith("缺少行：")


def test_inconsistent_summaries_are_reported_and_break_the_checks() -> None:
    bad = [
        CaseSummary(date(2026, 3, 1), P, date(2026, 3, 20), None, reference="GK-1"),
        CaseSummary(date(2026, 3, 1), P, None, Outcome.DISCLOSED, reference="GK-2"),
        CaseSummary(date(2026, 3, 5), P, date(2026, 3, 1), Outcome.DISCLOSED, reference="GK-3"),
    ]
    assert check_summaries(bad) == [
        "GK-1已办结但没有办理结果",
        "GK-2有办理结果但没有办结日期",
        "GK-3的办结日期早于收到日期",
    ]
    assert check_table3(build_table3(bad[:1], 2026))
