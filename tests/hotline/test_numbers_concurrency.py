"""Ticket numbers stay unique and gapless when many operators accept at the same moment.

Each worker thread has its own connection and allocates numbers with
:func:`gongkai.hotline.reception.next_number` either in its own transaction, as the operator's
intake does, or in autocommit, as the API's intake does (``citizen.allocate_number``). The
day's TicketSequence row is created or incremented by one upsert (INSERT … ON CONFLICT DO
UPDATE … RETURNING); on SQLite the IMMEDIATE transactions (settings.py) serialise the writers
and the busy timeout makes the others wait. The test is transactional (no wrapping
transaction: on SQLite an open IMMEDIATE transaction would hold the write lock for the whole
test) and writes only the sequence row, so the flush after it meets no append-only audit rows.

SQLite's in-memory test database shares one cache between threads, where a second writer fails
at once ("table is locked") instead of waiting; run this test with a file database
(``GONGKAI_TEST_SQLITE=/tmp/gongkai-test.sqlite3``) or PostgreSQL (``DATABASE_URL``).
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.db import connection, transaction

from gongkai.hotline.models import TicketSequence
from gongkai.hotline.reception import next_number

THREADS = 10
EACH = 20
DAY = dt.date(2030, 1, 2)  # a day no other test uses


# SQLite: a wrapping test transaction (BEGIN IMMEDIATE) would hold the write lock the threads
# wait for, so the test is transactional there. PostgreSQL: a transactional test ends with a
# flush (TRUNCATE), which the audit log's append-only triggers refuse; the threads' own
# connections commit outside the test transaction anyway, and the test deletes their row.
ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


def _in_memory() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _in_thread(fn):
    def run():
        try:
            fn()
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    t.join()


@pytest.mark.django_db(transaction=not ON_POSTGRES)
@pytest.mark.parametrize("mode", ["transaction", "autocommit"])
def test_concurrent_numbers_are_unique_and_gapless(mode):
    if _in_memory():  # decided on the test database, not at collection
        pytest.skip("needs a file or PostgreSQL test database (see the module docstring)")
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker():
        try:
            start.wait()
            for _ in range(EACH):
                if mode == "autocommit":
                    number = next_number(DAY)
                else:
                    with transaction.atomic():
                        number = next_number(DAY)
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
        assert sorted(numbers) == [f"20300102-{n:04d}" for n in range(1, THREADS * EACH + 1)]
    finally:
        _in_thread(lambda: TicketSequence.objects.filter(day=DAY).delete())
