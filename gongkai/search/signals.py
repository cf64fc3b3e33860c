"""Keep the search index current: every save, delete, publish and unpublish of an indexed
object enqueues the indexing task after the commit (tasks.py).

Bulk writes (gongkai/catalog/bulk.py: site migration, demo, benchmarks, the normative-document
import) bypass signals; ``manage.py rebuild_search_index`` covers them, and the demo build ends
with a rebuild (demo.py).
"""

from __future__ import annotations

from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from gongkai.catalog.models import ItemPage
from gongkai.hotline.models import KnowledgeEntry
from gongkai.normdocs.models import NormativeDocument
from gongkai.search.api import Kind
from gongkai.search.tasks import schedule_index


@receiver(post_save, sender=ItemPage, dispatch_uid="search_item_saved")
@receiver(post_delete, sender=ItemPage, dispatch_uid="search_item_deleted")
def item_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        schedule_index(Kind.ITEM, instance.pk)


@receiver(page_published, dispatch_uid="search_page_published")
@receiver(page_unpublished, dispatch_uid="search_page_unpublished")
def page_changed(sender, instance, **kwargs):
    if isinstance(sender, type) and issubclass(sender, ItemPage):
        schedule_index(Kind.ITEM, instance.pk)


@receiver(post_save, sender=NormativeDocument, dispatch_uid="search_normdoc_saved")
@receiver(post_delete, sender=NormativeDocument, dispatch_uid="search_normdoc_deleted")
def normdoc_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        schedule_index(Kind.NORMDOC, instance.pk)
        if instance.item_id:  # the item of a published document is not indexed on its own
            schedule_index(Kind.ITEM, instance.item_id)


@receiver(post_save, sender=KnowledgeEntry, dispatch_uid="search_knowledge_saved")
@receiver(post_delete, sender=KnowledgeEntry, dispatch_uid="search_knowledge_deleted")
def knowledge_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        schedule_index(Kind.KNOWLEDGE, instance.pk)


@receiver(connection_created, dispatch_uid="search_sqlite_cache")
def sqlite_cache(sender, connection, **kwargs):
    """A larger SQLite page cache: a common word's search reads the whole covering index
    (about 25 MB at 300,000 entries); the default 2 MB cache rereads it from the OS each time."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")
