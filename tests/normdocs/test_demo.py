"""The normative documents' demo generator on the test county (fast: no full demo_county)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import ItemPage
from gongkai.normdocs import campaigns
from gongkai.normdocs.demo import generate_normdocs
from gongkai.normdocs.models import (
    CampaignDocument,
    CleanupCampaign,
    LegalReview,
    NormativeDocument,
    RegistrationSequence,
    StatusChange,
)
from gongkai.normdocs.selectors import filing_overdue

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)


def test_demo_builds_the_registry_once(county, catalogue, system):
    lines = generate_normdocs(scale="small", today=TODAY, stdout=io.StringIO())
    docs = NormativeDocument.objects.all()
    assert docs.count() == 204
    assert "行政规范性文件：204 件" in lines[0]

    # Issued by the government, its office, departments and townships, with their 代字.
    assert docs.filter(unit=county.government, doc_number__startswith="霍政〔").exists()
    assert docs.filter(unit=county.office, doc_number__startswith="霍政办〔").exists()
    assert docs.filter(unit=county.fgw, doc_number__startswith="霍发改〔").exists()
    assert docs.filter(unit=county.chengguan).exists()
    assert not docs.filter(unit__in=[county.datong, county.school]).exists()
    years = {d.published_on.year for d in docs.exclude(published_on=None)}
    assert years == set(range(2018, 2027))

    public = docs.filter(stage__in=["published", "filed"])
    by_status = {
        s: public.filter(status=s).count() for s in ("valid", "expired", "repealed", "amended")
    }
    assert all(by_status.values()), by_status
    old = public.filter(published_on__year__lte=2021)
    assert old.filter(status="expired").count() > old.count() / 2
    for document in public.filter(status="expired"):
        assert document.valid_until < TODAY
    assert public.filter(status="repealed", repealed_by__isnull=False).count() >= 5
    # An amendment chain: A ← B ← C.
    assert public.filter(amends__amends__isnull=False).exists()
    for document in public.filter(amends__isnull=False):
        assert document.amends.status == "amended"
        change = StatusChange.objects.filter(document=document.amends, after="amended").get()
        assert change.reason.startswith("被") and document.doc_number in change.reason

    # Filing: most filed, a few overdue.
    assert public.filter(stage="filed").count() > public.count() * 0.8
    overdue = [d for d in public.filter(stage="published") if filing_overdue(d, TODAY)]
    assert 2 <= len(overdue) <= 8

    # Work in progress, through the real services.
    stages = {
        s: docs.filter(stage=s).count() for s in ("draft", "legal_review", "reviewed", "signed")
    }
    assert stages == {"draft": 2, "legal_review": 2, "reviewed": 1, "signed": 1}
    waiting = docs.filter(stage="legal_review")
    assert not LegalReview.objects.filter(document__in=waiting).exists()  # not reviewed yet
    assert LegalReview.objects.filter(conclusion="returned", document__stage="draft").exists()
    assert AuditEntry.objects.filter(action="normdocs.publish").count() == 8
    assert AuditEntry.objects.filter(action="normdocs.import").count() == 190
    assert (
        StatusChange.objects.filter(field="status", after="expired").count() == by_status["expired"]
    )
    # Published through the procedure in a unit with a catalogue: the item exists.
    assert ItemPage.objects.filter(normative_document__isnull=False).exists()
    # Registration counters follow the numbers used.
    for document in public.exclude(registration_number=""):
        year = int(document.registration_number.split("-")[-2])
        serial = int(document.registration_number.split("-")[-1])
        assert RegistrationSequence.objects.get(unit=document.unit, year=year).last_value >= serial

    # The open cleanup: half of the units decided, some co-signed.
    campaign = CleanupCampaign.objects.get()
    assert campaign.state == "open" and campaign.title == "2026年度行政规范性文件清理"
    progress = campaigns.progress(campaign)
    decided = [p for p in progress if p.decided]
    assert 0 < len(decided) < len(progress)
    assert any(p.cosigned for p in progress) and not all(p.done for p in progress)
    assert CampaignDocument.objects.filter(decision="").exists()
    assert CampaignDocument.objects.exclude(decision="").filter(cosigned_by=None).exists()
    assert set(
        CampaignDocument.objects.exclude(cosigned_by=None).values_list(
            "cosigned_by__username", flat=True
        )
    ) == {"sfj_legal"}

    # Idempotent.
    again = generate_normdocs(scale="small", today=TODAY, stdout=io.StringIO())
    assert again == ["行政规范性文件：已有 204 件，未重新生成"]
    assert NormativeDocument.objects.count() == 204
