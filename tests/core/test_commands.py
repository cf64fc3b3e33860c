"""The demo county and the periodic-jobs runner."""

from __future__ import annotations

import pytest
from django.core.management import call_command

# The demo county itself (all generators, run twice for idempotency) is tested in
# tests/catalog/test_demo.py: it is the slowest test, so it runs once in the suite.


def test_run_jobs_lists_runs_and_dry_runs(db, capsys):
    call_command("run_jobs", "--list")
    assert "workdays.next_year_check" in capsys.readouterr().out
    call_command("run_jobs", "--dry-run")
    out = capsys.readouterr().out
    assert "[演练] workdays.next_year_check" in out


def test_run_jobs_refuses_unknown_names(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="未知任务"):
        call_command("run_jobs", "--only", "nope")


def test_run_jobs_on_a_given_day(db, capsys, monkeypatch):
    import datetime as dt

    from gongkai.core import jobs

    seen = []

    def probe(*, today, now, dry_run):
        seen.append((today, now))
        return jobs.JobReport(job="test.probe")

    monkeypatch.setitem(jobs._REGISTRY, "test.probe", jobs.Job("test.probe", "探针", probe))
    call_command("run_jobs", "--only", "test.probe", "--today", "2027-02-01")
    today, now = seen[0]
    assert today == dt.date(2027, 2, 1)
    assert now == dt.datetime(2027, 2, 1, 1, tzinfo=dt.UTC)  # 09:00 in Shanghai
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_jobs", "--today", "2027-13-01")
