"""Writing historical 依申请公开 ledgers (``manage.py import_foi``); parsing is in
gongkai/foi/domain/importing.py.

Policy: a file with any row error imports **nothing** (the office fixes the file and runs it
again), unless ``partial`` is set, which imports the valid rows and lists the others. Re-running
is safe: a row whose 来源编号 was imported before for the same unit is skipped
(:class:`~gongkai.foi.replies_models.ImportedRecord`). Each case gets its clock ledger through
``services._append_event``, so the ledger rules hold and statistics count it. Imported closed
cases have no reply letter: they predate the platform (the letter guard applies to live cases).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.catalog.domain.importing import RowError, _row_error, _xlsx_rows
from gongkai.foi import crypto
from gongkai.foi.domain.events import State
from gongkai.foi.domain.importing import UNIT, HistoricRow, ledger_events, parse_rows
from gongkai.foi.models import FoiRequest
from gongkai.foi.replies_models import ImportedRecord
from gongkai.foi.services import QUERY_CODE_PURPOSE, _append_event, _next_tracking_code
from gongkai.units.models import Unit, User
from gongkai.workdays.calendar import get_calendar

register_actions({"foi.import": "导入历史依申请公开台账"})

IMPORT_ACTOR = "历史台账导入"
NOTE = "历史台账导入"


@dataclass
class ImportReport:
    total_rows: int = 0
    created: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def error_rows(self) -> int:
        return len({e.row_number for e in self.errors})


def _unit_lookup() -> dict[str, Unit]:
    lookup: dict[str, Unit] = {}
    for unit in Unit.unscoped.filter(is_active=True):
        for key in (unit.code, unit.name, unit.short_name, unit.name.removeprefix("霍邱县")):
            lookup.setdefault(key, unit)
    return lookup


def _write(row: HistoricRow, unit: Unit, *, by, now: dt.datetime) -> FoiRequest:
    request = FoiRequest.objects.create(
        unit=unit,
        tracking_code=_next_tracking_code(row.arrived_on.year),
        # Nobody holds a 查询码 for a historical case: a random digest matches no code.
        query_code_hash=crypto.digest(secrets.token_hex(16), purpose=QUERY_CODE_PURPOSE),
        applicant_type=row.applicant_type,
        applicant_name=row.applicant_name,
        description=row.description,
        channel=row.channel,
        arrived_on=row.arrived_on,
        state=State.NEW,
        created_by=by,
        created_at=now,
    )
    actor = by or IMPORT_ACTOR
    audit.record(
        action="foi.import",
        by=actor,
        unit=unit,
        obj=request,
        after={"source_id": row.source_id, "row": row.row_number},
        at=now,
    )
    for event in ledger_events(row):
        _append_event(request, event, by=actor, now=now, note=NOTE)
    ImportedRecord.objects.create(
        source_id=row.source_id, unit=unit, request=request, imported_at=now
    )
    return request


def import_foi(
    path: Path,
    *,
    by: User | None,
    today: dt.date,
    now: dt.datetime,
    default_unit: Unit | None = None,
    partial: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import ``path`` (.xlsx, first sheet). Call inside ``system_scope``."""
    source = _xlsx_rows(path)
    try:
        parsed = parse_rows(source, calendar=get_calendar(), today=today)
    finally:
        source.close()
    report = ImportReport(
        total_rows=parsed.total_rows,
        errors=list(parsed.errors),
        ignored_columns=parsed.ignored_columns,
    )
    units = _unit_lookup()
    ready: list[tuple[HistoricRow, Unit]] = []
    for row in parsed.rows:
        unit = units.get(row.unit) if row.unit else default_unit
        if unit is None:
            detail = (
                f"找不到单位「{row.unit}」" if row.unit else "未填写受理机关（或用 --unit 指定）"
            )
            report.errors.append(_row_error(row.row_number, UNIT, detail))
            continue
        ready.append((row, unit))
    report.errors.sort(key=lambda e: e.row_number)
    if report.errors and not partial:
        return report
    done = set(
        ImportedRecord.objects.filter(source_id__in=[r.source_id for r, _ in ready]).values_list(
            "unit_id", "source_id"
        )
    )
    todo = [(row, unit) for row, unit in ready if (unit.pk, row.source_id) not in done]
    report.skipped = len(ready) - len(todo)
    if dry_run:
        report.created = len(todo)
        return report
    with transaction.atomic():
        for row, unit in todo:
            _write(row, unit, by=by, now=now)
    report.created = len(todo)
    report.written = True
    return report
