"""What every 依申请公开 admin view shares: the clock at the edge and the access check."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.auth import require_admin_access

from gongkai.foi import permissions


def clock() -> tuple[dt.date, dt.datetime]:
    """Today and now, read once per request at the view edge (tests replace it)."""
    return timezone.localdate(), timezone.now()


def foi_view(view):
    """Admin access and a role concerned by applications required.

    The view runs in the request user's unit scope (UnitScopeMiddleware), which wraps the
    rendering too, so a case outside it is a 404 and lazy querysets are filtered the same way.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can_read_cases(request.user):
            raise PermissionDenied
        response = view(request, *args, **kwargs)
        if isinstance(response, TemplateResponse):
            response.render()
        return response

    return require_admin_access(wrapper)


def int_param(value: str | None) -> int | None:
    """A positive database id from a query parameter, or None."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 2**31 else None
