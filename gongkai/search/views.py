"""The search pages: the portal's 全站搜索 and the admin's 全文检索 (issue 8).

Thin views: the query string is validated by :class:`~gongkai.search.forms.SearchForm` (junk is
dropped, never an error), the search runs in gongkai/search/service.py, and this module only
turns :class:`~gongkai.search.api.Results` into links (facets that toggle, sort, paging) for the
templates. The service is imported inside the views so this module loads without the index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from wagtail.admin.auth import require_admin_access

from gongkai.catalog.domain.taxonomy import VALIDITY_LABELS
from gongkai.search.api import KIND_LABELS, FacetValue, Hit, Kind, Order, Results
from gongkai.search.domain import parse_query
from gongkai.search.forms import MAX_PAGE, SearchForm, SearchParams

PER_PAGE = 20
PAGE_WINDOW = 2  # page numbers shown either side of the current one
FACET_VISIBLE = 8  # values shown per facet; the rest behind "更多" (a <details>, no JavaScript)

# Facet key of Results.facets → (query-string name, heading), in display order.
FACETS: dict[str, tuple[str, str]] = {
    "kind": ("kind", "按类别"),
    "unit": ("unit", "按单位"),
    "topic": ("topic", "按主题"),
    "year": ("year", "按年份"),
    "validity": ("validity", "按有效性"),
}
VALIDITY_KINDS = {Kind.POLICY, Kind.NORMDOC}
ORDER_LABELS = {Order.RELEVANCE: "相关度", Order.DATE: "发布日期"}


@dataclass
class FacetLink:
    label: str
    count: int
    url: str
    selected: bool


@dataclass
class FacetGroup:
    key: str
    heading: str
    links: list[FacetLink] = field(default_factory=list)

    @property
    def visible(self) -> list[FacetLink]:
        return self._split()[0]

    @property
    def more(self) -> list[FacetLink]:
        return self._split()[1]

    def _split(self) -> tuple[list[FacetLink], list[FacetLink]]:
        """The first FACET_VISIBLE values (plus the selected one), and the rest."""
        if len(self.links) <= FACET_VISIBLE + 1:  # "更多（1）" would save nothing
            return self.links, []
        shown = self.links[:FACET_VISIBLE]
        rest = self.links[FACET_VISIBLE:]
        shown += [link for link in rest if link.selected]
        return shown, [link for link in rest if not link.selected]


@dataclass
class HitRow:
    hit: Hit
    kind_label: str
    validity_label: str


@dataclass
class PageLink:
    number: int | None  # None: an ellipsis
    url: str = ""
    current: bool = False


class Links:
    """URLs of the current search with one thing changed (the page always resets to 1)."""

    def __init__(self, path: str, params: SearchParams):
        self.path = path
        self.base = params.as_query()
        self.base.pop("page", None)

    def url(self, **changes: str | int | None) -> str:
        query = dict(self.base)
        for name, value in changes.items():
            if value in (None, ""):
                query.pop(name, None)
            else:
                query[name] = str(value)
        return f"{self.path}?{urlencode(query)}" if query else self.path

    def toggle(self, name: str, value: str) -> tuple[str, bool]:
        selected = self.base.get(name) == value
        return self.url(**{name: None if selected else value}), selected


def _facet_label(key: str, value: FacetValue) -> str:
    if value.label:
        return value.label
    if key == "kind":
        return KIND_LABELS.get(value.value, value.value)
    if key == "validity":
        return VALIDITY_LABELS.get(value.value) or value.value
    if key == "year":
        return f"{value.value}年"
    return value.value


def facet_groups(results: Results, links: Links) -> list[FacetGroup]:
    groups = []
    for key, (name, heading) in FACETS.items():
        values = [v for v in results.facets.get(key, []) if str(v.value) != ""]
        current = links.base.get(name)
        if current is not None and all(str(v.value) != current for v in values):
            # The active filter stays visible (and removable) even if the service left it out.
            values = [FacetValue(current, "", results.total), *values]
        group = FacetGroup(key, heading)
        for value in values:
            url, selected = links.toggle(name, str(value.value))
            group.links.append(FacetLink(_facet_label(key, value), value.count, url, selected))
        if group.links:
            groups.append(group)
    return groups


def page_links(results: Results, links: Links) -> list[PageLink]:
    """First, last and a window around the current page, with ellipses between."""
    last = min(results.pages, MAX_PAGE)
    if last <= 1:
        return []
    current = min(max(results.page, 1), last)
    wanted = {1, last, *range(current - PAGE_WINDOW, current + PAGE_WINDOW + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= last)
    rows: list[PageLink] = []
    previous = 0
    for number in numbers:
        if number > previous + 1:
            rows.append(PageLink(None))
        rows.append(
            PageLink(number, links.url(page=number if number > 1 else None), number == current)
        )
        previous = number
    return rows


def hit_rows(results: Results) -> list[HitRow]:
    return [
        HitRow(
            hit=hit,
            kind_label=KIND_LABELS.get(hit.kind, ""),
            validity_label=(
                VALIDITY_LABELS.get(hit.validity, "") if hit.kind in VALIDITY_KINDS else ""
            ),
        )
        for hit in results.hits
    ]


def search_context(request, params: SearchParams, run) -> dict:
    """Everything both search pages show; ``run(params)`` performs the search.

    An empty query (or one with nothing searchable, like "！！") does not search at all; the
    page then explains how to search.
    """
    links = Links(request.path, params)
    context = {
        "params": params,
        "q": params.q,
        "results": None,
        "order_links": [
            {
                "label": label,
                "url": links.url(order=None if order == Order.RELEVANCE else order),
                "active": params.order == order,
            }
            for order, label in ORDER_LABELS.items()
        ],
        "clear_url": links.url(**{name: None for name, _ in FACETS.values()}, channel=None),
    }
    if parse_query(params.q).is_empty:
        return context
    results: Results = run(params)
    current = min(max(results.page, 1), max(results.pages, 1))
    context.update(
        results=results,
        rows=hit_rows(results),
        facet_groups=facet_groups(results, links),
        page_links=page_links(results, links),
        prev_url=links.url(page=current - 1 if current > 2 else None) if current > 1 else "",
        next_url=links.url(page=current + 1) if current < min(results.pages, MAX_PAGE) else "",
        current_page=current,
        first_number=(current - 1) * PER_PAGE + 1,
        first_url=links.url(page=None),
    )
    return context


def _disclosure_root():
    """The 政府信息公开 page for the portal navigation (at most one exists)."""
    from gongkai.catalog.models import DisclosureRootPage

    return next(
        (r for r in DisclosureRootPage.objects.only("title", "url_path", "path", "live") if r.live),
        None,
    )


@require_safe
def public_results(request):
    """全站搜索 on the portal: anyone, published content only."""
    from gongkai.search import service

    params = SearchForm(request.GET).params()

    def run(p: SearchParams) -> Results:
        return service.search_public(
            p.q, filters=p.filters, order=p.order, page=p.page, per_page=PER_PAGE
        )

    context = search_context(request, params, run)
    context["disclosure_root"] = _disclosure_root()
    return render(request, "search/public_results.html", context)


@require_admin_access
@require_safe
def staff_results(request):
    """全文检索 in the admin: everything in the reader's scope, drafts included."""
    from gongkai.search import service

    params = SearchForm(request.GET).params()

    def run(p: SearchParams) -> Results:
        return service.search_staff(
            p.q,
            user=request.user,
            filters=p.filters,
            order=p.order,
            page=p.page,
            per_page=PER_PAGE,
        )

    context = search_context(request, params, run)
    context.update(
        page_title="全文检索",
        header_title="全文检索",
        header_icon="search",
        other_searches=_other_search_areas(request, params.q),
    )
    return render(request, "search/staff_results.html", context)


def _other_search_areas(request, q: str) -> list[dict]:
    """Wagtail's other admin searches (images, documents, users…) for the same words."""
    from wagtail.admin.search import admin_search_areas

    skip = {"pages", STAFF_SEARCH_AREA}
    return [
        {"label": area.label, "url": f"{area.url}?{urlencode({'q': q})}" if q else area.url}
        for area in admin_search_areas.search_items_for_request(request)
        if area.name not in skip
    ]


STAFF_SEARCH_AREA = "gongkai-search"


@require_admin_access
def wagtail_page_search(request):
    """/admin/pages/search/ → our staff search: Wagtail's own page search finds no Chinese words.

    Only the full page moves; Wagtail's result fragments (/admin/pages/search/results/) and the
    page chooser's search (/admin/choose-page/search/) keep their own URLs.
    """
    q = request.GET.get("q", "")
    target = reverse("search_staff")
    return redirect(f"{target}?{urlencode({'q': q})}" if q.strip() else target)
