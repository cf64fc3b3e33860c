"""Reading the county's existing normative documents from a spreadsheet (pure Python, no Django).

``python manage.py import_normdocs FILE.xlsx`` brings the 行政规范性文件 a county published
before the platform into the registry. This module is the pure half: it finds the header row
(Chinese headers, with the variants county offices use), validates every row and returns
:class:`ParsedRow` objects or Chinese :class:`RowError` messages with row number and column.
Resolving the 制定机关 against the units and writing is :mod:`gongkai.normdocs.importer`.

What is reused rather than repeated: the spreadsheet readers, header clean-up, date and 主题分类
parsing of the catalogue import (:mod:`gongkai.catalog.domain.importing` and its helper modules),
and the 文号 normaliser (:func:`gongkai.checks.domain.docnumbers.normalise`). On top of the
normaliser this module only adds what old registers contain and a single 文号 field should not:
「霍政办2021年5号」/「霍政办〔2021年〕5号」 (year written with 年), 「霍政办2021-5号」, a trailing
「文」 (「…5号文」), a two-digit year the normaliser refuses as in the future (「〔98〕」 with
成文日期 1998), and a 文号 without a year (「霍政办5号」), completed from 成文日期 (else 公布日期)
with a 提示 so staff can check it.

Rows with problems are errors (skipped); harmless oddities are 提示 (notes) and the row imports.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gongkai.catalog.domain.import_columns import EARLIEST_DATE, Column, normalise_header
from gongkai.catalog.domain.import_values import (
    _display,
    _is_empty,
    _one_line,
    _text,
    clean_title,
    parse_date,
    parse_topic,
)
from gongkai.catalog.domain.importing import (
    ImportFileError,
    RowError,
    _column_letter,
    _csv_rows,
    _xlsx_rows,
)
from gongkai.checks.domain.docnumbers import normalise
from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.lifecycle import STATUS_LABELS, Status

__all__ = [
    "COLUMNS",
    "ImportFileError",
    "ParseResult",
    "ParsedRow",
    "RowError",
    "UnitMatcher",
    "UnitRef",
    "canonical_column",
    "import_key",
    "map_header",
    "parse_file",
    "parse_row",
    "parse_status",
    "rewrite_doc_number",
    "write_template",
]

COL_TITLE = "标题"
COL_DOC_NUMBER = "文号"
COL_UNIT = "制定机关"
COL_WRITTEN = "成文日期"
COL_PUBLISHED = "公布日期"
COL_EFFECTIVE = "施行日期"
COL_VALID_UNTIL = "有效期至"
COL_STATUS = "有效性"
COL_REGISTRATION = "统一登记号"
COL_TOPIC = "主题分类"
COL_BODY = "正文"
COL_FILED = "备案日期"
COL_FILING_REFERENCE = "备案号"

# Field widths of NormativeDocument (checked here so a long value is a row error, not a crash).
TITLE_MAX = 300
DOC_NUMBER_MAX = 60
REGISTRATION_MAX = 40
FILING_REFERENCE_MAX = 60

COLUMNS: tuple[Column, ...] = (
    Column(COL_TITLE, required=True, aliases=("文件标题", "文件名称", "名称", "标题名称")),
    Column(COL_DOC_NUMBER, aliases=("发文字号", "发文文号", "文件字号", "文件编号", "字号")),
    Column(
        COL_UNIT,
        required=True,
        aliases=("制定单位", "制发机关", "发文机关", "发文单位", "发布机关", "发布机构", "单位"),
        help="单位全称、简称或单位编码",
    ),
    Column(COL_WRITTEN, aliases=("印发日期", "发文日期", "签发日期", "成文时间")),
    Column(COL_PUBLISHED, required=True, aliases=("发布日期", "公布时间", "发布时间", "公开日期")),
    Column(COL_EFFECTIVE, aliases=("实施日期", "生效日期", "施行时间", "实施时间")),
    Column(
        COL_VALID_UNTIL,
        aliases=("有效期", "有效期截止日期", "有效期截至", "有效期截止", "有效期限", "失效日期"),
        help="留空时按施行日期（或公布日期）起5年计算，暂行、试行文件2年",
    ),
    Column(
        COL_STATUS,
        aliases=("效力", "效力状态", "时效性", "有效状态", "是否有效", "状态"),
        help="有效、失效、废止或已修改；留空为有效（有效期已届满的为失效）",
    ),
    Column(COL_REGISTRATION, aliases=("登记号", "登记编号", "统一编号", "统一登记编号")),
    Column(COL_TOPIC, aliases=("主题", "分类", "主题词分类")),
    Column(COL_BODY, aliases=("全文", "文件内容", "内容")),
    Column(COL_FILED, aliases=("备案时间", "报备日期", "报备时间")),
    Column(COL_FILING_REFERENCE, aliases=("备案编号", "备案登记号")),
)

_LOOKUP: dict[str, str] = {
    alias: column.name for column in COLUMNS for alias in (column.name, *column.aliases)
}

_STATUS_LOOKUP: dict[str, Status] = {label: Status(value) for value, label in STATUS_LABELS.items()}
_STATUS_LOOKUP |= {
    "现行有效": Status.VALID,
    "继续有效": Status.VALID,
    "有效文件": Status.VALID,
    "已失效": Status.EXPIRED,
    "宣布失效": Status.EXPIRED,
    "失效文件": Status.EXPIRED,
    "已废止": Status.REPEALED,
    "废止文件": Status.REPEALED,
    "修改": Status.AMENDED,
    "已修订": Status.AMENDED,
    "修订": Status.AMENDED,
}

# What registers write in 有效期至 for "no stated period".
_NO_PERIOD = frozenset({"无", "长期", "长期有效", "-", "—", "——", "/", "／", "不限", "无期限"})
# What registers write in 文号 for "no number".
_NO_DOC_NUMBER = frozenset({"无", "暂无", "无文号", "没有", "-", "—", "——", "/", "／", "空"})

# A header row is searched for among the first few non-empty rows (a merged title row such as
# 「霍邱县行政规范性文件目录」 often sits above it).
_HEADER_SEARCH_ROWS = 10


def canonical_column(header: object) -> str | None:
    """The column a header cell names (「 发布日期（年-月-日）」 → 公布日期), or None."""
    return _LOOKUP.get(normalise_header(header))


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


def _row_error(row_number: int, column: str | None, detail: str) -> RowError:
    where = f"第 {row_number} 行「{column}」" if column else f"第 {row_number} 行"
    return RowError(row_number, column, f"{where}：{detail}")


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One valid row: every value cleaned, the defaults of the validity rules applied."""

    row_number: int
    title: str
    unit_text: str  # as written; resolved by UnitMatcher ('' when the cell is empty)
    doc_number: str  # canonical, '' when the row has none
    written_on: date | None
    published_on: date
    effective_on: date
    valid_until: date
    status: Status
    registration_number: str
    topic: str
    body: str
    filed_on: date | None
    filing_reference: str
    notes: tuple[RowError, ...] = ()  # 提示: imported, but worth a look


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total_rows: int = 0
    columns: frozenset[str] = frozenset()  # the import columns present in the file
    ignored_columns: tuple[str, ...] = ()

    @property
    def notes(self) -> list[RowError]:
        return [note for row in self.rows for note in row.notes]


def import_key(unit_code: str, doc_number: str, title: str, published_on: date) -> str:
    """Idempotency key stored in NormativeDocument.import_key (71 characters).

    From (unit, canonical 文号), which identifies a document; without a 文号 from (unit, title,
    公布日期). The row number and free text are left out so a re-exported register in another
    order gives the same keys.
    """
    identity = (
        [unit_code, doc_number] if doc_number else [unit_code, title, published_on.isoformat()]
    )
    text = json.dumps(identity, ensure_ascii=False, separators=(",", ":"))
    return "import:" + hashlib.sha256(text.encode("utf-8"), usedforsecurity=False).hexdigest()


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


def parse_status(value: object) -> Status | None:
    """有效性 from its Chinese label (「有效」「已失效」「已废止」「已修改」…); None when empty.

    Raises ValueError for an unknown label.
    """
    text = re.sub(r"\s+", "", _text(value))
    if not text:
        return None
    status = _STATUS_LOOKUP.get(text)
    if status is None:
        raise ValueError(text)
    return status


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_YEAR_WORD = re.compile(r"(?<=[0-9０-９])\s*年\s*")
_DIGIT_DASH = re.compile(r"(?<=[0-9０-９])\s*[-－—–‐]\s*(?=[0-9０-９第])")
_TRAILING_WORD = re.compile(r"号\s*(?:文件|文)\s*\Z")
_FIRST_DIGITS = re.compile(r"\A(?P<head>[^0-9]*?)(?P<digits>[0-9]+)(?P<tail>.*)\Z", re.S)
_WITHOUT_YEAR = re.compile(
    r"\A(?P<issuer>[A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+?)\s*"
    r"(?:[〔﹝【〖\[［(（]\s*[〕﹞】〗\]］)）])?\s*第?\s*(?P<serial>[0-9]+)\s*号?\Z"
)


@dataclass(frozen=True)
class DocNumberResult:
    canonical: str  # '' when there is no 文号 or it was refused
    error: str = ""  # why it was refused (Chinese)
    note: str = ""  # a 提示 about a completed or doubtful year


def _prepare(text: str) -> str:
    """Rewrite what the normaliser does not know into forms it understands."""
    text = _TRAILING_WORD.sub("号", text)
    text = _YEAR_WORD.sub(
        " ", text
    )  # 「2021年5号」→「2021 5号」: the blank separates year and serial
    return _DIGIT_DASH.sub(" ", text)


def rewrite_doc_number(
    text: object, *, year_hint: int | None, today_year: int, check_year: bool = True
) -> DocNumberResult:
    """The canonical 文号 of a register cell.

    ``year_hint`` is the year of 成文日期 (else 公布日期): it completes a missing year and decides
    a two-digit year the normaliser will not guess (〔98〕). ``today_year`` refuses future years.
    With ``check_year`` a 文号 year other than ``year_hint`` is noted (pass False when the hint
    is only the 公布日期: a document written in December is often published in January).
    """
    raw = _one_line(text)
    if not raw or raw in _NO_DOC_NUMBER:
        return DocNumberResult("")
    prepared = _prepare(raw)
    result = normalise(prepared, today_year=today_year)
    codes = {p.code for p in result.problems}
    if result.canonical is not None and result.parsed is not None:
        note = ""
        if check_year and year_hint is not None and result.parsed.year != year_hint:
            note = (
                f"文号年份 {result.parsed.year} 与成文（公布）日期的年份 {year_hint} 不一致，请核对"
            )
        return DocNumberResult(result.canonical, note=note)

    folded = prepared.translate(_FULLWIDTH_DIGITS)
    if "future_year" in codes and year_hint is not None:
        # 「霍政办〔98〕3号」 with 成文日期 1998: the two digits are the date's year.
        match = _FIRST_DIGITS.match(folded)
        if match and len(match["digits"]) == 2 and int(match["digits"]) == year_hint % 100:
            retry = normalise(f"{match['head']}{year_hint}{match['tail']}", today_year=today_year)
            if retry.canonical is not None:
                return DocNumberResult(
                    retry.canonical,
                    note=f"两位年份“{match['digits']}”按成文（公布）日期补全为 {year_hint} 年",
                )
    if codes & {"missing_year", "unparseable"} and year_hint is not None:
        match = _WITHOUT_YEAR.match(folded)
        if match and match["serial"] != str(year_hint) and len(match["serial"]) <= 4:
            retry = normalise(
                f"{match['issuer']}〔{year_hint}〕{match['serial']}号", today_year=today_year
            )
            if retry.canonical is not None:
                return DocNumberResult(
                    retry.canonical,
                    note=f"文号缺少年份，已按成文（公布）日期补为“{retry.canonical}”，请核对",
                )
    reasons = "；".join(p.message for p in result.problems) or "无法识别"
    return DocNumberResult("", error=f"文号“{_display(raw)}”无法识别：{reasons}")


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------

_COUNTY_PREFIX = "霍邱县"
_SPACES = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class UnitRef:
    pk: int
    code: str
    name: str
    short_name: str


def _unit_text(text: str) -> str:
    return _SPACES.sub("", text).replace("（", "(").replace("）", ")")


class UnitMatcher:
    """Finds the unit a 制定机关 cell names: code, full name or short name.

    Exact matches first; then the same without the county's name (「发展和改革委员会」,
    「发改委」 for 「县发改委」). A text matching several units is an error naming them.
    """

    def __init__(self, units: Iterable[UnitRef]):
        self.exact: dict[str, set[UnitRef]] = {}
        self.loose: dict[str, set[UnitRef]] = {}
        for unit in units:
            for key in (unit.code.lower(), _unit_text(unit.name), _unit_text(unit.short_name)):
                if key:
                    self.exact.setdefault(key, set()).add(unit)
            for key in (
                _unit_text(unit.name).removeprefix(_COUNTY_PREFIX),
                _unit_text(unit.short_name).removeprefix("县"),
            ):
                if key:
                    self.loose.setdefault(key, set()).add(unit)

    def match(self, text: str) -> UnitRef | str:
        """The unit, or a Chinese reason why there is none."""
        key = _unit_text(text)
        if not key:
            return "必填，不能为空"
        candidates = self.exact.get(key) or self.exact.get(key.lower())
        if not candidates:
            stripped = key.removeprefix(_COUNTY_PREFIX).removeprefix("县")
            candidates = self.loose.get(stripped) or set()
        if len(candidates) == 1:
            return next(iter(candidates))
        if candidates:
            names = "、".join(sorted(u.name for u in candidates))
            return f"“{_display(text)}”对应多个单位（{names}），请填写单位全称"
        return f"没有名称、简称或编码为“{_display(text)}”的单位"


# --------------------------------------------------------------------------------------------
# Headers and files
# --------------------------------------------------------------------------------------------


def map_header(
    cells: Iterable[object], *, unit_column: str | None = None
) -> tuple[list[tuple[int, str]], list[str]]:
    """``([(cell index, column)], [ignored headers])`` for a header row.

    ``unit_column`` names the header that holds the 制定机关 (``--unit-column``); other headers
    that would mean 制定机关 are then ignored. Raises ImportFileError for a repeated column.
    """
    cells = list(cells)
    wanted_unit = normalise_header(unit_column) if unit_column else None
    mapping: list[tuple[int, str]] = []
    ignored: list[str] = []
    positions: dict[str, list[int]] = {}
    for i, raw in enumerate(cells):
        if _is_empty(raw):
            continue
        header = normalise_header(raw)
        if wanted_unit is not None and header == wanted_unit:
            name: str | None = COL_UNIT
        else:
            name = _LOOKUP.get(header)
            if name == COL_UNIT and wanted_unit is not None:
                name = None
        if name is None:
            ignored.append(str(raw).strip())
            continue
        positions.setdefault(name, []).append(i)
        mapping.append((i, name))
    repeated = [
        f"「{name}」（"
        + "、".join(f"{_column_letter(i)} 列「{str(cells[i]).strip()}」" for i in where)
        + "）"
        for name, where in positions.items()
        if len(where) > 1
    ]
    if repeated:
        raise ImportFileError("列名重复：" + "；".join(repeated) + "。每一列只能出现一次")
    return mapping, ignored


def _is_header(cells: list[object] | tuple[object, ...], unit_column: str | None) -> bool:
    names = {canonical_column(c) for c in cells if not _is_empty(c)}
    wanted = normalise_header(unit_column) if unit_column else None
    if wanted and any(normalise_header(c) == wanted for c in cells if not _is_empty(c)):
        names.add(COL_UNIT)
    return COL_TITLE in names or len(names - {None}) >= 2


def read_table(
    path: Path,
    *,
    unit_column: str | None = None,
    unit_required: bool = True,
    found: dict[str, object] | None = None,
) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield ``(spreadsheet row number, {column: raw value})`` for each non-empty data row.

    .xlsx (first sheet) and .csv. ``found`` (optional) receives ``columns`` and ``ignored``
    once the header is read. Raises ImportFileError when the file cannot be read, has no
    header row or lacks a required column (制定机关 only when ``unit_required``).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        source = _xlsx_rows(path)
    elif suffix in {".csv", ".txt", ".tsv"}:
        source = _csv_rows(path)
    else:
        raise ImportFileError(f"不支持的文件类型「{path.name}」，请使用 .xlsx 或 .csv 文件")
    try:
        header: list[tuple[int, str]] | None = None
        searched = 0
        for row_number, cells in source:
            if all(_is_empty(v) for v in cells):
                continue
            if header is None:
                searched += 1
                if _is_header(cells, unit_column):
                    header, ignored = map_header(cells, unit_column=unit_column)
                    _check_required(path, header, unit_column, unit_required)
                    if found is not None:
                        found["columns"] = frozenset(name for _, name in header)
                        found["ignored"] = tuple(ignored)
                elif searched >= _HEADER_SEARCH_ROWS:
                    break
                continue
            width = len(cells)
            yield row_number, {name: (cells[i] if i < width else None) for i, name in header}
        if header is None:
            raise ImportFileError(
                f"文件「{path.name}」中找不到表头行（应有「标题」「文号」「制定机关」「公布日期」等列）"
            )
    finally:
        source.close()


def _check_required(
    path: Path, header: list[tuple[int, str]], unit_column: str | None, unit_required: bool
) -> None:
    present = {name for _, name in header}
    if unit_column and COL_UNIT not in present:
        raise ImportFileError(f"文件「{path.name}」中没有 --unit-column 指定的列「{unit_column}」")
    required = [c.name for c in COLUMNS if c.required and (unit_required or c.name != COL_UNIT)]
    missing = [name for name in required if name not in present]
    if missing:
        raise ImportFileError(
            f"文件「{path.name}」缺少必填列：" + "、".join(f"「{m}」" for m in missing)
        )


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------


def parse_row(
    row_number: int, raw: Mapping[str, object], *, today: date
) -> ParsedRow | list[RowError]:
    """Validate one row; returns the row, or every problem found in it (not just the first).

    ``raw`` is keyed by column name (aliases are accepted too).
    """
    raw = {(_LOOKUP.get(normalise_header(k)) or k): v for k, v in raw.items()}
    errors: list[RowError] = []
    notes: list[RowError] = []

    def error(column: str | None, detail: str) -> None:
        errors.append(_row_error(row_number, column, detail))

    def note(column: str | None, detail: str) -> None:
        notes.append(_row_error(row_number, column, f"（提示）{detail}"))

    title = clean_title(raw.get(COL_TITLE))
    if not title:
        error(COL_TITLE, "必填，不能为空")
    elif len(title) > TITLE_MAX:
        error(COL_TITLE, f"标题过长（{len(title)} 字），不能超过 {TITLE_MAX} 字")

    def read_date(column: str, *, future_ok: bool = False) -> date | None:
        value = raw.get(column)
        if column == COL_VALID_UNTIL and _one_line(value) in _NO_PERIOD:
            if _one_line(value) not in {"", "-", "—", "——", "/", "／"}:
                note(column, f"“{_one_line(value)}”不是有效期截止日期，已按有效期制度计算")
            return None
        try:
            parsed = parse_date(value)
        except (ValueError, OverflowError):
            error(column, f"无法识别的日期“{_display(value)}”，请写成 2021-05-26 这样的格式")
            return None
        if parsed is None:
            return None
        if parsed < EARLIEST_DATE:
            error(column, f"日期 {parsed.isoformat()} 过早，请核对")
        elif parsed > today and not future_ok:
            error(column, f"日期 {parsed.isoformat()} 晚于今天（{today.isoformat()}）")
        return parsed

    written_on = read_date(COL_WRITTEN)
    published_on = read_date(COL_PUBLISHED)
    if published_on is None and _is_empty(raw.get(COL_PUBLISHED)):
        error(COL_PUBLISHED, "必填，不能为空（已公布的文件才能导入）")
    effective_on = read_date(COL_EFFECTIVE, future_ok=True)
    valid_until = read_date(COL_VALID_UNTIL, future_ok=True)
    filed_on = read_date(COL_FILED)

    if written_on and published_on and written_on > published_on:
        error(COL_WRITTEN, f"成文日期 {written_on} 晚于公布日期 {published_on}")
    if filed_on and published_on and filed_on < published_on:
        error(COL_FILED, f"备案日期 {filed_on} 早于公布日期 {published_on}")
    if effective_on and published_on and effective_on < published_on:
        note(COL_EFFECTIVE, f"施行日期 {effective_on} 早于公布日期 {published_on}")
    start = effective_on or published_on
    if valid_until and start and valid_until < start:
        error(COL_VALID_UNTIL, f"有效期截止日期 {valid_until} 早于施行日期 {start}")
    elif valid_until and start and title:
        problem = lifecycle.validity_problem(title, start, valid_until)
        if problem:
            note(COL_VALID_UNTIL, problem)

    status: Status | None = None
    try:
        status = parse_status(raw.get(COL_STATUS))
    except ValueError:
        labels = "、".join(STATUS_LABELS.values())
        error(COL_STATUS, f"未知的有效性“{_display(raw.get(COL_STATUS))}”，可选：{labels}")

    year_hint = (written_on or published_on).year if (written_on or published_on) else None
    number = rewrite_doc_number(
        raw.get(COL_DOC_NUMBER),
        year_hint=year_hint,
        today_year=today.year,
        check_year=written_on is not None,
    )
    if number.error:
        error(COL_DOC_NUMBER, number.error)
    elif len(number.canonical) > DOC_NUMBER_MAX:
        error(COL_DOC_NUMBER, f"文号过长，不能超过 {DOC_NUMBER_MAX} 字")
    if number.note:
        note(COL_DOC_NUMBER, number.note)

    registration = _one_line(raw.get(COL_REGISTRATION)).replace(" ", "")
    if len(registration) > REGISTRATION_MAX:
        error(COL_REGISTRATION, f"统一登记号过长，不能超过 {REGISTRATION_MAX} 个字符")
    filing_reference = _one_line(raw.get(COL_FILING_REFERENCE))
    if len(filing_reference) > FILING_REFERENCE_MAX:
        error(COL_FILING_REFERENCE, f"备案号过长，不能超过 {FILING_REFERENCE_MAX} 个字符")

    topic = ""
    if not _is_empty(raw.get(COL_TOPIC)):
        try:
            topic = parse_topic(raw.get(COL_TOPIC))
        except ValueError:
            note(COL_TOPIC, f"未知的主题分类“{_display(raw.get(COL_TOPIC))}”，已留空")

    if errors or published_on is None or start is None:
        return errors
    if valid_until is None:
        valid_until = lifecycle.default_valid_until(title, start)
    if status is None:
        status = Status.EXPIRED if valid_until < today else Status.VALID
    elif status == Status.VALID and valid_until < today:
        note(
            COL_STATUS,
            f"有效期已于 {valid_until} 届满，但有效性填写为“有效”；到期失效任务将把它标记为失效",
        )
    return ParsedRow(
        row_number=row_number,
        title=title,
        unit_text=_one_line(raw.get(COL_UNIT)),
        doc_number=number.canonical,
        written_on=written_on,
        published_on=published_on,
        effective_on=start,
        valid_until=valid_until,
        status=status,
        registration_number=registration,
        topic=topic,
        body=_text(raw.get(COL_BODY)),
        filed_on=filed_on,
        filing_reference=filing_reference,
        notes=tuple(notes),
    )


def parse_file(
    path: Path, *, today: date, unit_column: str | None = None, unit_required: bool = True
) -> ParseResult:
    """Read and validate a whole file (rows in file order). Raises ImportFileError."""
    result = ParseResult()
    found: dict[str, object] = {}
    for row_number, raw in read_table(
        path, unit_column=unit_column, unit_required=unit_required, found=found
    ):
        result.total_rows += 1
        parsed = parse_row(row_number, raw, today=today)
        if isinstance(parsed, list):
            result.errors.extend(parsed)
        else:
            result.rows.append(parsed)
    result.columns = found.get("columns", frozenset())  # type: ignore[assignment]
    result.ignored_columns = found.get("ignored", ())  # type: ignore[assignment]
    return result


# --------------------------------------------------------------------------------------------
# Template
# --------------------------------------------------------------------------------------------

TEMPLATE_EXAMPLES: tuple[tuple[object, ...], ...] = (
    (
        "霍邱县人民政府办公室关于印发霍邱县政府投资项目管理办法的通知",
        "霍政办〔2021〕5号",
        "县政府办",
        "2021-05-20",
        "2021-05-26",
        "2021-05-26",
        "",
        "有效",
        "",
        "综合政务",
        "",
        "2021-06-10",
        "",
    ),
    (
        "霍邱县发展和改革委员会关于印发《霍邱县粮食储备管理暂行办法》的通知",
        "霍发改〔2018〕3号",
        "县发改委",
        "2018-03-01",
        "2018-03-05",
        "2018-04-01",
        "2020-03-31",
        "失效",
        "",
        "国民经济管理、国有资产监管",
        "",
        "",
        "",
    ),
)


def write_template(path: Path) -> None:
    """An .xlsx template: the columns (required ones marked 「*」), two example rows, and a
    「填写说明」 sheet listing the accepted header variants and values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from gongkai.catalog.domain.taxonomy import TOPICS

    book = Workbook()
    sheet = book.active
    sheet.title = "规范性文件"
    sheet.append([f"{c.name}*" if c.required else c.name for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for example in TEMPLATE_EXAMPLES:
        sheet.append(list(example))
    sheet.column_dimensions["A"].width = 60
    notes = book.create_sheet("填写说明")
    notes.append(["列名", "也可写作", "说明"])
    for column in COLUMNS:
        notes.append([column.name, "、".join(column.aliases), column.help])
    notes.append([])
    notes.append(["日期格式", "", "2021-05-26、2021/5/26、2021年5月26日、20210526 或 Excel 日期"])
    notes.append(["有效性", "", "、".join(STATUS_LABELS.values())])
    notes.append(["主题分类", "", "、".join(f"“{t}”" for t in TOPICS)])
    book.save(path)
