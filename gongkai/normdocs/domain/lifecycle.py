"""Lifecycle of an administrative normative document (行政规范性文件), in plain Python.

Two state machines, each with one table of allowed transitions:

- the **procedure** (制定程序), 国办发〔2018〕37号 and 国办发〔2018〕115号 (statutes.md §6.1):
  draft → legality review by the legal office → collective deliberation → signed →
  registered and numbered (统一登记、统一编号、统一印发) → published → filed (备案).
  A document that has not passed legality review may not go to collective deliberation, and an
  unpublished document may not serve as a basis for administration;
- the **validity** (有效性) of a published document: 有效 → 失效 / 废止 / 已修改, and 已修改 →
  失效 / 废止. 《安徽省行政机关规范性文件制定程序规定》 Art. 7: every document states its 有效期,
  normally at most 5 years from entry into force, 5 years when none is stated; it lapses
  automatically when the period ends. 暂行/试行 documents: at most 2 years (commonly reported
  Anhui practice, statutes.md §6.2 [U]).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    DRAFT = "draft"
    LEGAL_REVIEW = "legal_review"
    REVIEWED = "reviewed"
    DELIBERATED = "deliberated"
    SIGNED = "signed"
    REGISTERED = "registered"
    PUBLISHED = "published"
    FILED = "filed"


STAGE_LABELS: dict[str, str] = {
    Stage.DRAFT: "起草中",
    Stage.LEGAL_REVIEW: "合法性审核中",
    Stage.REVIEWED: "已通过合法性审核",
    Stage.DELIBERATED: "已集体审议",
    Stage.SIGNED: "已签发",
    Stage.REGISTERED: "已登记编号",
    Stage.PUBLISHED: "已公布",
    Stage.FILED: "已备案",
}

# transition name → (stages it may start from, stage it ends in)
STAGE_TRANSITIONS: dict[str, tuple[frozenset[Stage], Stage]] = {
    "submit_for_legal_review": (frozenset({Stage.DRAFT}), Stage.LEGAL_REVIEW),
    "pass_legal_review": (frozenset({Stage.LEGAL_REVIEW}), Stage.REVIEWED),
    "return_from_legal_review": (frozenset({Stage.LEGAL_REVIEW}), Stage.DRAFT),
    "record_deliberation": (frozenset({Stage.REVIEWED}), Stage.DELIBERATED),
    "sign": (frozenset({Stage.DELIBERATED}), Stage.SIGNED),
    "register": (frozenset({Stage.SIGNED}), Stage.REGISTERED),
    "publish": (frozenset({Stage.REGISTERED}), Stage.PUBLISHED),
    "file": (frozenset({Stage.PUBLISHED}), Stage.FILED),
}

PUBLIC_STAGES = frozenset({Stage.PUBLISHED, Stage.FILED})


class Status(StrEnum):
    """有效性. The values match gongkai.catalog.domain.taxonomy.Validity (the item's field)."""

    VALID = "valid"
    EXPIRED = "expired"
    REPEALED = "repealed"
    AMENDED = "amended"


STATUS_LABELS: dict[str, str] = {
    Status.VALID: "有效",
    Status.EXPIRED: "失效",
    Status.REPEALED: "废止",
    Status.AMENDED: "已修改",
}

STATUS_TRANSITIONS: dict[str, tuple[frozenset[Status], Status]] = {
    "expire": (frozenset({Status.VALID, Status.AMENDED}), Status.EXPIRED),
    "declare_expired": (frozenset({Status.VALID, Status.AMENDED}), Status.EXPIRED),
    "repeal": (frozenset({Status.VALID, Status.AMENDED}), Status.REPEALED),
    "mark_amended": (frozenset({Status.VALID, Status.AMENDED}), Status.AMENDED),
    "renew": (frozenset({Status.VALID, Status.AMENDED, Status.EXPIRED}), Status.VALID),
}


class TransitionRefused(ValueError):
    """A transition that the table does not allow from the current state."""


def next_stage(current: str, transition: str) -> Stage:
    sources, target = STAGE_TRANSITIONS[transition]
    if Stage(current) not in sources:
        allowed = "、".join(STAGE_LABELS[s] for s in sorted(sources))
        raise TransitionRefused(
            f"文件当前为“{STAGE_LABELS[current]}”，此操作只能在“{allowed}”时进行"
        )
    return target


def next_status(current: str, transition: str) -> Status:
    sources, target = STATUS_TRANSITIONS[transition]
    if Status(current) not in sources:
        raise TransitionRefused(f"文件当前为“{STATUS_LABELS[current]}”，不能进行此操作")
    return target


# ---------------------------------------------------------------- validity period

DEFAULT_VALIDITY_YEARS = 5
PROVISIONAL_VALIDITY_YEARS = 2
PROVISIONAL_MARKERS = ("暂行", "试行")


def is_provisional(title: str) -> bool:
    return any(marker in title for marker in PROVISIONAL_MARKERS)


def max_validity_years(title: str) -> int:
    return PROVISIONAL_VALIDITY_YEARS if is_provisional(title) else DEFAULT_VALIDITY_YEARS


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


def valid_until(effective_on: dt.date, years: int) -> dt.date:
    """The last day in force: a 5-year document in force from 2019-01-23 ends on 2024-01-22."""
    return add_years(effective_on, years) - dt.timedelta(days=1)


def default_valid_until(title: str, effective_on: dt.date) -> dt.date:
    return valid_until(effective_on, max_validity_years(title))


def validity_problem(title: str, effective_on: dt.date | None, until: dt.date | None) -> str:
    """Why a stated period is not allowed ('' when it is)."""
    if effective_on is None or until is None:
        return ""
    if until < effective_on:
        return "有效期截止日期不能早于施行日期"
    limit = default_valid_until(title, effective_on)
    if until > limit:
        years = max_validity_years(title)
        kind = "暂行、试行文件" if is_provisional(title) else "规范性文件"
        return f"{kind}的有效期一般不超过{years}年（最迟至{limit:%Y-%m-%d}）"
    return ""


def expires_on(until: dt.date) -> dt.date:
    """The first day no longer in force: the expiry job marks 失效 on this day.

    Validity runs in calendar days: a holiday or weekend neither delays nor advances it.
    """
    return until + dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Reminder:
    key: str  # "6m" or "1m"
    label: str
    due: dt.date  # the day the reminder goes out


REMINDER_OFFSETS: tuple[tuple[str, str, int], ...] = (
    ("6m", "6个月", 6),
    ("1m", "1个月", 1),
)


def reminders(until: dt.date) -> list[Reminder]:
    return [
        Reminder(key=key, label=label, due=add_months(until, -months))
        for key, label, months in REMINDER_OFFSETS
    ]


def due_reminder(until: dt.date, today: dt.date) -> Reminder | None:
    """The latest reminder that is due on `today` (None before the first or after expiry)."""
    if today > until:
        return None
    due = [r for r in reminders(until) if r.due <= today]
    return due[-1] if due else None


# ---------------------------------------------------------------- filing (备案)

DEFAULT_FILING_DAYS = 30


def filing_due(published_on: dt.date, days: int, *, is_workday) -> dt.date:
    """备案 is due `days` calendar days after publication; a period ending on a holiday or a
    weekend runs to the next working day (the general rule for statutory periods, e.g.
    《民法典》 Art. 203 / 《行政诉讼法》 Art. 82: 期间届满的最后一日是法定休假日的，以法定休假日
    结束的次日为期间届满的日期)."""
    due = published_on + dt.timedelta(days=days)
    while not is_workday(due):
        due += dt.timedelta(days=1)
    return due


# ---------------------------------------------------------------- cleanup (清理)


class Decision(StrEnum):
    KEEP = "keep"
    AMEND = "amend"
    REPEAL = "repeal"
    DECLARE_EXPIRED = "declare_expired"


DECISION_LABELS: dict[str, str] = {
    Decision.KEEP: "继续有效",
    Decision.AMEND: "修改",
    Decision.REPEAL: "废止",
    Decision.DECLARE_EXPIRED: "宣布失效",
}

# What applying a decision does to the document's validity (None: stays as it is; a document
# to be amended stays in force until the amending document is published).
DECISION_EFFECT: dict[str, str | None] = {
    Decision.KEEP: None,
    Decision.AMEND: None,
    Decision.REPEAL: "repeal",
    Decision.DECLARE_EXPIRED: "declare_expired",
}

# Which published result list a decision puts the document on.
KEPT_LIST = frozenset({Decision.KEEP, Decision.AMEND})
ENDED_LIST = frozenset({Decision.REPEAL, Decision.DECLARE_EXPIRED})


class CampaignState(StrEnum):
    OPEN = "open"
    APPLIED = "applied"


CAMPAIGN_STATE_LABELS: dict[str, str] = {
    CampaignState.OPEN: "进行中",
    CampaignState.APPLIED: "已完成并公布",
}

CAMPAIGN_TRANSITIONS: dict[str, tuple[frozenset[CampaignState], CampaignState]] = {
    "apply": (frozenset({CampaignState.OPEN}), CampaignState.APPLIED),
}


@dataclass(frozen=True)
class UnitProgress:
    unit_id: int
    documents: int
    decided: int
    cosigned: int

    @property
    def done(self) -> bool:
        return self.documents == self.cosigned

    @property
    def percent(self) -> int:
        return 100 if not self.documents else round(100 * self.cosigned / self.documents)


def campaign_gaps(progress: list[UnitProgress]) -> list[str]:
    """Why a campaign cannot be applied yet (empty when every decision is co-signed)."""
    gaps = []
    undecided = sum(p.documents - p.decided for p in progress)
    unsigned = sum(p.decided - p.cosigned for p in progress)
    if undecided:
        gaps.append(f"还有{undecided}件文件未作出清理决定")
    if unsigned:
        gaps.append(f"还有{unsigned}项清理决定未经司法局会签")
    return gaps
