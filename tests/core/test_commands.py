"""The demo county and the periodic-jobs runner."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gongkai.units.models import Unit, User
from gongkai.units.scoping import system_scope


def test_demo_county_builds_huoqiu_and_is_idempotent(db, capsys):
    call_command("demo_county")
    first = capsys.readouterr().out
    call_command("demo_county")
    capsys.readouterr()
    with system_scope("test"):
        assert Unit.objects.filter(kind="township").count() == 30
        assert Unit.objects.filter(name="霍邱县冯瓴镇人民政府").exists()  # 瓴, not 岭
        count = User.objects.count()
    call_command("demo_county")
    assert User.objects.count() == count
    for login in ["county_admin", "cg_editor", "fgw_reviewer", "operator", "observer"]:
        assert login in first
    assert "Gongkai@2026" in first


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
