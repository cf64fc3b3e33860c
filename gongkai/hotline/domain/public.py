"""Rules of the hotline's public interfaces (Open311 GeoReport v2 and the citizen portal).

Pure Python (no Django): query-argument parsing for ``GET requests`` with the spec's limits,
the W3C/ISO 8601 datetime format with a mandatory offset, the open/closed status mapping,
de-identification of published text, the tracking check (ticket number + last 4 phone digits)
and the portal's rate-limit table.

Sources: hotline-portal-cms.md §2 (GeoReport v2: "Default query limit is a span of 90 days or
first 1000 requests returned, whichever is smallest"; dates must carry a time zone; an empty
optional argument equals an absent one; errors are a list of {code, description}); the
pagination extension (``page``/``page_size``, §2.5). Personal data is never published:
《政府信息公开条例》 Art. 15 and 《个人信息保护法》 Art. 73(3) (去标识化).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from gongkai.checks.domain.base import fold
from gongkai.checks.domain.pii import PII_RULES, find_pii
from gongkai.core.domain.ratelimits import Limit, LimitTable

MAX_RANGE = dt.timedelta(days=90)  # the spec's default and maximum span
MAX_PAGE_SIZE = 1000  # the spec's default volume
DEFAULT_PAGE_SIZE = 1000
MAX_IDS = 200  # service_request_id list (bounded so one GET stays cheap)
MAX_DESCRIPTION = 4000  # POST description, spec: "limited to 4,000 characters"
OPEN, CLOSED = "open", "closed"


class QueryError(ValueError):
    """A bad argument: ``code`` is the HTTP status (400/404), the message is for end users."""

    def __init__(self, message: str, code: int = 400):
        super().__init__(message)
        self.code = code


# ------------------------------------------------------------------------ dates


_W3C = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2})$"
)


def parse_datetime(value: str, *, name: str) -> dt.datetime:
    """A W3C-profile ISO 8601 datetime **with** a time zone (``Z`` or ``±hh:mm``)."""
    match = _W3C.match((value or "").strip())
    if match is None:
        raise QueryError(
            f"参数 {name} 格式有误：须为带时区的 ISO 8601 时间，如 2026-11-01T00:00:00+08:00"
        )
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone == "Z":
        tz = dt.UTC
    else:
        sign = 1 if zone[0] == "+" else -1
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        if hours > 23 or minutes > 59:
            raise QueryError(f"参数 {name} 的时区偏移有误")
        tz = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    try:
        return dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
            tzinfo=tz,
        )
    except ValueError as exc:
        raise QueryError(f"参数 {name} 不是有效的日期时间") from exc


def format_datetime(value: dt.datetime | None, tz: dt.tzinfo) -> str:
    """``2026-11-26T09:05:00+08:00``: seconds precision, the county's offset."""
    if value is None:
        return ""
    return value.astimezone(tz).replace(microsecond=0).isoformat()


# ------------------------------------------------------------------------ GET requests


@dataclass(frozen=True)
class RequestsQuery:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    statuses: tuple[str, ...] = ()
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    warnings: tuple[str, ...] = field(default=())


def _arg(params: Mapping[str, str], name: str) -> str:
    return (params.get(name) or "").strip()


def _csv(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in value.split(",") if p.strip()))


def _positive(params: Mapping[str, str], name: str, default: int, upper: int) -> int:
    raw = _arg(params, name)
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise QueryError(f"参数 {name} 须为正整数")
    if int(raw) > upper:
        raise QueryError(f"参数 {name} 不能超过 {upper}")
    return int(raw)


def parse_requests_query(params: Mapping[str, str], *, now: dt.datetime) -> RequestsQuery:
    """The filters of ``GET requests``.

    ``service_request_id`` overrides every other filter (spec). Without dates the range is the
    last 90 days; with one date the other is 90 days away from it; a span over 90 days is
    refused. ``page``/``page_size`` (extension): page_size at most 1000, the default.
    """
    page = _positive(params, "page", 1, 1_000_000)
    page_size = _positive(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    ids = _csv(_arg(params, "service_request_id"))
    if ids:
        if len(ids) > MAX_IDS:
            raise QueryError(f"service_request_id 一次最多 {MAX_IDS} 个")
        return RequestsQuery(ids=ids, page=page, page_size=page_size)
    statuses = _csv(_arg(params, "status").lower())
    unknown = [s for s in statuses if s not in (OPEN, CLOSED)]
    if unknown:
        raise QueryError(f"参数 status 只能是 open 或 closed，收到：{','.join(unknown)}")
    start_raw, end_raw = _arg(params, "start_date"), _arg(params, "end_date")
    start = parse_datetime(start_raw, name="start_date") if start_raw else None
    end = parse_datetime(end_raw, name="end_date") if end_raw else None
    if start is None and end is None:
        end, start = now, now - MAX_RANGE
    elif start is None:
        start = end - MAX_RANGE
    elif end is None:
        end = start + MAX_RANGE
    if end < start:
        raise QueryError("end_date 不能早于 start_date")
    if end - start > MAX_RANGE:
        raise QueryError("start_date 与 end_date 的间隔不能超过 90 天")
    return RequestsQuery(
        service_codes=_csv(_arg(params, "service_code")),
        start=start,
        end=end,
        statuses=statuses,
        page=page,
        page_size=page_size,
    )


def open311_status(state: str) -> str:
    """Core GeoReport status is binary: ``closed`` at 办结 (and 合并), else ``open`` — a 重办
    reopens (hotline-portal-cms.md §2.6)."""
    return CLOSED if state == "closed" else OPEN


# ------------------------------------------------------------------------ de-identification


def _mask(span: str) -> str:
    # Keep 3 characters only: the usual 138****5678 would publish the last 4 digits, which
    # are the citizen's tracking secret on the portal.
    return span[:3] + "*" * max(1, len(span) - 3)


def deidentify(
    text: str, *, names: Iterable[str] = (), phones: Iterable[str] = (), today: dt.date
) -> str:
    """``text`` for publication: the caller's name and phone (also written with spaces or
    dashes), and any ID number, mobile, landline, bank card or personal e-mail (the PII rules
    of the content checks) masked."""
    if not text:
        return ""
    for phone in phones:
        digits = re.sub(r"\D", "", phone or "")
        if len(digits) >= 5:
            whole = r"[\s\-－]*".join(re.escape(d) for d in digits)
            text = re.sub(whole, lambda m: _mask(m.group(0)), text)
            tail = r"[\s\-－]*".join(re.escape(d) for d in digits[-8:])
            text = re.sub(tail, lambda m: "*" * len(m.group(0)), text)
    findings = find_pii(text, fold(text), today=today, rules=PII_RULES)
    out = []
    last = 0
    for f in findings:
        out.append(text[last : f.start])
        out.append(_mask(text[f.start : f.end]))
        last = f.end
    out.append(text[last:])
    result = "".join(out)
    for name in names:
        name = (name or "").strip()
        if len(name) >= 2:
            result = result.replace(name, name[0] + "*" * (len(name) - 1))
    return result


# ------------------------------------------------------------------------ tracking


def phone_tail_matches(phone: str, tail: str) -> bool:
    """The last 4 digits of the caller's phone equal ``tail`` (4 digits)."""
    digits = re.sub(r"\D", "", phone or "")
    tail = (tail or "").strip()
    return len(digits) >= 4 and len(tail) == 4 and tail.isdigit() and digits[-4:] == tail


NUMBER = re.compile(r"^\d{8}-\d{4,6}$")


def normalize_number(value: str) -> str:
    """A ticket number as typed (spaces, full-width digits or dash) → 20261126-0001, or ""."""
    value = fold((value or "").strip()).replace("－", "-").replace("—", "-").replace(" ", "")
    return value if NUMBER.match(value) else ""


# ------------------------------------------------------------------------ rate limits

# Per action and client kind: how many counted hits in a window (counted in the database by
# gongkai/core/antiabuse.py). A citizen submits a few matters a day; tracking attempts are
# bounded per ticket number too, so the 10 000 possible 4-digit tails cannot be tried (a ticket
# number is locked after 10 failures in a day).
RATE_LIMITS: LimitTable = {
    "submit": {
        "ip": (Limit(5, 600, "10分钟"), Limit(20, 86400, "1天")),
        "session": (Limit(3, 600, "10分钟"),),
    },
    "track": {
        "ip": (Limit(20, 600, "10分钟"), Limit(100, 86400, "1天")),
        "session": (Limit(10, 600, "10分钟"),),
    },
    "track_fail": {"number": (Limit(10, 86400, "1天"),)},
    "rate": {"ip": (Limit(20, 600, "10分钟"),)},
}
