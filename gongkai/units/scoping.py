"""Unit scoping: every staff-facing read of a scoped model is limited to the reader's units.

A scoped model declares `objects = ScopedManager(scope_field)`. Querying it when no scope is
active raises `ScopeError` — a forgotten filter fails loudly instead of leaking another unit's
data. The scope is applied when the SQL is compiled, not when the queryset is built, so a
queryset built once and reused (a form field's choices, a filter's options) is always filtered
by the scope of the request that evaluates it.

Scopes are activated by `UnitScopeMiddleware` for each request, by `scope_for_user()` in code
that acts for a user, and by `system_scope(reason)` in jobs, commands and migrations, which
read everything on purpose and say why.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models import sql


class ScopeError(RuntimeError):
    """A scoped model was queried outside any unit scope (a programming error)."""


@dataclass(frozen=True)
class Scope:
    """The units a reader may see. `unit_ids is None` means every unit (county-wide)."""

    unit_ids: frozenset[int] | None
    reason: str = ""

    @property
    def is_unrestricted(self) -> bool:
        return self.unit_ids is None

    def allows(self, unit_id: int | None) -> bool:
        if self.unit_ids is None:
            return True
        return unit_id is not None and unit_id in self.unit_ids


NOBODY = Scope(unit_ids=frozenset(), reason="anonymous")

# Either a Scope or a zero-argument callable that computes it on first use (so requests that
# never touch scoped data pay no query for it).
_current: contextvars.ContextVar[Scope | Callable[[], Scope] | None] = contextvars.ContextVar(
    "gongkai_unit_scope", default=None
)


def current_scope() -> Scope:
    value = _current.get()
    if value is None:
        raise ScopeError(
            "A scoped model was queried outside any unit scope. Wrap the code in "
            "scope_for_user(user) or system_scope(reason=...)."
        )
    if callable(value):
        value = value()
        _current.set(value)
    return value


@contextlib.contextmanager
def activate(scope: Scope | Callable[[], Scope]) -> Iterator[None]:
    token = _current.set(scope)
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def system_scope(reason: str) -> Iterator[None]:
    """Read every unit's data: jobs, commands, migrations and other system work."""
    if not reason:
        raise ValueError("system_scope() needs a reason")
    with activate(Scope(unit_ids=None, reason=reason)):
        yield


def restricted_scope(unit_ids: Iterable[int], reason: str = "") -> Scope:
    return Scope(unit_ids=frozenset(unit_ids), reason=reason)


class ScopedQuery(sql.Query):
    """A Query that adds the active unit scope to itself when it is compiled."""

    scope_field: str = ""
    scope_pending: bool = False

    def _scoped_copy(self) -> sql.Query:
        scope = current_scope()
        query = self.clone()
        query.scope_pending = False
        if not scope.is_unrestricted:
            query.add_q(models.Q(**{f"{self.scope_field}__in": sorted(scope.unit_ids or ())}))
        return query

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        if self.scope_pending:
            query = self._scoped_copy()
            return query.get_compiler(using, connection, elide_empty)
        return super().get_compiler(using, connection, elide_empty)

    def chain(self, klass=None):
        # UPDATE and DELETE turn the query into another class; scope it before the class changes.
        if klass is not None and self.scope_pending and klass is not type(self):
            return sql.Query.chain(self._scoped_copy(), klass)
        return super().chain(klass)


class ScopedQuerySet(models.QuerySet):
    def _raw_delete(self, using):
        # Django's fast-delete path swaps the query class directly, bypassing chain().
        query = self.query
        if isinstance(query, ScopedQuery) and query.scope_pending:
            self.query = query._scoped_copy()
        return super()._raw_delete(using)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    """Default manager of a unit-scoped model.

    Subclass it per model and set `scope_field`, the lookup path to a Unit id ("unit_id",
    "case__unit_id", or "id" for Unit itself). It is a class attribute because Django builds
    related managers by subclassing the default manager's class.
    """

    scope_field: str = ""
    queryset_class: type[ScopedQuerySet] = ScopedQuerySet

    def get_queryset(self) -> ScopedQuerySet:
        if not self.scope_field:
            raise TypeError(f"{type(self).__name__} must set scope_field")
        query = ScopedQuery(self.model)
        query.scope_field = self.scope_field
        query.scope_pending = True
        return self.queryset_class(model=self.model, query=query, using=self._db, hints=self._hints)


class ScopedModel(models.Model):
    """Base for unit-scoped models.

    Uniqueness and constraint validation must see every row, not just the reader's units: a
    duplicate 文号 or code in another unit is still a duplicate.
    """

    class Meta:
        abstract = True

    def validate_unique(self, exclude=None):
        with system_scope("uniqueness is county-wide"):
            super().validate_unique(exclude)

    def validate_constraints(self, exclude=None):
        with system_scope("constraints are county-wide"):
            super().validate_constraints(exclude)
