"""The query string of the search pages, validated at the edge.

Search URLs are shared, bookmarked and crawled, so junk is normal input: a parameter that does
not validate (``?page=abc``, ``?year=x``, ``?unit=-1``, an unknown kind) is dropped and the
search runs without it; nothing here ever raises. The query itself is cleaned of control
characters and cut to the length the query parser reads anyway.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django import forms

from gongkai.catalog.domain.taxonomy import TOPICS, VALIDITY_LABELS
from gongkai.search.api import KIND_LABELS, Filters, Order
from gongkai.search.domain.query import MAX_QUERY_CHARS

MAX_PAGE = 1000  # deeper pages are never useful and only cost the database
MIN_YEAR, MAX_YEAR = 1949, 2100

# Query-string name → Filters field, in the order the facets are shown.
FILTER_PARAMS: dict[str, str] = {
    "kind": "kind",
    "unit": "unit_id",
    "topic": "topic",
    "year": "year",
    "validity": "validity",
    "channel": "channel_id",
}


def clean_query_text(value: object) -> str:
    """Control characters become spaces; the result is stripped and cut to MAX_QUERY_CHARS."""
    text = "" if value is None else str(value)
    text = text[: MAX_QUERY_CHARS * 4]  # bound the work below on hostile input
    text = "".join(" " if unicodedata.category(char) in {"Cc", "Cs"} else char for char in text)
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


class QueryField(forms.CharField):
    def to_python(self, value):
        # Before the validators, so a NUL byte is cleaned instead of rejecting the whole query.
        return clean_query_text(value)


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: Filters = field(default_factory=Filters)
    order: Order = Order.RELEVANCE
    page: int = 1

    def as_query(self) -> dict[str, str]:
        """The canonical query string of these parameters (empty values left out)."""
        params: dict[str, str] = {}
        if self.q:
            params["q"] = self.q
        for name, attr in FILTER_PARAMS.items():
            value = getattr(self.filters, attr)
            if value not in ("", None):
                params[name] = str(value)
        if self.order != Order.RELEVANCE:
            params["order"] = str(self.order)
        if self.page > 1:
            params["page"] = str(self.page)
        return params

    @property
    def has_filters(self) -> bool:
        return self.filters != Filters()


class SearchForm(forms.Form):
    q = QueryField(label="搜索词", required=False)
    kind = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部"), *KIND_LABELS.items()]
    )
    unit = forms.IntegerField(label="单位", required=False, min_value=1, max_value=2**31 - 1)
    channel = forms.IntegerField(label="栏目", required=False, min_value=1, max_value=2**31 - 1)
    topic = forms.ChoiceField(
        label="主题", required=False, choices=[("", "全部"), *((t, t) for t in TOPICS)]
    )
    year = forms.IntegerField(label="年份", required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    validity = forms.ChoiceField(
        label="有效性",
        required=False,
        choices=[("", "全部"), *((v, label) for v, label in VALIDITY_LABELS.items() if label)],
    )
    order = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[(Order.RELEVANCE, "相关度"), (Order.DATE, "发布日期")],
    )
    page = forms.IntegerField(label="页码", required=False, min_value=1, max_value=MAX_PAGE)

    def params(self) -> SearchParams:
        """The valid parameters; every invalid one is dropped (Django leaves it out of
        cleaned_data), never reported."""
        if not hasattr(self, "cleaned_data"):
            self.full_clean()
        data = self.cleaned_data
        filters = Filters(
            **{
                attr: data[name]
                for name, attr in FILTER_PARAMS.items()
                if data.get(name) not in ("", None)
            }
        )
        return SearchParams(
            q=data.get("q") or "",
            filters=filters,
            order=Order(data.get("order") or Order.RELEVANCE),
            page=data.get("page") or 1,
        )
