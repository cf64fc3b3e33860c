"""Cleanup campaigns (清理): open, decide per document, co-sign, apply in one audited batch.

国办发〔2018〕37号 asks for regular cleanups whose results are published; 六安 practice asks each
unit to keep a published 继续有效文件目录 (statutes.md §6.2). The county office opens a campaign
over every published document still in force; each unit decides 继续有效 / 修改 / 废止 /
宣布失效 with a reason; the legal office co-signs each decision; the county office applies the
whole campaign at once, which changes the documents' validity and publishes the two result
lists (see gongkai/normdocs/selectors.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.lifecycle import (
    DECISION_EFFECT,
    DECISION_LABELS,
    CampaignState,
    Decision,
    Status,
    TransitionRefused,
    UnitProgress,
)
from gongkai.normdocs.models import CampaignDocument, CleanupCampaign, NormativeDocument
from gongkai.normdocs.permissions import can_act_for_unit, is_county_admin, is_legal_reviewer
from gongkai.normdocs.services import NormdocError, _lock, _set_status
from gongkai.units.errors import NotAllowed
from gongkai.units.models import User
from gongkai.units.scoping import system_scope

register_actions(
    {
        "normdocs.campaign.open": "启动规范性文件清理",
        "normdocs.campaign.decide": "作出清理决定",
        "normdocs.campaign.cosign": "司法局会签清理决定",
        "normdocs.campaign.apply": "公布清理结果",
    }
)

IN_FORCE = (Status.VALID, Status.AMENDED)


@transaction.atomic
def open_campaign(
    *, by: User, title: str, basis: str = "", due_on: dt.date, today: dt.date, now: dt.datetime
) -> CleanupCampaign:
    if not is_county_admin(by):
        raise NotAllowed("只有县政务公开办可以启动清理")
    title = (title or "").strip()
    if not title:
        raise NormdocError("请填写清理名称")
    if due_on is None or due_on < today:
        raise NormdocError("完成期限不能早于今天")
    if CleanupCampaign.objects.filter(state=CampaignState.OPEN).exists():
        raise NormdocError("已有一项清理正在进行，请完成后再启动新的清理")
    campaign = CleanupCampaign.objects.create(
        title=title, basis=(basis or "").strip(), opened_on=today, due_on=due_on, opened_by=by
    )
    with system_scope("a campaign covers every unit's documents in force"):
        documents = NormativeDocument.unscoped.filter(
            stage__in=lifecycle.PUBLIC_STAGES, status__in=IN_FORCE
        ).values_list("pk", "unit_id")
        CampaignDocument.objects.bulk_create(
            CampaignDocument(campaign=campaign, document_id=pk, unit_id=unit_id)
            for pk, unit_id in documents
        )
    audit.record(
        action="normdocs.campaign.open",
        by=by,
        obj=campaign,
        after={"title": title, "due_on": str(due_on), "documents": len(documents)},
        at=now,
    )
    return campaign


def _open_entry(entry: CampaignDocument) -> CampaignDocument:
    with system_scope("a decision re-reads the row it was authorised for"):
        entry = (
            CampaignDocument.unscoped.select_for_update()
            .select_related("campaign")
            .get(pk=entry.pk)
        )
    if entry.campaign.state != CampaignState.OPEN:
        raise NormdocError("该清理已经结束，不能再修改")
    return entry


@transaction.atomic
def decide(
    entry: CampaignDocument,
    *,
    by: User,
    decision: str,
    reason: str,
    today: dt.date,
    now: dt.datetime,
) -> CampaignDocument:
    """The unit's decision on one document; changing it withdraws the legal office's co-sign."""
    if not can_act_for_unit(by, entry.unit_id):
        raise NotAllowed("只有制定单位可以对本单位文件作出清理决定")
    if decision not in Decision.__members__.values():
        raise NormdocError("请选择清理决定（继续有效、修改、废止或宣布失效）")
    reason = (reason or "").strip()
    if decision != Decision.KEEP and not reason:
        raise NormdocError(f"“{DECISION_LABELS[decision]}”须写明理由")
    entry = _open_entry(entry)
    before = {"decision": entry.decision, "cosigned": bool(entry.cosigned_by_id)}
    entry.decision = decision
    entry.reason = reason
    entry.decided_by = by
    entry.decided_on = today
    entry.cosigned_by = None
    entry.cosigned_on = None
    entry.save()
    audit.record(
        action="normdocs.campaign.decide",
        by=by,
        unit=entry.unit,
        obj=entry.document,
        before=before,
        after={"decision": decision, "campaign": entry.campaign_id},
        reason=reason,
        at=now,
    )
    return entry


@transaction.atomic
def cosign(
    entry: CampaignDocument, *, by: User, today: dt.date, now: dt.datetime
) -> CampaignDocument:
    if not is_legal_reviewer(by):
        raise NotAllowed("只有司法局可以会签清理决定")
    entry = _open_entry(entry)
    if not entry.decision:
        raise NormdocError("制定单位尚未作出清理决定，不能会签")
    entry.cosigned_by = by
    entry.cosigned_on = today
    entry.save(update_fields=["cosigned_by", "cosigned_on"])
    audit.record(
        action="normdocs.campaign.cosign",
        by=by,
        unit=entry.unit,
        obj=entry.document,
        after={"decision": entry.decision, "campaign": entry.campaign_id},
        at=now,
    )
    return entry


@transaction.atomic
def keep_remaining(
    campaign: CleanupCampaign, *, unit_id: int, by: User, today: dt.date, now: dt.datetime
) -> int:
    """继续有效 for every document of the unit still undecided (most documents of a cleanup
    stay in force); each is one decide() with its own audit entry. Returns how many."""
    if not can_act_for_unit(by, unit_id):
        raise NotAllowed("只有制定单位可以对本单位文件作出清理决定")
    with system_scope("the unit's entries, authorised above"):
        entries = list(
            CampaignDocument.unscoped.filter(campaign=campaign, unit_id=unit_id, decision="")
        )
    for entry in entries:
        decide(entry, by=by, decision=Decision.KEEP, reason="", today=today, now=now)
    return len(entries)


@transaction.atomic
def cosign_all(
    campaign: CleanupCampaign,
    *,
    by: User,
    unit_id: int | None = None,
    today: dt.date,
    now: dt.datetime,
) -> int:
    """The legal office co-signs every decided, unsigned entry (of one unit, or all)."""
    if not is_legal_reviewer(by):
        raise NotAllowed("只有司法局可以会签清理决定")
    with system_scope("the legal office co-signs every unit's decisions"):
        entries = CampaignDocument.unscoped.filter(
            campaign=campaign, cosigned_by__isnull=True
        ).exclude(decision="")
        if unit_id is not None:
            entries = entries.filter(unit_id=unit_id)
        entries = list(entries)
    for entry in entries:
        cosign(entry, by=by, today=today, now=now)
    return len(entries)


def progress(campaign: CleanupCampaign) -> list[UnitProgress]:
    """Per unit: documents, decided, co-signed (county-wide: callers show it to the reader's
    units or to the county office)."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    with system_scope("campaign progress is computed county-wide"):
        rows = CampaignDocument.unscoped.filter(campaign=campaign).values_list(
            "unit_id", "decision", "cosigned_by_id"
        )
        for unit_id, decision, cosigned in rows:
            c = counts[unit_id]
            c[0] += 1
            c[1] += bool(decision)
            c[2] += bool(cosigned)
    return [
        UnitProgress(unit_id=u, documents=a, decided=b, cosigned=c)
        for u, (a, b, c) in counts.items()
    ]


@transaction.atomic
def apply_campaign(
    campaign: CleanupCampaign, *, by: User, today: dt.date, now: dt.datetime
) -> CleanupCampaign:
    """Apply every co-signed decision in one batch and publish the result lists."""
    if not is_county_admin(by):
        raise NotAllowed("只有县政务公开办可以公布清理结果")
    campaign = CleanupCampaign.objects.select_for_update().get(pk=campaign.pk)
    try:
        sources, target = lifecycle.CAMPAIGN_TRANSITIONS["apply"]
        if CampaignState(campaign.state) not in sources:
            raise TransitionRefused("该清理已经公布结果")
    except TransitionRefused as exc:
        raise NormdocError(str(exc)) from exc
    gaps = lifecycle.campaign_gaps(progress(campaign))
    if gaps:
        raise NormdocError("；".join(gaps))
    tally: dict[str, int] = defaultdict(int)
    with system_scope("the campaign batch changes every unit's documents"):
        entries = CampaignDocument.unscoped.filter(campaign=campaign).select_related("document")
        for entry in entries:
            document = _lock(entry.document)
            entry.status_before = document.status
            entry.save(update_fields=["status_before"])
            effect = DECISION_EFFECT[entry.decision]
            reason = f"{campaign.title}：{DECISION_LABELS[entry.decision]}。{entry.reason}".strip()
            if effect is not None and document.status in IN_FORCE:
                _set_status(document, effect, by=by, now=now, reason=reason)
            elif entry.decision == Decision.AMEND and not document.pending_amendment:
                document.pending_amendment = True
                document.save(update_fields=["pending_amendment", "updated_at"])
            tally[entry.decision] += 1
    campaign.state = target
    campaign.applied_on = today
    campaign.applied_by = by
    campaign.save(update_fields=["state", "applied_on", "applied_by"])
    audit.record(
        action="normdocs.campaign.apply",
        by=by,
        obj=campaign,
        before={"state": CampaignState.OPEN},
        after={"state": target, **{DECISION_LABELS[k]: v for k, v in tally.items()}},
        at=now,
    )
    return campaign
