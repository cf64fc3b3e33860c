"""Reading and validating disclosure items migrated from a unit's old website (pure Python).

``python manage.py import_items FILE --unit CODE`` moves the 政府信息公开 目录 of an existing
site into the platform. This module is the pure half of that command: it reads an .xlsx or .csv
export, maps its Chinese column headers (with the aliases old CMSs use), validates every row and
returns typed :class:`ImportRow` objects or Chinese :class:`RowError` messages that county staff
can act on. Turning rows into pages is the management command's job.

Design notes:

* Speed: 29,000 rows must import in well under a minute on SQLite, so the .xlsx reader streams
  with openpyxl's ``read_only=True`` + ``values_only=True`` and the per-row work is plain string
  handling (no per-cell regex compilation, no Django).
* Idempotency: every row has a stable :attr:`ImportRow.key` (the old URL, else the old 索引号,
  else a hash of the identifying fields), so running the import twice skips what is already there instead of
  duplicating.
* Errors never stop the run: a bad row becomes a list of :class:`RowError`; only file-level
  problems (wrong format, missing columns) raise :class:`ImportFileError`.

Layout: this module reads files and validates rows; the column definitions live in
:mod:`~gongkai.catalog.domain.import_columns`, the cell-value parsers (text, titles, dates,
主题分类, 文号, URLs, attachment paths) in :mod:`~gongkai.catalog.domain.import_values` and the
Excel template writer in :mod:`~gongkai.catalog.domain.import_template`. Every public name of
those modules is re-exported here, so callers import from ``importing`` only.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gongkai.catalog.domain.import_columns import (
    COL_ATTACHMENTS,
    COL_BODY,
    COL_CHANNEL,
    COL_DOC_NUMBER,
    COL_GENRE,
    COL_INDEX,
    COL_KEYWORDS,
    COL_KIND,
    COL_PUBLISHED,
    COL_PUBLISHER,
    COL_SOURCE_URL,
    COL_SUMMARY,
    COL_TITLE,
    COL_TOPIC,
    COL_VALIDITY,
    COL_WRITTEN,
    COLUMNS,
    EARLIEST_DATE,
    INDEX_NUMBER_MAX_LENGTH,
    REQUIRED_COLUMNS,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    Column,
    canonical_column,
    normalise_header,
)
from gongkai.catalog.domain.import_template import (
    DATA_SHEET_TITLE,
    HELP_SHEET_TITLE,
    template_headers,
    write_template,
)
from gongkai.catalog.domain.import_values import (
    _ATTACHMENT_SPLIT,
    _GENRE_LOOKUP,
    _INDEX_NUMBER,
    _KEYWORD_SPLIT,
    _KIND_LOOKUP,
    _NO_DOC_NUMBER,
    _VALIDITY_LOOKUP,
    _clean_attachment,
    _display,
    _is_empty,
    _normalise_doc_number,
    _normalise_url,
    _one_line,
    _text,
    clean_title,
    parse_date,
    parse_topic,
)
from gongkai.catalog.domain.taxonomy import (
    GENRES,
    ITEM_KIND_LABELS,
    TOPICS,
    VALIDITY_LABELS,
    ItemKind,
    Validity,
)

# The public API, including the names defined in the helper modules (import them from here).
__all__ = [
    "COLUMNS",
    "COL_ATTACHMENTS",
    "COL_BODY",
    "COL_CHANNEL",
    "COL_DOC_NUMBER",
    "COL_GENRE",
    "COL_INDEX",
    "COL_KEYWORDS",
    "COL_KIND",
    "COL_PUBLISHED",
    "COL_PUBLISHER",
    "COL_SOURCE_URL",
    "COL_SUMMARY",
    "COL_TITLE",
    "COL_TOPIC",
    "COL_VALIDITY",
    "COL_WRITTEN",
    "DATA_SHEET_TITLE",
    "EARLIEST_DATE",
    "HELP_SHEET_TITLE",
    "INDEX_NUMBER_MAX_LENGTH",
    "REQUIRED_COLUMNS",
    "TITLE_MAX_LENGTH",
    "URL_MAX_LENGTH",
    "Column",
    "ImportFileError",
    "ImportParseResult",
    "ImportRow",
    "RowError",
    "canonical_column",
    "clean_title",
    "normalise_header",
    "parse_date",
    "parse_file",
    "parse_row",
    "parse_topic",
    "read_rows",
    "template_headers",
    "write_template",
]

# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


class ImportFileError(Exception):
    """The file as a whole cannot be imported (format, encoding, headers). Message in Chinese."""


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem with one row; ``message`` is complete and user-facing (Chinese)."""

    row_number: int
    column: str | None
    message: str

    def __str__(self) -> str:
        return self.message


def _row_error(row_number: int, column: str | None, detail: str) -> RowError:
    where = f"第 {row_number} 行「{column}」" if column else f"第 {row_number} 行"
    return RowError(row_number, column, f"{where}：{detail}")


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One valid disclosure item, ready to be turned into a page."""

    channel_path: tuple[str, ...]
    title: str
    index_number: str | None
    doc_number: str | None  # canonical form from gongkai.checks.domain.docnumbers
    written_on: date | None
    published_on: date
    publisher: str | None  # None: the importing unit's name
    topic: str | None  # one of TOPICS
    genre: str | None  # one of GENRES
    validity: Validity
    kind: ItemKind
    keywords: tuple[str, ...]
    summary: str
    body: str
    source_url: str | None
    attachments: tuple[str, ...]
    row_number: int  # 1-based row in the spreadsheet, for messages

    @property
    def key(self) -> str:
        """Idempotency key: the old URL, else the old 索引号, else a hash of identifying fields.

        The hash is prefixed with 「sha256:」 so it can never equal an index number (whose
        charset has no colon) or a URL. It deliberately ignores the row number and free text so
        that re-exporting the same site in a different order yields the same keys.
        """
        if self.source_url:
            return self.source_url
        if self.index_number:
            return self.index_number
        identity = json.dumps(
            [list(self.channel_path), self.title, self.published_on.isoformat(), self.doc_number],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        digest = hashlib.sha256(identity.encode("utf-8"), usedforsecurity=False).hexdigest()
        return f"sha256:{digest}"

    @property
    def key_column(self) -> str | None:
        """The column the key came from (for 「重复」 messages); None for a hash key."""
        if self.source_url:
            return COL_SOURCE_URL
        if self.index_number:
            return COL_INDEX
        return None


@dataclass
class ImportParseResult:
    """Outcome of :func:`parse_file`. ``rows`` holds only valid, non-duplicate rows."""

    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[RowError] = field(default_factory=list)
    # Headers present in the file that are not import columns (reported, not fatal).
    ignored_columns: tuple[str, ...] = ()
    # Non-empty data rows seen (valid + invalid + duplicate).
    total_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.duplicates


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------

# A header row is searched for among the first few non-empty rows because exports often start
# with a merged title row (「霍邱县××局政府信息公开目录」) above the real headers.
_HEADER_SEARCH_ROWS = 10


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield ``(row_number, {canonical column: raw value})`` for each non-empty data row.

    Raises :class:`ImportFileError` (on the first ``next()``, as this is a generator) when the
    file cannot be read or its headers are wrong. Row numbers are 1-based spreadsheet rows (for
    .csv: record numbers, which is what Excel shows when it opens the file).
    """
    return _iter_table(Path(path), ignored=[])


def _iter_table(path: Path, ignored: list[str]) -> Iterator[tuple[int, dict[str, object]]]:
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        source = _xlsx_rows(path)
    elif suffix in {".csv", ".txt", ".tsv"}:
        source = _csv_rows(path)
    elif suffix in {".xls", ".et"}:
        raise ImportFileError(
            f"不支持旧版 Excel 格式「{path.name}」，请在 Excel 或 WPS 中另存为 .xlsx 后再导入"
        )
    else:
        raise ImportFileError(
            f"不支持的文件类型「{path.name}」，请使用 .xlsx 或 .csv 文件（可先下载导入模板）"
        )
    try:
        yield from _map_rows(path, source, ignored)
    finally:
        source.close()


def _map_rows(
    path: Path, source: Iterable[tuple[int, list[object] | tuple[object, ...]]], ignored: list[str]
) -> Iterator[tuple[int, dict[str, object]]]:
    header: list[tuple[int, str]] | None = None
    first_nonempty: tuple[object, ...] | list[object] | None = None
    seen_nonempty = 0
    for row_number, cells in source:
        if all(_is_empty(v) for v in cells):
            continue
        if header is None:
            seen_nonempty += 1
            if first_nonempty is None:
                first_nonempty = cells
            if any(canonical_column(v) for v in cells):
                header = _check_header(path, cells, ignored)
            elif seen_nonempty >= _HEADER_SEARCH_ROWS:
                _check_header(path, first_nonempty, ignored)  # raises: required columns missing
            continue
        width = len(cells)
        yield (
            row_number,
            {name: (cells[i] if i < width else None) for i, name in header},
        )
    if header is None:
        if first_nonempty is None:
            raise ImportFileError(
                f"文件「{path.name}」是空的，没有任何内容（.xlsx 只读取第一个工作表）"
            )
        _check_header(path, first_nonempty, ignored)


def _column_letter(index: int) -> str:
    """Excel-style column letter for a 0-based index (A, B, …, Z, AA, …)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _check_header(
    path: Path, cells: tuple[object, ...] | list[object], ignored: list[str]
) -> list[tuple[int, str]]:
    """Map header cells to canonical columns; raise for missing or duplicated columns."""
    positions: dict[str, list[int]] = {}
    mapping: list[tuple[int, str]] = []
    for i, raw in enumerate(cells):
        if _is_empty(raw):
            continue
        name = canonical_column(raw)
        if name is None:
            ignored.append(str(raw).strip())
            continue
        positions.setdefault(name, []).append(i)
        mapping.append((i, name))
    duplicated = [
        f"「{name}」（"
        + "、".join(f"{_column_letter(i)} 列「{str(cells[i]).strip()}」" for i in idx)
        + "）"
        for name, idx in positions.items()
        if len(idx) > 1
    ]
    if duplicated:
        raise ImportFileError(
            f"文件「{path.name}」的列名重复：" + "；".join(duplicated) + "。每一列只能出现一次"
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        raise ImportFileError(
            f"文件「{path.name}」缺少必填列：" + "、".join(f"「{m}」" for m in missing)
        )
    return mapping


class _Source:
    """An iterator of (row_number, cells) that can be closed (files, workbooks)."""

    def __init__(self, rows: Iterator[tuple[int, tuple[object, ...]]], close: Callable[[], None]):
        self._rows = rows
        self.close = close

    def __iter__(self) -> Iterator[tuple[int, tuple[object, ...]]]:
        return self._rows


def _xlsx_rows(path: Path) -> _Source:
    # Imported here so that callers that only validate rows (and the tests of them) do not pay
    # for openpyxl's import.
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only: a formula cell yields the value Excel last computed, not 「=…」.
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise ImportFileError(f"找不到文件「{path}」") from exc
    except (zipfile.BadZipFile, InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(
            f"无法读取文件「{path.name}」：不是有效的 .xlsx 文件（{type(exc).__name__}）"
        ) from exc
    if not workbook.worksheets:
        workbook.close()
        raise ImportFileError(f"文件「{path.name}」中没有工作表")
    sheet = workbook.worksheets[0]
    # Some CMS exporters write a wrong <dimension> (e.g. 「A1」); read_only mode would then cut
    # the sheet short. Resetting makes openpyxl read every row that is actually there.
    sheet.reset_dimensions()  # type: ignore[union-attr]

    def rows() -> Iterator[tuple[int, tuple[object, ...]]]:
        try:
            # iter_rows starts at row 1 and yields empty rows too, so enumerate gives the real
            # spreadsheet row number.
            yield from enumerate(sheet.iter_rows(values_only=True), start=1)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise ImportFileError(f"读取文件「{path.name}」时出错：文件已损坏（{exc}）") from exc

    return _Source(rows(), workbook.close)


# Old government CMS exports are often GBK; GB18030 is its superset.
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")
_CSV_FIELD_LIMIT = 64 * 1024 * 1024  # 正文 HTML easily exceeds csv's 128 KiB default


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's 「Unicode 文本」 export: UTF-16 with a BOM, tab-separated.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in _CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        f"无法识别文件「{path.name}」的文字编码，请另存为「CSV UTF-8」格式或 .xlsx 后再导入"
    )


def _sniff_delimiter(text: str) -> str:
    """Comma or tab, judged on the first non-empty line (csv.Sniffer is fooled by Chinese)."""
    for line in text.splitlines():
        if line.strip():
            return "\t" if line.count("\t") > line.count(",") else ","
    return ","


def _csv_rows(path: Path) -> _Source:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFileError(f"找不到文件「{path}」") from exc
    except OSError as exc:
        raise ImportFileError(f"无法读取文件「{path.name}」：{exc.strerror or exc}") from exc
    text = _decode(path, data)
    if "\x00" in text:
        raise ImportFileError(f"无法读取文件「{path.name}」：这不是文本格式的 CSV 文件")
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))

    def rows() -> Iterator[tuple[int, tuple[object, ...]]]:
        try:
            for number, record in enumerate(reader, start=1):
                yield number, tuple(record)
        except csv.Error as exc:
            raise ImportFileError(
                f"无法解析文件「{path.name}」第 {reader.line_num} 行附近：{exc}"
            ) from exc

    return _Source(rows(), lambda: None)


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------


def _canonical_raw(raw: Mapping[str, object]) -> dict[str, object]:
    """Accept alias headers in ``raw`` too (callers may build dicts by hand)."""
    if all(k in _COLUMN_NAMES for k in raw):
        return dict(raw)
    out: dict[str, object] = {}
    for key, value in raw.items():
        name = canonical_column(key)
        if name is not None and (name not in out or _is_empty(out[name])):
            out[name] = value
    return out


_COLUMN_NAMES = frozenset(c.name for c in COLUMNS)


def parse_row(
    row_number: int, raw: Mapping[str, object], *, today: date
) -> ImportRow | list[RowError]:
    """Validate one row; returns the row, or every problem found in it (not just the first)."""
    raw = _canonical_raw(raw)
    errors: list[RowError] = []

    def error(column: str | None, detail: str) -> None:
        errors.append(_row_error(row_number, column, detail))

    # 栏目: a name or a path; 「>」 appears in breadcrumbs copied from old sites.
    channel_text = _one_line(raw.get(COL_CHANNEL))
    channel_path = tuple(
        part.strip() for part in re.split(r"[/／\\>＞]", channel_text) if part.strip()
    )
    if not channel_path:
        error(COL_CHANNEL, "必填，不能为空")

    title = clean_title(raw.get(COL_TITLE))
    if not title:
        error(COL_TITLE, "必填，不能为空")
    elif len(title) > TITLE_MAX_LENGTH:
        error(COL_TITLE, f"标题过长（{len(title)} 字），不能超过 {TITLE_MAX_LENGTH} 字")

    index_number = unicodedata.normalize("NFKC", _one_line(raw.get(COL_INDEX))) or None
    if index_number is not None:
        if len(index_number) > INDEX_NUMBER_MAX_LENGTH:
            error(
                COL_INDEX,
                f"索引号过长（{len(index_number)} 个字符），不能超过 {INDEX_NUMBER_MAX_LENGTH} 个字符",
            )
        elif not _INDEX_NUMBER.fullmatch(index_number):
            error(
                COL_INDEX,
                f"索引号「{_display(index_number)}」含有不允许的字符，只能包含字母、数字和 / . _ -",
            )

    doc_number: str | None = None
    doc_text = _one_line(raw.get(COL_DOC_NUMBER))
    if doc_text and doc_text not in _NO_DOC_NUMBER:
        doc_number, reason = _normalise_doc_number(doc_text, today.year)
        if doc_number is None:
            detail = f"文号无法识别：「{_display(doc_text)}」"
            error(COL_DOC_NUMBER, f"{detail}（{reason}）" if reason else detail)

    def read_date(column: str) -> date | None:
        value = raw.get(column)
        try:
            parsed = parse_date(value)
        except (ValueError, OverflowError):
            error(column, f"无法识别的日期「{_display(value)}」，请写成 2024-03-05 这样的格式")
            return None
        if parsed is None:
            return None
        if parsed > today:
            error(column, f"日期 {parsed.isoformat()} 晚于今天（{today.isoformat()}）")
        elif parsed < EARLIEST_DATE:
            error(column, f"日期 {parsed.isoformat()} 过早，请核对")
        return parsed

    written_on = read_date(COL_WRITTEN)
    published_on = read_date(COL_PUBLISHED)
    if published_on is None and _is_empty(raw.get(COL_PUBLISHED)):
        error(COL_PUBLISHED, "必填，不能为空")
    if written_on and published_on and written_on > published_on:
        error(
            COL_WRITTEN,
            f"成文日期 {written_on.isoformat()} 晚于发布日期 {published_on.isoformat()}",
        )

    publisher = _one_line(raw.get(COL_PUBLISHER)) or None

    topic: str | None = None
    if not _is_empty(raw.get(COL_TOPIC)):
        try:
            topic = parse_topic(raw.get(COL_TOPIC))
        except ValueError:
            error(
                COL_TOPIC,
                f"未知的主题分类「{_display(raw.get(COL_TOPIC))}」，"
                f"请填写模板「填写说明」中的 {len(TOPICS)} 个分类之一或其序号",
            )

    genre: str | None = None
    genre_text = _one_line(raw.get(COL_GENRE))
    if genre_text:
        genre = _GENRE_LOOKUP.get(genre_text)
        if genre is None:
            error(
                COL_GENRE, f"未知的体裁分类「{_display(genre_text)}」，可选：" + "、".join(GENRES)
            )

    validity = Validity.NOT_APPLICABLE
    validity_text = _one_line(raw.get(COL_VALIDITY))
    if validity_text:
        found = _VALIDITY_LOOKUP.get(validity_text)
        if found is None:
            labels = "、".join(label for label in VALIDITY_LABELS.values() if label)
            error(COL_VALIDITY, f"未知的有效性「{_display(validity_text)}」，可选：{labels}")
        else:
            validity = found

    kind = ItemKind.GENERAL
    kind_text = _one_line(raw.get(COL_KIND))
    if kind_text:
        found_kind = _KIND_LOOKUP.get(kind_text)
        if found_kind is None:
            labels = "、".join(ITEM_KIND_LABELS.values())
            error(COL_KIND, f"未知的信息类型「{_display(kind_text)}」，可选：{labels}")
        else:
            kind = found_kind

    keywords = tuple(
        dict.fromkeys(k for k in _KEYWORD_SPLIT.split(_text(raw.get(COL_KEYWORDS))) if k)
    )
    summary = _text(raw.get(COL_SUMMARY))
    body = _text(raw.get(COL_BODY))

    source_url: str | None = None
    url_text = _one_line(raw.get(COL_SOURCE_URL))
    if url_text:
        source_url = _normalise_url(url_text)
        if source_url is None:
            error(
                COL_SOURCE_URL,
                f"网址「{_display(url_text)}」无效，必须是以 http:// 或 https:// 开头的完整网址",
            )
        elif len(source_url) > URL_MAX_LENGTH:
            error(
                COL_SOURCE_URL,
                f"网址过长（{len(source_url)} 个字符），不能超过 {URL_MAX_LENGTH} 个字符",
            )

    attachments: list[str] = []
    for part in _ATTACHMENT_SPLIT.split(_text(raw.get(COL_ATTACHMENTS))):
        if not part.strip():
            continue
        cleaned = _clean_attachment(part)
        if cleaned is None:
            error(
                COL_ATTACHMENTS,
                f"附件路径「{_display(part)}」无效：必须是相对路径，且不能包含「..」",
            )
        else:
            attachments.append(cleaned)

    if errors or published_on is None:
        return errors
    return ImportRow(
        channel_path=channel_path,
        title=title,
        index_number=index_number,
        doc_number=doc_number,
        written_on=written_on,
        published_on=published_on,
        publisher=publisher,
        topic=topic,
        genre=genre,
        validity=validity,
        kind=kind,
        keywords=keywords,
        summary=summary,
        body=body,
        source_url=source_url,
        attachments=tuple(dict.fromkeys(attachments)),
        row_number=row_number,
    )


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def parse_file(
    path: Path,
    *,
    today: date,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
) -> ImportParseResult:
    """Read and validate a whole file.

    ``progress`` (optional) is called with the number of data rows read so far every
    ``progress_every`` rows, so the command can show progress while a large file is parsed.
    A row whose key (or 索引号) repeats an earlier row's goes to ``duplicates``, not ``rows``.
    Raises :class:`ImportFileError` for file-level problems.
    """
    result = ImportParseResult()
    ignored: list[str] = []
    first_by_key: dict[str, int] = {}
    first_by_index: dict[str, int] = {}
    count = 0
    for row_number, raw in _iter_table(Path(path), ignored):
        count += 1
        if progress is not None and count % progress_every == 0:
            progress(count)
        parsed = parse_row(row_number, raw, today=today)
        if isinstance(parsed, list):
            result.errors.extend(parsed)
            continue
        key = parsed.key
        earlier = first_by_key.get(key)
        if earlier is not None:
            column = parsed.key_column
            what = f"{column}相同" if column else "栏目、标题、发布日期和文号都相同"
            result.duplicates.append(
                _row_error(row_number, column, f"与第 {earlier} 行重复（{what}），已跳过")
            )
            continue
        if parsed.index_number:
            earlier = first_by_index.get(parsed.index_number)
            if earlier is not None:
                result.duplicates.append(
                    _row_error(
                        row_number,
                        COL_INDEX,
                        f"索引号「{parsed.index_number}」与第 {earlier} 行重复，已跳过",
                    )
                )
                continue
            first_by_index[parsed.index_number] = row_number
        first_by_key[key] = row_number
        result.rows.append(parsed)
    if progress is not None and count % progress_every:
        progress(count)
    result.total_rows = count
    result.ignored_columns = tuple(ignored)
    return result
