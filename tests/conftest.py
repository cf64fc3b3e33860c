"""Shared fixtures: named personas for the permission matrix (see tests/personas.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.units.scoping import system_scope

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def county(db):
    """A small county with one persona per role (tests/personas.py explains each)."""
    from tests.personas import build_county

    with system_scope("test fixture"):
        return build_county()


@pytest.fixture
def system():
    """Run the test body with an unrestricted scope (for assertions on raw data)."""
    with system_scope("test assertions"):
        yield


@pytest.fixture(autouse=True)
def _var_dir_per_test(settings, tmp_path):
    """Files the application keeps in its var directory (the routing model) go to the test's
    own directory: a demo run in one test must not leave a model that another test (or another
    xdist worker, or the developer's demo) then reads."""
    settings.VAR_DIR = tmp_path
