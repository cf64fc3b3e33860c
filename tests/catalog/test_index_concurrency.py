"""索引号 stay unique when many reviewers finish at the same moment (PostgreSQL only).

SQLite serialises writers with IMMEDIATE transactions, so the race only exists on PostgreSQL,
where the counter row is locked with SELECT … FOR UPDATE. The test's own connection runs in a
transaction the threads cannot see, so set-up, the racing workers and clean-up all run in
threads with their own autocommit connections.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from gongkai.catalog.models import IndexSequence
from gongkai.catalog.publishing import allocate_index_number
from gongkai.units.models import Unit, UnitKind

THREADS = 8
EACH = 25


def in_thread(fn):
    result: list = []

    def run():
        try:
            result.append(fn())
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    t.join()
    return result[0] if result else None


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race is PostgreSQL's")
def test_concurrent_allocation_is_unique_and_gapless():
    unit = in_thread(
        lambda: Unit.unscoped.create(
            name="并发测试单位", short_name="并发", code="race-unit", kind=UnitKind.DEPARTMENT
        )
    )
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker():
        try:
            start.wait()
            for _ in range(EACH):
                with transaction.atomic():
                    number = allocate_index_number(unit=unit, published_on=dt.date(2026, 11, 26))
                with lock:
                    numbers.append(number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        assert len(numbers) == len(set(numbers)) == THREADS * EACH
        expected = [f"race-unit/2026-{n:05d}" for n in range(1, THREADS * EACH + 1)]
        assert sorted(numbers) == expected
    finally:

        def cleanup():
            IndexSequence.objects.filter(unit=unit).delete()
            Unit.unscoped.filter(pk=unit.pk).delete()

        in_thread(cleanup)
