"""The 办理台: many cases with their clocks, computed in a constant number of queries.

The due date is never stored (gongkai/foi/services.py): it is always
:func:`gongkai.foi.domain.ledger.compute_clock` of the ledger. A board of thousands of open
cases must not replay case by case with a query each, so :func:`board_rows` reads the listed
cases' columns in one query and *all* their events in a second one (the event query filters on
the cases' queryset as a subquery, so the reader's scope applies to it too), then computes each
clock in Python with the one deadline engine. Identical ledgers (the same events on the same
days, common among cases received the same day) give identical clocks, so each distinct ledger
is computed once, and remembered for the next request of the process (``_list_clock``).

Used by the board and its Excel export, the dashboard panel and the reminders job.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from gongkai.foi import crypto
from gongkai.foi.domain.events import CHANNEL_LABELS, STATE_LABELS, Channel, ClockEvent, EventKind
from gongkai.foi.domain.ledger import RISK_LABELS, Clock, LedgerError, Risk, compute_clock
from gongkai.foi.domain.outcomes import Outcome
from gongkai.foi.domain.stats import APPLICANT_TYPE_LABELS, ApplicantType
from gongkai.foi.models import FoiEvent
from gongkai.workdays.calendar import get_calendar

ROW_FIELDS = (
    "pk",
    "tracking_code",
    "applicant_type",
    "applicant_name",
    "unit_id",
    "unit__short_name",
    "handling_unit_id",
    "handling_unit__short_name",
    "channel",
    "arrived_on",
    "received_on",
    "internal_due",
    "state",
    "closed_on",
)
_EVENT_FIELDS = (
    "request_id",
    "kind",
    "on",
    "channel",
    "confirmed_on",
    "until",
    "third_party",
    "outcome",
)

# Shown for a case whose day of receipt is not yet known (mail awaiting the signing date).
UNCONFIRMED_LABEL = "未确认收到日期"


@dataclass(slots=True)
class BoardRow:
    pk: int
    tracking_code: str
    applicant_type: str
    applicant_name: str
    unit_id: int
    unit_name: str
    handling_unit_id: int | None
    handling_unit_name: str
    channel: str
    arrived_on: dt.date
    received_on: dt.date | None
    internal_due: dt.date | None
    state: str
    closed_on: dt.date | None
    clock: Clock | None = None
    error: str = ""

    @property
    def applicant(self) -> str:
        """The name as lists may show it: organisations in full, natural persons masked."""
        if self.applicant_type == ApplicantType.NATURAL_PERSON:
            return crypto.mask_name(self.applicant_name)
        return self.applicant_name

    @property
    def applicant_type_label(self) -> str:
        return APPLICANT_TYPE_LABELS.get(ApplicantType(self.applicant_type), "")

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS[Channel(self.channel)]

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def due(self) -> dt.date | None:
        return self.clock.due if self.clock else None

    @property
    def days_left(self) -> int | None:
        return self.clock.days_left if self.clock else None

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def risk(self) -> str:
        return str(self.clock.risk) if self.clock else ""

    @property
    def risk_label(self) -> str:
        if self.error:
            return "台账有误"
        return RISK_LABELS[self.clock.risk] if self.clock else UNCONFIRMED_LABEL

    def internal_overdue(self, today: dt.date) -> bool:
        return (
            self.internal_due is not None and self.internal_due < today and self.state != "closed"
        )


def _event(row: tuple) -> ClockEvent:
    """A ClockEvent from a raw event row (kind, on, channel, confirmed_on, until, third_party,
    outcome)."""
    kind, on, channel, confirmed_on, until, third_party, outcome = row
    return ClockEvent(
        kind=EventKind(kind),
        on=on,
        channel=Channel(channel) if channel else None,
        confirmed_on=confirmed_on,
        until=until,
        third_party=third_party,
        outcome=Outcome(outcome) if outcome else None,
    )


def ledgers_of(requests) -> dict[int, list[tuple]]:
    """The raw ledgers (event rows, see :func:`_event`) of every case of the queryset
    ``requests``, in one query. Raw rows are what the clock memo is keyed on: building
    ClockEvents only for ledgers not computed yet spares most of the per-row work."""
    ledgers: dict[int, list[tuple]] = defaultdict(list)
    rows = (
        FoiEvent.unscoped.filter(request_id__in=requests.values("pk"))
        .order_by("request_id", "pk")
        .values_list(*_EVENT_FIELDS)
    )
    for row in rows:
        ledgers[row[0]].append(row[1:])
    return ledgers


# Clocks of ledgers already computed in this process, for lists (board, export, panel, job):
# a pure function of (ledger, calendar, day), so a hit is exactly what compute_clock would
# return. Stored without the explanation lines, which lists never show (and which are most of
# a Clock's size); the case page computes its one clock in full. A calendar change gives a new
# calendar object (gongkai/workdays/calendar.py), hence new keys.
CLOCK_MEMO_SIZE = 20_000


@functools.lru_cache(maxsize=CLOCK_MEMO_SIZE)
def _list_clock(rows: tuple[tuple, ...], calendar, today: dt.date) -> Clock:
    events = [_event(row) for row in rows]
    return replace(compute_clock(events, calendar, today=today), explanation=())


class ClockCache:
    """Clocks for a list of cases on ``today``: each distinct ledger computed once, and kept
    for later requests of the same process (see ``_list_clock``)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.calendar = get_calendar()

    def clock(self, rows: Iterable[tuple]) -> Clock | None:
        """The clock of a raw ledger (event rows from :func:`ledgers_of`); None if empty."""
        key = tuple(rows)
        if not key:
            return None
        return _list_clock(key, self.calendar, self.today)


def board_rows(requests, *, today: dt.date) -> list[BoardRow]:
    """Rows with clocks for every case of the queryset ``requests`` (2 queries + calendar)."""
    ledgers = ledgers_of(requests)
    cache = ClockCache(today)
    rows = []
    for values in requests.values_list(*ROW_FIELDS):
        row = BoardRow(*values[:5], values[5] or "", values[6], values[7] or "", *values[8:])
        try:
            row.clock = cache.clock(ledgers.get(row.pk, ()))
        except LedgerError as exc:
            row.error = str(exc)
        rows.append(row)
    return rows


# Sorting: the most urgent first. Paused cases sort by their provisional days left; cases
# without a clock (receipt not confirmed) come first among equals because their clock may
# already be running.
_NO_DAYS = -(10**6)


def days_key(row: BoardRow) -> tuple:
    days = row.days_left
    if row.clock is None:
        return (0, _NO_DAYS, row.pk)
    if days is None:  # waiting for a correction: no running deadline
        return (2, 0, row.pk)
    return (1, days, row.pk)


SORTS = {
    "days": ("剩余工作日（少→多）", lambda rows: sorted(rows, key=days_key)),
    "-days": ("剩余工作日（多→少）", lambda rows: sorted(rows, key=days_key, reverse=True)),
    "received": (
        "收到申请日期（早→晚）",
        lambda rows: sorted(rows, key=lambda r: (r.received_on or r.arrived_on, r.pk)),
    ),
    "-received": (
        "收到申请日期（晚→早）",
        lambda rows: sorted(
            rows, key=lambda r: (r.received_on or r.arrived_on, r.pk), reverse=True
        ),
    ),
}

RISK_FILTERS = {str(r): RISK_LABELS[r] for r in Risk if r is not Risk.CLOSED} | {
    "unconfirmed": UNCONFIRMED_LABEL
}


def matches_risk(row: BoardRow, risk: str) -> bool:
    if risk == "unconfirmed":
        return row.clock is None and not row.error
    return row.risk == risk


# A running clock with at most 5 working days left has used at least 15 of its 20 working days,
# so at least 15 calendar days have passed since receipt: cases received later cannot be due
# soon, whatever their ledger (pauses and extensions only move the due date later).
MIN_DAYS_BEFORE_DUE_SOON = 15


def due_soon_candidates(requests, *, today: dt.date):
    return requests.exclude(state__in=["new", "closed"]).filter(
        received_on__lte=today - dt.timedelta(days=MIN_DAYS_BEFORE_DUE_SOON)
    )


ATTENTION_RISKS = frozenset({Risk.DUE_SOON, Risk.URGENT, Risk.OVERDUE})
