"""The case page through HTTP: the permission matrix, personal data (audited), attachments,
every action form (happy path and refused input: the message shown, nothing written), the
clock with its explanation, repeat detection and the reply-section plug."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.audit.models import AuditEntry
from gongkai.foi import services
from gongkai.foi.models import FoiAttachment, FoiEvent, FoiRequest
from gongkai.foi.views import case as case_views
from gongkai.units.scoping import system_scope
from tests.foi.case_helpers import (
    ID,
    NOW,
    OK_ON,
    PHONE,
    URGENT_ON,
    denied,
    make_case,
    pinned_clock,  # noqa: F401  (fixture)
    text,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
D = dt.date


@pytest.fixture
def case(county):
    """城关镇, received in person 2026-11-20 (due 2026-12-18)."""
    return make_case(county, arrived_on=OK_ON)


def reload(case) -> FoiRequest:
    with system_scope("test assertions"):
        return FoiRequest.unscoped.get(pk=case.pk)


def events(case) -> list[FoiEvent]:
    with system_scope("test assertions"):
        return list(FoiEvent.unscoped.filter(request=case).order_by("pk"))


def audit_count(action: str) -> int:
    with system_scope("test assertions"):
        return AuditEntry.objects.filter(action=action).count()


def offered(response) -> set[str]:
    return {action.name for action, _, _ in response.context["actions"]}


# ---------------------------------------------------------------- permission matrix

ALL_STAFF_ACTIONS = {"assign", "correction_notice", "consultation", "fee_notice", "art35", "upload"}


@pytest.mark.parametrize(
    ("persona", "status", "actions"),
    [
        ("county_admin", 200, ALL_STAFF_ACTIONS | {"extension"}),
        ("township_editor", 200, ALL_STAFF_ACTIONS),
        ("township_leader", 200, ALL_STAFF_ACTIONS | {"extension"}),
        ("observer", 200, set()),
        ("other_reviewer", 404, None),
        ("dept_reviewer", 404, None),
    ],
)
def test_permission_matrix(client, county, case, persona, status, actions):
    client.force_login(getattr(county, persona))
    response = client.get(url("detail", case.pk))
    assert response.status_code == status
    if status == 200:
        assert offered(response) == actions
        page = text(response)
        assert case.tracking_code in page
        assert ("查看完整个人信息" in page) is bool(actions)
        assert ('<h2 class="w-h3" id="foi-actions">办理</h2>' in page) is bool(actions)


def test_citizen_and_operator(client, county, case):
    response = client.get(url("detail", case.pk))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(county.operator)
    assert denied(client.get(url("detail", case.pk)))


def test_other_units_cannot_act_by_posting_either(client, county, case):
    client.force_login(county.other_reviewer)
    response = client.post(
        url("consultation", case.pk),
        {"on": "2026-11-25", "party_kind": "agency", "party": "县自然资源局"},
    )
    assert response.status_code == 404
    client.force_login(county.observer)
    response = client.post(
        url("consultation", case.pk),
        {"on": "2026-11-25", "party_kind": "agency", "party": "县自然资源局"},
    )
    assert response.status_code == 200
    assert "只有受理机关、承办单位的工作人员或县政务公开办可以办理此申请" in text(response)
    assert len(events(case)) == 1


# ---------------------------------------------------------------- the clock on the page


def test_page_shows_due_date_explanation_timeline_and_masked_applicant(client, county, case):
    client.force_login(county.township_editor)
    response = client.get(url("detail", case.pk))
    page = text(response)
    clock = response.context["clock"]
    assert clock.due == D(2026, 12, 18) and clock.days_left == 16
    assert "2026-12-18" in page and "期限说明" in page
    assert "答复期限：2026年12月18日" in page
    assert "截至2026年11月26日：距答复期限还有16个工作日。" in page
    assert "收到申请" in page and "登记：王主任" in page
    assert "张*" in page and "340102********1234" in page and "138****5678" in page
    assert ID not in page and PHONE not in page and "光明路" not in page


def test_personal_data_is_shown_on_request_and_audited(client, county, case):
    client.force_login(county.township_reviewer)
    response = client.post(url("personal_data", case.pk), {"reason": "电话联系申请人补正"})
    assert response.status_code == 200
    page = text(response)
    assert ID in page and PHONE in page and "光明路12号" in page and "张三" in page
    assert "本次查看已记入操作日志" in page
    assert audit_count("foi.view_personal_data") == 1
    with system_scope("test assertions"):
        entry = AuditEntry.objects.get(action="foi.view_personal_data")
    assert entry.reason == "电话联系申请人补正"


def test_observer_may_not_see_personal_data(client, county, case):
    client.force_login(county.observer)
    assert denied(client.post(url("personal_data", case.pk), {}))
    assert audit_count("foi.view_personal_data") == 0
    assert client.get(url("personal_data", case.pk)).status_code == 405


# ---------------------------------------------------------------- attachments


def test_upload_and_download_an_id_copy(client, county, case, private_media):
    client.force_login(county.township_editor)
    upload = SimpleUploadedFile("身份证.pdf", b"%PDF-1.4 id copy", content_type="application/pdf")
    response = client.post(url("upload", case.pk), {"kind": "id_copy", "file": upload})
    assert response.status_code == 302
    with system_scope("test assertions"):
        attachment = FoiAttachment.objects.get(request=case)
    page = text(client.get(url("detail", case.pk)))
    link = url("attachment", case.pk, attachment.pk)
    assert link in page
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 id copy"
    assert "attachment" in download["Content-Disposition"]
    assert audit_count("foi.download_attachment") == 1
    # The observer reads the case but not the ID copy; 河口镇 does not see the case at all.
    client.force_login(county.observer)
    assert "含个人信息，无权查看" in text(client.get(url("detail", case.pk)))
    assert denied(client.get(link))
    client.force_login(county.other_reviewer)
    assert client.get(link).status_code == 404
    assert audit_count("foi.download_attachment") == 1


def test_disclosed_files_are_readable_by_the_observer(client, county, case, private_media):
    with system_scope("test setup"):
        attachment = services.attach_file(
            case,
            kind="disclosed",
            upload=SimpleUploadedFile("招标文件.pdf", b"%PDF-1.4 public"),
            by=county.township_editor,
            now=NOW,
        )
    client.force_login(county.observer)
    response = client.get(url("attachment", case.pk, attachment.pk))
    assert response.status_code == 200
    assert audit_count("foi.download_attachment") == 0


def test_refused_upload_shows_the_error_and_stores_nothing(client, county, case, private_media):
    client.force_login(county.township_editor)
    bad = SimpleUploadedFile("脚本.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post(url("upload", case.pk), {"kind": "evidence", "file": bad})
    assert response.status_code == 200
    assert "只接受 PDF、OFD、图片、Word、Excel 或 ZIP 文件" in text(response)
    response = client.post(url("upload", case.pk), {"kind": "evidence"})
    assert "请选择要上传的文件" in text(response)
    with system_scope("test assertions"):
        assert not FoiAttachment.objects.exists()
    assert not list(private_media.rglob("*.*"))


# ---------------------------------------------------------------- action forms


def post(client, name, case, data):
    return client.post(url(name, case.pk), data)


def test_assign(client, county, case):
    client.force_login(county.township_editor)
    response = post(
        client,
        "assign",
        case,
        {"handling_unit": county.datong.pk, "internal_due": "2026-12-10", "note": "请大同村办理"},
    )
    assert response.status_code == 302
    fresh = reload(case)
    assert fresh.handling_unit_id == county.datong.pk and fresh.internal_due == D(2026, 12, 10)


def test_assign_refused_after_the_statutory_due_date(client, county, case):
    client.force_login(county.township_editor)
    response = post(
        client, "assign", case, {"handling_unit": county.datong.pk, "internal_due": "2026-12-18"}
    )
    assert response.status_code == 200
    assert "内部办理期限应早于法定答复期限（2026年12月18日）" in text(response)
    # Outside the editor's scope, 河口镇 is not even a choice.
    response = post(
        client, "assign", case, {"handling_unit": county.hekou.pk, "internal_due": "2026-12-10"}
    )
    assert "请选择有效的承办单位" in text(response)
    assert reload(case).handling_unit_id is None


def test_correction_notice_and_correction(client, county, case):
    client.force_login(county.township_editor)
    response = post(
        client,
        "correction_notice",
        case,
        {"on": "2026-11-24", "until": "2026-12-04", "missing": "所需信息的具体年份\n\n项目名称"},
    )
    assert response.status_code == 302
    assert reload(case).state == "awaiting_correction"
    assert events(case)[-1].note == "需补正的事项：\n1. 所需信息的具体年份\n2. 项目名称"
    page = client.get(url("detail", case.pk))
    assert offered(page) == {"assign", "correction_received", "upload"}
    assert "等待补正" in text(page)
    response = post(client, "correction_received", case, {"on": "2026-11-26"})
    assert response.status_code == 302
    fresh = reload(case)
    assert fresh.state == "open"
    clock = client.get(url("detail", case.pk)).context["clock"]
    assert clock.corrected_on == D(2026, 11, 26) and clock.due == D(2026, 12, 24)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"on": "2026-11-24", "until": "2026-12-04", "missing": "  \n "}, "请填写需要补正的事项"),
        ({"on": "2026-11-24", "missing": "年份"}, "请填写补正期限"),
        ({"on": "2026/13/40", "until": "2026-12-04", "missing": "年份"}, "发出日期格式不正确"),
        (
            {"on": "2026-11-24", "until": "2026-11-24", "missing": "年份"},
            "补正告知须写明晚于发出日的合理补正期限",
        ),
        ({"on": "2026-11-27", "until": "2026-12-04", "missing": "年份"}, "事件日期不能晚于今天"),
    ],
)
def test_correction_notice_refused(client, county, case, data, message):
    client.force_login(county.township_editor)
    response = post(client, "correction_notice", case, data)
    assert response.status_code == 200
    assert message in text(response)
    assert reload(case).state == "open" and len(events(case)) == 1


def test_correction_notice_after_seven_working_days_is_refused(client, county):
    late = make_case(county, arrived_on=URGENT_ON)  # 7th working day: 2026-11-11
    client.force_login(county.township_editor)
    response = post(
        client,
        "correction_notice",
        late,
        {"on": "2026-11-26", "until": "2026-12-10", "missing": "年份"},
    )
    assert "补正告知应在收到申请之日起7个工作日内发出，最迟为2026年11月11日" in text(response)
    assert len(events(late)) == 1


def test_consultation_and_answer(client, county, case):
    client.force_login(county.township_editor)
    response = post(
        client,
        "consultation",
        case,
        {"on": "2026-11-23", "party_kind": "third_party", "party": "霍邱县某建设公司"},
    )
    assert response.status_code == 302
    assert reload(case).state == "consulting"
    event = events(case)[-1]
    assert event.third_party and event.note == "征求意见对象：霍邱县某建设公司"
    page = client.get(url("detail", case.pk))
    assert page.context["clock"].risk == "paused"
    assert "征求第三方意见：2026-11-23 至 2026-11-26" in text(page)
    # An answer dated before the request is refused by the ledger.
    response = post(client, "consultation_answer", case, {"on": "2026-11-20"})
    assert "不能早于上一事件" in text(response)
    response = post(client, "consultation_answer", case, {"on": "2026-11-25", "note": "不同意公开"})
    assert response.status_code == 302
    assert reload(case).state == "open"
    # Paused 2026-11-23..25 (3 working days): due 2026-12-18 + 3 = 2026-12-23.
    assert client.get(url("detail", case.pk)).context["clock"].due == D(2026, 12, 23)


def test_consultation_needs_the_party(client, county, case):
    client.force_login(county.township_editor)
    response = post(client, "consultation", case, {"on": "2026-11-23", "party_kind": "agency"})
    assert response.status_code == 200 and "请填写征求意见对象" in text(response)
    assert reload(case).state == "open"


def test_fee_preview_notice_and_payment(client, county, case):
    client.force_login(county.township_editor)
    data = {"on": "2026-11-24", "method": "per_page", "pages": "150"}
    preview = post(client, "fee_notice", case, data | {"preview": "1"})
    assert preview.status_code == 200
    assert "试算结果：按量计收：150页，收费1700元" in text(preview)
    assert reload(case).state == "open"
    response = post(client, "fee_notice", case, data)
    assert response.status_code == 302
    assert reload(case).state == "awaiting_fee"
    assert events(case)[-1].note.startswith("信息处理费1700元。按量计收：150页")
    page = client.get(url("detail", case.pk))
    assert page.context["clock"].fee_payment_due == D(2026, 12, 22)
    response = post(client, "fee_paid", case, {"on": "2026-11-23"})
    assert "不能早于上一事件" in text(response)
    response = post(client, "fee_paid", case, {"on": "2026-11-26"})
    assert response.status_code == 302 and reload(case).state == "open"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"on": "2026-11-24", "method": "per_page", "pages": "20"},
            "20页，收费0元（30页以内免费）",
        ),
        ({"on": "2026-11-24", "method": "per_page"}, "按量计收须填写页数"),
        (
            {"on": "2026-11-24", "method": "per_item", "pages": "100"},
            "按件计收须填写本自然月第几件申请",
        ),
        ({"on": "2026-11-24", "method": "per_item", "nth": "3"}, "每月前10件免费"),
        ({"on": "2026-11-24", "method": "per_page", "pages": "-5"}, "页数应为正整数"),
    ],
)
def test_fee_notice_refused(client, county, case, data, message):
    client.force_login(county.township_editor)
    response = post(client, "fee_notice", case, data)
    assert response.status_code == 200
    assert message in text(response)
    assert reload(case).state == "open"


def test_per_item_fee_counts_the_applicants_applications_this_month(client, county):
    for day in range(2, 13):  # 11 earlier applications by the same applicant in November
        make_case(county, arrived_on=D(2026, 11, day), description=f"第{day}号文件")
    case = make_case(county, arrived_on=OK_ON)
    client.force_login(county.township_editor)
    page = client.get(url("detail", case.pk))
    assert page.context["fee_nth"] == 12
    assert "本自然月第12件申请，收费100元" in text(page)
    response = post(
        client, "fee_notice", case, {"on": "2026-11-24", "method": "per_item", "nth": "12"}
    )
    assert response.status_code == 302
    assert "收费100元" in events(case)[-1].note


def test_extension_only_by_the_leader_and_only_once(client, county, case):
    client.force_login(county.township_editor)
    response = post(client, "extension", case, {"on": "2026-11-26", "note": "涉及多个部门"})
    assert response.status_code == 200
    assert "延期答复须经受理机关政府信息公开工作机构负责人同意" in text(response)
    assert len(events(case)) == 1
    client.force_login(county.township_leader)
    response = post(client, "extension", case, {"on": "2026-11-26"})
    assert "请填写延期理由" in text(response)
    response = post(client, "extension", case, {"on": "2026-11-26", "note": "涉及多个部门"})
    assert response.status_code == 302
    page = client.get(url("detail", case.pk))
    assert page.context["clock"].extended and page.context["clock"].due == D(
        2027, 1, 18
    )  # 1 January is a holiday
    assert "extension" not in offered(page)
    response = post(client, "extension", case, {"on": "2026-11-26", "note": "再次延期"})
    assert "延期答复只能一次" in text(response)
    assert len(events(case)) == 2


def test_art35(client, county, case):
    client.force_login(county.township_editor)
    response = post(
        client, "art35", case, {"on": "2026-11-26", "until": "2026-12-10", "note": "一月内申请50件"}
    )
    assert "须晚于现行答复期限（2026年12月18日）" in text(response)
    assert len(events(case)) == 1
    response = post(
        client, "art35", case, {"on": "2026-11-26", "until": "2027-01-29", "note": "一月内申请50件"}
    )
    assert response.status_code == 302
    page = client.get(url("detail", case.pk))
    assert page.context["clock"].due == D(2027, 1, 29)
    assert "依《条例》第三十五条确定的合理答复期限：2027年1月29日。" in text(page)


# ---------------------------------------------------------------- repeats and the reply plug


def test_repeat_and_near_identical_requests(client, county, case):
    same_elsewhere = make_case(
        county, unit=county.hekou, arrived_on=D(2026, 11, 10), description="河口镇财政预算"
    )
    make_case(
        county,
        arrived_on=D(2026, 11, 12),
        applicant_name="张三",
        phone="",
        id_number="",
        description="别的",
    )
    make_case(county, arrived_on=D(2026, 9, 1), description="很久以前")  # outside 30 days
    copy = make_case(
        county,
        unit=county.hekou,
        arrived_on=D(2026, 11, 18),
        applicant_name="李四",
        id_number="",
        phone="13900000000",
        description="2025年城关镇老旧小区改造项目招标文件及中标结果",
    )
    client.force_login(county.township_editor)
    response = client.get(url("detail", case.pk))
    same = response.context["same_applicant"]
    assert [r.pk for r in same] == [same_elsewhere.pk]
    assert not same[0].readable and same[0].description == ""  # 河口镇: outside the scope
    similar = response.context["near_identical"]
    assert [r.pk for r in similar] == [copy.pk] and similar[0].score >= 0.6
    page = text(response)
    assert same_elsewhere.tracking_code in page and "河口镇财政预算" not in page
    assert url("detail", copy.pk) not in page
    client.force_login(county.county_admin)
    page = text(client.get(url("detail", case.pk)))
    assert url("detail", copy.pk) in page and "河口镇财政预算" in page


def test_reply_section_is_included_when_the_template_exists(client, county, case, monkeypatch):
    client.force_login(county.county_admin)
    response = client.get(url("detail", case.pk))
    assert response.context["reply_section_template"] == "foi/admin/_reply_section.html"
    assert "办理答复" in text(response) and "未起草" in text(response)
    monkeypatch.setattr(case_views, "REPLY_SECTION_TEMPLATE", "foi/admin/_risk_css.html")
    monkeypatch.setattr(
        case_views, "CASE_CONTEXT_PROVIDERS", [lambda request, case, clock: {"reply_marker": 1}]
    )
    response = client.get(url("detail", case.pk))
    assert response.context["reply_section_template"] == "foi/admin/_risk_css.html"
    assert response.context["reply_marker"] == 1
    assert text(response).count(".gk-foi .gk-timeline li") == 2


def test_same_applicant_matches_on_digests_of_normalised_numbers(county, case):
    from gongkai.foi import repeats

    other = make_case(county, arrived_on=D(2026, 11, 16), id_number="", phone="+86 138-1234-5678")
    stranger = make_case(
        county, arrived_on=D(2026, 11, 17), applicant_name="张三", id_number="", phone="13900000000"
    )
    with system_scope("test assertions"):
        stored = FoiRequest.unscoped.get(pk=case.pk)
        assert stored.phone_digest and PHONE not in stored.phone_digest
        assert stored.id_number_digest and ID not in stored.id_number_digest
        found = [r.pk for r in repeats.same_applicant(stored)]
    assert other.pk in found and stranger.pk not in found


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_notices_to_the_applicant_as_docx(client, county, case):
    """补正告知书 and 延期答复告知书 from the ledger entries, for the handlers only."""
    client.force_login(county.township_editor)
    post(
        client,
        "correction_notice",
        case,
        {"on": "2026-11-24", "until": "2026-12-04", "missing": "所需信息的具体年份\n项目名称"},
    )
    notice = events(case)[-1]
    page = text(client.get(url("detail", case.pk)))
    link = url("event_notice", case.pk, notice.pk)
    assert link in page
    # The receipt has no notice.
    assert url("event_notice", case.pk, events(case)[0].pk) not in page
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    body = _docx_text(response.content)
    assert "补正告知书" in body and "张三：" in body and "1. 所需信息的具体年份" in body
    assert "2026年12月4日前" in body and "二〇二六年十一月二十四日" in body
    assert ID not in body and PHONE not in body
    assert client.get(url("event_notice", case.pk, events(case)[0].pk)).status_code == 404
    post(client, "correction_received", case, {"on": "2026-11-26"})
    client.force_login(county.township_leader)
    post(client, "extension", case, {"on": "2026-11-26", "note": "涉及多个部门"})
    extension = events(case)[-1]
    body = _docx_text(client.get(url("event_notice", case.pk, extension.pk)).content)
    # Corrected on 11-26: 20 working days to 12-24, 20 more (1 January a holiday) to 01-22.
    assert "延期答复告知书" in body and "涉及多个部门" in body and "2027年1月22日前作出答复" in body
    client.force_login(county.observer)
    assert denied(client.get(url("event_notice", case.pk, extension.pk)))
    assert "下载告知书" not in text(client.get(url("detail", case.pk)))
