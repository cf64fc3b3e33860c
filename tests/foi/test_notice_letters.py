"""告知书 texts (Arts. 30, 33 ¶2, 35) from ledger entries, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.foi.domain.events import EventKind
from gongkai.foi.domain.notice_letters import NOTICE_TITLES, notice_letter

K = EventKind
BASE = {
    "applicant": "张三",
    "tracking_code": "YSQ-2026-000012",
    "description": "2025年城关镇老旧小区改造项目的招标文件。",
    "received_on": date(2026, 11, 20),
    "event_on": date(2026, 11, 25),
}


def test_correction_notice_lists_every_missing_item_and_the_period():
    letter = notice_letter(
        K.CORRECTION_NOTICE_SENT,
        note="需补正的事项：\n1. 项目名称\n2. 所需文件的形成时间",
        until=date(2026, 12, 10),
        **BASE,
    )
    assert letter.title == "政府信息公开申请补正告知书"
    assert letter.paragraphs[0] == "张三："
    text = "\n".join(letter.paragraphs)
    assert "2026年11月20日收到" in text and "YSQ-2026-000012" in text
    assert "“2025年城关镇老旧小区改造项目的招标文件”" in text  # the full stop is not doubled
    assert "1. 项目名称" in letter.paragraphs and "2. 所需文件的形成时间" in letter.paragraphs
    assert "第三十条" in text and "2026年12月10日前" in text and "视为您放弃申请" in text
    assert letter.dated_on == date(2026, 11, 25)


def test_extension_notice_gives_the_reason_and_the_new_date():
    letter = notice_letter(
        K.EXTENSION_APPROVED,
        note="所需信息涉及多个部门，需调取档案。",
        new_due=date(2027, 1, 15),
        **BASE,
    )
    text = "\n".join(letter.paragraphs)
    assert "因所需信息涉及多个部门，需调取档案，本机关不能在法定期限内作出答复" in text
    assert "第三十三条第二款" in text and "负责人同意" in text and "2027年1月15日前作出答复" in text


def test_art35_notice():
    letter = notice_letter(K.ART35_DEADLINE_SET, until=date(2027, 3, 1), **BASE)
    text = "\n".join(letter.paragraphs)
    assert "第三十五条" in text and "2027年3月1日" in text
    assert letter.title == "政府信息公开申请延迟答复告知书"


@pytest.mark.parametrize("kind", [K.RECEIVED, K.FEE_PAID, K.REPLIED])
def test_entries_without_a_notice(kind):
    assert kind not in NOTICE_TITLES
    with pytest.raises(ValueError):
        notice_letter(kind, **BASE)


def test_missing_period_is_a_programming_error():
    with pytest.raises(ValueError):
        notice_letter(K.CORRECTION_NOTICE_SENT, **BASE)
    with pytest.raises(ValueError):
        notice_letter(K.EXTENSION_APPROVED, **BASE)
