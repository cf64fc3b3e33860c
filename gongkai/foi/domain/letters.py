"""Reply letters (政府信息公开申请答复书): states, numbering, dates in Chinese, templates.

The letter skeleton follows the reference text in huoqiu.md §7.2 (title, 文号, applicant,
"本机关于……收到您……的申请。经研究，现答复如下", the outcome and its legal basis, the remedy
sentence, seal and date). The remedy sentence names the review body of the 2024 《行政复议法》
(huoqiu.md §7.2): the county government reviews the acts of its departments and townships; the
acts of the county government and its office are reviewed by the city government.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from gongkai.foi.domain.outcomes import (
    OUTCOME_GROUP,
    OUTCOME_REPLY_TYPES,
    REMEDY_SENTENCE,
    Outcome,
    OutcomeGroup,
    ReplyType,
)

__all__ = [
    "DEFAULT_TITLE",
    "LETTER_STATE_LABELS",
    "LETTER_TRANSITIONS",
    "PLACEHOLDERS",
    "LetterState",
    "LetterTransitionError",
    "check_transition",
    "chinese_date",
    "default_body",
    "format_letter_number",
    "remedy_sentence",
    "render",
    "reply_type_choices",
    "review_body",
    "unknown_placeholders",
]

_DIGITS: Final = "〇一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1..31 in the 公文 style: 十, 十一, 二十, 二十六, 三十一."""
    if not 1 <= n <= 39:
        raise ValueError(f"month or day out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_DIGITS[tens]}十")
    return head + (_DIGITS[ones] if ones else "")


def chinese_date(d: date) -> str:
    """The 成文日期 of a 公文 in Chinese numerals: 2026-11-26 → 二〇二六年十一月二十六日.

    Year digit by digit with 〇 (GB/T 9704-2012 7.3.5.1 writes the date in Arabic numerals since
    2012, but county offices still print letters in Chinese numerals; the issue asks for them).
    """
    year = "".join(_DIGITS[int(c)] for c in f"{d.year:04d}")
    return f"{year}年{_chinese_number(d.month)}月{_chinese_number(d.day)}日"


def format_letter_number(prefix: str, year: int, number: int) -> str:
    """霍政公开〔2026〕12号: 机关代字 + 〔year〕 + sequence (no leading zeros, GB/T 9704)."""
    if number < 1:
        raise ValueError("letter numbers start at 1")
    return f"{prefix}〔{year}〕{number}号"


# ------------------------------------------------------------------------ states


class LetterState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


LETTER_STATE_LABELS: Final = MappingProxyType(
    {
        LetterState.DRAFT: "草稿",
        LetterState.SUBMITTED: "待审批",
        LetterState.APPROVED: "已签发",
        LetterState.RETURNED: "已退回修改",
    }
)


class LetterTransitionError(ValueError):
    """A transition not allowed from the letter's state (Chinese message)."""


# The one table of allowed transitions: name → (source states, target state).
LETTER_TRANSITIONS: Final = MappingProxyType(
    {
        "edit": (frozenset({LetterState.DRAFT, LetterState.RETURNED}), None),
        "submit": (frozenset({LetterState.DRAFT, LetterState.RETURNED}), LetterState.SUBMITTED),
        "approve": (frozenset({LetterState.SUBMITTED}), LetterState.APPROVED),
        "return": (frozenset({LetterState.SUBMITTED}), LetterState.RETURNED),
    }
)
_TRANSITION_LABELS: Final = {
    "edit": "修改",
    "submit": "提交审批",
    "approve": "签发",
    "return": "退回",
}


def check_transition(name: str, state: LetterState | str) -> LetterState:
    """The state after ``name`` (the current state for ``edit``), or LetterTransitionError."""
    sources, target = LETTER_TRANSITIONS[name]
    state = LetterState(state)
    if state not in sources:
        raise LetterTransitionError(
            f"答复书当前为“{LETTER_STATE_LABELS[state]}”，不能{_TRANSITION_LABELS[name]}"
        )
    return target or state


# ---------------------------------------------------------------------- remedy


def review_body(*, county_level: bool, county_government: str, city_government: str) -> str:
    """The 行政复议机关 under the 2024 《行政复议法》 (huoqiu.md §7.2 [I]).

    Departments and townships of the county: the county government; the county government
    itself and its office (county-level bodies): the city government one level up.
    """
    return city_government if county_level else county_government


def remedy_sentence(body: str) -> str:
    """行政复议 within 60 days to ``body``, 行政诉讼 within 6 months (Art. 51)."""
    return REMEDY_SENTENCE.format(review_body=body)


# ---------------------------------------------------------------------- templates

PLACEHOLDERS: Final = MappingProxyType(
    {
        "申请人": "申请人姓名或名称",
        "收到日期": "收到申请之日（如2026年11月2日）",
        "申请内容": "申请公开的信息描述",
        "法律依据": "该办理结果的法律依据和处理意见",
        "救济途径": "行政复议、行政诉讼告知",
        "答复机关": "受理机关全称",
    }
)
_PLACEHOLDER_RE: Final = re.compile(r"\{([^{}\s]{1,20})\}")
DEFAULT_TITLE: Final = "政府信息公开申请答复书"

# What the agency says before the legal basis, per outcome group (huoqiu.md §7.2 reference text).
_GROUP_TEXT: Final = MappingProxyType(
    {
        OutcomeGroup.DISCLOSED: "经审查，您申请公开的政府信息属于可以公开的政府信息，现按照您要求的"
        "形式予以提供（见附件）。",
        OutcomeGroup.PARTIAL: "经审查，您申请公开的政府信息中部分内容可以公开，现将可以公开的部分"
        "予以提供（见附件）；其余部分不予公开，理由如下：",
        OutcomeGroup.WITHHELD: "经审查，",
        OutcomeGroup.UNAVAILABLE: "经审查，",
        OutcomeGroup.NOT_HANDLED: "经审查，",
        OutcomeGroup.OTHER: "",
    }
)
_OUTCOME_TEXT: Final = MappingProxyType(
    {
        Outcome.UNAVAILABLE_NOT_HELD: "经检索，本机关未制作或获取您申请的政府信息。",
        Outcome.UNAVAILABLE_NEEDS_CREATION: "您申请的信息需要本机关对现有政府信息进行加工、分析"
        "方能形成，本机关没有现成信息。",
        Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION: "本机关已告知您补正申请，补正后的申请内容"
        "仍不明确，本机关无法确定您所需的政府信息。",
        Outcome.NOT_HANDLED_PETITION: "您提出的事项属于信访、投诉、举报，请通过相应渠道提出。",
        Outcome.NOT_HANDLED_REPEAT: "本机关已就您申请公开的同一政府信息作出过答复。",
        Outcome.NOT_HANDLED_PUBLICATION: "您要求提供的是公开出版物，可通过公开发行渠道获取。",
        Outcome.NOT_HANDLED_EXCESSIVE: "您申请的数量、频次明显超过合理范围，经要求说明理由，"
        "所提理由不合理。",
        Outcome.NOT_HANDLED_CONFIRMATION: "您要求本机关确认或重新出具您已获取的信息。",
        Outcome.OTHER_NO_CORRECTION: "本机关已书面告知您补正申请，您无正当理由逾期未补正，"
        "视为放弃申请。",
        Outcome.OTHER_FEE_UNPAID: "本机关已向您送达收费通知，您逾期未按要求缴纳信息处理费，"
        "视为放弃申请。",
        Outcome.OTHER_OTHER: "",
    }
)

_OPENING: Final = (
    "{申请人}：\n"
    "本机关于{收到日期}收到您提出的政府信息公开申请，申请获取“{申请内容}”。经研究，现答复如下："
)


def default_body(outcome: Outcome) -> str:
    """The seeded template body for ``outcome`` (paragraphs separated by newlines)."""
    text = _OUTCOME_TEXT.get(outcome) or _GROUP_TEXT[OUTCOME_GROUP[outcome]]
    if outcome in (Outcome.DISCLOSED, Outcome.PARTIAL):
        text = _GROUP_TEXT[OUTCOME_GROUP[outcome]]
    return f"{_OPENING}\n{text}{{法律依据}}\n{{救济途径}}\n特此告知。"


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders in ``text`` that :func:`render` would not fill (to refuse a bad template)."""
    return sorted({m for m in _PLACEHOLDER_RE.findall(text) if m not in PLACEHOLDERS})


def render(text: str, values: dict[str, str]) -> str:
    """Fill the known placeholders; other braces are left as they are."""

    def fill(match: re.Match) -> str:
        key = match.group(1)
        return values[key] if key in values and key in PLACEHOLDERS else match.group(0)

    return _PLACEHOLDER_RE.sub(fill, text)


def reply_type_choices(outcome: Outcome) -> tuple[ReplyType, ...]:
    """The Art. 36 reply types a letter with ``outcome`` may use (the first is the default)."""
    return OUTCOME_REPLY_TYPES[outcome]
