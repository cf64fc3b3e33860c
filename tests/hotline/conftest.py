"""Fixtures of the hotline Django layer: tickets accepted by the personas' 12345 centre."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.hotline import reception, services
from gongkai.hotline.domain.clocks import SHANGHAI


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


PHONE = "13812345678"


@pytest.fixture
def accept(county):
    """Accept a ticket as the operator (keyword overrides)."""

    def make(now=None, **extra):
        values = {
            "by": county.operator,
            "channel": "phone",
            "kind": "complaint",
            "content": "城关镇光明路路灯连续一周不亮，夜间出行不便，请尽快维修。",
            "caller_name": "张三",
            "caller_phone": PHONE,
            "address": "城关镇光明路与人民路交口",
            "now": now or at(9, 29),
        }
        values.update(extra)
        return reception.intake(**values)

    return make


@pytest.fixture
def dispatched(county, accept):
    """A complaint accepted and dispatched to 城关镇 on Tuesday 2026-09-29 09:00/09:10."""
    ticket = accept()
    services.dispatch(ticket, unit=county.chengguan, by=county.operator, now=at(9, 29, 9, 10))
    return ticket
