"""Request details (client IP) for the audit log, set once per request by middleware."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "gongkai_audit_ip", default=None
)


def client_ip() -> str | None:
    return _client_ip.get()


@contextlib.contextmanager
def request_context(*, ip: str | None) -> Iterator[None]:
    token = _client_ip.set(ip)
    try:
        yield
    finally:
        _client_ip.reset(token)
