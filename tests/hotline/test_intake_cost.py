"""What one intake costs the database: the API's POST is the hot path of the load target
(issue #6: ≥ 100 tickets/s on PostgreSQL with 50 clients), so its statements are counted here
and a change that adds one has to change this number on purpose."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.hotline.test_open311 import api_key, post  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_api_intake_statements(client, county, api_key, system):  # noqa: F811
    post(client, api_key)  # warm: the first request loads the categories' cache etc.
    with CaptureQueriesContext(connection) as ctx:
        response = post(client, api_key)
    assert response.status_code == 200
    statements = [
        q["sql"].split()[0]
        for q in ctx.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    # API key, service, clock settings; the day's counter and its collision check; ticket,
    # ACCEPT event, audit entry, submission token.
    assert statements == ["SELECT"] * 3 + ["INSERT", "SELECT"] + ["INSERT"] * 4
