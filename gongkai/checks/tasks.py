from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from gongkai.units.scoping import system_scope


@task()
def scan_site_task(user_id: int | None) -> dict:
    """The on-demand scan, off the request (the report page enqueues it)."""
    from gongkai.checks.services import scan_site
    from gongkai.units.models import User

    by = User.objects.filter(pk=user_id).first() if user_id else None
    now = timezone.now()
    with system_scope("site-wide quality scan"):
        run = scan_site(by=by, today=timezone.localdate(now), now=now)
    return {
        "run": run.pk,
        "findings": run.findings,
        "seconds": run.seconds,
        "at": dt.datetime.isoformat(now),
    }
