"""Read queries of the public portal: constant query counts, indexed, public items only.

Every function here runs a fixed number of queries whatever the number of items (a county has
about 300,000): listings go through the ItemPage indexes (docs/performance.md), counts are one
aggregate per page, and nothing lists an item that is not public (`is_public`) or a catalogue
page that is not live. Citizens are anonymous, so units are read through foreign keys and
`Unit.unscoped` (the scoped manager shows nothing outside a staff scope).

Two things keep SQLite on its indexes with 300,000 item pages (measured on the demo database
with 200,000 items in one channel):

- `is_public__in=[True]` instead of `is_public=True`. Django writes the latter as a bare
  `WHERE "is_public"`, which SQLite does not match against the composite indexes
  (channel, is_public, -published_on, -page_ptr): it then sorts the whole channel. Page 1 of the
  channel took 258 ms that way and 1.5 ms with `IN (1)`; the county-wide latest list 89 → 2 ms.
  PostgreSQL plans both forms alike.
- No filters on the page table for catalogue pages (`child_of`, `descendant_of`, `.live()`,
  `depth=`): SQLite then scans all 300,000 pages (40–160 ms). Channels and unit catalogues are
  read through their own small tables (by unit), and `live`, depth and path are checked in
  Python; ancestors (breadcrumbs) are a `path IN (...)` lookup on the unique path index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page
from wagtail.rich_text import expand_db_html
from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister, attribute_rule, check_url

from gongkai.catalog.domain.taxonomy import ChannelType, ItemKind
from gongkai.units.models import UnitKind

PAGE_SIZE = 20
LATEST_SIZE = 15

# Columns a list of items needs (title, link, dates, 文号); never the body.
LIST_COLUMNS = ("title", "url_path", "published_on", "index_number", "doc_number")

# Groups of the 政府信息公开 root page, in display order; villages sit under their township.
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("county", "县政府及办公室", (UnitKind.COUNTY_GOVERNMENT, UnitKind.COUNTY_OFFICE)),
    ("department", "县直部门", (UnitKind.DEPARTMENT,)),
    ("township", "乡镇", (UnitKind.TOWNSHIP,)),
    ("public_enterprise", "公共企事业单位", (UnitKind.PUBLIC_ENTERPRISE,)),
)


def public_items():
    from gongkai.catalog.models import ItemPage

    # `IN (true)`, not `= true`: see the module docstring (SQLite index matching).
    return ItemPage.objects.filter(is_public__in=[True])


def _newest_first(queryset):
    return queryset.order_by("-published_on", "-page_ptr_id")


# ------------------------------------------------------------------------------------ home


def home_context(home) -> dict:
    """The home page: the 政府信息公开 root and the latest items county-wide (2 queries)."""
    from gongkai.catalog.models import DisclosureRootPage

    latest = list(
        _newest_first(public_items())
        .select_related("unit")
        .only(*LIST_COLUMNS, "unit__short_name", "unit__name")[:LATEST_SIZE]
    )
    # At most one root (max_count = 1); checked against the home's path without a tree query.
    root = next(
        (
            r
            for r in DisclosureRootPage.objects.only("title", "url_path", "path", "live")
            if r.live and r.path.startswith(home.path)
        ),
        None,
    )
    groups = [{"key": key, "label": label} for key, label, _kinds in GROUPS]
    return {"latest_items": latest, "disclosure_root": root, "group_links": groups}


# ------------------------------------------------------------------------------------ root


@dataclass
class CatalogueEntry:
    catalog: object  # UnitCatalogPage with .unit loaded
    villages: list = field(default_factory=list)


def catalogue_groups(root) -> list:
    """Live unit catalogues grouped by unit kind; villages under their township (1 query)."""
    from gongkai.catalog.models import UnitCatalogPage

    catalogs = (
        UnitCatalogPage.objects.select_related("unit")
        .only(
            "title",
            "url_path",
            "path",
            "depth",
            "live",
            "unit__name",
            "unit__short_name",
            "unit__kind",
            "unit__parent_id",
            "unit__sort_order",
        )
        .order_by("unit__sort_order", "unit__name", "pk")
    )
    by_kind: dict[str, list[CatalogueEntry]] = {}
    by_unit: dict[int, CatalogueEntry] = {}
    villages = []
    for catalog in catalogs:
        if not (catalog.live and catalog.path.startswith(root.path)):
            continue
        if catalog.unit.kind == UnitKind.VILLAGE:
            villages.append(catalog)
            continue
        entry = CatalogueEntry(catalog)
        by_unit[catalog.unit_id] = entry
        by_kind.setdefault(catalog.unit.kind, []).append(entry)
    for village in villages:
        township = by_unit.get(village.unit.parent_id)
        if township is not None:
            township.villages.append(village)
        else:  # a village whose township has no catalogue yet: still reachable
            by_kind.setdefault(UnitKind.TOWNSHIP, []).append(CatalogueEntry(village))
    groups = []
    for key, label, kinds in GROUPS:
        entries = [e for kind in kinds for e in by_kind.get(kind, [])]
        if entries:
            groups.append({"key": key, "label": label, "entries": entries})
    return groups


# ------------------------------------------------------------------------------ channels


@dataclass
class ChannelNode:
    channel: object  # ChannelPage (title, url_path, path, depth, channel_type, …)
    count: int = 0  # public items in this channel and its sub-channels
    own_count: int = 0
    last_published: object = None  # date of the newest public item, sub-channels included
    children: list[ChannelNode] = field(default_factory=list)


def _channel_counts(channel_ids) -> dict[int, tuple[int, object]]:
    """{channel id: (public items, newest 发布日期)}, one aggregate over the listing index."""
    if not channel_ids:
        return {}
    rows = (
        public_items()
        .filter(channel_id__in=list(channel_ids))
        .order_by()
        .values("channel_id")
        .annotate(n=Count("page_ptr_id"), last=Max("published_on"))
    )
    return {row["channel_id"]: (row["n"], row["last"]) for row in rows}


def _unit_channels(unit_id: int) -> list:
    """The live channels of a unit, in tree order (1 query on the channel's unit index)."""
    from gongkai.catalog.models import ChannelPage

    channels = (
        ChannelPage.objects.filter(unit_id=unit_id)
        .only(
            "title",
            "url_path",
            "path",
            "depth",
            "live",
            "channel_type",
            "update_period_days",
            "description",
        )
        .order_by("path")
    )
    return [c for c in channels if c.live]


def _channel_tree(top, channels: list) -> list[ChannelNode]:
    """`channels` below `top` as a nested tree with counts rolled up (1 aggregate query).

    A channel under a non-live channel is hidden with its parent.
    """
    below = [c for c in channels if c.depth > top.depth and c.path.startswith(top.path)]
    counts = _channel_counts([c.pk for c in below])
    nodes: dict[str, ChannelNode] = {}
    roots: list[ChannelNode] = []
    for channel in below:
        own, last = counts.get(channel.pk, (0, None))
        node = ChannelNode(channel, count=own, own_count=own, last_published=last)
        parent = nodes.get(channel.path[: -Page.steplen])
        if parent is not None:
            parent.children.append(node)
        elif channel.depth == top.depth + 1:
            roots.append(node)
        else:
            continue
        nodes[channel.path] = node
    for path in sorted(nodes, key=len, reverse=True):  # deepest first: roll counts up
        node = nodes[path]
        parent = nodes.get(path[: -Page.steplen])
        if parent is not None:
            parent.count += node.count
            if node.last_published and (
                parent.last_published is None or node.last_published > parent.last_published
            ):
                parent.last_published = node.last_published
    return roots


def _find(nodes: list[ChannelNode], channel_type: str) -> ChannelNode | None:
    for node in nodes:
        if node.channel.channel_type == channel_type:
            return node
        found = _find(node.children, channel_type)
        if found is not None:
            return found
    return None


def unit_catalogue(catalog) -> dict:
    """A unit's catalogue page: channel tree with counts, 指南 link, villages (≤ 5 queries)."""
    from gongkai.catalog.models import UnitCatalogPage
    from gongkai.units.models import Unit

    unit = Unit.unscoped.filter(pk=catalog.unit_id).first()
    tree = _channel_tree(catalog, _unit_channels(catalog.unit_id))
    guide = None
    guide_node = _find(tree, ChannelType.GUIDE)
    if guide_node is not None and guide_node.own_count:
        guide = (
            _newest_first(public_items().filter(channel_id=guide_node.channel.pk))
            .only(*LIST_COLUMNS)
            .first()
        )
    villages = []
    if unit is not None and unit.kind == UnitKind.TOWNSHIP:
        villages = [
            c
            for c in UnitCatalogPage.objects.filter(
                unit__parent_id=unit.pk, unit__kind=UnitKind.VILLAGE
            )
            .select_related("unit")
            .only("title", "url_path", "live", "unit__short_name", "unit__name", "unit__sort_order")
            .order_by("unit__sort_order", "unit__name")
            if c.live
        ]
    township = None
    if unit is not None and unit.kind == UnitKind.VILLAGE and unit.parent_id:
        township = (
            UnitCatalogPage.objects.filter(unit_id=unit.parent_id)
            .only("title", "url_path", "live")
            .first()
        )
        if township is not None and not township.live:
            township = None
    crumbs = breadcrumbs(catalog)
    return {
        "breadcrumbs": crumbs,
        "disclosure_root": disclosure_root_of(crumbs),
        "unit": unit,
        "channel_tree": tree,
        "guide_item": guide,
        "guide_channel": guide_node.channel if guide_node else None,
        "villages": villages,
        "township_catalog": township,
    }


def breadcrumbs(page) -> list:
    """Ancestors below the tree root, outermost first (1 query); the page itself excluded."""
    return list(
        Page.objects.ancestor_of(page)
        .filter(depth__gt=1)
        .only("title", "url_path", "depth", "content_type_id")
        .order_by("depth")
    )


def disclosure_root_of(crumbs) -> Page | None:
    """The 政府信息公开 page among a page's ancestors (for the site navigation)."""
    from django.contrib.contenttypes.models import ContentType

    from gongkai.catalog.models import DisclosureRootPage

    content_type_id = ContentType.objects.get_for_model(DisclosureRootPage).pk
    return next((c for c in crumbs if c.content_type_id == content_type_id), None)


def channel_listing(channel, *, page_number) -> dict:
    """One page of a channel's public items, newest first, and its sub-channels (≤ 6 queries)."""
    from gongkai.catalog.models import ItemPage

    ordered = _newest_first(public_items().filter(channel=channel))
    # Count and page over the covering index (ids only), then read the 20 rows by id ("late row
    # lookup"): deep pages skip index entries instead of joined rows. On 200,000 items page
    # 10,000 takes 12 ms instead of 60 ms; page 1 is the same (1–1.5 ms).
    paginator = Paginator(ordered.values("pk"), PAGE_SIZE)
    page = paginator.get_page(page_number)  # not a number → 1, past the end → last page
    page.object_list = list(
        _newest_first(ItemPage.objects.filter(pk__in=page.object_list)).only(*LIST_COLUMNS)
    )
    sub_channels = []
    if channel.numchild:  # items and sub-channels are both children; skip the query if none
        sub_channels = _channel_tree(channel, _unit_channels(channel.unit_id))
    crumbs = breadcrumbs(channel)
    return {
        "items_page": page,
        "page_range": (
            list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
            if paginator.num_pages > 1
            else []
        ),
        "sub_channels": sub_channels,
        "breadcrumbs": crumbs,
        "disclosure_root": disclosure_root_of(crumbs),
        "unit": channel.unit,
    }


# ---------------------------------------------------------------------------------- items


def item_detail(item) -> dict:
    """The item page: unit, breadcrumbs, attachments and public links (6 queries)."""
    from gongkai.catalog.models import ItemAttachment, ItemPage, RelatedItemLink

    # The FK reads through Unit's unscoped base manager. An unsaved page previewed in the admin
    # may not be attached to its channel yet.
    unit = item.unit if item.unit_id else None
    attachments = list(
        ItemAttachment.objects.filter(item_id=item.pk)
        .only("title", "original_name", "kind", "mime", "extension", "size", "item_id")
        .order_by("sort_order", "pk")
    )
    link_columns = (*LIST_COLUMNS, "kind")
    # An interpretation shows the policies it explains; a policy shows its interpretations.
    # Both directions are read for every item so a link is never lost if the kind changes.
    policies = list(
        _newest_first(
            ItemPage.objects.filter(interpretation_links__interpretation_id=item.pk, is_public=True)
        )
        .only(*link_columns)
        .distinct()
    )
    interpretations = list(
        _newest_first(ItemPage.objects.filter(policy_links__policy_id=item.pk, is_public=True))
        .only(*link_columns)
        .distinct()
    )
    related = [
        link.related
        for link in RelatedItemLink.objects.filter(item_id=item.pk, related__is_public=True)
        .select_related("related")
        .only("item_id", "related_id", *(f"related__{c}" for c in LIST_COLUMNS))
        .order_by("sort_order", "pk")
        if link.related_id != item.pk
    ]
    crumbs = breadcrumbs(item)
    return {
        "unit": unit,
        "breadcrumbs": crumbs,
        "disclosure_root": disclosure_root_of(crumbs),
        "attachments": [AttachmentView(a) for a in attachments],
        "policies": policies,
        "interpretations": interpretations,
        "related_items": related,
        "is_policy": item.kind == ItemKind.POLICY,
        "is_interpretation": item.kind == ItemKind.INTERPRETATION,
        "print_allowed": True,  # portal/base.html renders ?print=1 as the print variant
        "body_html": public_body_html(item.body),
    }


# ------------------------------------------------------------------------------- 正文 HTML

_CELL = {"colspan": True, "rowspan": True}
_allow = attribute_rule({})


def _img(tag) -> None:
    attribute_rule({"src": check_url, "alt": True, "width": True, "height": True, "class": True})(
        tag
    )
    if not tag.get("alt"):
        tag["alt"] = ""  # decorative unless the editor wrote a description


def _heading_below_h1(tag) -> None:
    tag.name = "h2"  # the page title is the only h1
    tag.attrs = {}


class BodyWhitelister(Whitelister):
    """What the portal lets through from a 正文 after Wagtail expanded its links and images.

    The admin editor already limits what editors write, but items migrated from old sites
    (bulk_create_items, the importer) store the old CMS's HTML as it was: scripts, styles,
    frames and event handlers go, tables and images stay.
    """

    element_rules = {
        **DEFAULT_ELEMENT_RULES,
        "a": attribute_rule({"href": check_url, "title": True}),
        "img": _img,
        "h1": _heading_below_h1,
        **dict.fromkeys(("u", "span", "blockquote", "pre", "code", "caption", "small"), _allow),
        **dict.fromkeys(("table", "thead", "tbody", "tfoot", "tr", "colgroup", "col"), _allow),
        "td": attribute_rule(_CELL),
        "th": attribute_rule({**_CELL, "scope": True}),
    }
    dropped_with_content = frozenset(
        {"script", "style", "iframe", "frame", "frameset", "object", "embed", "noscript"}
        | {"template", "form", "input", "button", "select", "textarea", "svg", "math"}
        | {"link", "meta", "base", "head", "title", "applet", "audio", "video", "canvas"}
    )

    def clean_tag_node(self, doc, tag):
        if tag.name in self.dropped_with_content:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


def public_body_html(body: str) -> SafeString:
    """The 正文 as Wagtail's |richtext renders it, then limited to harmless HTML."""
    if not body:
        return mark_safe("")
    return mark_safe(BodyWhitelister().clean(expand_db_html(body)))  # noqa: S308 (whitelisted)


_KIND_LABELS = {
    "pdf": "PDF",
    "ofd": "OFD",
    "doc": "Word",
    "docx": "Word",
    "wps": "WPS 文字",
    "xls": "Excel",
    "xlsx": "Excel",
    "et": "WPS 表格",
    "ppt": "PowerPoint",
    "pptx": "PowerPoint",
    "dps": "WPS 演示",
    "png": "PNG 图片",
    "jpeg": "JPEG 图片",
    "gif": "GIF 图片",
    "webp": "WebP 图片",
}


def human_size(size: int) -> str:
    """1536 → "1.5 KB" (binary units, one decimal below 10)."""
    value = float(size or 0)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            if unit == "B":
                return f"{int(value)} B"
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
        value /= 1024
    return f"{value:.0f} GB"  # pragma: no cover


@dataclass
class AttachmentView:
    attachment: object

    @property
    def pk(self) -> int:
        return self.attachment.pk

    @property
    def url(self) -> str:
        try:
            return reverse("catalog:attachment", args=[self.attachment.pk])
        except NoReverseMatch:
            return f"/attachments/{self.attachment.pk}/"

    @property
    def name(self) -> str:
        return str(self.attachment.display_name)

    @property
    def type_label(self) -> str:
        a = self.attachment
        return _KIND_LABELS.get(a.kind) or (a.extension or "").lstrip(".").upper() or "文件"

    @property
    def size_label(self) -> str:
        return human_size(self.attachment.size)
