"""The search service used by the portal and the admin (issue 8).

Views call :func:`search_public` or :func:`search_staff`; both return :class:`Results`. The
index, its two database backends (SQLite FTS5, PostgreSQL GIN) and the indexing after commit
live in the other modules of this app; the query language, ranking and highlighting are the
pure modules in gongkai/search/domain/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from gongkai.search.domain import Query


class Kind(StrEnum):
    ITEM = "item"  # a catalogue item (政府信息)
    POLICY = "policy"  # a catalogue item of kind 政策文件
    INTERPRETATION = "interpretation"  # 政策解读
    NORMDOC = "normdoc"  # 行政规范性文件 (registry)
    KNOWLEDGE = "knowledge"  # 12345 knowledge base (staff search only)


KIND_LABELS: dict[str, str] = {
    Kind.ITEM: "政府信息",
    Kind.POLICY: "政策文件",
    Kind.INTERPRETATION: "政策解读",
    Kind.NORMDOC: "规范性文件",
    Kind.KNOWLEDGE: "知识库",
}


class Order(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"


@dataclass(frozen=True)
class Filters:
    """Every field optional; invalid values are dropped by the caller (views validate)."""

    kind: str = ""
    unit_id: int | None = None
    channel_id: int | None = None
    topic: str = ""
    year: int | None = None
    validity: str = ""  # catalog.domain.taxonomy.Validity values


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str  # plain text
    title_html: str  # escaped, query matches in <mark>
    snippet_html: str  # escaped body window, matches in <mark>
    url: str  # public URL (portal) or admin URL (staff)
    unit_name: str
    published_on: dt.date | None
    validity: str  # '' when not applicable
    is_public: bool


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Results:
    query: Query
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]] = field(
        default_factory=dict
    )  # kind/unit/topic/year/validity
    notice: str = ""  # e.g. "单字检索仅匹配标题"
    # More matches than the service counts exactly (service.SAMPLE_LIMIT): ``total`` is then an
    # estimate ("约 N 条"), ``pages`` covers only the results that can be paged to, and the
    # facet counts are over the newest ``facets_sample`` matches (0: over all matches).
    total_is_estimate: bool = False
    facets_sample: int = 0
