"""Importing a unit's already-public items from its old website (``manage.py import_items``).

The pure half (reading the .xlsx/.csv, validating each row) is
:mod:`gongkai.catalog.domain.importing`; this module resolves rows against the unit's catalogue
and writes them with the bulk writer (:mod:`gongkai.catalog.bulk`), so that a county-year of
29,000 items imports in well under a minute.

Rules:

* **Migration exemption.** Imported items were public on the old site already, so they go live
  without the 三审 workflow, under ``publication_exemption(「导入历史信息：<file>」)`` and with
  ONE audit entry ``catalog.item.import`` for the whole run (in the same transaction).
* **Idempotent.** Each row's key (old URL, else old 索引号, else a hash) is stored as
  ``ItemPage.import_key``; rows whose key the unit already has are skipped (「已存在」), so a
  second run of the same file creates nothing. Imported items are not updated: corrections to
  items already imported are made in the admin, where they go through 三审.
* **索引号.** A 索引号 from the file is kept; one that another item already has is a row error
  (索引号 are unique county-wide and never reused). Rows without one get the next number of
  the unit's counter, in publication-date order.
* **Errors.** Every row error is a Chinese message with its row number. By default the valid
  rows are imported and the errors reported; ``strict=True`` imports nothing if any row has an
  error. Rows repeated inside the file count as errors (the file needs a look).
* **Channels.** A row's 栏目 is resolved tolerantly, see :class:`ChannelResolver`.
* **正文.** Sanitised by :func:`clean_body`: plain text is escaped and wrapped in ``<p>``; HTML
  keeps only the tags of Wagtail's rich-text whitelist (``wagtail.whitelist.Whitelister``,
  restricted to what the Draftail editor can edit) and no attributes except safe link hrefs.
* **Not imported:** attachments (the 附件 column is counted and reported, files are uploaded in
  the admin), 政策解读 links, and the 「需配发政策解读」 flag (historical items are not put on
  the interpretation board).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils.html import escape

from gongkai.audit import services as audit
from gongkai.catalog.bulk import NewItem, bulk_create_items
from gongkai.catalog.domain import structure
from gongkai.catalog.domain.importing import (
    COL_CHANNEL,
    COL_DOC_NUMBER,
    COL_INDEX,
    COL_KEYWORDS,
    COL_PUBLISHER,
    COL_SUMMARY,
    ImportFileError,
    ImportRow,
    RowError,
    parse_file,
)
from gongkai.catalog.models import ChannelPage, ItemPage, UnitCatalogPage
from gongkai.catalog.publishing import publication_exemption
from gongkai.units.models import Unit, User

__all__ = [
    "ChannelResolver",
    "ImportFileError",
    "ImportReport",
    "clean_body",
    "import_items",
    "storage_key",
]

# Column widths of ItemPage (PostgreSQL enforces them; a too-long value would abort the run).
IMPORT_KEY_MAX = ItemPage._meta.get_field("import_key").max_length
PUBLISHER_MAX = ItemPage._meta.get_field("publisher").max_length
DOC_NUMBER_MAX = ItemPage._meta.get_field("doc_number").max_length
KEYWORDS_MAX = ItemPage._meta.get_field("keywords").max_length
SUMMARY_MAX = ItemPage._meta.get_field("summary").max_length or 1500
KEYWORD_SEPARATOR = "，"

WRITE_CHUNK = 1000  # items per bulk_create_items call (progress is reported per chunk)
_LOOKUP_CHUNK = 900  # values per IN (…) query: below every backend's parameter limit

Progress = Callable[[str, int, int], None]  # (phase 「读取」/「写入」, done, total or 0)


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """Outcome of :func:`import_items`. ``created`` counts what a dry run *would* create."""

    file: str
    unit_code: str
    total_rows: int = 0  # non-empty data rows in the file
    created: int = 0
    skipped: int = 0  # already imported earlier (same key in this unit)
    errors: list[RowError] = field(default_factory=list)  # sorted by row number
    attachments_ignored: int = 0  # rows with a 附件 column (files are not imported)
    ignored_columns: tuple[str, ...] = ()
    dry_run: bool = False
    strict: bool = False
    written: bool = False  # anything written to the database
    parse_seconds: float = 0.0
    write_seconds: float = 0.0
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        return len({e.row_number for e in self.errors})


def _error(row_number: int, column: str | None, detail: str) -> RowError:
    where = f"第 {row_number} 行「{column}」" if column else f"第 {row_number} 行"
    return RowError(row_number, column, f"{where}：{detail}")


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------


def storage_key(key: str) -> str:
    """The row key as stored in ``ItemPage.import_key`` (at most 64 characters).

    Short keys (most old URLs, every 索引号) are stored as they are, so staff can search for
    them. A longer URL is replaced by 「sha256:」 and the first 57 hex digits of its SHA-256;
    the parser's own hash keys (「sha256:」 + 64 digits) are cut to the same length. 228 bits
    of hash leave no practical chance of a collision.
    """
    if len(key) <= IMPORT_KEY_MAX:
        return key
    prefix = "sha256:"
    if not key.startswith(prefix):
        key = prefix + hashlib.sha256(key.encode("utf-8"), usedforsecurity=False).hexdigest()
    return key[:IMPORT_KEY_MAX]


# --------------------------------------------------------------------------------------------
# Channels
# --------------------------------------------------------------------------------------------

# Names old sites use for a channel → slug of the standard catalogue's channel
# (gongkai/catalog/domain/structure.py). Used when the path does not match a channel's titles.
# 「政策文件」 goes to 其他文件, not 行政规范性文件: an old site's 政策文件 column mixes normative
# documents with ordinary ones, and filing everything as 行政规范性文件 would wrongly give each
# the legal status (合法性审核、必须解读) of one. Staff move the real 规范性文件 afterwards.
CHANNEL_ALIASES: dict[str, str] = {
    "政策文件": "qtwj",
    "文件": "qtwj",
    "政府文件": "qtwj",
    "部门文件": "qtwj",
    "其他文件": "qtwj",
    "规范性文件": "xzgfxwj",
    "政策解读": "zcjd",
    "解读": "zcjd",
    "工作动态": "gzdt",
    "动态": "gzdt",
    "政务动态": "gzdt",
    "部门动态": "gzdt",
    "乡镇动态": "gzdt",
    "工作信息": "gzdt",
    "通知公告": "tzgg",
    "公示公告": "tzgg",
    "通知": "tzgg",
    "公告": "tzgg",
    "公示": "tzgg",
    "机构设置": "jgzn",
    "机构信息": "jgzn",
    "领导简介": "ldxx",
    "领导分工": "ldxx",
    "规划": "ghjh",
    "计划总结": "ghjh",
    "财政信息": "czyjs",
    "财政资金": "czyjs",
    "预决算": "czyjs",
    "部门预决算": "czyjs",
    "人事": "rsxx",
    "人事任免": "rsxx",
    "招考录用": "rsxx",
    "公开指南": "gkzn",
    "信息公开指南": "gkzn",
    "公开制度": "gkzd",
    "信息公开制度": "gkzd",
    "公开年报": "gknb",
    "信息公开年报": "gknb",
    "年报": "gknb",
}

_PATH_SPACE = re.compile(r"[\s\u3000]+")


def _norm(title: str) -> str:
    return _PATH_SPACE.sub("", title)


@dataclass(frozen=True)
class _Channel:
    pk: int
    path: tuple[str, ...]  # titles from the catalogue down, normalised
    display: str  # 「法定主动公开内容/政策/其他文件」
    slug: str
    is_container: bool


class ChannelResolver:
    """Finds the channel a row's 栏目 names in one unit's catalogue.

    In order: (1) the full title path below the catalogue (a leading unit name is ignored);
    (2) a unique channel whose title path *ends with* the given path, so 「政策文件」 alone or
    「政策/其他文件」 work; (3) for a path that matches nothing, the last title through
    :data:`CHANNEL_ALIASES` (「法定主动公开内容/政策文件」 → 其他文件). A path matching several
    channels, or only a channel that has sub-channels, is an error asking for the full path.
    """

    def __init__(self, unit: Unit, catalog: UnitCatalogPage):
        self.unit = unit
        depth = catalog.depth
        rows = list(
            ChannelPage.objects.filter(path__startswith=catalog.path, depth__gt=depth)
            .order_by("path")
            .values_list("pk", "path", "depth", "title", "slug")
        )
        titles_by_path = {path: title for _, path, _, title, _ in rows}
        parents = {path[: -ChannelPage.steplen] for _, path, _, _, _ in rows}
        self.channels: list[_Channel] = []
        for pk, path, depth_, _title, slug in rows:
            chain = []
            for level in range(depth + 1, depth_ + 1):
                chain.append(titles_by_path[path[: level * ChannelPage.steplen]])
            self.channels.append(
                _Channel(
                    pk=pk,
                    path=tuple(_norm(t) for t in chain),
                    display="/".join(chain),
                    slug=slug,
                    # 基层政务公开标准目录 only holds the area channels, even while it has none.
                    is_container=path in parents or slug == structure.STANDARD_SLUG,
                )
            )
        self._prefixes = {_norm(t) for t in (catalog.title, unit.name, unit.short_name) if t}
        self._cache: dict[tuple[str, ...], int | str] = {}

    def resolve(self, path: Sequence[str]) -> int | str:
        """The channel's pk, or a Chinese reason (without the row prefix) why there is none."""
        key = tuple(path)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._resolve(key)
        return found

    def _resolve(self, raw: tuple[str, ...]) -> int | str:
        shown = "/".join(raw)
        path = tuple(_norm(p) for p in raw if _norm(p))
        if len(path) > 1 and path[0] in self._prefixes:
            path = path[1:]
        if not path:
            return f"本单位目录中没有栏目「{shown}」"
        exact = [c for c in self.channels if c.path == path]
        matches = exact or [c for c in self.channels if c.path[-len(path) :] == path]
        if not matches:
            slug = CHANNEL_ALIASES.get(path[-1])
            if slug:
                matches = [c for c in self.channels if c.slug == slug and not c.is_container]
        leaves = [c for c in matches if not c.is_container]
        if len(leaves) == 1:
            return leaves[0].pk
        if len(leaves) > 1:
            names = "、".join(f"「{c.display}」" for c in leaves[:5])
            return (
                f"栏目「{shown}」不唯一，本单位目录中有 {len(leaves)} 个：{names}，请填写完整路径"
            )
        if matches:
            children = [
                c.display.rsplit("/", 1)[-1]
                for c in self.channels
                if len(c.path) == len(matches[0].path) + 1
                and c.path[: len(matches[0].path)] == matches[0].path
            ]
            if not children:
                return f"栏目「{matches[0].display}」不能直接发布信息，请填写具体的子栏目"
            return (
                f"栏目「{matches[0].display}」下设子栏目，请填写具体的子栏目"
                f"（{'、'.join(children)}）"
            )
        return f"本单位目录中没有栏目「{shown}」"


# --------------------------------------------------------------------------------------------
# 正文
# --------------------------------------------------------------------------------------------

_MARKUP = re.compile(r"<[A-Za-z/!?]")
# HTML that is already clean: only these tags, lower case, without attributes.
_SIMPLE_TAG = re.compile(r"</?(?:p|br|b|strong|i|em|ul|ol|li|h[2-6]|sub|sup|hr)\s*/?>")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BLOCK_TAG = re.compile(r"<(?:p|ul|ol|h[2-6]|hr)\b")
# Elements removed with their content (never shown as text).
_DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "svg",
        "math",
        "video",
        "audio",
        "canvas",
    }
)
# Block containers of old CMS bodies: become paragraphs when they hold only inline content.
_BLOCKISH = frozenset({"div", "section", "article", "center", "blockquote", "tr", "caption"})
_BLOCK_CHILDREN = ["p", "ul", "ol", "h2", "h3", "h4", "h5", "h6", "hr"]


def _whitelister():
    """Wagtail's whitelister limited to what the Draftail editor keeps (built once, lazily)."""
    global _WHITELISTER
    if _WHITELISTER is None:
        from wagtail.whitelist import (
            DEFAULT_ELEMENT_RULES,
            Whitelister,
            allow_without_attributes,
            attribute_rule,
            check_url,
        )

        class BodyWhitelister(Whitelister):
            element_rules = {
                **{
                    name: rule
                    for name, rule in DEFAULT_ELEMENT_RULES.items()
                    if name not in {"img", "div", "h1", "a"}
                },
                "a": attribute_rule({"href": check_url}),
                "h1": allow_without_attributes,  # renamed to h2 below
            }

            def clean_tag_node(self, doc, tag):
                if tag.name in _DROP_WITH_CONTENT:
                    tag.decompose()
                    return
                for child in list(tag.contents):
                    self.clean_node(doc, child)
                if tag.name == "h1":
                    tag.name = "h2"  # the page title is the only h1
                elif tag.name in _BLOCKISH:
                    if tag.find(_BLOCK_CHILDREN):
                        tag.unwrap()
                        return
                    tag.name = "p"
                elif tag.name in {"td", "th"}:
                    tag.append(" ")
                rule = self.element_rules.get(tag.name)
                if rule is None:
                    tag.unwrap()
                    return
                rule(tag)
                if tag.name == "a" and not tag.get("href"):
                    tag.unwrap()

        _WHITELISTER = BodyWhitelister()
    return _WHITELISTER


_WHITELISTER = None


def clean_body(text: str) -> str:
    """Rich text for ``ItemPage.body`` from an old site's 正文 (HTML or plain text).

    Plain text (no markup): each non-empty line becomes an escaped ``<p>``; so does each line
    of HTML that has no block element at all. HTML made of the
    plain tags only (``<p>``, ``<br>``, lists, headings, bold/italic, no attributes) is kept
    as it is, which is what most exports contain and costs nothing. Anything else goes through
    Wagtail's whitelister: scripts, styles, frames and forms are removed with their content,
    other unknown tags are unwrapped (their text kept), attributes are dropped except an
    ``<a>``'s http/https/mailto/tel ``href``; ``<div>``-like blocks and table rows become
    paragraphs and images are dropped (they are not attachments of the platform).
    """
    text = (text or "").strip()
    if not text:
        return ""
    if not _MARKUP.search(text):
        return "".join(
            f"<p>{escape(line.strip())}</p>" for line in _LINE_BREAK.split(text) if line.strip()
        )
    if "<" in _SIMPLE_TAG.sub("", text):
        text = _whitelister().clean(text).strip()
    if not _BLOCK_TAG.search(text):
        # Inline content only (「第一段<br>第二段」, text with a stray 「<」): one paragraph a line.
        return "".join(f"<p>{line.strip()}</p>" for line in _LINE_BREAK.split(text) if line.strip())
    return text


# --------------------------------------------------------------------------------------------
# The service
# --------------------------------------------------------------------------------------------


def _existing(field_name: str, values: Iterable[str], **filters) -> set[str]:
    values = list(values)
    found: set[str] = set()
    for start in range(0, len(values), _LOOKUP_CHUNK):
        chunk = values[start : start + _LOOKUP_CHUNK]
        found.update(
            ItemPage.objects.filter(**filters, **{f"{field_name}__in": chunk}).values_list(
                field_name, flat=True
            )
        )
    return found


def _length_errors(row: ImportRow) -> list[RowError]:
    errors = []
    if row.publisher and len(row.publisher) > PUBLISHER_MAX:
        errors.append(
            _error(
                row.row_number,
                COL_PUBLISHER,
                f"发布机构过长（{len(row.publisher)} 字），不能超过 {PUBLISHER_MAX} 字",
            )
        )
    if row.doc_number and len(row.doc_number) > DOC_NUMBER_MAX:
        errors.append(
            _error(
                row.row_number,
                COL_DOC_NUMBER,
                f"文号过长（{len(row.doc_number)} 字），不能超过 {DOC_NUMBER_MAX} 字",
            )
        )
    keywords = KEYWORD_SEPARATOR.join(row.keywords)
    if len(keywords) > KEYWORDS_MAX:
        errors.append(
            _error(
                row.row_number,
                COL_KEYWORDS,
                f"关键词过长（合计 {len(keywords)} 字），不能超过 {KEYWORDS_MAX} 字",
            )
        )
    if len(row.summary) > SUMMARY_MAX:
        errors.append(
            _error(
                row.row_number,
                COL_SUMMARY,
                f"内容概述过长（{len(row.summary)} 字），不能超过 {SUMMARY_MAX} 字",
            )
        )
    return errors


def _new_item(row: ImportRow, channel_id: int) -> NewItem:
    return NewItem(
        channel_id=channel_id,
        title=row.title,
        published_on=row.published_on,
        live=True,
        kind=str(row.kind),
        index_number=row.index_number or "",
        publisher=row.publisher or "",
        doc_number=row.doc_number or "",
        written_on=row.written_on,
        topic=row.topic or "",
        genre=row.genre or "",
        validity=str(row.validity),
        keywords=KEYWORD_SEPARATOR.join(row.keywords),
        summary=row.summary,
        body=clean_body(row.body),
        # Historical items are not put on the 政策解读 board (they predate the platform).
        needs_interpretation=False,
        import_key=storage_key(row.key),
    )


def import_items(
    path: Path,
    *,
    unit: Unit,
    by: User | None,
    today: date,
    now: datetime,
    dry_run: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the items of an .xlsx/.csv export into ``unit``'s catalogue (see module doc).

    Raises :class:`ImportFileError` (Chinese message) when the file as a whole cannot be read
    or the unit has no catalogue; row problems are returned in ``ImportReport.errors``.
    Runs in whatever unit scope is active (the command uses ``system_scope``).
    """
    started = time.perf_counter()
    path = Path(path)
    report = ImportReport(file=path.name, unit_code=unit.code, dry_run=dry_run, strict=strict)
    catalog = UnitCatalogPage.objects.filter(unit=unit).first()
    if catalog is None:
        raise ImportFileError(f"单位「{unit.name}」尚未建立信息公开目录，请先建立目录再导入")

    parsed = parse_file(
        path, today=today, progress=(lambda n: progress("读取", n, 0)) if progress else None
    )
    report.total_rows = parsed.total_rows
    report.ignored_columns = parsed.ignored_columns
    errors: list[RowError] = [*parsed.errors, *parsed.duplicates]
    report.parse_seconds = time.perf_counter() - started

    resolver = ChannelResolver(unit, catalog)
    known_keys = set(
        ItemPage.objects.filter(unit=unit)
        .exclude(import_key="")
        .values_list("import_key", flat=True)
    )
    candidates: list[tuple[ImportRow, int]] = []
    for row in parsed.rows:
        if storage_key(row.key) in known_keys:
            report.skipped += 1
            continue
        found = resolver.resolve(row.channel_path)
        row_errors = _length_errors(row)
        if isinstance(found, str):
            row_errors.insert(0, _error(row.row_number, COL_CHANNEL, found))
        if row_errors:
            errors.extend(row_errors)
            continue
        candidates.append((row, found))

    taken = _existing("index_number", {r.index_number for r, _ in candidates if r.index_number})
    items: list[tuple[ImportRow, NewItem]] = []
    for row, channel_id in candidates:
        if row.index_number and row.index_number in taken:
            errors.append(
                _error(
                    row.row_number,
                    COL_INDEX,
                    f"索引号「{row.index_number}」已被本平台其他信息使用，索引号不能重复",
                )
            )
            continue
        if row.attachments:
            report.attachments_ignored += 1
        items.append((row, _new_item(row, channel_id)))

    errors.sort(key=lambda e: e.row_number)
    report.errors = errors
    report.created = len(items)
    if dry_run or not items or (strict and errors):
        if strict and errors:
            report.created = 0
        report.duration = time.perf_counter() - started
        return report

    # Publication-date order: numbers allocated across chunks then follow the dates, and the
    # channel's page order matches its listing.
    items.sort(key=lambda pair: (pair[1].published_on, pair[0].row_number))
    new_items = [item for _, item in items]
    write_started = time.perf_counter()
    created = 0
    with transaction.atomic(), publication_exemption(f"导入历史信息：{path.name}"):
        for start in range(0, len(new_items), WRITE_CHUNK):
            created += bulk_create_items(new_items[start : start + WRITE_CHUNK], owner=by)
            if progress:
                progress("写入", created, len(new_items))
        audit.record(
            action="catalog.item.import",
            by=by,
            unit=unit,
            obj=catalog,
            after={
                "file": path.name,
                "created": created,
                "skipped": report.skipped,
                "errors": len(errors),
            },
            reason=f"导入历史信息：{path.name}",
            at=now,
        )
    report.created = created
    report.written = True
    report.write_seconds = time.perf_counter() - write_started
    report.duration = time.perf_counter() - started
    return report
