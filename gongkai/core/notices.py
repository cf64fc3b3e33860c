"""The notify() service: one reminder per person and key, mailed after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction

from gongkai.core.models import Notice


@transaction.atomic
def notify(
    *,
    users: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str,
    now: dt.datetime,
) -> int:
    """Create the reminder for each user who does not have it yet; returns how many were new."""
    created = 0
    for user in users:
        if user is None or not user.is_active:
            continue
        _, new = Notice.objects.get_or_create(
            user=user,
            dedupe_key=dedupe_key,
            defaults={"kind": kind, "title": title, "body": body, "url": url, "created_at": now},
        )
        if new:
            created += 1
            if user.email:
                address = user.email
                transaction.on_commit(
                    lambda a=address: send_mail(
                        f"【政务公开平台】{title}", body or title, None, [a], fail_silently=True
                    )
                )
    return created
