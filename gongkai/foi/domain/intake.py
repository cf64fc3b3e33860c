"""Rules of intake and of the public status page (pure Python, no Django).

- Which kinds of unit accept applications: administrative organs (Art. 10: the organ that made
  or keeps the information discloses it), i.e. the county government, its departments and the
  townships. The county office (政务公开办) is the county government's 公开工作机构, not a
  separate receiving body; villages and public enterprises follow their own disclosure rules.
- What an applicant may see on the public status page: the state in plain words and the
  events of the clock ledger with their dates, never notes, staff names or personal data.
- The rate limits of the public form (decision 0005).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final

from gongkai.core.domain.ratelimits import Limit, LimitTable
from gongkai.foi.domain.events import Channel, EventKind, State

__all__ = [
    "ACCEPTING_UNIT_KINDS",
    "CONFIRMATION_LABELS",
    "EVIDENCE_REQUIRED",
    "OFFLINE_CHANNELS",
    "PUBLIC_EVENT_LABELS",
    "RATE_LIMITS",
    "PublicStep",
    "public_state",
    "public_timeline",
]

ACCEPTING_UNIT_KINDS: Final = frozenset({"county_government", "department", "township"})

# Staff enter these; the portal form is Channel.ONLINE.
OFFLINE_CHANNELS: Final = (
    Channel.IN_PERSON,
    Channel.REGISTERED_MAIL,
    Channel.ORDINARY_MAIL,
    Channel.FAX,
    Channel.EMAIL,
)

# Which second date Art. 31 needs for the channel (None: the day it is handed in counts).
CONFIRMATION_LABELS: Final = MappingProxyType(
    {
        Channel.IN_PERSON: None,
        Channel.REGISTERED_MAIL: "签收日期",
        Channel.ORDINARY_MAIL: "与申请人确认日期",
        Channel.FAX: "双方确认日期",
        Channel.EMAIL: "双方确认日期",
        Channel.ONLINE: "双方确认日期",
    }
)

# A scan of the envelope or fax is required where the date of receipt rests on a paper trail
# (postmark, signing slip, fax header) that may be disputed in 行政复议; an e-mail stays in the
# published mailbox and a form handed in is signed on the spot (decision 0005).
EVIDENCE_REQUIRED: Final = frozenset({Channel.REGISTERED_MAIL, Channel.ORDINARY_MAIL, Channel.FAX})

PUBLIC_EVENT_LABELS: Final = MappingProxyType(
    {
        EventKind.RECEIVED: "收到申请",
        EventKind.CORRECTION_NOTICE_SENT: "发出补正告知，请按告知书补正申请",
        EventKind.CORRECTION_RECEIVED: "收到补正后的申请，答复期限重新计算",
        EventKind.CORRECTION_LAPSED: "申请人逾期未补正，视为放弃申请",
        EventKind.CONSULTATION_SENT: "征求意见（所需时间不计入答复期限）",
        EventKind.CONSULTATION_ANSWERED: "征求意见结束",
        EventKind.FEE_NOTICE_SENT: "送达收费通知（缴费期间不计入答复期限）",
        EventKind.FEE_PAID: "收到信息处理费",
        EventKind.FEE_LAPSED: "申请人逾期未缴费，视为放弃申请",
        EventKind.EXTENSION_APPROVED: "延长答复期限（《条例》第三十三条）",
        EventKind.ART35_DEADLINE_SET: "确定延迟答复的合理期限（《条例》第三十五条）",
        EventKind.REPLIED: "作出答复",
    }
)


@dataclass(frozen=True, slots=True)
class PublicStep:
    on: date
    label: str


def public_timeline(events: Sequence[tuple[EventKind, date]]) -> list[PublicStep]:
    """The steps an applicant sees: what happened and when, nothing else."""
    return [PublicStep(on=on, label=PUBLIC_EVENT_LABELS[EventKind(kind)]) for kind, on in events]


def public_state(state: State | str, kinds: Sequence[EventKind | str]) -> str:
    """已收到 / 补正中 / 办理中 / 已延期 / 征求意见中 / 等待缴费 / 已答复 / 已终止 …"""
    state = State(state)
    kinds = [EventKind(k) for k in kinds]
    if state is State.NEW:
        return "已提交，待确认收到"
    if state is State.CLOSED:
        last = kinds[-1] if kinds else None
        if last in (EventKind.CORRECTION_LAPSED, EventKind.FEE_LAPSED):
            return "已终止"
        return "已答复"
    if state is State.AWAITING_CORRECTION:
        return "补正中"
    if state is State.AWAITING_FEE:
        return "等待缴费"
    if EventKind.EXTENSION_APPROVED in kinds or EventKind.ART35_DEADLINE_SET in kinds:
        return "已延期"
    if state is State.CONSULTING:
        return "办理中（征求意见）"
    if kinds and set(kinds) <= {EventKind.RECEIVED}:
        return "已收到"
    return "办理中"


# action → client kind → limits, counted in the database by gongkai/core/antiabuse.py
# (decision 0005). Tighter per session than per IP address (one office may share an address).
RATE_LIMITS: Final[LimitTable] = MappingProxyType(
    {
        # Successful applications.
        "apply": {
            "ip": (Limit(5, 3600, "1小时"), Limit(20, 86400, "24小时")),
            "session": (Limit(3, 3600, "1小时"),),
        },
        # Every submission of the form, valid or not: bounds guessing of captchas.
        "apply_post": {
            "ip": (Limit(40, 3600, "1小时"),),
            "session": (Limit(20, 3600, "1小时"),),
        },
        # Status look-ups with a wrong code: bounds guessing of query codes.
        "track_fail": {
            "ip": (Limit(10, 3600, "1小时"), Limit(30, 86400, "24小时")),
            "session": (Limit(8, 3600, "1小时"),),
        },
    }
)
