"""Reads behind the catalogue boards: 栏目更新监测, 两化标准目录达标, 政策解读督办.

Every selector takes the reader's ``unit_ids`` (``None`` means county-wide) and filters on it
explicitly: page models (ChannelPage, ItemPage) are not unit-scoped, and the scoped records are
filtered by the active scope as well, so both agree. Each selector runs a fixed number of
queries, whatever the number of units, channels or entries (no query inside a loop).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q
from wagtail.models import Page

from gongkai.catalog.domain.freshness import (
    FRESHNESS_LABELS,
    VETO_CHANNEL_TYPES,
    FreshnessStatus,
    UnitFreshnessSummary,
    veto_risk,
)
from gongkai.catalog.domain.freshness import ChannelFreshness as Verdict
from gongkai.catalog.domain.freshness import summarise as summarise_freshness
from gongkai.catalog.domain.standards import (
    COMPLIANCE_LABELS,
    ComplianceStatus,
    EntryCompliance,
    EntryEvidence,
    assess_entries,
    summarise,
)
from gongkai.catalog.domain.taxonomy import (
    CHANNEL_TYPE_LABELS,
    INTERPRETATION_GRACE_WORKING_DAYS,
    ItemKind,
)
from gongkai.catalog.models import (
    ChannelFreshness,
    ChannelPage,
    ItemPage,
    PolicyLink,
    StandardDirectory,
    StandardEntry,
)
from gongkai.units.models import Unit, UnitKind

UnitIds = Collection[int] | None

# Statuses a reader can filter the freshness board on (EXEMPT channels are not monitored).
FRESHNESS_FILTERS: dict[str, str] = {
    str(s): FRESHNESS_LABELS[s]
    for s in (
        FreshnessStatus.STALE,
        FreshnessStatus.EMPTY,
        FreshnessStatus.DUE_SOON,
        FreshnessStatus.FRESH,
    )
}
COMPLIANCE_FILTERS: dict[str, str] = {
    str(s): COMPLIANCE_LABELS[s] for s in (ComplianceStatus.MISSING, ComplianceStatus.OUTDATED)
}


def _in_units(qs, unit_ids: UnitIds, lookup: str = "unit_id"):
    return qs if unit_ids is None else qs.filter(**{f"{lookup}__in": list(unit_ids)})


def _kind_options(kinds: set[str]) -> list[tuple[str, str]]:
    return [(value, label) for value, label in UnitKind.choices if value in kinds]


# ----------------------------------------------------------------------- 栏目更新监测


@dataclass(frozen=True)
class FreshnessRow:
    unit: Unit
    summary: UnitFreshnessSummary  # counts over all the unit's checked channels
    risks: list[str]  # §3.2 veto warnings
    channels: tuple  # (ChannelFreshness record, verdict) pairs: the 5 stalest, or of `status`


@dataclass(frozen=True)
class FreshnessBoard:
    rows: list[FreshnessRow]  # filtered, worst first
    checked_on: dt.date | None  # the latest daily check over the reader's units
    kind_options: list[tuple[str, str]]
    unit_count: int  # units before the filters


def _worst_first(row: FreshnessRow) -> tuple:
    summary = row.summary
    return (
        -len(row.risks),
        -(summary.stale + summary.empty),
        -summary.stale,
        -summary.due_soon,
        row.unit.sort_order,
        row.unit.name,
    )


def _freshness_records(unit_ids: UnitIds, *, kind: str = "", status: str = ""):
    records = _in_units(
        ChannelFreshness.objects.filter(channel__live=True).select_related("unit", "channel"),
        unit_ids,
    )
    if kind:
        records = records.filter(unit__kind=kind)
    if status in FRESHNESS_FILTERS:
        records = records.filter(status=status)
    return records


def _verdict(record: ChannelFreshness) -> Verdict:
    return Verdict(
        status=FreshnessStatus(record.status),
        last_update=record.last_update,
        stale_on=record.stale_on,
        warn_from=record.warn_from,
        days_overdue=record.days_overdue,
        days_left=None,
    )


def _counts_for_veto(record: ChannelFreshness) -> bool:
    return record.channel.channel_type in VETO_CHANNEL_TYPES


def freshness_board(
    unit_ids: UnitIds, *, kind: str = "", status: str = "", channels_n: int = 5
) -> FreshnessBoard:
    """One row per unit with checked channels: counts per status, veto warnings and the
    ``channels_n`` stalest channels (blank ones first, as ``summarise`` orders them).

    Reads the verdicts stored by the daily check (gongkai/catalog/freshness.py, the same
    reading as its ``board_rows``) as of their ``checked_on``; channels taken offline are left
    out. ``kind`` keeps the units of that UnitKind; ``status`` the units with at least one
    channel in that status, and lists those channels. Worst first: veto warnings, then stale +
    blank channels, then due soon. One query.
    """
    by_unit: dict[int, list] = {}
    units: dict[int, Unit] = {}
    checked_on = None
    for record in _freshness_records(unit_ids):
        by_unit.setdefault(record.unit_id, []).append((record, _verdict(record)))
        units[record.unit_id] = record.unit
        if checked_on is None or record.checked_on > checked_on:
            checked_on = record.checked_on
    rows = []
    for unit_id, pairs in by_unit.items():
        unit = units[unit_id]
        if kind and unit.kind != kind:
            continue
        summary = summarise_freshness(pairs, oldest_n=channels_n, counts_for_veto=_counts_for_veto)
        channels = summary.oldest
        if status in FRESHNESS_FILTERS:
            if not getattr(summary, status):
                continue
            chosen = [pair for pair in pairs if pair[1].status == status]
            channels = summarise_freshness(chosen, oldest_n=channels_n).oldest
        rows.append(FreshnessRow(unit, summary, veto_risk(summary), channels))
    rows.sort(key=_worst_first)
    return FreshnessBoard(
        rows=rows,
        checked_on=checked_on,
        kind_options=_kind_options({u.kind for u in units.values()}),
        unit_count=len(by_unit),
    )


@dataclass(frozen=True)
class FreshnessExportRow:
    unit: str
    channel_path: str
    channel_type: str
    period_days: int | None
    last_update: dt.date | None
    status: str
    days_overdue: int
    item_count: int
    responsible_editor: str
    checked_on: dt.date


def _channel_paths(unit_ids: UnitIds, kind: str) -> dict[str, str]:
    """Tree path → channel title of every channel of the units (one query)."""
    channels = _in_units(ChannelPage.objects.all(), unit_ids)
    if kind:
        channels = channels.filter(unit__kind=kind)
    return dict(channels.values_list("path", "title"))


def _path_of(path: str, titles: dict[str, str]) -> str:
    step = Page.steplen
    parts = [titles[path[:end]] for end in range(step, len(path) + 1, step) if path[:end] in titles]
    return " / ".join(parts)


def freshness_export_rows(
    unit_ids: UnitIds, *, kind: str = "", status: str = ""
) -> list[FreshnessExportRow]:
    """One row per checked channel of the reader's units, for the Excel export (two queries)."""
    records = _freshness_records(unit_ids, kind=kind, status=status).select_related(
        "channel__responsible_editor"
    )
    records = list(records.order_by("unit__sort_order", "unit__name", "channel__path"))
    titles = _channel_paths(unit_ids, kind) if records else {}
    rows = []
    for record in records:
        channel = record.channel
        editor = channel.responsible_editor
        rows.append(
            FreshnessExportRow(
                unit=record.unit.name,
                channel_path=_path_of(channel.path, titles) or channel.title,
                channel_type=CHANNEL_TYPE_LABELS.get(channel.channel_type, channel.channel_type),
                period_days=channel.update_period_days,
                last_update=record.last_update,
                status=FRESHNESS_LABELS.get(record.status, record.status),
                days_overdue=record.days_overdue,
                item_count=record.item_count,
                responsible_editor=editor.display_name if editor else "",
                checked_on=record.checked_on,
            )
        )
    return rows


# ----------------------------------------------------------------------- 两化标准目录达标


@dataclass(frozen=True)
class EntryRow:
    entry: StandardEntry
    result: EntryCompliance


@dataclass
class AreaCompliance:
    directory: StandardDirectory
    counts: dict[ComplianceStatus, int]
    problems: list[EntryRow] = field(default_factory=list)  # missing and outdated entries


@dataclass
class UnitCompliance:
    unit: Unit
    counts: dict[ComplianceStatus, int]
    areas: list[AreaCompliance]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def missing(self) -> int:
        return self.counts[ComplianceStatus.MISSING]

    @property
    def outdated(self) -> int:
        return self.counts[ComplianceStatus.OUTDATED]

    @property
    def ok(self) -> int:
        return self.counts[ComplianceStatus.OK]

    @property
    def rate(self) -> int:
        """达标率 in whole percent."""
        return round(100 * self.ok / self.total) if self.total else 100


def entry_evidence(unit_ids: UnitIds, *, unit_id: int | None = None):
    """The reader's 标准目录 entries, each annotated in the same query with the newest
    publication date (``latest``) and the number (``public_items``) of public items linked."""
    public = Q(items__is_public=True)
    entries = _in_units(StandardEntry.objects.select_related("directory", "unit"), unit_ids)
    if unit_id is not None:
        entries = entries.filter(unit_id=unit_id)
    return entries.annotate(
        latest=Max("items__published_on", filter=public), public_items=Count("items", filter=public)
    ).order_by("unit__sort_order", "unit__name", "directory__area_number", "code")


def standards_board(
    unit_ids: UnitIds, *, today: dt.date, unit_id: int | None = None, status: str = ""
) -> list[UnitCompliance]:
    """Compliance of the 两化 directories per unit and area (one query).

    Entries with no public linked item are 未公开内容 (missing), entries whose newest linked
    item is older than their ``refresh_days`` 内容过期 (outdated); ``status`` limits the listed
    problem entries to one of the two (the counts always cover every status).
    """
    entries = list(entry_evidence(unit_ids, unit_id=unit_id))
    results = assess_entries(
        (
            EntryEvidence(
                code=e.code,
                refresh_days=e.refresh_days,
                latest_published=e.latest,
                item_count=e.public_items,
            )
            for e in entries
        ),
        today=today,
    )
    wanted = (
        {ComplianceStatus(status)}
        if status in COMPLIANCE_FILTERS
        else {ComplianceStatus.MISSING, ComplianceStatus.OUTDATED}
    )
    by_unit: dict[int, UnitCompliance] = {}
    areas: dict[int, AreaCompliance] = {}
    pairs: dict[int, list[EntryCompliance]] = {}
    for entry, result in zip(entries, results, strict=True):
        unit = by_unit.get(entry.unit_id)
        if unit is None:
            unit = by_unit[entry.unit_id] = UnitCompliance(entry.unit, {}, [])
        area = areas.get(entry.directory_id)
        if area is None:
            area = areas[entry.directory_id] = AreaCompliance(entry.directory, {})
            unit.areas.append(area)
        pairs.setdefault(entry.directory_id, []).append(result)
        if result.status in wanted:
            area.problems.append(EntryRow(entry, result))
    for directory_id, area in areas.items():
        area.counts = summarise(pairs[directory_id])
    for unit in by_unit.values():
        unit.counts = summarise(r for area in unit.areas for r in pairs[area.directory.pk])
    return list(by_unit.values())


def units_with_directories(unit_ids: UnitIds) -> list[Unit]:
    """The reader's units that have a 两化 standard directory (for the unit filter)."""
    units = _in_units(Unit.objects.filter(standard_directories__isnull=False), unit_ids, "id")
    return list(units.distinct().order_by("sort_order", "name"))


# ----------------------------------------------------------------------- 政策解读督办


@dataclass(frozen=True)
class MissingInterpretation:
    item: ItemPage
    due: dt.date
    days_overdue: int  # calendar days after the due date
    workdays_overdue: int  # working days after the due date


def missing_interpretations(
    unit_ids: UnitIds, *, today: dt.date, calendar
) -> list[MissingInterpretation]:
    """Public items that need a 政策解读 and have none in public, past their due date.

    Due on the ``INTERPRETATION_GRACE_WORKING_DAYS``-th working day after publication; overdue
    from the day after. An interpretation counts once it is public and linked (PolicyLink) to
    the item. Items that are themselves interpretations are left out. Most overdue first. One
    query.
    """
    interpreted = PolicyLink.objects.filter(policy=OuterRef("pk"), interpretation__is_public=True)
    # The due date is at least that many calendar days after publication: rule out in SQL what
    # cannot be overdue yet, the calendar decides the rest.
    latest = today - dt.timedelta(days=INTERPRETATION_GRACE_WORKING_DAYS)
    items = _in_units(
        ItemPage.objects.filter(is_public=True, needs_interpretation=True, published_on__lt=latest)
        .exclude(kind=ItemKind.INTERPRETATION)
        .filter(~Exists(interpreted))
        .select_related("unit", "channel"),
        unit_ids,
    )
    rows = []
    for item in items.order_by("published_on", "pk"):
        due = item.interpretation_due(calendar)
        if due is not None and today > due:
            rows.append(
                MissingInterpretation(
                    item=item,
                    due=due,
                    days_overdue=(today - due).days,
                    workdays_overdue=calendar.workdays_between(due, today),
                )
            )
    rows.sort(key=lambda r: (-r.days_overdue, r.item.unit.sort_order, r.item.pk))
    return rows


@dataclass(frozen=True)
class InterpretationBoard:
    rows: list[MissingInterpretation]  # after the unit filter
    per_unit: list[tuple[Unit, int]]  # every unit with overdue items, most first
    total: int  # before the unit filter


def interpretation_board(
    unit_ids: UnitIds, *, today: dt.date, calendar, unit_id: int | None = None
) -> InterpretationBoard:
    rows = missing_interpretations(unit_ids, today=today, calendar=calendar)
    counts: dict[int, list] = {}
    for row in rows:
        counts.setdefault(row.item.unit_id, [row.item.unit, 0])[1] += 1
    per_unit = sorted(
        ((unit, n) for unit, n in counts.values()), key=lambda p: (-p[1], p[0].sort_order)
    )
    shown = rows if unit_id is None else [r for r in rows if r.item.unit_id == unit_id]
    return InterpretationBoard(rows=shown, per_unit=per_unit, total=len(rows))
