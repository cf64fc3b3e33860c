"""Pure working-day and statutory-deadline logic (no Django): see engine, deadlines, statutory."""

from gongkai.workdays.domain.deadlines import (
    DeadlineInputError,
    DeadlineResult,
    Pause,
    add_working_days,
    compute_reply_deadline,
)
from gongkai.workdays.domain.engine import (
    DayInfo,
    WorkCalendar,
    YearArrangement,
    calendar_from_chinese_calendar,
)
from gongkai.workdays.domain.statutory import statutory_holidays

__all__ = [
    "DayInfo",
    "DeadlineInputError",
    "DeadlineResult",
    "Pause",
    "WorkCalendar",
    "YearArrangement",
    "add_working_days",
    "calendar_from_chinese_calendar",
    "compute_reply_deadline",
    "statutory_holidays",
]
