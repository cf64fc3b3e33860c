"""The demo build ends with a full index rebuild: the demo writes items in bulk (no signals)."""

from __future__ import annotations

from gongkai.core.demo import demo_generator
from gongkai.search.indexing import rebuild


@demo_generator("search", "全文检索索引", order=90)
def build_search_index(*, scale, today, stdout) -> list[str]:
    written = rebuild()
    return [f"全文检索索引：已索引 {written} 条"]
