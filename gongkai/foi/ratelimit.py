"""Rate limits of the public intake and status pages, counted in the database (decision 0005).

Each counted action is a :class:`~gongkai.foi.models.RateLimitHit` row per client key: the
client IP and the session, each as a keyed digest (an IP address is personal information and
has no business in a table nobody audits). The limits are the table in
gongkai/foi/domain/intake.py. A blocked request gets HTTP 429 with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from gongkai.audit.context import client_ip
from gongkai.foi import crypto
from gongkai.foi.domain.intake import RATE_LIMITS, SESSION_LIMITS, Limit, exceeded
from gongkai.foi.models import RateLimitHit

KEEP = dt.timedelta(days=1)
_PURPOSE = "foi.ratelimit"


@dataclass(frozen=True, slots=True)
class Blocked:
    limit: Limit

    @property
    def message(self) -> str:
        return (
            f"您在{self.limit.label}内的操作次数已达上限（{self.limit.max_hits}次），"
            "请稍后再试。如需帮助，请拨打政务服务便民热线12345，或到受理机关当面提交申请。"
        )


def client_keys(request) -> list[tuple[str, str]]:
    """(kind, digest) for the request's IP address and, if it has one, its session."""
    keys = []
    ip = client_ip() or request.META.get("REMOTE_ADDR") or "unknown"
    keys.append(("ip", crypto.digest(ip, purpose=_PURPOSE)))
    session_key = request.session.session_key
    if session_key:
        keys.append(("session", crypto.digest(session_key, purpose=_PURPOSE)))
    return keys


def _limits(kind: str, action: str) -> tuple[Limit, ...]:
    table = RATE_LIMITS if kind == "ip" else SESSION_LIMITS
    return table.get(action, ())


def check(request, action: str, *, now: dt.datetime) -> Blocked | None:
    """Is ``action`` over one of its limits for this client? (Reads only.)"""
    for kind, client in client_keys(request):
        limits = _limits(kind, action)
        counts = [
            RateLimitHit.objects.filter(
                action=action, client=client, at__gt=now - dt.timedelta(seconds=limit.seconds)
            ).count()
            for limit in limits
        ]
        hit = exceeded(limits, counts)
        if hit is not None:
            return Blocked(hit)
    return None


@transaction.atomic
def record(request, action: str, *, now: dt.datetime) -> None:
    """Count one ``action`` for this client; forget hits older than a day."""
    RateLimitHit.objects.filter(at__lt=now - KEEP).delete()
    RateLimitHit.objects.bulk_create(
        [
            RateLimitHit(action=action, client=client, at=now)
            for kind, client in client_keys(request)
            if _limits(kind, action)
        ]
    )
