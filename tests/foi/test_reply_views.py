"""The reply page, templates, review cases and statistics through HTTP, persona by persona."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from gongkai.foi import admin_replies
from gongkai.foi.domain.events import State
from gongkai.foi.models import FoiAttachment, FoiRequest
from gongkai.foi.replies_models import DeliveryRecord, ReplyLetter, ReplyTemplate, ReviewCase
from gongkai.units.scoping import system_scope
from gongkai.units.selectors import scope_for_user
from tests.foi.test_replies import make_case

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock(monkeypatch, settings, tmp_path):
    monkeypatch.setattr(admin_replies, "clock", lambda: (TODAY, NOW))
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def url(name: str, *args) -> str:
    return reverse(f"foi_admin_{name}", args=args)


def as_(client, user):
    client.force_login(user)
    return client


def denied(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def reload(case) -> FoiRequest:
    with system_scope("test"):
        return FoiRequest.unscoped.get(pk=case.pk)


def letter_of(case) -> ReplyLetter:
    with system_scope("test"):
        return ReplyLetter.unscoped.get(request=case)


def follow_message(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_full_reply_journey(client, county):
    case = make_case(county)
    editor = as_(client, county.township_editor)
    assert "生成答复书" in page(editor.get(url("reply", case.pk)))
    # Bad input: no outcome, then a reply type that does not fit.
    editor.post(url("reply_draft", case.pk), {"outcome": ""})
    response = editor.post(
        url("reply_draft", case.pk), {"outcome": "disclosed", "reply_type": "art36.4"}, follow=True
    )
    assert "该办理结果可用的答复类型" in response.content.decode()
    with system_scope("test"):
        assert not ReplyLetter.unscoped.exists()
    editor.post(url("reply_draft", case.pk), {"outcome": "disclosed", "reply_type": ""})
    letter = letter_of(case)
    body = letter.body.replace("（见附件）", "（见附件，共3页）")
    editor.post(
        url("reply_edit", case.pk),
        {"outcome": "disclosed", "reply_type": "art36.2", "title": letter.title, "body": body},
    )
    assert "共3页" in letter_of(case).body
    editor.post(url("reply_submit", case.pk))
    # The drafter is not offered approval and is refused if trying.
    assert "签发</button>" not in page(editor.get(url("reply", case.pk)))
    response = editor.post(url("reply_approve", case.pk), follow=True)
    assert "单位负责人" in response.content.decode()
    assert letter_of(case).state == "submitted"

    leader = as_(client, county.township_leader)
    assert "签发</button>" in page(leader.get(url("reply", case.pk)))
    leader.post(url("reply_approve", case.pk))
    assert letter_of(case).number == "城政公开〔2026〕1号"

    editor = as_(client, county.township_editor)
    response = editor.get(url("reply_docx", case.pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    texts = [p.text for p in docx.Document(BytesIO(response.content)).paragraphs]
    assert "城政公开〔2026〕1号" in texts and "二〇二六年十一月二十六日" in texts
    # Closing refused before delivery; bad delivery input refused.
    response = editor.post(url("reply_close", case.pk), follow=True)
    assert "送达" in response.content.decode()
    assert reload(case).state == State.OPEN
    response = editor.post(
        url("reply_deliver", case.pk),
        {"method": "post", "delivered_on": "2026-11-26", "tracking_number": ""},
        follow=True,
    )
    assert "邮件号码" in response.content.decode()
    editor.post(
        url("reply_attach", case.pk),
        {"file": SimpleUploadedFile("招标文件.pdf", b"%PDF-1.4 test", "application/pdf")},
    )
    editor.post(
        url("reply_deliver", case.pk),
        {"method": "post", "delivered_on": "2026-11-26", "tracking_number": "1151234567890"},
    )
    editor.post(url("reply_close", case.pk))
    stored = reload(case)
    assert stored.state == State.CLOSED and stored.outcome == "disclosed"
    with system_scope("test"):
        assert DeliveryRecord.unscoped.count() == 1
        assert FoiAttachment.unscoped.filter(kind="disclosed").count() == 1
    assert "已办结" in page(editor.get(url("reply", case.pk)))


def test_return_from_the_page(client, county):
    case = make_case(county)
    editor = as_(client, county.township_editor)
    editor.post(url("reply_draft", case.pk), {"outcome": "unavailable.1"})
    editor.post(url("reply_submit", case.pk))
    leader = as_(client, county.township_leader)
    leader.post(url("reply_return", case.pk), {"reason": ""})
    assert letter_of(case).state == "submitted"
    leader.post(url("reply_return", case.pk), {"reason": "请写明检索范围"})
    assert letter_of(case).state == "returned"
    assert "请写明检索范围" in page(as_(client, county.township_editor).get(url("reply", case.pk)))


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("county_admin", True),
        ("township_editor", True),
        ("township_leader", True),
        ("observer", True),
        ("other_reviewer", False),
        ("dept_reviewer", False),
        ("operator", None),
        ("legal_reviewer", None),
    ],
)
def test_reply_page_matrix(client, county, persona, sees):
    case = make_case(county)
    response = as_(client, getattr(county, persona)).get(url("reply", case.pk))
    if sees is None:
        assert denied(response)  # no FOI role at all
    elif sees:
        assert response.status_code == 200
    else:
        assert response.status_code == 404  # outside their scope


def test_observer_reads_but_cannot_act(client, county):
    case = make_case(county)
    observer = as_(client, county.observer)
    text = page(observer.get(url("reply", case.pk)))
    assert "生成答复书" not in text
    observer.post(url("reply_draft", case.pk), {"outcome": "disclosed"})
    with system_scope("test"):
        assert not ReplyLetter.unscoped.exists()


def test_templates_are_for_the_county_office(client, county):
    assert denied(as_(client, county.township_leader).get(url("templates")))
    admin = as_(client, county.county_admin)
    assert "属于国家秘密" in page(admin.get(url("templates")))
    edit = url("template_edit", "disclosed")
    response = admin.post(edit, {"title": "答复书", "body": "{申请人}：{不存在}"})
    assert "无法识别的占位符" in page(response)
    admin.post(edit, {"title": "答复书", "body": "{申请人}：\n同意。{法律依据}\n{救济途径}"})
    with system_scope("test"):
        assert ReplyTemplate.objects.get(outcome="disclosed").body.startswith("{申请人}：\n同意")


def test_review_cases(client, county):
    case = make_case(county)
    assert denied(as_(client, county.operator).get(url("review_create", case.pk)))
    editor = as_(client, county.township_editor)
    response = editor.post(
        url("review_create", case.pk), {"kind": "review", "filed_on": "2026-10-01"}
    )
    assert "不能早于收到申请之日" in page(response)
    editor.post(
        url("review_create", case.pk),
        {"kind": "review", "filed_on": "2026-11-20", "body": "霍邱县人民政府"},
    )
    with system_scope("test"):
        review = ReviewCase.unscoped.get()
    assert "霍邱县人民政府" in page(editor.get(url("reviews")))
    editor.post(url("review_decide", review.pk), {"result": "upheld", "decided_on": ""})
    with system_scope("test"):
        assert ReviewCase.unscoped.get().result == "pending"
    editor.post(url("review_decide", review.pk), {"result": "upheld", "decided_on": "2026-11-25"})
    with system_scope("test"):
        assert ReviewCase.unscoped.get().result == "upheld"
    # Another township's reviewer does not see the case.
    assert "霍邱县人民政府" not in page(as_(client, county.other_reviewer).get(url("reviews")))


def test_review_cases_are_paged(client, county):
    case = make_case(county)
    with system_scope("test"):
        ReviewCase.unscoped.bulk_create(
            ReviewCase(
                request=case,
                kind="review",
                filed_on=dt.date(2026, 11, 20),
                case_number=f"霍复〔2026〕{n}号",
                created_by=county.county_admin,
                created_at=dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC),
            )
            for n in range(1, admin_replies.REVIEWS_PER_PAGE + 2)
        )
    admin = as_(client, county.county_admin)
    first = admin.get(url("reviews"))
    assert len(first.context["reviews"]) == admin_replies.REVIEWS_PER_PAGE
    assert "第 1 / 2 页" in page(first)
    assert len(admin.get(url("reviews") + "?p=2").context["reviews"]) == 1


def test_stats_page_and_export(client, county):
    make_case(county)
    admin = as_(client, county.county_admin)
    text = page(admin.get(url("stats") + "?year=2026"))
    assert "一、本年新收政府信息公开申请数量" in text and "勾稽关系校验通过" in text
    response = admin.get(url("stats_xlsx") + "?year=2026&unit=chengguan")
    book = openpyxl.load_workbook(BytesIO(response.content))
    assert book["三、申请情况"]["H3"].value == 1
    # A township's staff see their own unit only; bad year falls back.
    text = page(as_(client, county.other_reviewer).get(url("stats") + "?year=abc"))
    assert "河口镇" in text and "全县" not in text


def test_reply_section_include(client, county):
    case = make_case(county)
    with scope_for_user(county.township_editor):
        html = render_to_string(
            "foi/admin/_reply_section.html", {"request_obj": case, "user": county.township_editor}
        )
    assert "未起草" in html and url("reply", case.pk) in html


def test_menu_items(client, county):
    text = page(as_(client, county.county_admin).get("/admin/"))
    assert url("templates") in text and url("reviews") in text and url("stats") in text
    text = page(as_(client, county.township_leader).get("/admin/"))
    assert url("reviews") in text and url("templates") not in text
    assert url("stats") not in page(as_(client, county.operator).get("/admin/"))
