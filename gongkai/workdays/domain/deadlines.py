"""The statutory reply deadline of 《中华人民共和国政府信息公开条例》 (2019 revision).

Counting rules (the project's adopted convention; the regulation itself does not say whether the
day of receipt counts, see statutes.md §1.2):

* Art. 33 ¶1: the agency answers within 20 working days "from the day of receipt". The day of
  receipt is not counted; day 1 is the first working day after it; the due date is the 20th
  counted working day.
* Art. 33 ¶2: an approved extension adds at most 20 working days, so the due date becomes the
  40th counted working day.
* Art. 30: a corrected application (补正) restarts the period from the day the corrected
  application is received; the correction notice itself is due within 7 working days of the
  ORIGINAL receipt.
* Art. 33 ¶3 with Arts. 32/34 (consulting a third party or another agency), and the fee rules of
  国办函〔2020〕109号 (fee notice to payment): the paused time does not count. Every day from a
  pause's start to its end, both inclusive, is excluded and counting resumes after the end.

Working days come from a :class:`~gongkai.workdays.domain.engine.WorkCalendar`; a result that
relies on a year without a loaded State Council arrangement is flagged ``provisional``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from gongkai.workdays.domain.engine import DayInfo, WorkCalendar

__all__ = [
    "CORRECTION_NOTICE_DAYS",
    "EXTENDED_DAYS",
    "MAX_DATE",
    "MIN_DATE",
    "REPLY_DAYS",
    "DeadlineInputError",
    "DeadlineResult",
    "Pause",
    "add_working_days",
    "compute_reply_deadline",
]

REPLY_DAYS = 20  # Art. 33 ¶1
EXTENDED_DAYS = 40  # Art. 33 ¶2: one extension of at most 20 more working days
CORRECTION_NOTICE_DAYS = 7  # Art. 30: 7 working days to send the one-time correction notice

# Outside this range no sensible application date exists; refusing keeps the table small.
MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2100, 12, 31)

_ONE_DAY = timedelta(days=1)
_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

# Legal basis shown next to a pause, by reason.
_PAUSE_CITATIONS: dict[str, str] = {
    "征求第三方意见": "《条例》第三十二条、第三十三条第三款",
    "征求其他机关意见": "《条例》第三十四条、第三十三条第三款",
    "通知缴纳信息处理费": "《政府信息公开信息处理费管理办法》",
}


class DeadlineInputError(ValueError):
    """Invalid input for a deadline computation; the message is Chinese and shown to clerks."""


@dataclass(frozen=True, slots=True)
class Pause:
    """A period that does not count toward the deadline; ``start`` and ``end`` both inclusive."""

    start: date
    end: date
    reason: str = "征求第三方意见"


@dataclass(frozen=True, slots=True)
class DeadlineResult:
    due: date
    correction_notice_due: date
    provisional: bool
    explanation: tuple[str, ...]
    counted_days: int
    start: date  # counting starts on the day after this date (receipt or corrected receipt)


# ------------------------------------------------------------------------------ formatting


@lru_cache(maxsize=8192)
def _fmt(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@lru_cache(maxsize=16384)
def _fmt_range(first: date, last: date) -> str:
    if first == last:
        return _fmt(first)
    if first.year == last.year:
        return f"{_fmt(first)}至{last.month}月{last.day}日"
    return f"{_fmt(first)}至{_fmt(last)}"


def _fmt_day(info: DayInfo, *extra: str) -> str:
    """ "2026年2月14日（星期六，春节调休上班）" with optional extra notes inside the brackets."""
    notes = [_WEEKDAYS[info.date.weekday()]]
    if info.kind in ("makeup", "holiday") and info.name:
        notes.append(info.name)
    notes.extend(extra)
    return f"{_fmt(info.date)}（{'，'.join(notes)}）"


def _years_label(years: Sequence[int]) -> str:
    return "、".join(f"{year}年" for year in years)


# ------------------------------------------------------------------------------ validation


def _check_date(value: object, label: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise DeadlineInputError(f"{label}必须是日期")
    if not MIN_DATE <= value <= MAX_DATE:
        raise DeadlineInputError(f"{label}（{_fmt(value)}）超出可计算的范围（2000年至2100年）")
    return value


def _check_pause(pause: Pause) -> None:
    _check_date(pause.start, "暂停开始日期")
    _check_date(pause.end, "暂停结束日期")
    if pause.end < pause.start:
        raise DeadlineInputError(
            f"暂停结束日期（{_fmt(pause.end)}）不能早于暂停开始日期（{_fmt(pause.start)}）"
        )


def _merge_pauses(pauses: Sequence[Pause], after: date) -> list[tuple[date, date, str]]:
    """Pauses that still matter once counting starts after ``after``, sorted and merged.

    A pause ending on or before ``after`` excludes no counted day and is dropped. Overlapping or
    adjacent pauses are merged (the excluded days are the same); their reasons are joined.
    """
    relevant = sorted((p for p in pauses if p.end > after), key=lambda p: (p.start, p.end))
    merged: list[tuple[date, date, list[str]]] = []
    for pause in relevant:
        if merged and pause.start <= merged[-1][1] + _ONE_DAY:
            first, last, reasons = merged[-1]
            if pause.reason not in reasons:
                reasons.append(pause.reason)
            merged[-1] = (first, max(last, pause.end), reasons)
        else:
            merged.append((pause.start, pause.end, [pause.reason]))
    return [(first, last, "、".join(reasons)) for first, last, reasons in merged]


# ------------------------------------------------------------------------------ counting


def _count(
    calendar: WorkCalendar, start: date, n: int, pauses: Sequence[tuple[date, date, str]]
) -> date:
    """The n-th working day after ``start`` that lies outside every (merged, sorted) pause."""
    cursor = start  # days up to and including cursor are consumed
    remaining = n
    for first, last, _reason in pauses:
        if last <= cursor:
            continue
        if first > cursor + _ONE_DAY:
            available = calendar.workdays_between(cursor, first - _ONE_DAY)
            if available >= remaining:
                return calendar.add_workdays(cursor, remaining)
            remaining -= available
        cursor = last
    return calendar.add_workdays(cursor, remaining)


def _unconfirmed_years(calendar: WorkCalendar, first: date, last: date) -> list[int]:
    confirmed = calendar.confirmed_years
    return [year for year in range(first.year, last.year + 1) if year not in confirmed]


def add_working_days(
    calendar: WorkCalendar, start: date, n: int, *, pauses: Sequence[Pause] = ()
) -> tuple[date, bool]:
    """The ``n``-th counted working day after ``start``, skipping paused days.

    ``start`` itself never counts. Returns ``(date, provisional)``; ``provisional`` is True when a
    year from ``start`` to the result has no loaded State Council arrangement. Reused for other
    working-day periods (e.g. the 15 working days of Art. 32, 12345 hotline limits).
    """
    _check_date(start, "起算日期")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise DeadlineInputError("工作日数必须是不小于1的整数")
    for pause in pauses:
        _check_pause(pause)
    due = _count(calendar, start, n, _merge_pauses(pauses, start) if pauses else ())
    return due, bool(_unconfirmed_years(calendar, start, due))


def compute_reply_deadline(
    calendar: WorkCalendar,
    *,
    received: date,
    corrected: date | None = None,
    pauses: Sequence[Pause] = (),
    extended: bool = False,
    explain: bool = True,
) -> DeadlineResult:
    """Reply deadline of an application for disclosure (《政府信息公开条例》第三十三条).

    ``received`` is the day of receipt fixed under Art. 31; ``corrected`` the day a corrected
    application was received (Art. 30); ``pauses`` the consultation / fee periods that do not
    count; ``extended`` whether the extension of Art. 33 ¶2 was approved. ``explain=False`` skips
    building the clerk-readable explanation (it is then an empty tuple).
    """
    _check_date(received, "收到申请之日")
    start = received
    if corrected is not None:
        _check_date(corrected, "收到补正后申请之日")
        if corrected < received:
            raise DeadlineInputError(
                f"收到补正后申请之日（{_fmt(corrected)}）不能早于收到申请之日（{_fmt(received)}）"
            )
        start = corrected
    for pause in pauses:
        _check_pause(pause)
        if pause.start < received:
            raise DeadlineInputError(
                f"暂停开始日期不能早于收到申请之日（暂停开始于{_fmt(pause.start)}，"
                f"收到申请之日为{_fmt(received)}）"
            )
    merged = _merge_pauses(pauses, start) if pauses else []
    counted = EXTENDED_DAYS if extended else REPLY_DAYS

    due = _count(calendar, start, counted, merged)
    notice_due = calendar.add_workdays(received, CORRECTION_NOTICE_DAYS)

    # Years the result relies on: the counting window and the correction-notice window.
    unconfirmed = _unconfirmed_years(calendar, start, due)
    notice_unconfirmed = _unconfirmed_years(calendar, received, notice_due)
    if notice_unconfirmed:
        unconfirmed = sorted({*unconfirmed, *notice_unconfirmed})

    explanation: tuple[str, ...] = ()
    if explain:
        explanation = _explain(
            calendar,
            received=received,
            corrected=corrected,
            pauses=pauses,
            merged=merged,
            counted=counted,
            due=due,
            notice_due=notice_due,
            unconfirmed=unconfirmed,
        )
    return DeadlineResult(
        due=due,
        correction_notice_due=notice_due,
        provisional=bool(unconfirmed),
        explanation=explanation,
        counted_days=counted,
        start=start,
    )


# ------------------------------------------------------------------------------ explanation


def _pause_text(reason: str) -> str:
    citations: list[str] = []
    for part in reason.split("、"):
        citation = _PAUSE_CITATIONS.get(part)
        if citation and citation not in citations:
            citations.append(citation)
    return f"暂停计算（{'，'.join([reason, *citations])}）"


def _explain_span(
    calendar: WorkCalendar, first: date, last: date, counter: int, lines: list[str]
) -> int:
    """Append one line per run of days in [first, last]; return the updated working-day count."""
    for run in calendar.runs(first, last):
        kind = run.kind
        if kind == "workday":
            days = run.days
            if days == 1:
                counter += 1
                weekday = _WEEKDAYS[run.first.weekday()]
                lines.append(f"第{counter}个工作日：{_fmt(run.first)}（{weekday}）。")
            else:
                lines.append(
                    f"第{counter + 1}至{counter + days}个工作日：{_fmt_range(run.first, run.last)}。"
                )
                counter += days
        elif kind == "makeup":
            # 调休 weekend days are working days and are counted; name each one explicitly.
            day = run.first
            while day <= run.last:
                counter += 1
                weekday = _WEEKDAYS[day.weekday()]
                lines.append(f"第{counter}个工作日：{_fmt(day)}（{weekday}，{run.name}）。")
                day += _ONE_DAY
        elif kind == "weekend":
            lines.append(f"不计入：{_fmt_range(run.first, run.last)}，周末。")
        else:
            if calendar.is_confirmed(run.first):
                reason = f"{run.name}放假（{run.days}天）"
            else:
                reason = f"{run.name}（法定节假日，{run.first.year}年放假安排未录入）"
            lines.append(f"不计入：{_fmt_range(run.first, run.last)}，{reason}。")
    return counter


def _explain(
    calendar: WorkCalendar,
    *,
    received: date,
    corrected: date | None,
    pauses: Sequence[Pause],
    merged: Sequence[tuple[date, date, str]],
    counted: int,
    due: date,
    notice_due: date,
    unconfirmed: Sequence[int],
) -> tuple[str, ...]:
    lines: list[str] = []
    received_info = calendar.day_info(received)
    if corrected is None:
        start = received
        lines.append(
            f"收到申请之日：{_fmt_day(received_info)}，当日不计入期限（《政府信息公开条例》第三十三条）。"
        )
    else:
        start = corrected
        lines.append(f"收到申请之日：{_fmt_day(received_info)}。")
        lines.append(
            f"收到补正后申请之日：{_fmt_day(calendar.day_info(corrected))}，答复期限自该日起重新计算，"
            "当日不计入期限（《政府信息公开条例》第三十条、第三十三条）。"
        )
        for pause in pauses:
            if pause.end <= corrected:
                lines.append(
                    f"{_fmt_range(pause.start, pause.end)}的暂停（{pause.reason}）"
                    "在收到补正后申请之前已结束，不影响重新计算的期限。"
                )

    counter = 0
    cursor = start + _ONE_DAY
    for first, last, reason in merged:
        if first > due:
            break
        if first > cursor:
            counter = _explain_span(calendar, cursor, first - _ONE_DAY, counter, lines)
        lines.append(f"不计入：{_fmt_range(max(first, cursor), last)}，{_pause_text(reason)}。")
        cursor = max(cursor, last + _ONE_DAY)
    if cursor <= due:
        counter = _explain_span(calendar, cursor, due, counter, lines)

    due_info = calendar.day_info(due)
    if counted == EXTENDED_DAYS:
        lines.append(
            f"经批准延期（《条例》第三十三条第二款），答复期限为第{counted}个工作日：{_fmt_day(due_info)}。"
        )
    else:
        lines.append(f"答复期限：{_fmt_day(due_info)}，为第{counted}个工作日。")
    lines.append(
        "补正告知期限："
        + _fmt_day(
            calendar.day_info(notice_due),
            f"收到申请后第{CORRECTION_NOTICE_DAYS}个工作日",
            "《条例》第三十条",
        )
        + "。"
    )
    if unconfirmed:
        lines.append(
            f"注意：{_years_label(unconfirmed)}节假日安排尚未录入，按《全国年节及纪念日放假办法》"
            "的法定节日推算，结果未确认。"
        )
    if counter != counted:  # pragma: no cover - guards the explanation against drifting
        raise AssertionError(f"explanation counted {counter} working days, expected {counted}")
    return tuple(lines)
