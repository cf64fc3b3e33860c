"""The procedure and validity services end to end, with their guards."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import ItemPage
from gongkai.normdocs import services
from gongkai.normdocs.models import NormativeDocument, StatusChange
from gongkai.units.errors import NotAllowed
from tests.normdocs.conftest import as_of, draft, through_to_published

pytestmark = pytest.mark.django_db


def test_draft_to_published_creates_the_catalogue_item(county, catalogue, system):
    document = through_to_published(county, draft(county))
    assert document.stage == "published" and document.status == "valid"
    assert document.registration_number == "HQFGW-2026-001"
    assert document.doc_number == "霍发改〔2026〕7号"
    assert document.valid_until == dt.date(2031, 3, 31)  # 5 years from 施行 2026-04-01
    assert document.filing_due == dt.date(2026, 5, 6)  # 05-01 is 劳动节; 05-01..05-05 off
    item = ItemPage.objects.get(pk=document.item_id)
    assert item.live and item.validity == "valid" and item.doc_number == document.doc_number
    stages = list(StatusChange.objects.filter(document=document).values_list("after", flat=True))
    assert stages[:2] == ["draft", "legal_review"] and "published" in stages
    actions = set(
        AuditEntry.objects.filter(object_id=str(document.pk)).values_list("action", flat=True)
    )
    assert {"normdocs.create", "normdocs.pass_legal_review", "normdocs.publish"} <= actions


def test_no_deliberation_before_a_passed_legality_review(county, catalogue, system):
    document = draft(county)
    admin = county.county_admin
    with pytest.raises(services.NormdocError, match="已通过合法性审核"):
        services.record_deliberation(
            document,
            by=admin,
            meeting="常务会议",
            deliberated_on=dt.date(2026, 3, 3),
            now=as_of(dt.date(2026, 3, 3)),
        )
    document.refresh_from_db()
    assert document.stage == "draft"
    assert not StatusChange.objects.filter(document=document, after="deliberated").exists()


def test_legal_review_only_by_the_legal_office_and_a_return_reopens_the_draft(
    county, catalogue, system
):
    document = draft(county)
    now = as_of(dt.date(2026, 3, 5))
    document = services.submit_for_legal_review(document, by=county.dept_reviewer, now=now)
    for outsider in (county.dept_reviewer, county.county_admin, county.township_editor):
        with pytest.raises(NotAllowed):
            services.record_legal_review(
                document,
                by=outsider,
                conclusion="passed",
                opinion="同意",
                today=now.date(),
                now=now,
            )
    with pytest.raises(services.NormdocError, match="审核意见"):
        services.record_legal_review(
            document,
            by=county.legal_reviewer,
            conclusion="returned",
            opinion="  ",
            today=now.date(),
            now=now,
        )
    with pytest.raises(services.NormdocError, match="修改"):
        services.update_draft(
            document, by=county.dept_reviewer, today=now.date(), now=now, title="新"
        )
    document = services.record_legal_review(
        document,
        by=county.legal_reviewer,
        conclusion="returned",
        opinion="第五条设定罚款缺乏法律依据，请删除。",
        today=now.date(),
        now=now,
    )
    assert document.stage == "draft"
    document = services.update_draft(
        document, by=county.dept_reviewer, today=now.date(), now=now, body="修改后的正文"
    )
    assert document.body == "修改后的正文"
    assert document.legal_reviews.get().conclusion == "returned"


def test_other_units_cannot_draft_or_act(county, catalogue, system):
    now = as_of(dt.date(2026, 3, 2))
    with pytest.raises(NotAllowed):
        services.create_document(
            unit=county.fgw, by=county.township_editor, today=now.date(), now=now, title="越权"
        )
    document = draft(county)
    for outsider in (
        county.township_editor,
        county.other_reviewer,
        county.operator,
        county.observer,
    ):
        with pytest.raises(NotAllowed):
            services.submit_for_legal_review(document, by=outsider, now=now)
    assert NormativeDocument.unscoped.filter(title="越权").count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "  "}, "标题"),
        ({"doc_number": "霍发改"}, "文号"),
        (
            {"effective_on": dt.date(2026, 4, 1), "valid_until": dt.date(2032, 1, 1)},
            "不超过5年",
        ),
        (
            {
                "title": "霍邱县停车管理暂行办法",
                "effective_on": dt.date(2026, 4, 1),
                "valid_until": dt.date(2029, 1, 1),
            },
            "不超过2年",
        ),
    ],
)
def test_bad_drafts_are_refused_in_chinese(county, catalogue, system, fields, message):
    before = NormativeDocument.unscoped.count()
    with pytest.raises(services.NormdocError, match=message):
        draft(county, **fields)
    assert NormativeDocument.unscoped.count() == before


def test_doc_number_variants_are_stored_canonical_and_unique_per_issuer(county, catalogue, system):
    first = draft(county, doc_number="霍发改【2026】7号")
    assert first.doc_number == "霍发改〔2026〕7号"
    with pytest.raises(services.NormdocError, match="已有文号"):
        draft(county, title="另一个文件", doc_number="霍发改(2026)7号")
    other_unit = draft(
        county, unit=county.chengguan, title="城关镇文件", doc_number="霍发改〔2026〕7号"
    )
    assert other_unit.doc_number == "霍发改〔2026〕7号"  # unique per issuer only


def test_amending_document_marks_the_old_one_amended(county, catalogue, system):
    old = through_to_published(county, draft(county), published_on=dt.date(2026, 4, 1))
    new = draft(
        county,
        title="关于修改霍邱县城区停车管理办法的决定",
        amends=old,
        doc_number="霍发改〔2026〕9号",
    )
    new = through_to_published(county, new, published_on=dt.date(2026, 6, 1))
    old.refresh_from_db()
    assert old.status == "amended" and new.status == "valid"
    assert ItemPage.objects.get(pk=old.item_id).validity == "amended"


def test_repeal_renew_and_declare(county, catalogue, system):
    document = through_to_published(county, draft(county))
    now = as_of(dt.date(2026, 8, 1))
    with pytest.raises(services.NormdocError, match="理由"):
        services.repeal_document(document, by=county.dept_reviewer, reason="", now=now)
    with pytest.raises(NotAllowed):
        services.repeal_document(document, by=county.township_editor, reason="越权", now=now)
    with pytest.raises(services.NormdocError, match="晚于原截止日期"):
        services.renew_document(
            document,
            by=county.dept_reviewer,
            valid_until=dt.date(2030, 1, 1),
            reason="需要",
            now=now,
        )
    services.declare_expired(document, by=county.county_admin, reason="上位法已修改", now=now)
    document.refresh_from_db()
    assert document.status == "expired"
    with pytest.raises(services.NormdocError):
        services.repeal_document(document, by=county.dept_reviewer, reason="重复", now=now)
    assert [c.label for c in document.status_changes.filter(field="status")] == ["有效", "失效"]


def test_unpublished_documents_have_no_validity_changes(county, catalogue, system):
    document = draft(county)
    with pytest.raises(services.NormdocError, match="尚未公布"):
        services.declare_expired(
            document, by=county.county_admin, reason="x", now=as_of(dt.date(2026, 3, 3))
        )


def test_publish_refuses_a_period_beyond_five_years_and_keeps_the_stage(county, catalogue, system):
    document = draft(county)
    with pytest.raises(services.NormdocError, match="不超过5年"):
        through_to_published(county, document, valid_until=dt.date(2032, 1, 1))
    document.refresh_from_db()
    assert document.stage == "registered"  # every step before publication stands
    assert document.item_id is None


def test_registration_skips_numbers_taken_outside_the_counter(county, catalogue, system):
    taken = draft(county, title="导入的旧文件")
    NormativeDocument.unscoped.filter(pk=taken.pk).update(registration_number="HQFGW-2026-001")
    document = through_to_published(county, draft(county))
    assert document.registration_number == "HQFGW-2026-002"


def test_typed_doc_numbers_are_rewritten_like_the_import(county, catalogue, system):
    assert draft(county, doc_number="霍发改2026年7号").doc_number == "霍发改〔2026〕7号"
    with pytest.raises(services.NormdocError, match="无法识别"):
        draft(county, title="坏文号", doc_number="霍发改2026号")
