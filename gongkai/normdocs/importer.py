"""Importing the county's existing normative documents (``manage.py import_normdocs``).

The pure half (reading the .xlsx/.csv, headers, dates, 文号, validity defaults) is
:mod:`gongkai.normdocs.domain.importing`; this module resolves each row's 制定机关 against the
units, skips what is there already, and writes the rest in bulk.

Rules:

* **Already published.** The documents did not go through the platform's procedure: they are
  written directly as 已公布 (or 已备案 when the row has a 备案日期), with the validity from the
  file (default 有效; 失效 when the 有效期 has ended), their status history and ONE audit entry
  ``normdocs.import`` each, all in one transaction. No catalogue item is created (the old site
  or the catalogue import publishes them).
* **Idempotent.** Each row's ``import_key`` comes from (unit code, canonical 文号), else (unit
  code, title, 公布日期), hashed; rows whose key exists are skipped (「已存在，跳过」), as are rows
  whose 文号 the unit already has from the procedure. Imported documents are never updated.
* **Errors.** Every row error names the row and column in Chinese; the other rows import.
  A 文号 or 统一登记号 repeated inside the file, or a 统一登记号 another document has, is an error.
* **备案.** When the file has a 备案日期 column, rows without a date get a 备案期限 counted from
  publication (so the filing reminder lists them); without the column the filing state is
  unknown and no deadline is set.
* **Sequences.** 统一登记号 in the platform's own form (「HQFGW-2021-007」) move the unit's
  registration counter on, so the next registration does not hand out the same number.

:func:`write_documents` is the bulk writer, shared with the demo data.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from gongkai.audit import services as audit
from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.importing import (
    COL_DOC_NUMBER,
    COL_FILED,
    COL_REGISTRATION,
    COL_UNIT,
    ImportFileError,
    ParsedRow,
    RowError,
    UnitMatcher,
    UnitRef,
    _row_error,
    import_key,
    parse_file,
)
from gongkai.normdocs.domain.lifecycle import STAGE_LABELS, STATUS_LABELS, Stage, Status
from gongkai.normdocs.models import (
    DocumentKind,
    NormativeDocument,
    RegistrationSequence,
    StatusChange,
)
from gongkai.normdocs.services import GOVERNMENT_KINDS, filed_with_default, filing_days
from gongkai.units.models import Unit, User
from gongkai.workdays.calendar import get_calendar

__all__ = ["ImportFileError", "ImportReport", "NewDocument", "import_normdocs", "write_documents"]

WRITE_CHUNK = 500
_LOOKUP_CHUNK = 900  # values per IN (…): below every backend's parameter limit


@dataclass
class NewDocument:
    """A published document to write in bulk (see :func:`write_documents`)."""

    unit: Unit
    title: str
    published_on: dt.date
    effective_on: dt.date
    valid_until: dt.date
    status: str = Status.VALID
    doc_number: str = ""
    written_on: dt.date | None = None
    registration_number: str = ""
    topic: str = ""
    body: str = ""
    filed_on: dt.date | None = None
    filed_with: str = ""
    filing_due: dt.date | None = None
    filing_reference: str = ""
    import_key: str = ""
    status_on: dt.date | None = None  # when a non-valid status began (default: today)
    status_reason: str = ""

    @property
    def stage(self) -> Stage:
        return Stage.FILED if self.filed_on else Stage.PUBLISHED


def _history(document: NormativeDocument, new: NewDocument, *, by, now, today, reason):
    def change(field: str, before: str, after: str, on: dt.date, why: str = reason):
        return StatusChange(
            document=document,
            unit_id=document.unit_id,
            field=field,
            before=before,
            after=after,
            on=on,
            at=now,
            by=by,
            reason=why,
        )

    rows = [change("stage", "", Stage.PUBLISHED, new.published_on)]
    if new.filed_on:
        rows.append(change("stage", Stage.PUBLISHED, Stage.FILED, new.filed_on))
    rows.append(change("status", "", Status.VALID, new.published_on))
    if new.status != Status.VALID:
        on = new.status_on or today
        if new.status == Status.EXPIRED and not new.status_on:
            on = min(lifecycle.expires_on(new.valid_until), today)
        rows.append(change("status", Status.VALID, new.status, on, new.status_reason or reason))
    return rows


_PLATFORM_REGISTRATION = re.compile(r"HQ(?P<code>.+)-(?P<year>[0-9]{4})-(?P<serial>[0-9]+)")


def _advance_registration_counters(documents: Iterable[NormativeDocument]) -> None:
    highest: dict[tuple[int, int], int] = {}
    for document in documents:
        match = _PLATFORM_REGISTRATION.fullmatch(document.registration_number or "")
        if match and match["code"] == document.unit.code.upper():
            key = (document.unit_id, int(match["year"]))
            highest[key] = max(highest.get(key, 0), int(match["serial"]))
    for (unit_id, year), serial in highest.items():
        counter, _ = RegistrationSequence.objects.select_for_update().get_or_create(
            unit_id=unit_id, year=year
        )
        if counter.last_value < serial:
            counter.last_value = serial
            counter.save(update_fields=["last_value"])


@transaction.atomic
def write_documents(
    new: list[NewDocument], *, by: User | None, now: dt.datetime, today: dt.date, reason: str
) -> list[NormativeDocument]:
    """Write published documents in bulk: the rows, their status history (公布, 备案, validity)
    and one ``normdocs.import`` audit entry each. Runs in the caller's scope (use
    ``system_scope``); the caller has checked uniqueness."""
    if not new:
        return []
    actor = by if getattr(by, "pk", None) else None
    documents = [
        NormativeDocument(
            unit=n.unit,
            kind=(
                DocumentKind.GOVERNMENT
                if n.unit.kind in GOVERNMENT_KINDS
                else DocumentKind.DEPARTMENT
            ),
            title=n.title,
            doc_number=n.doc_number,
            topic=n.topic,
            written_on=n.written_on,
            published_on=n.published_on,
            effective_on=n.effective_on,
            valid_until=n.valid_until,
            stage=n.stage,
            status=n.status,
            registration_number=n.registration_number,
            filed_with=n.filed_with or filed_with_default(),
            filing_due=n.filing_due,
            filed_on=n.filed_on,
            filing_reference=n.filing_reference,
            body=n.body,
            import_key=n.import_key,
            created_by=actor,
        )
        for n in new
    ]
    NormativeDocument.unscoped.bulk_create(documents, batch_size=WRITE_CHUNK)
    if any(d.pk is None for d in documents):  # a backend that does not return ids
        keys = [d.import_key for d in documents]
        by_key = dict(
            NormativeDocument.unscoped.filter(import_key__in=keys).values_list("import_key", "pk")
        )
        for document in documents:
            document.pk = by_key[document.import_key]
    StatusChange.objects.bulk_create(
        (
            change
            for document, spec in zip(documents, new, strict=True)
            for change in _history(document, spec, by=actor, now=now, today=today, reason=reason)
        ),
        batch_size=WRITE_CHUNK,
    )
    for document in documents:
        audit.record(
            action="normdocs.import",
            by=by,
            unit=document.unit,
            obj=document,
            after={
                "title": document.title,
                "doc_number": document.doc_number,
                "stage": document.stage,
                "status": document.status,
                "valid_until": document.valid_until.isoformat(),
            },
            reason=reason,
            at=now,
        )
    _advance_registration_counters(documents)
    return documents


# --------------------------------------------------------------------------------------------
# The import
# --------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """Outcome of :func:`import_normdocs`. ``created`` counts what a dry run *would* create."""

    file: str
    total_rows: int = 0
    created: int = 0
    skipped: int = 0  # imported before (same key), or the unit has the 文号 already
    errors: list[RowError] = field(default_factory=list)  # sorted by row
    notes: list[RowError] = field(default_factory=list)  # 提示: imported anyway
    ignored_columns: tuple[str, ...] = ()
    by_status: dict[str, int] = field(default_factory=dict)  # label → count (created rows)
    by_stage: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False
    parse_seconds: float = 0.0
    write_seconds: float = 0.0
    duration: float = 0.0

    @property
    def error_rows(self) -> int:
        return len({e.row_number for e in self.errors})


def _in_chunks(values: list, size: int = _LOOKUP_CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _filing_due(published_on: dt.date, calendar) -> dt.date:
    return lifecycle.filing_due(published_on, filing_days(), is_workday=calendar.is_workday)


def import_normdocs(
    path: Path,
    *,
    by: User | None,
    today: dt.date,
    now: dt.datetime,
    dry_run: bool = False,
    default_unit: Unit | None = None,
    unit_column: str | None = None,
) -> ImportReport:
    """Import the documents of a register (.xlsx/.csv) into the registry (see module doc).

    ``default_unit`` is used for rows with an empty 制定机关 (and makes the column optional).
    Raises :class:`ImportFileError` when the file as a whole cannot be read; row problems go
    to ``ImportReport.errors``. Run inside ``system_scope`` (the rows span every unit).
    """
    started = time.perf_counter()
    path = Path(path)
    report = ImportReport(file=path.name, dry_run=dry_run)
    parsed = parse_file(
        path, today=today, unit_column=unit_column, unit_required=default_unit is None
    )
    report.total_rows = parsed.total_rows
    report.ignored_columns = parsed.ignored_columns
    errors = list(parsed.errors)
    notes = list(parsed.notes)

    units = {u.pk: u for u in Unit.unscoped.all()}
    matcher = UnitMatcher(UnitRef(u.pk, u.code, u.name, u.short_name) for u in units.values())
    keyed: list[tuple[ParsedRow, Unit, str]] = []
    first_key: dict[str, int] = {}
    first_registration: dict[str, int] = {}
    for row in parsed.rows:
        if not row.unit_text and default_unit is not None:
            unit = default_unit
        else:
            found = matcher.match(row.unit_text)
            if isinstance(found, str):
                errors.append(_row_error(row.row_number, COL_UNIT, found))
                continue
            unit = units[found.pk]
        key = import_key(unit.code, row.doc_number, row.title, row.published_on)
        if key in first_key:
            what = (
                f"同一单位、同一文号“{row.doc_number}”"
                if row.doc_number
                else "单位、标题和公布日期相同"
            )
            column = COL_DOC_NUMBER if row.doc_number else None
            errors.append(
                _row_error(row.row_number, column, f"与第 {first_key[key]} 行重复（{what}）")
            )
            continue
        if row.registration_number:
            earlier = first_registration.get(row.registration_number)
            if earlier is not None:
                errors.append(
                    _row_error(row.row_number, COL_REGISTRATION, f"统一登记号与第 {earlier} 行重复")
                )
                continue
            first_registration[row.registration_number] = row.row_number
        first_key[key] = row.row_number
        keyed.append((row, unit, key))

    known_keys: set[str] = set()
    for chunk in _in_chunks([k for _, _, k in keyed]):
        known_keys.update(
            NormativeDocument.unscoped.filter(import_key__in=chunk).values_list(
                "import_key", flat=True
            )
        )
    numbers = sorted({r.doc_number for r, _, k in keyed if r.doc_number and k not in known_keys})
    known_numbers: set[tuple[int, str]] = set()
    for chunk in _in_chunks(numbers):
        known_numbers.update(
            NormativeDocument.unscoped.filter(doc_number__in=chunk).values_list(
                "unit_id", "doc_number"
            )
        )
    registrations = sorted({r.registration_number for r, _, _ in keyed if r.registration_number})
    taken_registrations: set[str] = set()
    for chunk in _in_chunks(registrations):
        taken_registrations.update(
            NormativeDocument.unscoped.filter(registration_number__in=chunk).values_list(
                "registration_number", flat=True
            )
        )

    calendar = get_calendar() if COL_FILED in parsed.columns else None
    new: list[NewDocument] = []
    for row, unit, key in keyed:
        if key in known_keys:
            report.skipped += 1
            continue
        if row.doc_number and (unit.pk, row.doc_number) in known_numbers:
            report.skipped += 1
            notes.append(
                _row_error(
                    row.row_number,
                    COL_DOC_NUMBER,
                    f"（提示）{unit.short_name}已有文号为“{row.doc_number}”的文件，已跳过",
                )
            )
            continue
        if row.registration_number in taken_registrations:
            errors.append(
                _row_error(
                    row.row_number,
                    COL_REGISTRATION,
                    f"统一登记号“{row.registration_number}”已被其他文件使用",
                )
            )
            continue
        new.append(
            NewDocument(
                unit=unit,
                title=row.title,
                doc_number=row.doc_number,
                written_on=row.written_on,
                published_on=row.published_on,
                effective_on=row.effective_on,
                valid_until=row.valid_until,
                status=row.status,
                registration_number=row.registration_number,
                topic=row.topic,
                body=row.body,
                filed_on=row.filed_on,
                filing_reference=row.filing_reference,
                filing_due=(
                    _filing_due(row.published_on, calendar) if calendar is not None else None
                ),
                import_key=key,
                status_reason=f"导入时有效性为“{STATUS_LABELS[row.status]}”",
            )
        )

    # Notes only about rows this run imports (a re-run does not repeat them).
    new_keys = {n.import_key for n in new}
    imported_rows = {row.row_number for row, _, key in keyed if key in new_keys}
    notes = [n for n in notes if n.row_number in imported_rows or "已跳过" in n.message]
    report.errors = sorted(errors, key=lambda e: e.row_number)
    report.notes = sorted(notes, key=lambda e: e.row_number)
    report.created = len(new)
    counts: dict[str, int] = defaultdict(int)
    stages: dict[str, int] = defaultdict(int)
    for n in new:
        counts[STATUS_LABELS[n.status]] += 1
        stages[STAGE_LABELS[n.stage]] += 1
    report.by_status, report.by_stage = dict(counts), dict(stages)
    report.parse_seconds = time.perf_counter() - started
    if dry_run or not new:
        report.duration = time.perf_counter() - started
        return report

    # Oldest first, so ids (and the history) follow publication order.
    new.sort(key=lambda n: (n.published_on, n.unit.pk, n.doc_number, n.title))
    write_started = time.perf_counter()
    with transaction.atomic():
        write_documents(
            new, by=by, now=now, today=today, reason=f"导入已公布的规范性文件：{path.name}"
        )
    report.written = True
    report.write_seconds = time.perf_counter() - write_started
    report.duration = time.perf_counter() - started
    return report
