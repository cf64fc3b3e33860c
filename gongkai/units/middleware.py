from __future__ import annotations

from gongkai.units.scoping import activate
from gongkai.units.selectors import scope_for


class UnitScopeMiddleware:
    """Activates the request user's unit scope; computed lazily on the first scoped query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with activate(lambda: scope_for(getattr(request, "user", None))):
            return self.get_response(request)
