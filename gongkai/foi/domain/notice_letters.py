"""告知书: the notices the applicant receives while the case runs (pure text, no Django).

- 补正告知书 (《条例》第三十条): one notice listing everything to correct, with the period.
- 延期答复告知书 (第三十三条第二款): the extension approved by the head of the disclosure office,
  with the new reply date — the applicant must be told.
- 延迟答复告知书 (第三十五条): the reasonable later deadline for unreasonably large or frequent
  applications.

The ledger entry is the source: its date, its period (``until``) and its note (the missing
items, the reason). The reply letters themselves are gongkai/foi/domain/letters.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from gongkai.foi.domain.events import EventKind, fmt_date

__all__ = ["NOTICE_TITLES", "NoticeLetter", "notice_letter"]

NOTICE_TITLES: Final = MappingProxyType(
    {
        EventKind.CORRECTION_NOTICE_SENT: "政府信息公开申请补正告知书",
        EventKind.EXTENSION_APPROVED: "政府信息公开申请延期答复告知书",
        EventKind.ART35_DEADLINE_SET: "政府信息公开申请延迟答复告知书",
    }
)
MISSING_HEADER = "需补正的事项："
LAW = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True, slots=True)
class NoticeLetter:
    title: str
    paragraphs: tuple[str, ...]  # the first is the salutation
    dated_on: dt.date


def _items(note: str) -> list[str]:
    lines = [line.strip() for line in (note or "").splitlines() if line.strip()]
    if lines and lines[0] == MISSING_HEADER:
        lines = lines[1:]
    return lines


def _sentence(text: str) -> str:
    text = (text or "").strip().rstrip("。；;，,")
    return text


def notice_letter(
    kind: EventKind | str,
    *,
    applicant: str,
    tracking_code: str,
    description: str,
    received_on: dt.date,
    event_on: dt.date,
    note: str = "",
    until: dt.date | None = None,
    new_due: dt.date | None = None,
) -> NoticeLetter:
    """The notice for the ledger entry ``kind`` (ValueError for an entry that has none)."""
    kind = EventKind(kind)
    if kind not in NOTICE_TITLES:
        raise ValueError(f"no notice letter for {kind}")
    opening = (
        f"本机关于{fmt_date(received_on)}收到您提出的政府信息公开申请"
        f"（申请编号：{tracking_code}），申请获取“{_sentence(description)}”。"
    )
    body: list[str]
    if kind is EventKind.CORRECTION_NOTICE_SENT:
        if until is None:
            raise ValueError("a correction notice needs its period")
        items = _items(note) or ["申请获取的政府信息的名称、文号或者便于本机关查询的其他特征性描述"]
        body = [
            opening + f"经审查，您的申请内容不够明确。根据{LAW}第三十条的规定，"
            "请您对以下事项作出补正：",
            *items,
            f"请您于{fmt_date(until)}前向本机关提交补正后的申请。答复期限自本机关收到补正后的"
            "申请之日起计算；无正当理由逾期不补正的，视为您放弃申请，本机关不再处理该政府信息"
            "公开申请。",
        ]
    elif kind is EventKind.EXTENSION_APPROVED:
        if new_due is None:
            raise ValueError("an extension notice needs the new reply date")
        reason = _sentence(note) or "所需信息需要进一步检索、核实"
        body = [
            opening + f"因{reason}，本机关不能在法定期限内作出答复。根据{LAW}第三十三条第二款的"
            "规定，经本机关政府信息公开工作机构负责人同意，答复期限延长二十个工作日，本机关将于"
            f"{fmt_date(new_due)}前作出答复。",
            "特此告知。",
        ]
    else:
        if until is None:
            raise ValueError("an Art. 35 notice needs the deadline")
        reason = _sentence(note)
        body = [
            opening
            + (f"{reason}。" if reason else "")
            + f"经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据{LAW}第三十五条的"
            f"规定，本机关确定延迟答复的合理期限为{fmt_date(until)}，将于该日期前作出答复。",
            "特此告知。",
        ]
    return NoticeLetter(NOTICE_TITLES[kind], (f"{applicant}：", *body), event_on)
