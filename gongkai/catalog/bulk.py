"""Fast creation of many items at once (site migration, the demo county, benchmarks).

Creating a page through Wagtail costs a dozen queries (tree locking, revisions, search and
reference index updates). Migrating 29,000 items that way takes many minutes, so this module
writes the tree rows directly: it computes treebeard paths itself, inserts the page rows with
one bulk insert and the item rows with one executemany per batch, and bumps the channels'
child counts once. Items created here have no revision (Wagtail creates one on the first edit)
and are published under an explicit, audited migration exemption, or left as drafts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from wagtail.models import Locale, Page

from gongkai.catalog.domain.index_numbers import DEFAULT_PATTERN, IndexPattern
from gongkai.catalog.domain.taxonomy import ItemKind, Validity
from gongkai.catalog.models import ChannelPage, IndexSequence, ItemPage, UnitCatalogPage
from gongkai.units.models import Unit


@dataclass
class NewItem:
    channel_id: int
    title: str
    published_on: dt.date
    live: bool = True
    kind: str = ItemKind.GENERAL
    index_number: str = ""
    publisher: str = ""
    doc_number: str = ""
    written_on: dt.date | None = None
    topic: str = ""
    genre: str = ""
    validity: str = Validity.NOT_APPLICABLE
    keywords: str = ""
    summary: str = ""
    body: str = ""
    needs_interpretation: bool = False
    interpretation_form: str = ""
    import_key: str = ""
    extra: dict = field(default_factory=dict)


_ITEM_COLUMNS = (
    "page_ptr_id",
    "unit_id",
    "channel_id",
    "is_public",
    "kind",
    "index_number",
    "publisher",
    "doc_number",
    "written_on",
    "published_on",
    "topic",
    "genre",
    "validity",
    "keywords",
    "summary",
    "body",
    "needs_interpretation",
    "interpretation_form",
    "import_key",
    "withdrawn_reason",
)


def _allocate_numbers(items: Sequence[NewItem], units: dict[int, Unit]) -> None:
    """Give published items without a 索引号 the next numbers of their unit's counter."""
    patterns = {
        c.unit_id: IndexPattern.parse(c.index_pattern)
        for c in UnitCatalogPage.objects.filter(unit_id__in=units)
    }
    wanted: dict[tuple[int, str], list[NewItem]] = defaultdict(list)
    channel_unit = dict(
        ChannelPage.objects.filter(pk__in={i.channel_id for i in items}).values_list(
            "pk", "unit_id"
        )
    )
    for item in items:
        if item.live and not item.index_number:
            unit_id = channel_unit[item.channel_id]
            pattern = patterns.setdefault(unit_id, IndexPattern.parse(DEFAULT_PATTERN))
            wanted[(unit_id, pattern.sequence_scope(item.published_on))].append(item)
    for (unit_id, scope), group in wanted.items():
        unit = units[unit_id]
        pattern = patterns[unit_id]
        counter, _ = IndexSequence.objects.select_for_update().get_or_create(unit=unit, scope=scope)
        group.sort(key=lambda i: i.published_on)
        candidates = []
        value = counter.last_value
        taken: set[str] = set()
        while len(candidates) < len(group):
            batch = []
            for _ in range(len(group) - len(candidates)):
                value += 1
                batch.append(
                    (
                        value,
                        pattern.render(
                            code=unit.code,
                            uscc=unit.credit_code or None,
                            org=unit.org_code or None,
                            published_on=group[len(candidates)].published_on,
                            seq=value,
                        ),
                    )
                )
            taken = set(
                ItemPage.objects.filter(index_number__in=[n for _, n in batch]).values_list(
                    "index_number", flat=True
                )
            )
            candidates.extend(n for _, n in batch if n not in taken)
        for item, number in zip(group, candidates, strict=False):
            item.index_number = number
        counter.last_value = value
        counter.save(update_fields=["last_value"])


@transaction.atomic
def bulk_create_items(items: Iterable[NewItem], *, owner=None, batch_size: int = 2000) -> int:
    """Insert items under their channels; returns how many were created."""
    items = list(items)
    if not items:
        return 0
    channels = {
        c.pk: c
        for c in ChannelPage.objects.filter(pk__in={i.channel_id for i in items}).only(
            "pk", "path", "depth", "numchild", "url_path", "unit_id"
        )
    }
    units = {u.pk: u for u in Unit.unscoped.filter(pk__in={c.unit_id for c in channels.values()})}
    _allocate_numbers(items, units)
    content_type = ContentType.objects.get_for_model(ItemPage)
    locale_id = Locale.get_default().pk
    # Next child step per channel: after the current last child (steps may have gaps).
    next_step: dict[int, int] = {}
    for channel in channels.values():
        last = (
            Page.objects.filter(path__startswith=channel.path, depth=channel.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        next_step[channel.pk] = (int(last[-Page.steplen :], 36) if last else 0) + 1
    created = 0
    counts: dict[int, int] = defaultdict(int)
    quoted = ", ".join(connection.ops.quote_name(c) for c in _ITEM_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_ITEM_COLUMNS))
    table = connection.ops.quote_name(ItemPage._meta.db_table)
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"  # noqa: S608 (fixed names)
    for start in range(0, len(items), batch_size):
        chunk = items[start : start + batch_size]
        pages = []
        for item in chunk:
            channel = channels[item.channel_id]
            step = next_step[channel.pk]
            next_step[channel.pk] = step + 1
            counts[channel.pk] += 1
            slug = uuid.uuid4().hex[:12]
            published_at = dt.datetime.combine(item.published_on, dt.time(9, 0), tzinfo=dt.UTC)
            pages.append(
                Page(
                    title=item.title,
                    draft_title=item.title,
                    slug=slug,
                    path=Page._get_path(channel.path, channel.depth + 1, step),
                    depth=channel.depth + 1,
                    numchild=0,
                    url_path=f"{channel.url_path}{slug}/",
                    live=item.live,
                    has_unpublished_changes=not item.live,
                    first_published_at=published_at if item.live else None,
                    last_published_at=published_at if item.live else None,
                    content_type=content_type,
                    owner=owner,
                    locale_id=locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
        pages = Page.objects.bulk_create(pages)
        rows = []
        for page, item in zip(pages, chunk, strict=True):
            channel = channels[item.channel_id]
            rows.append(
                (
                    page.pk,
                    channel.unit_id,
                    channel.pk,
                    item.live,
                    item.kind,
                    item.index_number,
                    item.publisher,
                    item.doc_number,
                    item.written_on,
                    item.published_on,
                    item.topic,
                    item.genre,
                    item.validity,
                    item.keywords,
                    item.summary,
                    item.body,
                    item.needs_interpretation,
                    item.interpretation_form,
                    item.import_key,
                    "",
                )
            )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        created += len(rows)
    for channel_id, n in counts.items():
        Page.objects.filter(pk=channel_id).update(numchild=F("numchild") + n)
    return created
