"""The expiry, reminder and filing jobs, and a cleanup campaign batch."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.core.models import Notice
from gongkai.normdocs import campaigns, jobs, services
from gongkai.normdocs.models import CampaignDocument, NormativeDocument
from gongkai.units.errors import NotAllowed
from tests.normdocs.conftest import as_of, draft, through_to_published

pytestmark = pytest.mark.django_db


def run(job, today: dt.date, *, dry_run: bool = False):
    return job(today=today, now=as_of(today), dry_run=dry_run)


def test_expiry_job_marks_expired_the_day_after_even_on_a_holiday(county, catalogue, system):
    # In force from 2026-04-01, set to end on 2026-09-30: 失效 on 1 October, 国庆节.
    document = through_to_published(county, draft(county), valid_until=dt.date(2026, 9, 30))
    assert run(jobs.expire_documents, dt.date(2026, 9, 30)).changed == 0
    assert run(jobs.expire_documents, dt.date(2026, 10, 1), dry_run=True).changed == 0
    document.refresh_from_db()
    assert document.status == "valid"
    report = run(jobs.expire_documents, dt.date(2026, 10, 1))
    assert report.changed == 1
    document.refresh_from_db()
    assert document.status == "expired" and document.stage == "published"  # stays public
    entry = AuditEntry.objects.get(action="normdocs.expire", object_id=str(document.pk))
    assert entry.actor_id is None and "到期自动失效" in entry.reason
    assert run(jobs.expire_documents, dt.date(2026, 10, 2)).changed == 0  # idempotent


def test_renewed_and_amended_documents_are_not_expired(county, catalogue, system):
    renewed = through_to_published(county, draft(county), valid_until=dt.date(2026, 9, 30))
    services.renew_document(
        renewed,
        by=county.dept_reviewer,
        valid_until=dt.date(2028, 9, 30),
        reason="评估后继续施行",
        now=as_of(dt.date(2026, 9, 1)),
    )
    old = through_to_published(
        county,
        draft(county, unit=county.chengguan, title="城关镇集贸市场管理办法"),
        valid_until=dt.date(2026, 9, 30),
        doc_number="城政〔2026〕3号",
    )
    amending = through_to_published(
        county,
        draft(county, unit=county.chengguan, title="关于修改集贸市场管理办法的决定", amends=old),
        published_on=dt.date(2026, 6, 1),
        doc_number="城政〔2026〕9号",
    )
    assert run(jobs.expire_documents, dt.date(2026, 10, 8)).changed == 0
    statuses = dict(NormativeDocument.unscoped.values_list("pk", "status"))
    assert statuses[renewed.pk] == "valid" and statuses[old.pk] == "amended"
    # The amended document lives on for the amending document's period, then lapses.
    old.refresh_from_db()
    assert old.valid_until == amending.valid_until == dt.date(2031, 5, 31)
    assert run(jobs.expire_documents, dt.date(2031, 6, 1)).changed == 3  # with the renewed one


def test_reminders_six_months_and_one_month_before_once_each(county, catalogue, system):
    document = through_to_published(county, draft(county), valid_until=dt.date(2026, 12, 31))
    assert run(jobs.remind_expiry, dt.date(2026, 6, 29)).changed == 0
    assert run(jobs.remind_expiry, dt.date(2026, 6, 30)).changed == 1  # fgw's reviewer
    assert run(jobs.remind_expiry, dt.date(2026, 7, 15)).changed == 0  # already told
    assert run(jobs.remind_expiry, dt.date(2026, 11, 30)).changed == 1
    notices = Notice.objects.filter(user=county.dept_reviewer, kind="normdocs.expiry")
    assert notices.count() == 2
    assert "1个月" in notices.order_by("-pk").first().title
    assert str(document.pk) in notices.first().url


def test_filing_overdue_reminder(county, catalogue, system):
    document = through_to_published(county, draft(county))
    assert document.filing_due == dt.date(2026, 5, 6)
    assert run(jobs.remind_filing, dt.date(2026, 5, 6)).changed == 0
    assert run(jobs.remind_filing, dt.date(2026, 5, 7)).changed == 1
    assert run(jobs.remind_filing, dt.date(2026, 5, 8)).changed == 0
    services.file_document(
        document,
        by=county.dept_reviewer,
        filed_on=dt.date(2026, 5, 8),
        now=as_of(dt.date(2026, 5, 8)),
    )
    document.refresh_from_db()
    assert document.stage == "filed" and document.filed_with == "六安市人民政府"


def test_campaign_from_opening_to_published_results(county, catalogue, system):
    today, now = dt.date(2026, 11, 26), as_of(dt.date(2026, 11, 26))
    keep = through_to_published(county, draft(county))
    repeal = through_to_published(
        county, draft(county, title="霍邱县价格监测办法"), doc_number="霍发改〔2026〕8号"
    )
    cg = through_to_published(
        county,
        draft(county, unit=county.chengguan, title="城关镇环境卫生管理办法"),
        doc_number="城政〔2026〕2号",
    )
    with pytest.raises(NotAllowed):
        campaigns.open_campaign(
            by=county.dept_reviewer, title="清理", due_on=today, today=today, now=now
        )
    campaign = campaigns.open_campaign(
        by=county.county_admin,
        title="2026年度行政规范性文件清理",
        due_on=dt.date(2026, 12, 31),
        today=today,
        now=now,
    )
    with pytest.raises(services.NormdocError, match="正在进行"):
        campaigns.open_campaign(
            by=county.county_admin, title="又一次", due_on=today, today=today, now=now
        )
    entries = {e.document_id: e for e in CampaignDocument.unscoped.filter(campaign=campaign)}
    assert set(entries) == {keep.pk, repeal.pk, cg.pk}

    with pytest.raises(NotAllowed):  # 城关镇 cannot decide on 发改委's documents
        campaigns.decide(
            entries[keep.pk],
            by=county.township_editor,
            decision="keep",
            reason="",
            today=today,
            now=now,
        )
    with pytest.raises(services.NormdocError, match="须写明理由"):
        campaigns.decide(
            entries[repeal.pk],
            by=county.dept_reviewer,
            decision="repeal",
            reason="",
            today=today,
            now=now,
        )
    campaigns.decide(
        entries[keep.pk], by=county.dept_reviewer, decision="keep", reason="", today=today, now=now
    )
    campaigns.decide(
        entries[repeal.pk],
        by=county.dept_reviewer,
        decision="repeal",
        reason="职能已划转",
        today=today,
        now=now,
    )
    with pytest.raises(services.NormdocError, match="未作出清理决定"):
        campaigns.cosign(entries[cg.pk], by=county.legal_reviewer, today=today, now=now)
    campaigns.decide(
        entries[cg.pk],
        by=county.township_editor,
        decision="amend",
        reason="收费标准需调整",
        today=today,
        now=now,
    )
    with pytest.raises(NotAllowed):
        campaigns.cosign(entries[keep.pk], by=county.county_admin, today=today, now=now)
    for entry in entries.values():
        campaigns.cosign(entry, by=county.legal_reviewer, today=today, now=now)
    # Changing a decision withdraws the co-sign, so the batch is refused until re-signed.
    campaigns.decide(
        entries[keep.pk],
        by=county.dept_reviewer,
        decision="keep",
        reason="复核",
        today=today,
        now=now,
    )
    with pytest.raises(services.NormdocError, match="1项清理决定未经司法局会签"):
        campaigns.apply_campaign(campaign, by=county.county_admin, today=today, now=now)
    assert NormativeDocument.unscoped.get(pk=repeal.pk).status == "valid"  # nothing applied
    campaigns.cosign(entries[keep.pk], by=county.legal_reviewer, today=today, now=now)
    campaigns.apply_campaign(campaign, by=county.county_admin, today=today, now=now)

    statuses = dict(NormativeDocument.unscoped.values_list("pk", "status"))
    assert statuses == {keep.pk: "valid", repeal.pk: "repealed", cg.pk: "valid"}
    assert NormativeDocument.unscoped.get(pk=cg.pk).pending_amendment
    campaign.refresh_from_db()
    assert campaign.state == "applied" and campaign.applied_on == today
    with pytest.raises(services.NormdocError, match="已经结束"):
        campaigns.decide(
            entries[keep.pk],
            by=county.dept_reviewer,
            decision="repeal",
            reason="x",
            today=today,
            now=now,
        )
    with pytest.raises(services.NormdocError, match="已经公布"):
        campaigns.apply_campaign(campaign, by=county.county_admin, today=today, now=now)
    assert AuditEntry.objects.filter(action="normdocs.campaign.apply").count() == 1


def test_bulk_keep_and_cosign_through_the_admin(client, county, catalogue, system):
    today, now = dt.date(2026, 11, 26), as_of(dt.date(2026, 11, 26))
    first = through_to_published(county, draft(county))
    second = through_to_published(
        county, draft(county, title="霍邱县价格监测办法"), doc_number="霍发改〔2026〕8号"
    )
    campaign = campaigns.open_campaign(
        by=county.county_admin, title="2026年度清理", due_on=today, today=today, now=now
    )
    url = f"/admin/normdocs/campaigns/{campaign.pk}/"
    client.force_login(county.township_editor)  # 城关镇 may not decide for 发改委
    client.post(f"{url}keep-remaining/", {"unit": county.fgw.pk})
    assert not CampaignDocument.unscoped.exclude(decision="").exists()
    client.force_login(county.dept_reviewer)
    response = client.post(f"{url}keep-remaining/", {"unit": county.fgw.pk})
    assert response.status_code == 302
    decisions = set(CampaignDocument.unscoped.values_list("decision", flat=True))
    assert decisions == {"keep"}
    client.force_login(county.legal_reviewer)
    client.post(f"{url}cosign-all/", {"unit": "99999999999999999999"})  # junk: every unit
    assert CampaignDocument.unscoped.filter(cosigned_by=county.legal_reviewer).count() == 2
    client.force_login(county.county_admin)
    client.post(f"{url}apply/")
    campaign.refresh_from_db()
    assert campaign.state == "applied"
    assert {first.pk, second.pk} == set(
        NormativeDocument.unscoped.filter(status="valid").values_list("pk", flat=True)
    )
