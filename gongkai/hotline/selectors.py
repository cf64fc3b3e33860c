"""Reads of the 12345 hotline: worklists, duplicate candidates, knowledge hits, routing help.

Lists go through ``Ticket.objects`` (scoped on the centre, the handling unit or an assisting
unit, gongkai/hotline/models.py) and show masked caller data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from gongkai.audit import services as audit
from gongkai.foi import crypto
from gongkai.hotline import permissions, routing_model
from gongkai.hotline.domain.routing import (
    DUPLICATE_WINDOW,
    TEXT_THRESHOLD,
    text_similarity,
)
from gongkai.hotline.domain.states import State
from gongkai.hotline.models import KnowledgeEntry, Ticket
from gongkai.hotline.services import phone_digest
from gongkai.units.errors import NotAllowed
from gongkai.units.models import Unit
from gongkai.units.scoping import system_scope

OPEN_STATES = [
    str(s)
    for s in (
        State.ACCEPTED,
        State.DISPATCHED,
        State.RETURNED,
        State.HANDLING,
        State.EXTENSION_PENDING,
        State.REPLIED,
        State.AWAITING_CALLBACK,
        State.DISSATISFIED,
    )
]

# A unit's worklist tabs (待签收/办理中/待审核/退回).
UNIT_TABS = {
    "to_sign": "待签收",
    "handling": "办理中",
    "to_approve": "待审核",
    "sent_back": "退回重办",
}


def visible_tickets():
    """Tickets in the current scope (call inside a unit scope)."""
    return Ticket.objects.select_related("centre", "handling_unit", "category")


def unit_tab_filter(tab: str) -> Q:
    if tab == "to_sign":
        return Q(state=State.DISPATCHED)
    if tab == "to_approve":
        return Q(state=State.HANDLING) & ~Q(reply_draft="")
    if tab == "sent_back":
        return Q(state=State.HANDLING, sent_back=True)
    return Q(state__in=[State.HANDLING, State.EXTENSION_PENDING])


def overdue_filter(now: dt.datetime) -> Q:
    """The deadline that binds in the ticket's state has passed (stored deadlines)."""
    return (
        Q(state=State.DISPATCHED, sign_due__lt=now)
        | Q(state__in=[State.HANDLING, State.EXTENSION_PENDING], reply_due__lt=now)
        | Q(state=State.AWAITING_CALLBACK, callback_due__lt=now)
    )


def active_due(ticket: Ticket) -> dt.datetime | None:
    if ticket.state == State.DISPATCHED:
        return ticket.sign_due
    if ticket.state in (State.HANDLING, State.EXTENSION_PENDING):
        return ticket.reply_due
    if ticket.state == State.AWAITING_CALLBACK:
        return ticket.callback_due
    return None


def masked(ticket: Ticket) -> dict[str, str]:
    if ticket.anonymous:
        return {"name": "匿名", "phone": ""}
    return {
        "name": crypto.mask_name(ticket.caller_name),
        "phone": crypto.mask_phone(ticket.caller_phone),
    }


@transaction.atomic
def caller_data(ticket: Ticket, *, by, now: dt.datetime) -> dict[str, str]:
    """The caller's name and phone in full (for the callback), for the centre and the handling
    unit; each view is audited."""
    if not (
        permissions.is_centre_staff(by, ticket.centre_id)
        or permissions.is_unit_staff(by, ticket.handling_unit_id)
    ):
        raise NotAllowed("只有热线中心和主办单位的工作人员可以查看来电人信息")
    audit.record(action="hotline.view_caller", by=by, unit=ticket.centre, obj=ticket, at=now)
    return {"name": ticket.caller_name, "phone": ticket.caller_phone}


# ---------------------------------------------------------------- help at intake


@dataclass(frozen=True)
class Candidate:
    ticket: Ticket
    same_phone: bool
    similarity: float

    @property
    def reason(self) -> str:
        parts = ["同一来电号码"] if self.same_phone else []
        if self.similarity >= TEXT_THRESHOLD:
            parts.append(f"诉求内容相似度{self.similarity:.0%}")
        return "，".join(parts)


def duplicate_candidates(
    *,
    content: str,
    phone: str = "",
    now: dt.datetime,
    exclude: int | None = None,
    limit: int = 10,
) -> list[Candidate]:
    """Tickets of the last 30 days with the same phone (keyed digest) or a near-identical text
    (issue #6), most similar first. Read county-wide: a caller may have reached another centre."""
    since = now - DUPLICATE_WINDOW
    digest = phone_digest(phone) if phone else ""
    with system_scope("duplicate detection at intake looks at every recent ticket"):
        recent = Ticket.unscoped.filter(accepted_at__gte=since, accepted_at__lte=now)
        if exclude:
            recent = recent.exclude(pk=exclude)
        rows = recent.select_related("handling_unit").only(
            "pk",
            "number",
            "content",
            "title",
            "phone_digest",
            "state",
            "accepted_at",
            "handling_unit__short_name",
            "merged_into_id",
        )
        hits = []
        for ticket in rows.iterator(chunk_size=2000):
            same = bool(digest) and ticket.phone_digest == digest
            similarity = text_similarity(content, ticket.content) if content else 0.0
            if same or similarity >= TEXT_THRESHOLD:
                hits.append(Candidate(ticket, same, similarity))
    hits.sort(key=lambda c: (-c.similarity, not c.same_phone, -c.ticket.pk))
    return hits[:limit]


@dataclass(frozen=True)
class KnowledgeHit:
    entry: KnowledgeEntry
    score: float
    stale: bool


def knowledge_hits(text: str, *, today: dt.date, limit: int = 5) -> list[KnowledgeHit]:
    """Active entries most similar to ``text`` (bigram Jaccard on question + keywords), for the
    centre at intake: the knowledge base is shared county-wide (共建共享, 国办发〔2020〕53号)."""
    text = (text or "").strip()
    if not text:
        return []
    with system_scope("the hotline centre searches every unit's knowledge base"):
        entries = list(KnowledgeEntry.unscoped.filter(is_active=True).select_related("unit"))
    scored = []
    for entry in entries:
        score = max(
            text_similarity(text, entry.question),
            text_similarity(text, entry.keywords) if entry.keywords else 0.0,
        )
        if entry.keywords and any(k and k in text for k in entry.keywords.split()):
            score = max(score, 0.3)
        if score >= 0.1:
            scored.append(KnowledgeHit(entry, score, entry.is_stale(today)))
    scored.sort(key=lambda h: (h.stale, -h.score, h.entry.pk))
    return scored[:limit]


def search_knowledge(q: str):
    """Entries whose question, answer or keywords contain ``q`` (current scope)."""
    entries = KnowledgeEntry.objects.select_related("unit")
    if q:
        entries = entries.filter(
            Q(question__icontains=q) | Q(answer__icontains=q) | Q(keywords__icontains=q)
        )
    return entries


# ---------------------------------------------------------------- routing suggestion

ROUTING_SAMPLE = 3000


@dataclass(frozen=True)
class UnitSuggestion:
    unit: Unit
    score: float  # share of the neighbours' votes, 0–1


def suggest_units(text: str, *, top: int = 3, exclude: Iterable[int] = ()) -> list[UnitSuggestion]:
    """The ``top`` most likely handling units for ``text``; operators always confirm.

    From the trained model (``routing_model``: TF-IDF over jieba words, nearest neighbours over
    every past dispatch; retrained daily by the job ``hotline.routing_train``). Before the first
    training (a new installation) a vote of the most recent dispatches stands in. Retired units
    are never suggested.
    """
    text = (text or "").strip()
    if not text:
        return []
    model = routing_model.load_model()
    votes = model.scores(text) if model is not None and model.docs else _recent_votes(text)
    excluded = set(exclude)
    ranked = sorted(
        ((u, v) for u, v in votes.items() if u not in excluded), key=lambda kv: (-kv[1], kv[0])
    )
    units = Unit.unscoped.filter(is_active=True).in_bulk([u for u, _ in ranked[: top + 5]])
    total = sum(votes.values()) or 1.0
    return [UnitSuggestion(units[u], score / total) for u, score in ranked if u in units][:top]


def _recent_votes(text: str, *, k: int = 15) -> dict[int, float]:
    with system_scope("routing learns from every past dispatch"):
        rows = list(
            Ticket.unscoped.filter(handling_unit__isnull=False)
            .exclude(state=State.RETURNED)
            .order_by("-pk")
            .values_list("content", "handling_unit_id")[:ROUTING_SAMPLE]
        )
    scored = sorted(
        ((text_similarity(text, content), unit_id) for content, unit_id in rows), reverse=True
    )[:k]
    votes: Counter[int] = Counter()
    for similarity, unit_id in scored:
        if similarity > 0.05:
            votes[unit_id] += similarity
    return votes
