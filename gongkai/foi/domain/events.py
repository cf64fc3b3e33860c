"""Events of the clock ledger (计时事件), the channels of Art. 31 and the allowed sequences.

《中华人民共和国政府信息公开条例》 Art. 31 fixes the day of receipt per channel
(:func:`receipt_date`); :data:`ALLOWED_EVENTS` is the one table of which event may follow which
state (Art. 45: 登记、审核、办理、答复、归档). The checks that need the calendar (7-working-day
correction notice, single extension, fee and correction periods) live in
:mod:`gongkai.foi.domain.ledger`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from gongkai.foi.domain.outcomes import Outcome

__all__ = [
    "ALLOWED_EVENTS",
    "CHANNEL_LABELS",
    "EVENT_LABELS",
    "RECEIPT_RULES",
    "STATE_LABELS",
    "Channel",
    "ClockEvent",
    "EventKind",
    "LedgerError",
    "State",
    "fmt_date",
    "receipt_date",
    "state_after",
]


class LedgerError(ValueError):
    """An event that the ledger rules do not allow; the message is Chinese, shown to staff."""


class Channel(StrEnum):
    """How the application arrived (Art. 31; 国办公开办函〔2015〕207号)."""

    IN_PERSON = "in_person"  # 当面提交
    REGISTERED_MAIL = "registered_mail"  # 邮寄，需签收（挂号、EMS）
    ORDINARY_MAIL = "ordinary_mail"  # 平常信函
    FAX = "fax"  # 传真
    EMAIL = "email"  # 电子邮件
    ONLINE = "online"  # 网上申请


CHANNEL_LABELS: Final = MappingProxyType(
    {
        Channel.IN_PERSON: "当面提交",
        Channel.REGISTERED_MAIL: "邮寄（需签收）",
        Channel.ORDINARY_MAIL: "平常信函",
        Channel.FAX: "传真",
        Channel.EMAIL: "电子邮件",
        Channel.ONLINE: "网上申请",
    }
)

RECEIPT_RULES: Final = MappingProxyType(
    {
        Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日",
        Channel.REGISTERED_MAIL: "以邮寄方式提交的，以签收之日为收到申请之日",
        Channel.ORDINARY_MAIL: "以平常信函等无需签收的邮寄方式提交的，以与申请人确认之日为收到申请之日",
        Channel.FAX: "通过传真提交的，以双方确认之日为收到申请之日",
        Channel.EMAIL: "通过电子邮件提交的，以双方确认之日为收到申请之日",
        Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日",
    }
)


def receipt_date(channel: Channel, *, arrived: date, confirmed_on: date | None = None) -> date:
    """The day of receipt under Art. 31 for ``channel``.

    ``arrived`` is the day the application was handed in or reached the agency; ``confirmed_on``
    the day it was signed for (registered mail) or confirmed with the applicant (ordinary mail,
    fax, e-mail, online). A later confirmation is allowed: if the applicant could not be reached,
    the clock starts when contact is restored (207号).
    """
    if channel is Channel.IN_PERSON:
        if confirmed_on not in (None, arrived):
            raise LedgerError("当面提交的申请以提交之日为收到申请之日，不需另行确认")
        return arrived
    if confirmed_on is None:
        what = "签收日期" if channel is Channel.REGISTERED_MAIL else "与申请人确认的日期"
        raise LedgerError(f"{CHANNEL_LABELS[channel]}的申请须填写{what}（《条例》第三十一条）")
    if confirmed_on < arrived:
        raise LedgerError("签收或确认日期不能早于申请送达日期")
    return confirmed_on


class EventKind(StrEnum):
    RECEIVED = "received"
    CORRECTION_NOTICE_SENT = "correction_notice_sent"
    CORRECTION_RECEIVED = "correction_received"
    CORRECTION_LAPSED = "correction_lapsed"
    CONSULTATION_SENT = "consultation_sent"
    CONSULTATION_ANSWERED = "consultation_answered"
    FEE_NOTICE_SENT = "fee_notice_sent"
    FEE_PAID = "fee_paid"
    FEE_LAPSED = "fee_lapsed"
    EXTENSION_APPROVED = "extension_approved"
    ART35_DEADLINE_SET = "art35_deadline_set"
    REPLIED = "replied"


EVENT_LABELS: Final = MappingProxyType(
    {
        EventKind.RECEIVED: "收到申请",
        EventKind.CORRECTION_NOTICE_SENT: "发出补正告知",
        EventKind.CORRECTION_RECEIVED: "收到补正后申请",
        EventKind.CORRECTION_LAPSED: "申请人逾期未补正",
        EventKind.CONSULTATION_SENT: "发出征求意见",
        EventKind.CONSULTATION_ANSWERED: "收到征求意见答复",
        EventKind.FEE_NOTICE_SENT: "送达收费通知",
        EventKind.FEE_PAID: "申请人缴纳信息处理费",
        EventKind.FEE_LAPSED: "申请人逾期未缴费",
        EventKind.EXTENSION_APPROVED: "延期答复获批准",
        EventKind.ART35_DEADLINE_SET: "确定合理的延迟答复期限（第三十五条）",
        EventKind.REPLIED: "作出答复",
    }
)


@dataclass(frozen=True, slots=True)
class ClockEvent:
    """One ledger entry. Fields beyond ``kind`` and ``on`` are used by some kinds only.

    * RECEIVED: ``channel``, ``confirmed_on`` (see :func:`receipt_date`); ``on`` = arrival.
    * CORRECTION_NOTICE_SENT: ``until`` = the applicant's correction period (last day).
    * CONSULTATION_SENT: ``third_party`` True (Art. 32) or False (other agency, Art. 34).
    * FEE_NOTICE_SENT: ``on`` = the day the notice is served on the applicant.
    * ART35_DEADLINE_SET: ``until`` = the later deadline set under Art. 35.
    * REPLIED: ``outcome``.
    """

    kind: EventKind
    on: date
    channel: Channel | None = None
    confirmed_on: date | None = None
    until: date | None = None
    third_party: bool = True
    outcome: Outcome | None = None


class State(StrEnum):
    NEW = "new"
    OPEN = "open"
    AWAITING_CORRECTION = "awaiting_correction"
    CONSULTING = "consulting"
    AWAITING_FEE = "awaiting_fee"
    CLOSED = "closed"


STATE_LABELS: Final = MappingProxyType(
    {
        State.NEW: "未登记",
        State.OPEN: "办理中",
        State.AWAITING_CORRECTION: "等待补正",
        State.CONSULTING: "征求意见中",
        State.AWAITING_FEE: "等待缴费",
        State.CLOSED: "已办结",
    }
)

# Which event may follow which state, and the state it leads to.
ALLOWED_EVENTS: Final = MappingProxyType(
    {
        State.NEW: MappingProxyType({EventKind.RECEIVED: State.OPEN}),
        State.OPEN: MappingProxyType(
            {
                EventKind.CORRECTION_NOTICE_SENT: State.AWAITING_CORRECTION,
                EventKind.CONSULTATION_SENT: State.CONSULTING,
                EventKind.FEE_NOTICE_SENT: State.AWAITING_FEE,
                EventKind.EXTENSION_APPROVED: State.OPEN,
                EventKind.ART35_DEADLINE_SET: State.OPEN,
                EventKind.REPLIED: State.CLOSED,
            }
        ),
        State.AWAITING_CORRECTION: MappingProxyType(
            {
                EventKind.CORRECTION_RECEIVED: State.OPEN,
                EventKind.CORRECTION_LAPSED: State.CLOSED,
            }
        ),
        State.CONSULTING: MappingProxyType(
            {
                EventKind.CONSULTATION_ANSWERED: State.OPEN,
                EventKind.EXTENSION_APPROVED: State.CONSULTING,
            }
        ),
        State.AWAITING_FEE: MappingProxyType(
            {EventKind.FEE_PAID: State.OPEN, EventKind.FEE_LAPSED: State.CLOSED}
        ),
        State.CLOSED: MappingProxyType({}),
    }
)


def state_after(events: Sequence[ClockEvent]) -> State:
    """The state reached by ``events`` (assumed already checked)."""
    state = State.NEW
    for event in events:
        state = ALLOWED_EVENTS[state].get(event.kind, state)
    return state


def fmt_date(d: date) -> str:
    """ "2026年3月2日"."""
    return f"{d.year}年{d.month}月{d.day}日"
