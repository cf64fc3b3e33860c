"""Parsing historical ledgers (pure, no database): columns, values, lawful ledgers, errors."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.foi.domain.events import Channel, EventKind
from gongkai.foi.domain.importing import (
    HistoricRow,
    ImportFileError,
    ledger_events,
    map_header,
    parse_rows,
)
from gongkai.foi.domain.outcomes import Outcome
from gongkai.foi.domain.stats import ApplicantType
from gongkai.workdays.domain.engine import WorkCalendar
from tests.workdays.test_engine import HAND_ARRANGEMENTS

CAL = WorkCalendar(HAND_ARRANGEMENTS)
TODAY = date(2026, 11, 26)
HEADER = (
    "编号",
    "受理单位",
    "申请日期",
    "签收日期",
    "申请人性质",
    "申请渠道",
    "答复结果",
    "办结日期",
)


def parse(*rows):
    table = [(1, HEADER), *((n, row) for n, row in enumerate(rows, start=2))]
    return parse_rows(table, calendar=CAL, today=TODAY)


def test_aliases_map_to_columns_and_missing_required_columns_are_named():
    mapping, ignored = map_header([*HEADER, "备注"])
    assert mapping[0] == "来源编号" and mapping[7] == "答复日期" and ignored == ["备注"]
    with pytest.raises(ImportFileError, match="「提交渠道」"):
        map_header(["来源编号", "送达日期", "申请人类型"])


@pytest.mark.parametrize(
    ("cells", "outcome", "channel", "applicant"),
    [
        (("1", "x", "2025-03-03", "", "公民", "当面", "公开", "2025-03-20"),
         Outcome.DISCLOSED, Channel.IN_PERSON, ApplicantType.NATURAL_PERSON),
        (("2", "x", "2025/3/3", "2025/3/4", "企业", "挂号信", "保护第三方合法权益", "2025-04-01"),
         Outcome.WITHHELD_THIRD_PARTY, Channel.REGISTERED_MAIL, ApplicantType.BUSINESS),
        (("3", "x", "2025年3月3日", "", "律师事务所", "网申", "不予处理—重复申请", "2025-03-10"),
         Outcome.NOT_HANDLED_REPEAT, Channel.ONLINE, ApplicantType.LEGAL_SERVICE),
        (("4", "x", date(2025, 3, 3), None, "科研机构", "平信", "unavailable.2", date(2025, 3, 9)),
         Outcome.UNAVAILABLE_NEEDS_CREATION, Channel.ORDINARY_MAIL, ApplicantType.RESEARCH),
        (("5", "x", "2025-12-29", "", "其他组织", "传真", "", ""), None, Channel.FAX, ApplicantType.OTHER),
    ],
)  # fmt: skip
def test_values(cells, outcome, channel, applicant):
    result = parse(cells)
    assert result.errors == []
    row = result.rows[0]
    assert (row.outcome, row.channel, row.applicant_type) == (outcome, channel, applicant)


def _row(outcome, received, replied):
    return HistoricRow(2, "s", "", received, received, ApplicantType.NATURAL_PERSON, "n",
                       Channel.IN_PERSON, "d", outcome, replied)  # fmt: skip


def test_lapse_rows_get_the_notice_the_ledger_needs():
    kinds = [e.kind for e in ledger_events(_row(Outcome.OTHER_NO_CORRECTION, date(2025, 3, 3),
                                                date(2025, 3, 20)))]  # fmt: skip
    assert kinds == [
        EventKind.RECEIVED,
        EventKind.CORRECTION_NOTICE_SENT,
        EventKind.CORRECTION_LAPSED,
    ]
    kinds = [e.kind for e in ledger_events(_row(Outcome.OTHER_FEE_UNPAID, date(2025, 3, 3),
                                                date(2025, 5, 20)))]  # fmt: skip
    assert kinds == [EventKind.RECEIVED, EventKind.FEE_NOTICE_SENT, EventKind.FEE_LAPSED]
    assert [e.kind for e in ledger_events(_row(None, date(2025, 3, 3), None))] == [
        EventKind.RECEIVED
    ]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (("1", "x", "", "", "公民", "当面", "", ""), "第 2 行「送达日期」：必填"),
        (("1", "x", "2027-01-01", "", "公民", "当面", "", ""), "日期不能晚于今天"),
        (("1", "x", "2025-03-03", "2025-03-05", "公民", "当面", "", ""), "收到日期即送达日期"),
        (("1", "x", "2025-03-03", "", "公民", "当面", "", "2025-03-05"), "须填写办理结果"),
        (("1", "x", "2025-03-03", "", "公民", "当面", "公开", "2025-03-01"), "答复日期不能早于收到日期"),
        (("1", "x", "2025-03-03", "", "公民", "当面", "逾期不补正", "2025-03-04"), "台账不合规"),
        (("1", "x", "2025-03-03", "", "公民", "当面", "其他", "x"), "无法识别的日期「x」"),
    ],
)  # fmt: skip
def test_row_errors(cells, message):
    result = parse(cells)
    assert result.rows == []
    assert any(message in e.message for e in result.errors), result.errors


def test_blank_rows_are_skipped_and_duplicates_reported():
    row = ("A1", "x", "2025-03-03", "", "公民", "当面", "", "")
    result = parse(row, ("", "", "", "", "", "", "", ""), row)
    assert result.total_rows == 2 and len(result.rows) == 1
    assert result.errors[0].message == "第 4 行「来源编号」：来源编号「A1」与第 2 行重复"
    with pytest.raises(ImportFileError, match="空"):
        parse_rows([], calendar=CAL, today=TODAY)
