"""The search index: one SearchEntry per indexed object (issue 8, decision 0004).

A row carries what the filters, facets, ranking and result list need (so a search never joins
the source tables) and the index terms of its title and body. The full-text structure lives
next to it and is maintained only by gongkai/search/indexing.py — write rows through that
module, never directly, or the SQLite index goes out of step:

- SQLite: the FTS5 table ``search_fts`` (external content: the terms are stored once, in this
  table; the FTS5 table holds only the inverted index, rowid = SearchEntry.id). The indexing
  functions add and remove its rows explicitly (no triggers, so that a full rebuild can clear
  and refill the index in two set-based statements).
- PostgreSQL: the generated column ``search_vector`` (tsvector, GIN-indexed), computed by the
  database from title_terms and body_terms; nothing to keep in sync.

Both are created by migration 0002 with raw SQL on their own vendor only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.search.api import KIND_LABELS
from gongkai.units.models import Unit
from gongkai.units.scoping import ScopedManager, ScopedModel

# PostgreSQL caps tsvector positions at 16,383; title terms (≤ 400) + the field gap + body
# terms must stay under it, so bodies are indexed (and kept for snippets) up to this length.
BODY_LIMIT = 15_900
TITLE_LIMIT = 400


class UnitScopedManager(ScopedManager):
    scope_field = "unit_id"


class SearchEntry(ScopedModel):
    kind = models.CharField(
        _("类型"), max_length=20, choices=[(str(k), v) for k, v in KIND_LABELS.items()]
    )
    object_id = models.BigIntegerField()
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel_id = models.BigIntegerField(null=True, blank=True)
    topic = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    validity = models.CharField(max_length=10, blank=True)  # '' when not applicable
    in_force = models.BooleanField(default=True)
    is_public = models.BooleanField(default=False)
    title = models.CharField(max_length=TITLE_LIMIT)
    body = models.TextField(blank=True)  # plain text, at most BODY_LIMIT characters
    url = models.CharField(max_length=500, blank=True)  # public URL ('' when not public)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    objects = UnitScopedManager()
    unscoped = models.Manager()

    class Meta:
        base_manager_name = "unscoped"
        verbose_name = _("检索条目")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_object")
        ]
        indexes = [
            # Covering index of everything a search reads per matching row except the text:
            # the rows themselves are wide (body and terms), and SQLite reads the filter and
            # facet columns of a large match set much faster from this narrow index.
            models.Index(
                fields=[
                    "id",
                    "is_public",
                    "kind",
                    "unit",
                    "channel_id",
                    "topic",
                    "year",
                    "validity",
                    "in_force",
                    "published_on",
                ],
                name="search_entry_facts",
            ),
            models.Index(fields=["is_public", "-published_on"], name="search_entry_latest"),
            models.Index(fields=["unit", "kind"], name="search_entry_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
