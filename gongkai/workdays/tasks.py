from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from gongkai.units.scoping import system_scope
from gongkai.workdays import calendar, recompute

log = logging.getLogger(__name__)


@task()
def recompute_open_deadlines(today_iso: str) -> dict[str, int]:
    """Recompute every module's open deadlines with the current calendar (after a change)."""
    calendar.invalidate()
    with system_scope("calendar changed: recompute open deadlines"):
        changed = recompute.recompute_all(calendar.get_calendar(), dt.date.fromisoformat(today_iso))
    log.info("open deadlines recomputed: %s", changed)
    return changed
