"""The registry's staff admin through HTTP: the procedure, permissions, bad input, campaigns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.catalog.models import ItemPage
from gongkai.normdocs.models import (
    CampaignDocument,
    CleanupCampaign,
    LegalReview,
    NormativeDocument,
)
from gongkai.normdocs.views import admin as admin_views
from gongkai.units.scoping import system_scope
from tests.conftest import TODAY
from tests.normdocs.conftest import BODY, draft, through_to_published

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The views read the time through views.admin.clock(); pin it to the fixtures' day."""
    monkeypatch.setattr(admin_views, "clock", lambda: (TODAY, NOW))


def url(name: str, *args) -> str:
    return reverse(f"normdocs_admin_{name}", args=args)


def login(client, user):
    client.force_login(user)
    return client


def reload(document) -> NormativeDocument:
    with system_scope("test assertions"):
        return NormativeDocument.unscoped.get(pk=document.pk)


def text(response) -> str:
    return response.content.decode()


def denied(response) -> bool:
    """Wagtail answers PermissionDenied in admin views with a redirect to the dashboard."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def new_draft(county, **fields) -> NormativeDocument:
    with system_scope("test setup"):
        return draft(county, by=county.dept_reviewer, **fields)


def published(county, **fields) -> NormativeDocument:
    with system_scope("test setup"):
        return through_to_published(county, draft(county, **fields))


# ---------------------------------------------------------------- the whole procedure


def test_the_procedure_through_http_ends_public(client, county, catalogue):
    staff = login(client, county.dept_reviewer)
    response = staff.post(
        url("create"),
        {
            "unit": county.fgw.pk,
            "title": "霍邱县城区停车管理办法",
            "body": BODY,
            "topic": "",
        },
    )
    assert response.status_code == 302
    with system_scope("test assertions"):
        document = NormativeDocument.unscoped.get(title="霍邱县城区停车管理办法")
    assert response["Location"] == url("detail", document.pk)
    assert document.unit_id == county.fgw.pk and document.stage == "draft"

    page = text(staff.get(url("detail", document.pk)))
    assert "提交合法性审核" in page and "合法性审核意见" not in page
    staff.post(url("submit", document.pk))
    assert reload(document).stage == "legal_review"

    legal = login(client, county.legal_reviewer)
    page = text(legal.get(url("list") + "?stage=legal_review"))
    assert "待我审核" in page and document.title in page
    response = legal.post(
        url("legal_review", document.pk),
        {"conclusion": "passed", "opinion": "符合法律法规规定，同意。"},
        follow=True,
    )
    assert "合法性审核通过" in text(response)
    assert reload(document).stage == "reviewed"

    staff = login(client, county.dept_reviewer)
    steps = [
        ("deliberate", {"meeting": "县发改委第8次党组会议", "deliberated_on": "2026-11-26"}),
        ("sign", {"signed_by": "周主任", "signed_on": "2026-11-26"}),
        # A repairable 文号 is stored in the canonical form.
        ("register", {"doc_number": "霍发改(26)第7号", "written_on": ""}),
        ("publish", {"published_on": "2026-11-26", "effective_on": "", "valid_until": ""}),
        ("file", {"filed_on": "2026-11-30", "filed_with": "", "reference": "LA-2026-15"}),
    ]
    for action, data in steps:
        response = staff.post(url(action, document.pk), data, follow=True)
        assert response.status_code == 200
        assert "未完成" not in text(response), (action, text(response))

    document = reload(document)
    assert document.stage == "filed" and document.status == "valid"
    assert document.doc_number == "霍发改〔2026〕7号"
    assert document.registration_number == "HQFGW-2026-001"
    assert document.valid_until == dt.date(2031, 11, 25)
    assert document.filed_on == dt.date(2026, 11, 30) and document.filed_with
    with system_scope("test assertions"):
        item = ItemPage.objects.get(pk=document.item_id)
    assert item.live and item.doc_number == "霍发改〔2026〕7号"
    page = text(staff.get(url("detail", document.pk)))
    assert "已备案" in page and "符合法律法规规定" in page and "废止" in page
    assert reverse("wagtailadmin_pages:edit", args=[item.pk]) in page


def test_returned_draft_can_be_edited_and_resubmitted(client, county, catalogue):
    document = new_draft(county)
    login(client, county.dept_reviewer).post(url("submit", document.pk))
    login(client, county.legal_reviewer).post(
        url("legal_review", document.pk), {"conclusion": "returned", "opinion": "第二条表述不当"}
    )
    assert reload(document).stage == "draft"
    staff = login(client, county.dept_reviewer)
    assert "第二条表述不当" in text(staff.get(url("detail", document.pk)))
    response = staff.post(
        url("edit", document.pk),
        {"title": "霍邱县城区停车管理暂行办法", "body": BODY + "\n第三条 修改。"},
    )
    assert response.status_code == 302
    assert reload(document).title == "霍邱县城区停车管理暂行办法"
    staff.post(url("submit", document.pk))
    assert reload(document).stage == "legal_review"
    # Once submitted, the text is fixed.
    response = staff.get(url("edit", document.pk), follow=True)
    assert "不能再修改" in text(response)


# ---------------------------------------------------------------- permissions


def test_other_units_cannot_see_or_act_on_the_document(client, county, catalogue):
    document = new_draft(county)
    for user in (county.township_editor, county.other_reviewer):
        reader = login(client, user)
        assert document.title not in text(reader.get(url("list")))
        assert reader.get(url("detail", document.pk)).status_code == 404
        assert reader.get(url("edit", document.pk)).status_code == 404
        assert reader.post(url("submit", document.pk)).status_code == 404
    assert reload(document).stage == "draft"


def test_readers_by_role(client, county, catalogue):
    document = new_draft(county)
    assert denied(login(client, county.operator).get(url("list")))
    assert denied(client.get(url("campaigns")))
    assert denied(client.get(url("detail", document.pk)))

    page = text(login(client, county.observer).get(url("list")))
    assert document.title in page and "起草新文件" not in page
    page = text(client.get(url("detail", document.pk)))
    assert document.title in page and "提交合法性审核" not in page
    assert denied(client.get(url("create")))

    page = text(login(client, county.legal_reviewer).get(url("list")))
    assert document.title in page and "待我审核" in page and "起草新文件" not in page

    page = text(login(client, county.township_editor).get(url("list")))
    assert "起草新文件" in page and "待我审核" not in page
    form = text(client.get(url("create")))
    assert county.chengguan.name in form and county.fgw.name not in form

    assert client.get("/admin/normdocs/").status_code == 200
    client.logout()
    response = client.get(url("list"))
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]


def test_only_the_legal_office_records_legality_review(client, county, catalogue):
    document = new_draft(county)
    login(client, county.dept_reviewer).post(url("submit", document.pk))
    for user in (county.dept_reviewer, county.county_admin):
        response = login(client, user).post(
            url("legal_review", document.pk),
            {"conclusion": "passed", "opinion": "同意"},
            follow=True,
        )
        assert "只有司法局" in text(response)
        assert "合法性审核意见" not in text(client.get(url("detail", document.pk)))
    assert reload(document).stage == "legal_review"
    with system_scope("test assertions"):
        assert not LegalReview.objects.filter(document=document).exists()
    # The legal office may review but not carry the unit's own steps.
    reviewer = login(client, county.legal_reviewer)
    page = text(reviewer.get(url("detail", document.pk)))
    assert "审核意见" in page
    reviewer.post(url("legal_review", document.pk), {"conclusion": "passed", "opinion": "同意"})
    response = reviewer.post(
        url("deliberate", document.pk),
        {"meeting": "会议", "deliberated_on": "2026-11-26"},
        follow=True,
    )
    assert "只有制定单位" in text(response)
    assert reload(document).stage == "reviewed"


def test_action_urls_are_post_only(client, county, catalogue):
    document = new_draft(county)
    assert login(client, county.dept_reviewer).get(url("submit", document.pk)).status_code == 405


# ---------------------------------------------------------------- bad input


def test_blank_opinion_is_refused(client, county, catalogue):
    document = new_draft(county)
    login(client, county.dept_reviewer).post(url("submit", document.pk))
    response = login(client, county.legal_reviewer).post(
        url("legal_review", document.pk), {"conclusion": "returned", "opinion": "  "}, follow=True
    )
    assert "请填写审核意见" in text(response)
    assert reload(document).stage == "legal_review"


def test_unreadable_doc_number_is_refused_on_create(client, county, catalogue):
    staff = login(client, county.dept_reviewer)
    response = staff.post(
        url("create"),
        {"unit": county.fgw.pk, "title": "霍邱县价格监测办法", "doc_number": "霍发改2026号"},
    )
    assert response.status_code == 200
    assert "无法识别" in text(response)
    response = staff.post(
        url("create"),
        {"unit": county.fgw.pk, "title": "霍邱县价格监测办法", "doc_number": "霍发改〔2031〕7号"},
    )
    assert "晚于今年" in text(response)
    with system_scope("test assertions"):
        assert not NormativeDocument.unscoped.filter(title="霍邱县价格监测办法").exists()


def test_validity_beyond_the_limit_leaves_the_draft_unchanged(client, county, catalogue):
    document = new_draft(county)
    staff = login(client, county.dept_reviewer)
    response = staff.post(
        url("edit", document.pk),
        {
            "title": "霍邱县城区停车管理试行办法",
            "body": BODY,
            "effective_on": "2027-01-01",
            "valid_until": "2029-12-31",
        },
    )
    assert response.status_code == 200
    assert "暂行、试行文件的有效期一般不超过2年" in text(response)
    document = reload(document)
    assert document.title == "霍邱县城区停车管理办法" and document.valid_until is None


def test_unit_outside_drafting_units_is_refused(client, county, catalogue):
    response = login(client, county.township_editor).post(
        url("create"), {"unit": county.fgw.pk, "title": "越权起草的文件", "body": BODY}
    )
    assert response.status_code == 200 and "不能为该单位起草文件" in text(response)
    with system_scope("test assertions"):
        assert not NormativeDocument.unscoped.filter(title="越权起草的文件").exists()


def test_publishing_with_too_long_validity_changes_nothing(client, county, catalogue):
    document = new_draft(county)
    staff = login(client, county.dept_reviewer)
    staff.post(url("submit", document.pk))
    login(client, county.legal_reviewer).post(
        url("legal_review", document.pk), {"conclusion": "passed", "opinion": "同意"}
    )
    staff = login(client, county.dept_reviewer)
    staff.post(
        url("deliberate", document.pk), {"meeting": "党组会", "deliberated_on": "2026-11-26"}
    )
    staff.post(url("sign", document.pk), {"signed_by": "周主任", "signed_on": "2026-11-26"})
    staff.post(url("register", document.pk), {"doc_number": "霍发改〔2026〕9号"})
    assert reload(document).stage == "registered"
    page = text(staff.get(url("detail", document.pk)))
    assert "有效期默认至2031年11月25日" in page
    response = staff.post(
        url("publish", document.pk),
        {"published_on": "2026-11-26", "valid_until": "2032-12-31"},
        follow=True,
    )
    assert "公布未完成" in text(response) and "一般不超过5年" in text(response)
    response = staff.post(url("publish", document.pk), {"published_on": "26/11"}, follow=True)
    assert "公布日期格式不正确" in text(response)
    document = reload(document)
    assert document.stage == "registered" and document.published_on is None


def test_validity_actions_on_a_public_document(client, county, catalogue):
    document = published(county)
    staff = login(client, county.dept_reviewer)
    response = staff.post(
        url("renew", document.pk), {"valid_until": "2029-01-01", "reason": "继续"}
    )
    assert "新的有效期截止日期应晚于原截止日期" in text(staff.get(url("detail", document.pk)))
    assert response.status_code == 302
    response = staff.post(url("repeal", document.pk), {"reason": ""}, follow=True)
    assert "请填写废止理由" in text(response)
    assert reload(document).status == "valid"
    staff.post(url("repeal", document.pk), {"reason": "上位法已修改"})
    document = reload(document)
    assert document.status == "repealed"
    with system_scope("test assertions"):
        assert ItemPage.objects.get(pk=document.item_id).validity == "repealed"
    page = text(staff.get(url("detail", document.pk)))
    assert "上位法已修改" in page and 'action="' + url("repeal", document.pk) not in page


# ---------------------------------------------------------------- list


def test_list_filters_and_overdue_filing(client, county, catalogue):
    old = published(county, title="霍邱县粮食收购管理办法")  # published 2026-04-01, not filed
    other = new_draft(county, title="霍邱县物价补贴办法")
    staff = login(client, county.dept_reviewer)
    page = text(staff.get(url("list")))
    assert old.title in page and other.title in page
    assert "超期" in page and "w-text-critical-200" in page
    page = text(staff.get(url("list") + "?stage=draft"))
    assert other.title in page and old.title not in page
    page = text(staff.get(url("list") + "?q=7号"))
    assert old.title in page and other.title not in page
    page = text(staff.get(url("list") + "?year=2026&status=valid"))
    assert old.title in page and other.title not in page
    page = text(staff.get(url("list") + "?attention=filing_overdue"))
    assert old.title in page and other.title not in page
    page = text(staff.get(url("list") + f"?unit={county.chengguan.pk}"))
    assert old.title not in page


def test_dashboard_panel_and_menu(client, county, catalogue):
    published(county)  # filing overdue on TODAY
    waiting = new_draft(county, title="霍邱县另一办法")
    login(client, county.dept_reviewer).post(url("submit", waiting.pk))

    page = text(login(client, county.legal_reviewer).get(reverse("wagtailadmin_home")))
    assert "等待合法性审核" in page and "?stage=legal_review" in page
    assert url("campaigns") in page  # the menu

    page = text(login(client, county.dept_reviewer).get(reverse("wagtailadmin_home")))
    assert "备案超期" in page and "等待合法性审核" not in page

    page = text(login(client, county.operator).get(reverse("wagtailadmin_home")))
    assert url("campaigns") not in page and "规范性文件待办" not in page


# ---------------------------------------------------------------- campaigns


def test_campaign_through_http(client, county, catalogue):
    kept = published(county, title="霍邱县城区停车管理办法")
    ended = published(county, title="霍邱县集贸市场管理办法", doc_number="霍发改〔2026〕8号")

    # Only the county office opens a campaign.
    staff = login(client, county.dept_reviewer)
    assert denied(staff.get(url("campaign_open")))
    assert denied(staff.post(url("campaign_open"), {"title": "x", "due_on": "2026-12-31"}))
    assert "启动清理" not in text(staff.get(url("campaigns")))

    office = login(client, county.county_admin)
    response = office.post(url("campaign_open"), {"title": "2026年清理", "due_on": "2026-11-01"})
    assert "完成期限不能早于今天" in text(response)
    response = office.post(
        url("campaign_open"), {"title": "2026年规范性文件清理", "due_on": "2026-12-31"}
    )
    campaign = CleanupCampaign.objects.get()
    assert response["Location"] == url("campaign", campaign.pk)
    with system_scope("test assertions"):
        entries = {e.document_id: e for e in CampaignDocument.unscoped.filter(campaign=campaign)}
    assert set(entries) == {kept.pk, ended.pk}

    # Applying early names what is missing.
    response = office.post(url("campaign_apply", campaign.pk), follow=True)
    assert "还有2件文件未作出清理决定" in text(response)

    # Other units see neither the entries nor the forms.
    township = login(client, county.township_editor)
    page = text(township.get(url("campaign", campaign.pk)))
    assert kept.title not in page
    entry = entries[ended.pk]
    assert township.post(url("campaign_decide", entry.pk), {"decision": "keep"}).status_code == 404

    staff = login(client, county.dept_reviewer)
    page = text(staff.get(url("campaign", campaign.pk)))
    assert kept.title in page and "保存决定" in page and ">会签</button>" not in page
    response = staff.post(
        url("campaign_decide", entry.pk), {"decision": "repeal", "reason": ""}, follow=True
    )
    assert "须写明理由" in text(response)
    staff.post(url("campaign_decide", entry.pk), {"decision": "repeal", "reason": "已不适应"})
    staff.post(url("campaign_decide", entries[kept.pk].pk), {"decision": "keep", "reason": ""})

    # Units cannot co-sign; the legal office can.
    response = staff.post(url("campaign_cosign", entry.pk), follow=True)
    assert "只有司法局可以会签" in text(response)
    legal = login(client, county.legal_reviewer)
    page = text(legal.get(url("campaign", campaign.pk) + "?pending=uncosigned"))
    assert ">会签</button>" in page and "保存决定" not in page
    for e in entries.values():
        legal.post(url("campaign_cosign", e.pk))

    # Only the county office applies.
    response = login(client, county.dept_reviewer).post(
        url("campaign_apply", campaign.pk), follow=True
    )
    assert "只有县政务公开办可以公布清理结果" in text(response)
    assert CleanupCampaign.objects.get().state == "open"

    office = login(client, county.county_admin)
    page = text(office.get(url("campaign", campaign.pk) + f"?unit={county.fgw.pk}"))
    assert "100%" in page and county.fgw.short_name in page and "暂不能公布" not in page
    response = office.post(url("campaign_apply", campaign.pk), follow=True)
    assert "清理结果已公布" in text(response)
    assert CleanupCampaign.objects.get().state == "applied"
    assert reload(ended).status == "repealed" and reload(kept).status == "valid"
    page = text(office.get(url("campaigns")))
    assert "已完成并公布" in page
