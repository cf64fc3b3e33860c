from __future__ import annotations

import ipaddress

from django.conf import settings

from gongkai.audit.context import request_context


def _ip_of(request) -> str | None:
    # Behind the county's reverse proxy the client address arrives in X-Forwarded-For; only
    # trust it when the deployment says a proxy is in front (otherwise it is forgeable).
    raw = request.META.get("REMOTE_ADDR")
    if getattr(settings, "GONGKAI_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            raw = forwarded.split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(raw)) if raw else None
    except ValueError:
        return None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(ip=_ip_of(request)):
            return self.get_response(request)
