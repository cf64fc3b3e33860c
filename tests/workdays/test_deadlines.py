"""Reply deadlines under 《政府信息公开条例》 Arts. 30-34 (statutes.md §1.2-1.4 and Test facts)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from gongkai.workdays.domain.deadlines import (
    DeadlineInputError,
    DeadlineResult,
    Pause,
    add_working_days,
    compute_reply_deadline,
)
from gongkai.workdays.domain.engine import WorkCalendar, calendar_from_chinese_calendar
from tests.workdays.test_engine import HAND_ARRANGEMENTS

SEEDED = calendar_from_chinese_calendar()
HAND = WorkCalendar(HAND_ARRANGEMENTS)
CALENDARS = pytest.mark.parametrize("cal", [HAND, SEEDED], ids=["hand", "chinese_calendar"])

_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:至(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日)?")


def covered_days(explanation: tuple[str, ...]) -> list[date]:
    """Every day named by a counted ("第…个工作日") or skipped ("不计入") line, in order."""
    days: list[date] = []
    for line in explanation:
        if not (line.startswith("第") or line.startswith("不计入")):
            continue
        match = _DATE.search(line)
        assert match, line
        y1, m1, d1, y2, m2, d2 = match.groups()
        first = date(int(y1), int(m1), int(d1))
        last = first if m2 is None else date(int(y2 or y1), int(m2), int(d2))
        days.extend(first + timedelta(days=i) for i in range((last - first).days + 1))
    return days


def assert_explanation_complete(result: DeadlineResult) -> None:
    """The explanation names every day from the start (exclusive) to the due date, once each."""
    expected = [
        result.start + timedelta(days=i) for i in range(1, (result.due - result.start).days + 1)
    ]
    assert covered_days(result.explanation) == expected
    counted = [line for line in result.explanation if line.startswith("第")]
    numbers = [int(n) for line in counted for n in re.findall(r"\d+", line.split("：")[0])]
    assert max(numbers) == result.counted_days


# --------------------------------------------------------------------- worked examples


@CALENDARS
@pytest.mark.parametrize(
    ("received", "extended", "due"),
    [
        (date(2025, 9, 26), False, date(2025, 10, 30)),  # fact 1
        (date(2025, 9, 26), True, date(2025, 11, 27)),  # fact 2
        (date(2026, 2, 13), False, date(2026, 3, 19)),  # fact 3
        (date(2024, 2, 8), False, date(2024, 3, 13)),  # fact 5
        (date(2024, 12, 31), False, date(2025, 2, 5)),  # fact 6
        (date(2025, 1, 20), False, date(2025, 2, 21)),  # fact 7
        (date(2025, 1, 20), True, date(2025, 3, 21)),  # fact 7
        (date(2026, 9, 18), False, date(2026, 10, 22)),  # fact 8
        (date(2025, 4, 25), False, date(2025, 5, 27)),  # fact 9
        (date(2025, 12, 31), False, date(2026, 1, 29)),  # fact 10
        (date(2026, 5, 6), False, date(2026, 6, 2)),  # fact 13, without the pause
        (date(2026, 3, 2), False, date(2026, 3, 30)),  # fact 26
    ],
)
def test_reply_deadline_worked_examples(
    cal: WorkCalendar, received: date, extended: bool, due: date
) -> None:
    result = compute_reply_deadline(cal, received=received, extended=extended)
    assert result.due == due
    assert result.counted_days == (40 if extended else 20)
    assert result.start == received
    assert not result.provisional
    assert_explanation_complete(result)


@CALENDARS
@pytest.mark.parametrize(
    ("received", "notice_due"),
    [
        (date(2026, 2, 12), date(2026, 2, 28)),  # fact 4: the 7th day is a 调休 Saturday
        (date(2025, 5, 30), date(2025, 6, 11)),  # fact 25: across 端午 2025
    ],
)
def test_correction_notice_due(cal: WorkCalendar, received: date, notice_due: date) -> None:
    assert compute_reply_deadline(cal, received=received).correction_notice_due == notice_due


@CALENDARS
def test_fact14_correction_restarts_the_count(cal: WorkCalendar) -> None:
    result = compute_reply_deadline(cal, received=date(2026, 3, 2), corrected=date(2026, 3, 10))
    assert result.due == date(2026, 4, 8)
    assert result.start == date(2026, 3, 10)
    # The correction notice still counts from the ORIGINAL receipt (Art. 30).
    assert result.correction_notice_due == date(2026, 3, 11)
    assert_explanation_complete(result)
    assert any("收到补正后申请之日：2026年3月10日" in line for line in result.explanation)


def test_fact13_pause_convention_differs_from_statutes_md() -> None:
    # statutes.md Test fact 13 counts the 5-08 dispatch day and adds back 9 working days, giving
    # Mon 2026-06-15. The project's rule excludes EVERY day of the pause, both ends inclusive:
    #   d1 Thu 5-07; 5-08 ... 5-20 excluded (that is 10 working days: 5-08, Sat 5-09 (调休),
    #   5-11..5-15, 5-18..5-20); d2 5-21, d3 5-22, d4-d8 5-25..5-29, d9-d13 6-01..6-05,
    #   d14-d18 6-08..6-12, d19 Mon 6-15, d20 Tue 6-16.
    result = compute_reply_deadline(
        SEEDED, received=date(2026, 5, 6), pauses=[Pause(date(2026, 5, 8), date(2026, 5, 20))]
    )
    assert result.due == date(2026, 6, 16)
    assert result.due != date(2026, 6, 15)  # the statutes.md convention
    assert_explanation_complete(result)
    assert (
        "不计入：2026年5月8日至5月20日，暂停计算（征求第三方意见，《条例》第三十二条、第三十三条第三款）。"
        in result.explanation
    )


@CALENDARS
def test_fact20_end_of_year_into_an_unannounced_year(cal: WorkCalendar) -> None:
    result = compute_reply_deadline(cal, received=date(2026, 12, 31))
    assert result.due == date(2027, 1, 29)  # 2027-01-01 statutory 元旦 is off
    assert result.provisional
    assert result.explanation[-1] == (
        "注意：2027年节假日安排尚未录入，按《全国年节及纪念日放假办法》的法定节日推算，结果未确认。"
    )
    assert "不计入：2027年1月1日，元旦（法定节假日，2027年放假安排未录入）。" in result.explanation
    assert_explanation_complete(result)


def test_provisional_when_only_the_correction_notice_reaches_an_unconfirmed_year() -> None:
    cal = WorkCalendar(a for a in HAND_ARRANGEMENTS if a.year == 2026)
    # Received in 2026 and corrected in 2026 too: everything lies in the confirmed 2026.
    assert not compute_reply_deadline(cal, received=date(2026, 3, 2)).provisional
    # A receipt date in an unconfirmed year makes the correction-notice count provisional.
    result = compute_reply_deadline(cal, received=date(2025, 12, 30), corrected=date(2026, 3, 2))
    assert result.due == date(2026, 3, 30)
    assert result.provisional


# ------------------------------------------------------------------- explanation text


def test_explanation_of_fact3_reads_as_specified() -> None:
    lines = compute_reply_deadline(SEEDED, received=date(2026, 2, 13)).explanation
    assert lines[0] == (
        "收到申请之日：2026年2月13日（星期五），当日不计入期限（《政府信息公开条例》第三十三条）。"
    )
    assert lines[1] == "第1个工作日：2026年2月14日（星期六，春节调休上班）。"
    assert lines[2] == "不计入：2026年2月15日至2月23日，春节放假（9天）。"
    assert "第6个工作日：2026年2月28日（星期六，春节调休上班）。" in lines
    assert "不计入：2026年3月7日至3月8日，周末。" in lines
    assert "答复期限：2026年3月19日（星期四），为第20个工作日。" in lines
    assert lines[-1] == (
        "补正告知期限：2026年3月2日（星期一，收到申请后第7个工作日，《条例》第三十条）。"
    )


def test_explanation_of_an_extension() -> None:
    result = compute_reply_deadline(SEEDED, received=date(2025, 9, 26), extended=True)
    assert (
        "经批准延期（《条例》第三十三条第二款），答复期限为第40个工作日：2025年11月27日（星期四）。"
        in result.explanation
    )
    assert "第1个工作日：2025年9月28日（星期日，国庆节调休上班）。" in result.explanation
    assert_explanation_complete(result)


def test_explain_false_skips_the_text_but_not_the_result() -> None:
    fast = compute_reply_deadline(SEEDED, received=date(2026, 2, 13), explain=False)
    full = compute_reply_deadline(SEEDED, received=date(2026, 2, 13))
    assert fast.explanation == ()
    assert (fast.due, fast.correction_notice_due, fast.provisional) == (
        full.due,
        full.correction_notice_due,
        full.provisional,
    )


# -------------------------------------------------------------------------------- pauses


def test_overlapping_pauses_are_merged() -> None:
    received = date(2026, 3, 2)
    merged = compute_reply_deadline(
        SEEDED,
        received=received,
        pauses=[
            Pause(date(2026, 3, 5), date(2026, 3, 12)),
            Pause(date(2026, 3, 10), date(2026, 3, 18), "征求其他机关意见"),
        ],
    )
    single = compute_reply_deadline(
        SEEDED, received=received, pauses=[Pause(date(2026, 3, 5), date(2026, 3, 18))]
    )
    assert merged.due == single.due == SEEDED.add_workdays(received, 20 + 10)
    pause_lines = [line for line in merged.explanation if "暂停计算" in line]
    assert pause_lines == [
        "不计入：2026年3月5日至3月18日，暂停计算（征求第三方意见、征求其他机关意见，"
        "《条例》第三十二条、第三十三条第三款，《条例》第三十四条、第三十三条第三款）。"
    ]
    assert_explanation_complete(merged)


def test_pause_on_the_day_of_receipt_is_allowed() -> None:
    result = compute_reply_deadline(
        SEEDED, received=date(2026, 3, 2), pauses=[Pause(date(2026, 3, 2), date(2026, 3, 3))]
    )
    # Only 3-03 is a counted day lost (3-02 never counts).
    assert result.due == SEEDED.add_workdays(date(2026, 3, 3), 20)
    assert (
        "不计入：2026年3月3日，暂停计算（征求第三方意见，《条例》第三十二条、第三十三条第三款）。"
        in (result.explanation)
    )
    assert_explanation_complete(result)


def test_pause_after_the_due_date_has_no_effect() -> None:
    result = compute_reply_deadline(
        SEEDED, received=date(2026, 3, 2), pauses=[Pause(date(2026, 4, 1), date(2026, 4, 30))]
    )
    assert result.due == date(2026, 3, 30)
    assert_explanation_complete(result)


def test_pause_ending_before_the_corrected_receipt_is_ignored() -> None:
    pause = Pause(date(2026, 3, 3), date(2026, 3, 10), "征求其他机关意见")
    result = compute_reply_deadline(
        SEEDED, received=date(2026, 3, 2), corrected=date(2026, 3, 10), pauses=[pause]
    )
    assert result.due == date(2026, 4, 8)  # as fact 14
    assert any("不影响重新计算的期限" in line for line in result.explanation)
    assert_explanation_complete(result)


def test_pause_straddling_the_corrected_receipt_counts_only_after_it() -> None:
    pause = Pause(date(2026, 3, 5), date(2026, 3, 12))
    result = compute_reply_deadline(
        SEEDED, received=date(2026, 3, 2), corrected=date(2026, 3, 10), pauses=[pause]
    )
    # 3-11 and 3-12 are paused after the restart: the due date moves 2 working days.
    assert result.due == SEEDED.add_workdays(date(2026, 4, 8), 2)
    assert (
        "不计入：2026年3月11日至3月12日，暂停计算（征求第三方意见，《条例》第三十二条、第三十三条第三款）。"
        in (result.explanation)
    )
    assert_explanation_complete(result)


def test_pause_inside_a_holiday_costs_nothing() -> None:
    result = compute_reply_deadline(
        SEEDED, received=date(2026, 9, 30), pauses=[Pause(date(2026, 10, 2), date(2026, 10, 6))]
    )
    assert result.due == compute_reply_deadline(SEEDED, received=date(2026, 9, 30)).due
    assert_explanation_complete(result)


# ------------------------------------------------------------------ add_working_days


@CALENDARS
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 4, 30), 20, date(2026, 6, 1)),  # fact 11: proactive disclosure, Art. 26
        (date(2026, 9, 24), 15, date(2026, 10, 22)),  # fact 12: third-party opinion, Art. 32
        (date(2026, 6, 18), 20, date(2026, 7, 17)),  # fact 15: fee payment
        (date(2026, 9, 30), 5, date(2026, 10, 13)),  # fact 24: 12345 hotline, 5 working days
    ],
)
def test_add_working_days_worked_examples(
    cal: WorkCalendar, start: date, n: int, expected: date
) -> None:
    assert add_working_days(cal, start, n) == (expected, False)


def test_add_working_days_with_pauses_and_provisional_flag() -> None:
    due, provisional = add_working_days(
        SEEDED, date(2026, 5, 6), 20, pauses=[Pause(date(2026, 5, 8), date(2026, 5, 20))]
    )
    assert (due, provisional) == (date(2026, 6, 16), False)
    assert add_working_days(SEEDED, date(2026, 12, 20), 15) == (date(2027, 1, 11), True)


def test_add_working_days_rejects_bad_counts() -> None:
    for n in (0, -3, True):
        with pytest.raises(DeadlineInputError, match="工作日数必须是不小于1的整数"):
            add_working_days(SEEDED, date(2026, 3, 2), n)  # type: ignore[arg-type]


# ------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"received": date(2026, 3, 10), "corrected": date(2026, 3, 9)},
            "收到补正后申请之日（2026年3月9日）不能早于收到申请之日（2026年3月10日）",
        ),
        (
            {"received": date(2026, 3, 2), "pauses": [Pause(date(2026, 3, 9), date(2026, 3, 5))]},
            "暂停结束日期（2026年3月5日）不能早于暂停开始日期（2026年3月9日）",
        ),
        (
            {"received": date(2026, 3, 2), "pauses": [Pause(date(2026, 3, 1), date(2026, 3, 5))]},
            "暂停开始日期不能早于收到申请之日",
        ),
        ({"received": date(1999, 12, 31)}, "收到申请之日（1999年12月31日）超出可计算的范围"),
        ({"received": date(2101, 1, 1)}, "超出可计算的范围（2000年至2100年）"),
        (
            {"received": date(2026, 3, 2), "corrected": date(2101, 1, 1)},
            "收到补正后申请之日（2101年1月1日）超出可计算的范围",
        ),
        (
            {"received": date(2026, 3, 2), "pauses": [Pause(date(2026, 3, 3), date(2101, 1, 1))]},
            "暂停结束日期（2101年1月1日）超出可计算的范围",
        ),
        ({"received": datetime(2026, 3, 2, 9, 0)}, "收到申请之日必须是日期"),
    ],
)
def test_invalid_input_is_refused_in_chinese(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(DeadlineInputError, match=re.escape(message)):
        compute_reply_deadline(SEEDED, **kwargs)  # type: ignore[arg-type]


def test_deadline_input_error_is_a_value_error() -> None:
    assert issubclass(DeadlineInputError, ValueError)


@pytest.mark.parametrize("received", [date(2000, 1, 1), date(2100, 12, 31)])
def test_range_limits_are_inclusive(received: date) -> None:
    result = compute_reply_deadline(SEEDED, received=received, extended=True)
    assert result.provisional
    assert SEEDED.is_workday(result.due)
    assert_explanation_complete(result)
