"""Writing the search index: adapters from the source models, upserts, removal, full rebuild.

Every write of SearchEntry goes through this module, because on SQLite the FTS5 table must be
told about each row added or removed (backends.py). An object is indexed as one
:class:`Document` — what its adapter extracts — whatever its state: drafts and documents in
procedure are indexed with ``is_public=False`` so that staff search finds them.

Catalogue items that carry a normative document (written by the registry when the document is
published) are not indexed as items: the registry entry is the one result, with the library's
URL, the registry's validity and the item's channel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.search.api import Kind
from gongkai.search.backends import get_backend
from gongkai.search.domain import index_text, plain_text
from gongkai.search.models import BODY_LIMIT, TITLE_LIMIT, SearchEntry

ITEM_KINDS = (Kind.ITEM, Kind.POLICY, Kind.INTERPRETATION)
_ITEM_KIND = {"general": Kind.ITEM, "policy": Kind.POLICY, "interpretation": Kind.INTERPRETATION}
IN_FORCE = {"valid", "amended", ""}


@dataclass(frozen=True)
class Document:
    """What the index stores about one object (title and body as plain text)."""

    kind: str
    object_id: int
    title: str
    body: str = ""
    unit_id: int | None = None
    channel_id: int | None = None
    topic: str = ""
    published_on: dt.date | None = None
    validity: str = ""
    is_public: bool = False
    url: str = ""

    def entry(self, now: dt.datetime) -> SearchEntry:
        title = self.title[:TITLE_LIMIT]
        body = self.body[:BODY_LIMIT]
        validity = "" if self.validity in ("", "n/a") else self.validity
        return SearchEntry(
            kind=self.kind,
            object_id=self.object_id,
            unit_id=self.unit_id,
            channel_id=self.channel_id,
            topic=self.topic,
            year=self.published_on.year if self.published_on else None,
            published_on=self.published_on,
            validity=validity,
            in_force=validity in IN_FORCE,
            is_public=self.is_public,
            title=title,
            body=body,
            url=self.url if self.is_public else "",
            title_terms=index_text(title),
            body_terms=index_text(body),
            updated_at=now,
        )


# --- adapters ---------------------------------------------------------------------------


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def item_document(item) -> Document:
    """A catalogue ItemPage: title; summary, body text, 文号 and keywords as the body."""
    return Document(
        kind=_ITEM_KIND.get(item.kind, Kind.ITEM),
        object_id=item.pk,
        title=item.title,
        body=_join(item.summary, plain_text(item.body or ""), item.doc_number, item.keywords),
        unit_id=item.unit_id,
        channel_id=item.channel_id,
        topic=item.topic,
        published_on=item.published_on,
        validity=item.validity,
        is_public=bool(item.is_public),
        url=(item.url or "") if item.is_public else "",
    )


def normdoc_document(doc, *, channel_id: int | None = None) -> Document:
    """A NormativeDocument of the registry: validity is its status (有效/失效/废止/已修改)."""
    return Document(
        kind=Kind.NORMDOC,
        object_id=doc.pk,
        title=doc.title,
        body=_join(doc.doc_number, doc.registration_number, doc.body),
        unit_id=doc.unit_id,
        channel_id=channel_id,
        topic=doc.topic,
        published_on=doc.published_on,
        validity=doc.status,
        is_public=bool(doc.is_public),
        url=doc.get_public_url() if doc.is_public else "",
    )


def knowledge_document(entry) -> Document:
    """A 12345 knowledge-base entry: staff only (never on the portal); an entry past its
    有效期 at indexing time counts as expired (ranked after the ones in force)."""
    today = timezone.localdate()
    expired = entry.valid_until is not None and entry.valid_until < today
    return Document(
        kind=Kind.KNOWLEDGE,
        object_id=entry.pk,
        title=entry.question,
        body=_join(entry.answer, entry.keywords, entry.source),
        unit_id=entry.unit_id,
        published_on=timezone.localdate(entry.updated_at),
        validity="expired" if expired else "",
        is_public=False,
    )


def _normdoc_item_ids() -> set[int]:
    from gongkai.normdocs.models import NormativeDocument

    return set(
        NormativeDocument.unscoped.filter(item__isnull=False).values_list("item_id", flat=True)
    )


def _load(kind: str, object_id: int) -> Document | None:
    """The document of one object as it is now, or None when it should not be indexed."""
    if kind in ITEM_KINDS:
        from gongkai.catalog.models import ItemPage
        from gongkai.normdocs.models import NormativeDocument

        item = ItemPage.objects.filter(pk=object_id).first()
        if item is None or NormativeDocument.unscoped.filter(item_id=object_id).exists():
            return None
        return item_document(item)
    if kind == Kind.NORMDOC:
        from gongkai.normdocs.models import NormativeDocument

        doc = NormativeDocument.unscoped.filter(pk=object_id).select_related("item").first()
        if doc is None:
            return None
        return normdoc_document(doc, channel_id=doc.item.channel_id if doc.item else None)
    if kind == Kind.KNOWLEDGE:
        from gongkai.hotline.models import KnowledgeEntry

        entry = KnowledgeEntry.unscoped.filter(pk=object_id, is_active=True).first()
        return knowledge_document(entry) if entry is not None else None
    return None


# --- writes -----------------------------------------------------------------------------


def _delete_entries(entries: Iterable[tuple[int, str, str]]) -> int:
    rows = list(entries)
    if not rows:
        return 0
    get_backend().remove(rows)
    SearchEntry.unscoped.filter(pk__in=[r[0] for r in rows]).delete()
    return len(rows)


def write_documents(documents: Iterable[Document], *, now: dt.datetime | None = None) -> int:
    """Upsert: replace the entries of these objects (one bulk insert per call)."""
    now = now or timezone.now()
    documents = list(documents)
    if not documents:
        return 0
    with transaction.atomic():
        by_kind: dict[str, list[int]] = {}
        for doc in documents:
            by_kind.setdefault(doc.kind, []).append(doc.object_id)
        # An object may have changed kind (an item re-typed as 政策解读): match on the id
        # across the item kinds.
        for kind, ids in by_kind.items():
            kinds = list(ITEM_KINDS) if kind in ITEM_KINDS else [kind]
            _delete_entries(
                SearchEntry.unscoped.filter(kind__in=kinds, object_id__in=ids).values_list(
                    "id", "title_terms", "body_terms"
                )
            )
        _insert([doc.entry(now) for doc in documents])
    return len(documents)


def _insert(entries: list[SearchEntry]) -> None:
    created = SearchEntry.unscoped.bulk_create(entries)
    get_backend().add([(e.pk, e.title_terms, e.body_terms) for e in created])


def index_object(kind: str, obj) -> None:
    """Index (or re-index) one object already loaded: an ItemPage or a NormativeDocument."""
    if kind in ITEM_KINDS:
        from gongkai.normdocs.models import NormativeDocument

        if NormativeDocument.unscoped.filter(item_id=obj.pk).exists():
            remove_object(kind, obj.pk)
            return
        write_documents([item_document(obj)])
    elif kind == Kind.NORMDOC:
        channel_id = None
        if obj.item_id:
            from gongkai.catalog.models import ItemPage

            channel_id = (
                ItemPage.objects.filter(pk=obj.item_id).values_list("channel_id", flat=True).first()
            )
        write_documents([normdoc_document(obj, channel_id=channel_id)])
    elif kind == Kind.KNOWLEDGE:
        if obj.is_active:
            write_documents([knowledge_document(obj)])
        else:
            remove_object(kind, obj.pk)
    else:
        raise ValueError(f"unknown kind: {kind}")


def remove_object(kind: str, object_id: int) -> int:
    """Drop an object's entry (deleted objects); returns how many entries went."""
    kinds = list(ITEM_KINDS) if kind in ITEM_KINDS else [kind]
    with transaction.atomic():
        return _delete_entries(
            SearchEntry.unscoped.filter(kind__in=kinds, object_id=object_id).values_list(
                "id", "title_terms", "body_terms"
            )
        )


def index_by_id(kind: str, object_id: int) -> str:
    """Bring one object's entry up to date from the database (what the task runs)."""
    document = _load(kind, object_id)
    if document is None:
        removed = remove_object(kind, object_id)
        return f"removed {removed}"
    write_documents([document])
    return "indexed"


# --- full rebuild -----------------------------------------------------------------------


def _item_documents(batch: int) -> Iterator[Document]:
    from gongkai.catalog.models import ItemPage

    skip = _normdoc_item_ids()
    fields = (
        "pk", "title", "url_path", "unit_id", "channel_id", "is_public", "kind", "doc_number",
        "published_on", "topic", "validity", "keywords", "summary", "body",
    )  # fmt: skip
    last = 0
    while True:
        chunk = list(ItemPage.objects.filter(pk__gt=last).order_by("pk").only(*fields)[:batch])
        if not chunk:
            return
        for item in chunk:
            if item.pk not in skip:
                yield item_document(item)
        last = chunk[-1].pk


def _normdoc_documents(batch: int) -> Iterator[Document]:
    from gongkai.catalog.models import ItemPage
    from gongkai.normdocs.models import NormativeDocument

    last = 0
    while True:
        chunk = list(NormativeDocument.unscoped.filter(pk__gt=last).order_by("pk")[:batch])
        if not chunk:
            return
        channels = dict(
            ItemPage.objects.filter(pk__in=[d.item_id for d in chunk if d.item_id]).values_list(
                "pk", "channel_id"
            )
        )
        for doc in chunk:
            yield normdoc_document(doc, channel_id=channels.get(doc.item_id))
        last = chunk[-1].pk


def _knowledge_documents(batch: int) -> Iterator[Document]:
    from gongkai.hotline.models import KnowledgeEntry

    last = 0
    while True:
        chunk = list(
            KnowledgeEntry.unscoped.filter(pk__gt=last, is_active=True).order_by("pk")[:batch]
        )
        if not chunk:
            return
        yield from (knowledge_document(entry) for entry in chunk)
        last = chunk[-1].pk


def _source_count(kinds: set[str]) -> int:
    from gongkai.catalog.models import ItemPage
    from gongkai.normdocs.models import NormativeDocument

    total = 0
    if kinds & set(ITEM_KINDS):
        total += ItemPage.objects.count()
    if Kind.NORMDOC in kinds:
        total += NormativeDocument.unscoped.count()
    if Kind.KNOWLEDGE in kinds:
        from gongkai.hotline.models import KnowledgeEntry

        total += KnowledgeEntry.unscoped.filter(is_active=True).count()
    return total


def rebuild(
    *,
    kind: str | None = None,
    batch: int = 2000,
    progress: Callable[[int, int], None] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Rebuild the index (or one kind's part of it) from the source tables in one transaction.

    Readers keep seeing the old index until the commit. ``--kind item`` (or policy,
    interpretation) rebuilds all catalogue items, whose kind can change between them.
    """
    now = now or timezone.now()
    if kind is None:
        kinds = {str(k) for k in Kind}
    elif kind in ITEM_KINDS:
        kinds = {str(k) for k in ITEM_KINDS}
    else:
        kinds = {kind}
    backend = get_backend()
    total = _source_count(kinds)
    done = 0
    with transaction.atomic():
        if kind is None:
            backend.clear()
            SearchEntry.unscoped.all().delete()
        else:
            backend.remove_kinds(sorted(kinds))
            SearchEntry.unscoped.filter(kind__in=kinds).delete()
        sources: list[Iterator[Document]] = []
        if kinds & set(ITEM_KINDS):
            sources.append(_item_documents(batch))
        if Kind.NORMDOC in kinds:
            sources.append(_normdoc_documents(batch))
        if Kind.KNOWLEDGE in kinds:
            sources.append(_knowledge_documents(batch))
        written = 0
        pending: list[SearchEntry] = []
        for source in sources:
            for document in source:
                pending.append(document.entry(now))
                done += 1
                if len(pending) >= batch:
                    _insert(pending)
                    written += len(pending)
                    pending = []
                    if progress:
                        progress(done, total)
        if pending:
            _insert(pending)
            written += len(pending)
        if progress:
            progress(total, total)
        backend.optimize()
    return written
