"""Repeat and bulk detection shown on the case page (rules: gongkai/foi/domain/similarity.py).

Both lists look county-wide: an applicant who writes to several bodies, or the same request
sent to many, is exactly what the handler needs to see (Art. 35 large or frequent applications;
Art. 36 (六) repeated applications). Cases outside the reader's scope are listed with their
tracking code, receiving unit, date and state only — no applicant data, no description, no
link. Three queries whatever the number of matches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from gongkai.foi.domain.events import STATE_LABELS
from gongkai.foi.domain.similarity import REPEAT_WINDOW, Candidate, find_similar
from gongkai.foi.models import FoiRequest
from gongkai.units.scoping import system_scope

_FIELDS = (
    "pk",
    "tracking_code",
    "unit__short_name",
    "arrived_on",
    "state",
    "description",
    "unit_id",
)


@dataclass(frozen=True, slots=True)
class Related:
    pk: int
    tracking_code: str
    unit_name: str
    arrived_on: dt.date
    state: str
    description: str  # empty when the reader may not see the case
    readable: bool
    unit_id: int
    score: float | None = None

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


def _window(case: FoiRequest):
    return case.arrived_on - REPEAT_WINDOW, case.arrived_on + REPEAT_WINDOW


def _related(values: tuple, readable: set[int], score: float | None = None) -> Related:
    pk, code, unit, arrived, state, description, unit_id = values
    ok = pk in readable
    return Related(pk, code, unit, arrived, state, description if ok else "", ok, unit_id, score)


def _readable(ids: list[int]) -> set[int]:
    """Which of ``ids`` the current reader's scope shows (one query, in the caller's scope)."""
    if not ids:
        return set()
    return set(FoiRequest.objects.filter(pk__in=ids).values_list("pk", flat=True))


def same_applicant(case: FoiRequest) -> list[Related]:
    """The same applicant's other applications within 30 days before or after this one: the
    same name and the same ID number or phone (by their keyed digests)."""
    keys = [
        (field, value)
        for field, value in (
            ("id_number_digest", case.id_number_digest),
            ("phone_digest", case.phone_digest),
        )
        if value
    ]
    if not keys:
        return []
    condition = Q()
    for field, value in keys:
        condition |= Q(**{field: value})
    first, last = _window(case)
    with system_scope("repeat detection looks county-wide; only codes are shown outside scope"):
        rows = list(
            FoiRequest.unscoped.filter(
                condition,
                applicant_name=case.applicant_name,
                arrived_on__range=(first, last),
            )
            .exclude(pk=case.pk)
            .order_by("-arrived_on", "-pk")
            .values_list(*_FIELDS)
        )
    readable = _readable([r[0] for r in rows])
    return [_related(r, readable) for r in rows]


def near_identical(case: FoiRequest) -> list[Related]:
    """Applications county-wide within 30 days whose description is near-identical (重复申请)."""
    first, last = _window(case)
    with system_scope("bulk detection compares descriptions county-wide"):
        rows = {
            r[0]: r
            for r in FoiRequest.unscoped.filter(arrived_on__range=(first, last))
            .exclude(pk=case.pk)
            .values_list(*_FIELDS)
        }
    matches = find_similar(
        case.description,
        (Candidate(pk, r[3], r[5]) for pk, r in rows.items()),
        around=case.arrived_on,
        exclude=case.pk,
    )
    readable = _readable([m.id for m in matches])
    return [_related(rows[m.id], readable, m.score) for m in matches]
