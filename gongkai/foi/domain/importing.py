"""Historical 依申请公开 ledgers from a spreadsheet (pure Python; ``import_foi`` writes them).

One row per application. Columns (header row 1, any order, common variants accepted):

=============  =========================================================================
来源编号 *      the row's id in the old ledger (or its 申请编号); re-imports skip it
受理机关        unit code, full name or short name (or ``--unit`` for the whole file)
送达日期 *      the day the application arrived
收到日期        the day of receipt under Art. 31 (signing/confirmation); default 送达日期
申请人类型 *    自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他
申请人          name (default 「（历史台账）」)
提交渠道 *      当面提交, 邮寄, 平常信函, 传真, 电子邮件, 网上申请 (and variants)
申请内容        description (default 「（历史台账未记录申请内容）」)
办理结果        a table-三 row (「予以公开」, 「不予公开—属于国家秘密」, 「属于国家秘密」, 「withheld.1」);
               empty: still open
答复日期        required with an outcome
=============  =========================================================================

Each row becomes a ledger (:func:`ledger_events`) checked with the same rules as live cases, so
statistics count imported cases like any other. 逾期不补正 / 逾期未缴费 rows get the notice the
ledger needs, dated on the day of receipt (the old ledgers do not keep it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from gongkai.catalog.domain.import_columns import normalise_header
from gongkai.catalog.domain.import_values import _text, parse_date
from gongkai.catalog.domain.importing import ImportFileError, RowError, _row_error
from gongkai.foi.domain.events import (
    CHANNEL_LABELS,
    Channel,
    ClockEvent,
    EventKind,
    LedgerError,
)
from gongkai.foi.domain.ledger import compute_clock
from gongkai.foi.domain.outcomes import (
    GROUP_LABELS,
    OUTCOME_LABELS,
    Outcome,
    outcome_label,
)
from gongkai.foi.domain.stats import APPLICANT_TYPE_LABELS, ApplicantType
from gongkai.workdays.domain.engine import WorkCalendar

__all__ = [
    "COLUMNS",
    "HistoricRow",
    "ImportFileError",
    "ParseResult",
    "RowError",
    "ledger_events",
    "map_header",
    "parse_rows",
]

SOURCE, UNIT, ARRIVED, RECEIVED = "来源编号", "受理机关", "送达日期", "收到日期"
APPLICANT_TYPE, APPLICANT, CHANNEL, DESCRIPTION = "申请人类型", "申请人", "提交渠道", "申请内容"
OUTCOME, REPLIED = "办理结果", "答复日期"
COLUMNS: Final = (
    SOURCE, UNIT, ARRIVED, RECEIVED, APPLICANT_TYPE, APPLICANT, CHANNEL, DESCRIPTION, OUTCOME,
    REPLIED,
)  # fmt: skip
REQUIRED: Final = (SOURCE, ARRIVED, APPLICANT_TYPE, CHANNEL)
ALIASES: Final = {
    "原编号": SOURCE, "编号": SOURCE, "申请编号": SOURCE, "序号": SOURCE,
    "受理单位": UNIT, "受理机构": UNIT, "单位": UNIT,
    "申请日期": ARRIVED, "提交日期": ARRIVED, "来件日期": ARRIVED,
    "收到申请日期": RECEIVED, "签收日期": RECEIVED, "确认日期": RECEIVED, "受理日期": RECEIVED,
    "申请人性质": APPLICANT_TYPE, "申请人分类": APPLICANT_TYPE,
    "申请人姓名": APPLICANT, "申请人名称": APPLICANT, "姓名或名称": APPLICANT,
    "申请渠道": CHANNEL, "申请方式": CHANNEL, "渠道": CHANNEL,
    "申请信息": DESCRIPTION, "所需信息": DESCRIPTION, "申请事项": DESCRIPTION,
    "答复结果": OUTCOME, "处理结果": OUTCOME,
    "办结日期": REPLIED, "答复时间": REPLIED,
}  # fmt: skip
DEFAULT_APPLICANT: Final = "（历史台账）"
DEFAULT_DESCRIPTION: Final = "（历史台账未记录申请内容）"

_CHANNELS: Final = {
    **{label: channel for channel, label in CHANNEL_LABELS.items()},
    **{str(channel): channel for channel in Channel},
    "当面": Channel.IN_PERSON, "现场": Channel.IN_PERSON, "当面申请": Channel.IN_PERSON,
    "邮寄": Channel.REGISTERED_MAIL, "信函": Channel.REGISTERED_MAIL, "挂号信": Channel.REGISTERED_MAIL,
    "EMS": Channel.REGISTERED_MAIL, "平信": Channel.ORDINARY_MAIL, "平常信件": Channel.ORDINARY_MAIL,
    "邮件": Channel.EMAIL, "电邮": Channel.EMAIL, "网上": Channel.ONLINE, "在线": Channel.ONLINE,
    "网络": Channel.ONLINE, "在线申请": Channel.ONLINE, "网申": Channel.ONLINE,
}  # fmt: skip
_APPLICANT_TYPES: Final = {
    **{label: t for t, label in APPLICANT_TYPE_LABELS.items()},
    **{str(t): t for t in ApplicantType},
    "公民": ApplicantType.NATURAL_PERSON, "个人": ApplicantType.NATURAL_PERSON,
    "企业": ApplicantType.BUSINESS, "律师事务所": ApplicantType.LEGAL_SERVICE,
    "其他组织": ApplicantType.OTHER,
}  # fmt: skip


def _outcome_names() -> dict[str, Outcome]:
    names: dict[str, Outcome] = {}
    for outcome in Outcome:
        names[str(outcome)] = outcome
        names[outcome_label(outcome)] = outcome
        names[outcome_label(outcome).replace("—", "-")] = outcome
        if OUTCOME_LABELS[outcome] not in GROUP_LABELS.values():
            names[OUTCOME_LABELS[outcome]] = outcome
    names["公开"] = Outcome.DISCLOSED
    names["信息不存在"] = Outcome.UNAVAILABLE_NOT_HELD
    names["不掌握"] = Outcome.UNAVAILABLE_NOT_HELD
    names["逾期不补正"] = Outcome.OTHER_NO_CORRECTION
    names["逾期未缴费"] = Outcome.OTHER_FEE_UNPAID
    return names


_OUTCOMES: Final = _outcome_names()


@dataclass(frozen=True, slots=True)
class HistoricRow:
    row_number: int
    source_id: str
    unit: str  # as written; resolved against the units by the importer ("" → --unit)
    arrived_on: date
    received_on: date
    applicant_type: ApplicantType
    applicant_name: str
    channel: Channel
    description: str
    outcome: Outcome | None
    replied_on: date | None


@dataclass
class ParseResult:
    rows: list[HistoricRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    total_rows: int = 0


def map_header(cells: Iterable[object]) -> tuple[dict[int, str], list[str]]:
    """Column index → canonical name, and the headers that are not import columns."""
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        name = normalise_header(cell)
        if not name:
            continue
        canonical = name if name in COLUMNS else ALIASES.get(name)
        if canonical is None or canonical in mapping.values():
            ignored.append(name)
        else:
            mapping[index] = canonical
    missing = [c for c in REQUIRED if c not in mapping.values()]
    if missing:
        raise ImportFileError(
            f"第 1 行表头缺少必填列：{'、'.join(f'「{c}」' for c in missing)}"
            f"（可用列：{'、'.join(COLUMNS)}）"
        )
    return mapping, ignored


def _date(raw: Mapping[str, object], column: str, row: int, errors: list[RowError]):
    try:
        return parse_date(raw.get(column))
    except ValueError:
        errors.append(_row_error(row, column, f"无法识别的日期「{_text(raw.get(column))}」"))
        return None


def ledger_events(row: HistoricRow) -> list[ClockEvent]:
    """The clock ledger that reproduces the row (see the module docstring)."""
    confirmed = None if row.channel is Channel.IN_PERSON else row.received_on
    events = [ClockEvent(EventKind.RECEIVED, row.arrived_on, row.channel, confirmed)]
    if row.outcome is None or row.replied_on is None:
        return events
    if row.outcome is Outcome.OTHER_NO_CORRECTION:
        until = row.replied_on - timedelta(days=1)
        events.append(ClockEvent(EventKind.CORRECTION_NOTICE_SENT, row.received_on, until=until))
        events.append(ClockEvent(EventKind.CORRECTION_LAPSED, row.replied_on))
    elif row.outcome is Outcome.OTHER_FEE_UNPAID:
        events.append(ClockEvent(EventKind.FEE_NOTICE_SENT, row.received_on))
        events.append(ClockEvent(EventKind.FEE_LAPSED, row.replied_on))
    else:
        events.append(ClockEvent(EventKind.REPLIED, row.replied_on, outcome=row.outcome))
    return events


def parse_row(
    row_number: int, raw: Mapping[str, object], *, calendar: WorkCalendar, today: date
) -> HistoricRow | list[RowError]:
    errors: list[RowError] = []
    for column in REQUIRED:
        if not _text(raw.get(column)):
            errors.append(_row_error(row_number, column, "必填，不能为空"))
    if errors:
        return errors
    source_id = _text(raw.get(SOURCE))[:60]
    arrived = _date(raw, ARRIVED, row_number, errors)
    received = _date(raw, RECEIVED, row_number, errors) or arrived
    replied = _date(raw, REPLIED, row_number, errors)
    channel = _CHANNELS.get(_text(raw.get(CHANNEL)))
    if channel is None:
        errors.append(
            _row_error(
                row_number, CHANNEL,
                f"无法识别「{_text(raw.get(CHANNEL))}」，应为{'、'.join(CHANNEL_LABELS.values())}",
            )
        )  # fmt: skip
    applicant_type = _APPLICANT_TYPES.get(_text(raw.get(APPLICANT_TYPE)))
    if applicant_type is None:
        errors.append(
            _row_error(
                row_number, APPLICANT_TYPE,
                f"无法识别「{_text(raw.get(APPLICANT_TYPE))}」，应为"
                f"{'、'.join(APPLICANT_TYPE_LABELS.values())}",
            )
        )  # fmt: skip
    outcome_text = _text(raw.get(OUTCOME))
    outcome = _OUTCOMES.get(outcome_text) if outcome_text else None
    if outcome_text and outcome is None:
        errors.append(
            _row_error(
                row_number, OUTCOME, f"无法识别的办理结果「{outcome_text}」（应为年报表三的行名）"
            )
        )
    if outcome is not None and replied is None:
        errors.append(_row_error(row_number, REPLIED, "有办理结果的申请须填写答复日期"))
    if outcome_text == "" and replied is not None:
        errors.append(_row_error(row_number, OUTCOME, "有答复日期的申请须填写办理结果"))
    for column, value in ((ARRIVED, arrived), (RECEIVED, received), (REPLIED, replied)):
        if value is not None and value > today:
            errors.append(_row_error(row_number, column, "日期不能晚于今天"))
    if arrived and received and received < arrived:
        errors.append(_row_error(row_number, RECEIVED, "收到日期不能早于送达日期"))
    if channel is Channel.IN_PERSON and arrived and received and received != arrived:
        errors.append(_row_error(row_number, RECEIVED, "当面提交的申请，收到日期即送达日期"))
    if replied and received and replied < received:
        errors.append(_row_error(row_number, REPLIED, "答复日期不能早于收到日期"))
    if errors:
        return errors
    assert arrived is not None and received is not None  # noqa: S101 - required, checked
    assert channel is not None and applicant_type is not None  # noqa: S101
    row = HistoricRow(
        row_number=row_number,
        source_id=source_id,
        unit=_text(raw.get(UNIT)),
        arrived_on=arrived,
        received_on=received,
        applicant_type=applicant_type,
        applicant_name=_text(raw.get(APPLICANT))[:200] or DEFAULT_APPLICANT,
        channel=channel,
        description=_text(raw.get(DESCRIPTION)) or DEFAULT_DESCRIPTION,
        outcome=outcome,
        replied_on=replied,
    )
    try:
        compute_clock(ledger_events(row), calendar, today=today)
    except LedgerError as exc:
        return [_row_error(row_number, OUTCOME, f"台账不合规：{exc}")]
    return row


def parse_rows(
    table: Iterable[tuple[int, tuple[object, ...]]], *, calendar: WorkCalendar, today: date
) -> ParseResult:
    """Parse a whole sheet (row 1 is the header); duplicate 来源编号 in the file are errors."""
    result = ParseResult()
    mapping: dict[int, str] | None = None
    seen: dict[tuple[str, str], int] = {}
    for row_number, cells in table:
        if mapping is None:
            mapping, result.ignored_columns = map_header(cells)
            continue
        raw = {name: cells[i] for i, name in mapping.items() if i < len(cells)}
        if not any(_text(v) for v in raw.values()):
            continue
        result.total_rows += 1
        parsed = parse_row(row_number, raw, calendar=calendar, today=today)
        if isinstance(parsed, list):
            result.errors.extend(parsed)
            continue
        key = (parsed.unit, parsed.source_id)
        if key in seen:
            result.errors.append(
                _row_error(
                    row_number, SOURCE, f"来源编号「{parsed.source_id}」与第 {seen[key]} 行重复"
                )
            )
            continue
        seen[key] = row_number
        result.rows.append(parsed)
    if mapping is None:
        raise ImportFileError("文件是空的，第 1 行应为表头")
    return result
