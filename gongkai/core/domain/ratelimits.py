"""Rate limits of the anonymous portal forms, as data (pure Python, no Django).

Each app that takes anonymous input (依申请公开 at /ysqgk/, 12345 at /12345/) keeps its own
table of limits in its domain package; gongkai/core/antiabuse.py counts the hits in the
database and asks :func:`exceeded` whether a client is over one of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeAlias

__all__ = ["Limit", "LimitTable", "exceeded"]


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``max_hits`` counted hits in any window of ``seconds`` (``label`` names the
    window in the message a blocked visitor reads, e.g. "1小时")."""

    max_hits: int
    seconds: int
    label: str


# action → client kind ("ip", "session", or an app-specific kind such as "number") → limits.
# A client kind absent for an action is not counted for it.
LimitTable: TypeAlias = Mapping[str, Mapping[str, tuple[Limit, ...]]]


def exceeded(limits: Iterable[Limit], counts: Iterable[int]) -> Limit | None:
    """The first limit whose window already holds ``max_hits`` counted hits, if any."""
    for limit, count in zip(limits, counts, strict=True):
        if count >= limit.max_hits:
            return limit
    return None
