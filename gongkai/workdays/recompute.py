"""Registry of open deadlines that depend on the calendar.

When staff correct the calendar or load a new year, every open deadline in every module must
follow (a request due on a day that turned out to be a holiday would otherwise be answered
"late" or the clerk misled). Each module registers a function that recomputes its own open
deadlines with the new calendar and returns how many changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from gongkai.workdays.domain.engine import WorkCalendar

Recompute = Callable[[WorkCalendar, dt.date], int]
_REGISTRY: dict[str, tuple[str, Recompute]] = {}


def register_deadline_recompute(name: str, label: str) -> Callable[[Recompute], Recompute]:
    def decorator(func: Recompute) -> Recompute:
        _REGISTRY[name] = (label, func)
        return func

    return decorator


def recompute_all(calendar: WorkCalendar, today: dt.date) -> dict[str, int]:
    return {name: func(calendar, today) for name, (_label, func) in sorted(_REGISTRY.items())}


def registered() -> dict[str, str]:
    return {name: label for name, (label, _func) in _REGISTRY.items()}
