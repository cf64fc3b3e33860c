"""Shared helpers of the case-handling tests (board, case page, jobs): cases at known points
of their clock on the fixtures' day (tests/conftest.py TODAY = 2026-11-26, a Thursday)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.foi import services
from gongkai.foi.domain.events import Channel
from gongkai.foi.views import common
from gongkai.units.scoping import system_scope
from tests.conftest import TODAY

D = dt.date
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai
ID = "340102199001011234"
PHONE = "13812345678"
ADDRESS = "安徽省六安市霍邱县城关镇光明路12号"

# Received in person on these days, the clocks read on TODAY (weekends only, no holidays in
# the test calendar): 20 working days later is the due date.
OVERDUE_ON = D(2026, 10, 20)  # due 2026-11-17
URGENT_ON = D(2026, 11, 2)  # due 2026-11-30: 2 working days left
DUE_SOON_ON = D(2026, 11, 5)  # due 2026-12-03: 5 working days left
OK_ON = D(2026, 11, 20)  # due 2026-12-18


@pytest.fixture
def pinned_clock(monkeypatch):
    """The views read the time through views.common.clock(); pin it to the fixtures' day."""
    monkeypatch.setattr(common, "clock", lambda: (TODAY, NOW))


def url(name: str, *args) -> str:
    return reverse(f"foi_admin_{name}", args=args)


def make_case(county, *, unit=None, by=None, arrived_on=OK_ON, **extra):
    values = {
        "unit": unit or county.chengguan,
        "by": by or county.county_admin,
        "channel": Channel.IN_PERSON,
        "arrived_on": arrived_on,
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "id_number": ID,
        "phone": PHONE,
        "address": ADDRESS,
        "description": "2025年城关镇老旧小区改造项目的招标文件和中标结果",
        "today": TODAY,
        "now": NOW,
    }
    values.update(extra)
    with system_scope("test setup"):
        return services.register_request(**values)


def text(response) -> str:
    return response.content.decode()


def denied(response) -> bool:
    """Wagtail answers PermissionDenied in admin views with a redirect to the dashboard."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def close_case(case, *, on, by, outcome="disclosed"):
    """Close a case the way the reply module will (its guards are not written yet here)."""
    from django.db import transaction

    from gongkai.foi.domain.events import ClockEvent, EventKind
    from gongkai.foi.domain.outcomes import Outcome

    with system_scope("test setup"), transaction.atomic():
        locked = services._lock(case)
        services._append_event(
            locked, ClockEvent(EventKind.REPLIED, on, outcome=Outcome(outcome)), by=by, now=NOW
        )
    return locked
