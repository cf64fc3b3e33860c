"""Reads of the public library (规范性文件库): anonymous readers, published documents only.

Citizens have no unit scope, so every read here goes through ``selectors.public_documents()``
(published documents, through ``NormativeDocument.unscoped``) or through the ``unscoped``
managers of the history and campaign tables, always limited to published documents. Related
managers (``document.status_changes`` …) use the scoped default manager and show nothing to an
anonymous reader, so they are never used here.

Listings run a fixed number of queries whatever the number of documents: the filter options
(units, years), one count and one page of rows, never the body text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from gongkai.catalog.domain.taxonomy import TOPICS
from gongkai.normdocs import selectors
from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.lifecycle import (
    DECISION_LABELS,
    ENDED_LIST,
    KEPT_LIST,
    STATUS_LABELS,
    CampaignState,
    Decision,
    Status,
)
from gongkai.normdocs.models import (
    CampaignDocument,
    CleanupCampaign,
    NormativeDocument,
    StatusChange,
)
from gongkai.units.models import Unit

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 100
COUNTY_NAME = "霍邱县"
MIN_YEAR, MAX_YEAR = 1949, 2100
MAX_ID = 2**31 - 1  # larger ids cannot exist (and overflow SQLite integers)

# Columns a list row needs (never the body).
ROW_COLUMNS = (
    "title",
    "doc_number",
    "issuer_name",
    "topic",
    "published_on",
    "effective_on",
    "valid_until",
    "status",
    "pending_amendment",
    "stage",
    "unit",
    "unit__name",
    "unit__short_name",
    "unit__code",
    "unit__sort_order",
)

# Brackets citizens type in a 文号 instead of the canonical 〔〕.
_BRACKETS = str.maketrans({"[": "〔", "［": "〔", "【": "〔", "]": "〕", "］": "〕", "】": "〕"})


# ------------------------------------------------------------------------------ filters


@dataclass(frozen=True)
class LibraryFilters:
    """The list page's filters after validation; junk values are dropped (never an error)."""

    q: str = ""
    unit_id: int | None = None
    year: int | None = None
    status: str = ""
    topic: str = ""

    @property
    def active(self) -> bool:
        return bool(self.q or self.unit_id or self.year or self.status or self.topic)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def parse_filters(params: Mapping[str, str]) -> LibraryFilters:
    """Read `q`, `unit`, `year`, `status`, `topic` from a query dict, ignoring invalid values."""
    q = " ".join((params.get("q") or "").split())[:MAX_QUERY_LENGTH]
    unit_id = _int_or_none(params.get("unit"))
    if unit_id is not None and not 0 < unit_id <= MAX_ID:
        unit_id = None
    year = _int_or_none(params.get("year"))
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        year = None
    status = (params.get("status") or "").strip()
    if status not in STATUS_LABELS:
        status = ""
    topic = (params.get("topic") or "").strip()
    if topic not in TOPICS:
        topic = ""
    return LibraryFilters(q=q, unit_id=unit_id, year=year, status=status, topic=topic)


def filter_documents(filters: LibraryFilters) -> QuerySet[NormativeDocument]:
    documents = selectors.public_documents()
    if filters.q:
        variant = filters.q.translate(_BRACKETS)
        documents = documents.filter(
            Q(title__icontains=filters.q)
            | Q(doc_number__icontains=filters.q)
            | Q(doc_number__icontains=variant)
        )
    if filters.unit_id:
        documents = documents.filter(unit_id=filters.unit_id)
    if filters.year:
        # A range, not __year, so the (stage, status, -published_on) index can serve it.
        documents = documents.filter(
            published_on__gte=dt.date(filters.year, 1, 1),
            published_on__lt=dt.date(filters.year + 1, 1, 1),
        )
    if filters.status:
        documents = documents.filter(status=filters.status)
    if filters.topic:
        documents = documents.filter(topic=filters.topic)
    return documents


def issuer_units() -> list[Unit]:
    """Units with at least one published document, for the 制定机关 filter (1 query)."""
    return list(
        Unit.unscoped.filter(pk__in=selectors.public_documents().order_by().values("unit_id")).only(
            "name", "short_name", "code", "sort_order"
        )
    )


def publication_years() -> list[int]:
    """Years with a published document, newest first (1 query)."""
    return [
        day.year
        for day in selectors.public_documents()
        .order_by()
        .filter(published_on__isnull=False)
        .dates("published_on", "year", order="DESC")
    ]


@dataclass
class Listing:
    filters: LibraryFilters
    page: Page
    page_range: list
    units: list[Unit]
    years: list[int]
    topics: tuple[str, ...] = TOPICS
    statuses: list[tuple[str, str]] = field(
        default_factory=lambda: [(str(k), v) for k, v in STATUS_LABELS.items()]
    )


def library_listing(params: Mapping[str, str]) -> Listing:
    """One page of the library for the given query parameters (4 queries)."""
    filters = parse_filters(params)
    documents = filter_documents(filters).only(*ROW_COLUMNS)
    paginator = Paginator(documents, PAGE_SIZE)
    page = paginator.get_page(params.get("page"))  # junk → 1, past the end → last page
    page.object_list = list(page.object_list)
    return Listing(
        filters=filters,
        page=page,
        page_range=(
            list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
            if paginator.num_pages > 1
            else []
        ),
        units=issuer_units(),
        years=publication_years(),
    )


# ------------------------------------------------------------------------------- detail


def public_document(pk: int) -> NormativeDocument:
    """A published document, or Http404 (drafts and documents under review do not exist here)."""
    if not 0 < pk <= MAX_ID:
        raise Http404("没有找到该规范性文件")
    document = (
        selectors.public_documents()
        .select_related("item", "repealed_by", "amends")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404("没有找到该规范性文件")
    return document


@dataclass(frozen=True)
class Banner:
    """The notice above a document that is no longer (or not only) in force."""

    status: str
    text: str
    on: dt.date | None


def _public_history(document: NormativeDocument) -> list[StatusChange]:
    """Publication, filing and every change of validity; the drafting steps and the legal
    office's opinions are internal (过程性信息) and are not shown."""
    return list(
        StatusChange.unscoped.filter(document_id=document.pk)
        .filter(Q(field="status") | Q(field="stage", after__in=list(lifecycle.PUBLIC_STAGES)))
        .only("document_id", "field", "before", "after", "on", "at", "by", "reason")
        .order_by("at", "pk")
    )


def _ended_on(document: NormativeDocument, history: list[StatusChange]) -> dt.date | None:
    """The day the document's current status took effect."""
    change = next(
        (c for c in reversed(history) if c.field == "status" and c.after == document.status),
        None,
    )
    lapsed = change is None or change.by_id is None  # by nobody: the expiry job
    if document.status == Status.EXPIRED and document.valid_until is not None and lapsed:
        # Lapsed at the end of its period (the job may have run later): the day after 有效期.
        return lifecycle.expires_on(document.valid_until)
    return change.on if change is not None else None


def status_banner(
    document: NormativeDocument, history: list[StatusChange], *, today: dt.date
) -> Banner | None:
    if document.status == Status.VALID:
        if document.valid_until is not None and document.valid_until < today:
            lapsed = lifecycle.expires_on(document.valid_until)
            return Banner(
                status="expired",
                text=f"本文件有效期至{_cn_date(document.valid_until)}，已于{_cn_date(lapsed)}届满",
                on=lapsed,
            )
        return None
    on = _ended_on(document, history)
    verb = {
        Status.EXPIRED: "失效",
        Status.REPEALED: "废止",
        Status.AMENDED: "修改",
    }[Status(document.status)]
    if document.status == Status.AMENDED:
        text = f"本文件已于{_cn_date(on)}被修改" if on else "本文件已被修改"
        text += "，请同时查阅修改后的文件"
    else:
        text = f"本文件已于{_cn_date(on)}{verb}" if on else f"本文件已{verb}"
    return Banner(status=document.status, text=text, on=on)


def _cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日" if day else ""


def body_text(body: str) -> str:
    """The plain-text body with one paragraph per line, for the |linebreaks filter (which
    escapes it): an article (第一条 …) is one line in the registry and one paragraph on the page."""
    return "\n\n".join(line.strip() for line in body.splitlines() if line.strip())


def document_detail(document: NormativeDocument, *, today: dt.date) -> dict:
    """Everything the detail page shows besides the document's own fields."""
    chain = [d for d in selectors.amendment_chain(document) if d.is_public]
    history = _public_history(document)
    item = document.item if document.item_id and document.item.is_public else None
    repealed_by = (
        document.repealed_by if document.repealed_by_id and document.repealed_by.is_public else None
    )
    repeals = list(
        selectors.public_documents()
        .filter(repealed_by_id=document.pk)
        .select_related(None)
        .only("title", "doc_number", "published_on", "status")
    )
    interpretations = list(
        document.interpretations.filter(is_public=True)
        .only("title", "url_path", "published_on")
        .order_by("-published_on", "pk")
    )
    return {
        "body_text": body_text(document.body),
        "amendment_chain": chain if len(chain) > 1 else [],
        "history": history,
        "banner": status_banner(document, history, today=today),
        "catalogue_item": item,
        "index_number": item.index_number if item is not None else "",
        "repealed_by": repealed_by,
        "repeals": repeals,
        "interpretations": interpretations,
    }


# ----------------------------------------------------------------- 现行有效目录


def unit_by_code(code: str) -> Unit:
    unit = Unit.unscoped.filter(code=code).first()
    if unit is None:
        raise Http404("没有找到该单位")
    return unit


def directory_title(unit: Unit | None, today: dt.date) -> str:
    """霍邱县XX现行有效规范性文件目录（截至YYYY年MM月DD日）."""
    name = COUNTY_NAME if unit is None else unit.name
    if not name.startswith(COUNTY_NAME):
        name = COUNTY_NAME + name
    return f"{name}现行有效规范性文件目录（截至{_cn_date(today)}）"


def in_force(today: dt.date, unit: Unit | None = None) -> list[NormativeDocument]:
    """现行有效 on `today`: 有效 or 已修改, and the 有效期 not yet over even if the nightly
    expiry job has not run yet. Ordered by unit, then newest first (1 query)."""
    documents = selectors.valid_documents().filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    if unit is not None:
        documents = documents.filter(unit=unit)
    return list(
        documents.only(*ROW_COLUMNS).order_by(
            "unit__sort_order", "unit__name", "-published_on", "-pk"
        )
    )


@dataclass
class UnitGroup:
    unit: Unit
    rows: list


def _unit(row) -> Unit:
    return row.unit


def group_by_unit(rows: list, unit_of=_unit) -> list[UnitGroup]:
    """Rows already ordered by unit → one group per unit, in that order."""
    return [
        UnitGroup(unit=unit, rows=list(members)) for unit, members in groupby(rows, key=unit_of)
    ]


def applied_campaigns() -> list[CleanupCampaign]:
    return list(
        CleanupCampaign.objects.filter(state=CampaignState.APPLIED)
        .annotate(
            kept=Count("entries", filter=Q(entries__decision__in=list(KEPT_LIST))),
            ended=Count("entries", filter=Q(entries__decision__in=list(ENDED_LIST))),
        )
        .order_by("-applied_on", "-pk")
    )


def applied_campaign(pk: int) -> CleanupCampaign:
    campaign = None
    if 0 < pk <= MAX_ID:
        campaign = CleanupCampaign.objects.filter(pk=pk, state=CampaignState.APPLIED).first()
    if campaign is None:
        raise Http404("没有找到该清理结果")
    return campaign


@dataclass(frozen=True)
class CampaignRow:
    document: NormativeDocument
    decision: str
    reason: str

    @property
    def decision_label(self) -> str:
        if self.decision == Decision.AMEND:
            return "拟修改"
        return DECISION_LABELS.get(self.decision, self.decision)

    @property
    def to_amend(self) -> bool:
        return self.decision == Decision.AMEND


@dataclass
class CampaignResults:
    campaign: CleanupCampaign
    kept: list[UnitGroup]
    ended: list[UnitGroup]

    @property
    def kept_count(self) -> int:
        return sum(len(g.rows) for g in self.kept)

    @property
    def ended_count(self) -> int:
        return sum(len(g.rows) for g in self.ended)


def campaign_results(campaign: CleanupCampaign) -> CampaignResults:
    """The two published lists of an applied campaign, grouped by unit (1 query)."""
    entries = (
        CampaignDocument.unscoped.filter(
            campaign=campaign, document__stage__in=list(lifecycle.PUBLIC_STAGES)
        )
        .select_related("document__unit")
        .only("decision", "reason", "document", *(f"document__{c}" for c in ROW_COLUMNS))
        .order_by(
            "document__unit__sort_order",
            "document__unit__name",
            "-document__published_on",
            "document_id",
        )
    )
    kept, ended = [], []
    for entry in entries:
        row = CampaignRow(document=entry.document, decision=entry.decision, reason=entry.reason)
        if entry.decision in KEPT_LIST:
            kept.append(row)
        elif entry.decision in ENDED_LIST:
            ended.append(row)
    return CampaignResults(
        campaign=campaign,
        kept=group_by_unit(kept, unit_of=_document_unit),
        ended=group_by_unit(ended, unit_of=_document_unit),
    )


def _document_unit(row: CampaignRow) -> Unit:
    return row.document.unit


# -------------------------------------------------------------------------- navigation


def disclosure_root():
    """The 政府信息公开 page for the site navigation (1 query; at most one exists)."""
    from gongkai.catalog.models import DisclosureRootPage

    return next(
        (r for r in DisclosureRootPage.objects.only("title", "url_path", "path", "live") if r.live),
        None,
    )
