"""Writes of the quality checks: the word lists and the site-wide scan."""

from __future__ import annotations

import datetime as dt
import time

from django.db import IntegrityError, transaction

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.checks.checking import build_context, check_item
from gongkai.checks.models import LexiconTerm, ScanFinding, ScanRun, TermKind
from gongkai.units.errors import UnitsError
from gongkai.units.models import User
from gongkai.units.roles import Capability
from gongkai.units.services import require

register_actions(
    {
        "checks.term.save": "修改检查词库",
        "checks.scan.run": "全站内容检查",
    }
)

TERM_FIELDS = ("term", "kind", "suggestion", "severity", "note", "is_active")


class ChecksError(UnitsError):
    pass


@transaction.atomic
def save_term(instance: LexiconTerm | None, *, by: User, now: dt.datetime, **fields) -> LexiconTerm:
    """Create or change a word-list entry (county office only)."""
    require(by, Capability.MANAGE_CATALOGUE)
    fields["term"] = (fields.get("term") or "").strip()
    if not fields["term"]:
        raise ChecksError("请填写词语")
    if fields.get("kind") == TermKind.TYPO and not (fields.get("suggestion") or "").strip():
        raise ChecksError("错别字类词语须填写正确写法")
    if fields.get("suggestion") and fields["suggestion"].strip() == fields["term"]:
        raise ChecksError("正确写法不能与词语相同")
    before = {k: getattr(instance, k) for k in TERM_FIELDS} if instance else None
    term = instance or LexiconTerm()
    for key in TERM_FIELDS:
        if key in fields:
            setattr(term, key, fields[key])
    term.updated_by = by
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError as exc:
        raise ChecksError(f"词库中已有“{term.term}”") from exc
    audit.record(
        action="checks.term.save",
        by=by,
        obj=term,
        before=before,
        after={k: getattr(term, k) for k in TERM_FIELDS},
        at=now,
    )
    return term


def scan_site(
    *, by: User | None, today: dt.date, now: dt.datetime, dry_run: bool = False
) -> ScanRun | int:
    """Check every published item; keeps one run's findings (the newest) per run row.

    Returns the ScanRun, or with dry_run only the number of items that would be checked.
    """
    from gongkai.catalog.models import ItemPage

    items = ItemPage.objects.filter(is_public=True)
    if dry_run:
        return items.count()
    started = time.perf_counter()
    context = build_context(today=today)
    with transaction.atomic():
        run = ScanRun.objects.create(started_at=now, by=by)
        batch: list[ScanFinding] = []
        checked = found = 0
        with_files = set(
            ItemPage.objects.filter(is_public=True, attachments__isnull=False).values_list(
                "pk", flat=True
            )
        )
        columns = (
            "unit_id",
            "title",
            "summary",
            "body",
            "doc_number",
            "written_on",
            "published_on",
        )
        for row in items.only(*columns).iterator(chunk_size=2000):
            checked += 1
            for f in check_item(row, context=context, files=row.pk in with_files):
                found += 1
                batch.append(
                    ScanFinding(
                        run=run,
                        item_id=row.pk,
                        unit_id=row.unit_id,
                        field=f.field[:20],
                        rule=f.finding.rule,
                        severity=f.finding.severity.value,
                        excerpt=f.excerpt[:200],
                        message=f.finding.message[:300],
                        suggestion=(
                            ""
                            if f.finding.rule.startswith("pii.")
                            else (f.finding.suggestion or "")
                        )[:200],
                    )
                )
            if len(batch) >= 2000:
                ScanFinding.unscoped.bulk_create(batch)
                batch = []
        ScanFinding.unscoped.bulk_create(batch)
        run.items_checked = checked
        run.findings = found
        run.finished_at = now
        run.seconds = round(time.perf_counter() - started, 2)
        run.save()
        # Older runs' findings are superseded; keep the run rows as history.
        ScanFinding.unscoped.exclude(run=run).delete()
        audit.record(
            action="checks.scan.run",
            by=by,
            obj=run,
            after={"items": checked, "findings": found, "seconds": run.seconds},
            at=now,
        )
    return run
