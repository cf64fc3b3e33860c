"""The portal's application form, 回执 and status page (issue #3 intake; Art. 29, 31, 33)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.audit.models import AuditEntry
from gongkai.core.models import RateLimitHit
from gongkai.foi import services
from gongkai.foi.models import FoiAttachment, FoiRequest
from gongkai.foi.views import public
from gongkai.units.codes import make_uscc
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
ID = "341522199001011234"
PHONE = "13912345678"
ADDRESS = "安徽省六安市霍邱县城关镇光明路88号"
NAME = "王小明"
USCC = make_uscc("91341522", "MA2TY412")


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(public, "clock", lambda: (TODAY, NOW))


def person(**extra) -> dict:
    data = {
        "applicant_type": "natural_person",
        "name": NAME,
        "id_type": "resident_id",
        "id_number": ID,
        "phone": PHONE,
        "address": ADDRESS,
        "postal_code": "237400",
        "email": "",
        "description": "霍政办〔2025〕12号文件及其附件",
        "wanted_form": "electronic",
        "delivery": "post",
        "action": "submit",
    }
    data.update(extra)
    return data


def organisation(**extra) -> dict:
    data = {
        "applicant_type": "business",
        "org_name": "霍邱县某某建材有限公司",
        "credit_code": USCC,
        "legal_representative": "赵某",
        "contact_name": "钱某",
        "phone": "0564-6012345",
        "address": "",
        "postal_code": "",
        "email": "office@example.cn",
        "description": "2025年城关镇道路工程招标文件",
        "wanted_form": "electronic",
        "delivery": "email",
        "action": "submit",
    }
    data.update(extra)
    return data


def solve(client) -> str:
    client.get("/ysqgk/captcha.png")
    session = client.session
    answer = public.CAPTCHA.issue(session, now=NOW)
    session.save()
    return answer


def submit(client, county, data: dict, *, unit=None, answer=None, **files):
    if answer is None:
        answer = solve(client)
    payload = {"unit": (unit or county.government).pk, "captcha": answer, **data, **files}
    return client.post("/ysqgk/apply/", payload)


def cases():
    with system_scope("test"):
        return list(FoiRequest.objects.order_by("pk"))


# ------------------------------------------------------------------------------ pages


def test_intro_and_form_render_without_external_assets(client, county):
    intro = client.get("/ysqgk/")
    assert intro.status_code == 200
    text = intro.content.decode()
    assert "20个工作日" in text and "/ysqgk/apply/" in text
    form = client.get("/ysqgk/apply/")
    html = form.content.decode()
    assert form.status_code == 200
    assert "换一张" in html and "/ysqgk/captcha.png" in html
    assert 'name="website"' in html  # the honeypot
    assert 'name="purpose"' not in html  # the 2019 条例 dropped the purpose
    # The county government is preselected and only accepting bodies are offered.
    assert f'value="{county.government.pk}" selected' in html
    assert "城关镇大同村" not in html and "县一中" not in html
    for page in (text, html):
        assert not re.search(r'(src|href)="(https?:)?//', page)


def test_portal_navigation_links_to_the_application_pages(client, county):
    html = client.get("/ysqgk/").content.decode()
    assert 'href="/ysqgk/"' in html and 'href="/ysqgk/track/"' in html


# -------------------------------------------------------------------------- happy paths


def test_natural_person_applies_and_gets_a_receipt_once(client, county, private_media):
    scan = SimpleUploadedFile("身份证.jpg", b"\xff\xd8\xff jpeg", content_type="image/jpeg")
    response = submit(client, county, person(), id_copy=scan)
    assert response.status_code == 302 and response["Location"] == "/ysqgk/receipt/"
    assert "query" not in response["Location"].lower()
    [case] = cases()
    assert case.channel == "online" and case.state == "open"
    assert case.received_on == TODAY and case.unit == county.government
    assert (case.applicant_name, case.id_number, case.phone) == (NAME, ID, PHONE)
    assert case.id_type == "resident_id" and case.postal_code == "237400"
    assert case.wanted_form == "electronic" and case.delivery == "post"
    with system_scope("test"):
        attachment = FoiAttachment.objects.get(request=case)
        assert attachment.kind == "id_copy" and attachment.uploaded_by is None
        assert AuditEntry.objects.filter(action="foi.register", object_id=str(case.pk)).exists()

    receipt = client.get("/ysqgk/receipt/")
    html = receipt.content.decode()
    code = re.search(r'id="query-code">([A-Z0-9]{8})<', html).group(1)
    assert services.query_code_matches(case, code)
    assert "请妥善保存" in html and case.tracking_code in html
    due = get_calendar().add_workdays(TODAY, 20)
    assert f"{due.year}年{due.month}月{due.day}日" in html
    assert "霍邱县人民政府" in html
    assert ID not in html and PHONE not in html and NAME not in html  # name masked: 王**
    assert "no-store" in receipt["Cache-Control"]
    again = client.get("/ysqgk/receipt/").content.decode()
    assert code not in again and case.tracking_code in again
    assert "不再显示" in again
    # The session that applied can open the status page directly.
    assert client.get(f"/ysqgk/track/{case.tracking_code}/").status_code == 200


def test_stray_entries_in_the_other_fieldset_do_not_block(client, county):
    """Without JavaScript both fieldsets show; only the chosen applicant type is checked."""
    response = submit(client, county, person(credit_code="123", org_name="随手填的"))
    assert response.status_code == 302
    [case] = cases()
    assert case.credit_code == "" and case.applicant_name == NAME


def test_organisation_applies(client, county):
    response = submit(client, county, organisation(), unit=county.chengguan)
    assert response.status_code == 302
    [case] = cases()
    assert case.applicant_type == "business" and case.unit == county.chengguan
    assert case.applicant_name == "霍邱县某某建材有限公司"
    assert (case.credit_code, case.legal_representative, case.contact_name) == (
        USCC,
        "赵某",
        "钱某",
    )
    assert case.id_number == "" and case.id_type == "" and case.delivery == "email"
    html = client.get("/ysqgk/receipt/").content.decode()
    assert "霍邱县某某建材有限公司" in html  # an organisation's name is not masked


# ------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (person(id_number="341522199001011235"), "id_number", "校验位错误"),
        (person(id_number=""), "id_number", "请填写证件号码"),
        (person(name=""), "name", "请填写姓名"),
        (person(phone="6012345"), "phone", "联系电话格式不正确"),
        (person(phone=""), "phone", "请填写联系电话"),
        (person(postal_code="2374"), "postal_code", "6位数字"),
        (person(address=""), "address", "请填写通信地址"),  # delivery by post
        (person(description="   "), "description", "请填写所需政府信息"),
        (person(delivery="email", email=""), "email", "请填写电子邮箱"),
        (person(email="not-an-email"), "email", "格式不正确"),
        (person(wanted_form="cd"), "wanted_form", "请选择提供形式"),
        (
            organisation(credit_code=USCC[:-1] + ("0" if USCC[-1] != "0" else "1")),
            "credit_code",
            "校验位错误",
        ),
        (organisation(credit_code="123"), "credit_code", "18位"),
        (organisation(credit_code=""), "credit_code", "请填写统一社会信用代码"),
        (organisation(org_name=""), "org_name", "请填写名称"),
        (organisation(legal_representative=""), "legal_representative", "请填写法定代表人"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message(client, county, data, field, message):
    response = submit(client, county, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in e for e in form.errors[field]), form.errors
    html = response.content.decode()
    assert message in html and 'aria-invalid="true"' in html
    assert cases() == []
    with system_scope("test"):
        assert not AuditEntry.objects.filter(action__startswith="foi.").exists()


def test_a_file_of_the_wrong_kind_is_refused_before_anything_is_written(client, county):
    exe = SimpleUploadedFile("id.exe", b"MZ")
    response = submit(client, county, person(), id_copy=exe)
    assert response.status_code == 400
    assert "只接受" in str(response.context["form"].errors["id_copy"])
    assert cases() == []


def test_a_unit_that_does_not_accept_applications_is_refused(client, county):
    response = submit(client, county, person(), unit=county.datong)
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert cases() == []


def test_captcha_image_issues_a_challenge_and_is_not_cached(client):
    response = client.get("/ysqgk/captcha.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    assert public.CAPTCHA.session_key in client.session
    first = client.session[public.CAPTCHA.session_key]
    client.get("/ysqgk/captcha.png")
    assert client.session[public.CAPTCHA.session_key] != first  # a new challenge per image


def test_wrong_captcha(client, county):
    answer = solve(client)
    wrong = ("A" if answer[0] != "A" else "C") + answer[1:]
    response = submit(client, county, person(), answer=wrong)
    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert cases() == []


def test_missing_captcha_is_one_message(client, county):
    solve(client)
    response = submit(client, county, person(), answer="")
    assert response.status_code == 400
    assert response.context["form"].errors["captcha"] == ["请填写验证码"]
    assert cases() == []


def test_reused_captcha(client, county):
    answer = solve(client)
    assert submit(client, county, person(), answer=answer).status_code == 302
    response = submit(client, county, person(name="李四"), answer=answer)
    assert response.status_code == 400
    assert "验证码已失效" in response.content.decode()
    assert len(cases()) == 1


def test_expired_captcha(client, county, monkeypatch):
    answer = solve(client)
    later = NOW + dt.timedelta(minutes=11)
    monkeypatch.setattr(public, "clock", lambda: (TODAY, later))
    response = submit(client, county, person(), answer=answer)
    assert response.status_code == 400 and "过期" in response.content.decode()
    assert cases() == []


def test_honeypot(client, county):
    response = submit(client, county, person(website="http://spam.example"))
    assert response.status_code == 400
    assert public.FORM_ERROR in response.content.decode()
    assert cases() == []


def test_refresh_captcha_keeps_what_was_typed_and_shows_no_errors(client, county):
    solve(client)
    response = client.post(
        "/ysqgk/apply/", {**person(description="我要的文件"), "action": "refresh_captcha"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "我要的文件" in html and NAME in html
    assert "请修改以下内容" not in html
    assert cases() == []


# ------------------------------------------------------------------------- rate limits


def test_session_limit_then_429(client, county):
    for i in range(3):
        assert submit(client, county, person(name=f"申请人{i}")).status_code == 302
    response = submit(client, county, person(name="第四次"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "操作次数已达上限" in html and "12345" in html
    assert len(cases()) == 3


def test_ip_limit_per_hour_then_429_and_other_addresses_unaffected(county):
    for i in range(5):
        fresh = Client(REMOTE_ADDR="203.0.113.7")
        assert submit(fresh, county, person(name=f"甲{i}")).status_code == 302
    blocked = submit(Client(REMOTE_ADDR="203.0.113.7"), county, person(name="甲5"))
    assert blocked.status_code == 429
    other = submit(Client(REMOTE_ADDR="198.51.100.9"), county, person(name="乙"))
    assert other.status_code == 302
    assert len(cases()) == 6
    # Addresses are not stored in clear.
    assert not RateLimitHit.objects.filter(key_digest__contains="203.0.113.7").exists()


def test_ip_limit_per_day(county, monkeypatch):
    for i in range(20):
        at = NOW - dt.timedelta(hours=23) + dt.timedelta(hours=i)
        monkeypatch.setattr(public, "clock", lambda at=at: (TODAY, at))
        fresh = Client(REMOTE_ADDR="203.0.113.8")
        assert submit(fresh, county, person(name=f"丙{i}")).status_code == 302, i
    monkeypatch.setattr(public, "clock", lambda: (TODAY, NOW + dt.timedelta(minutes=30)))
    response = submit(Client(REMOTE_ADDR="203.0.113.8"), county, person(name="丙20"))
    assert response.status_code == 429 and "24小时" in response.content.decode()


# ----------------------------------------------------------------------- status page


def applied(county) -> tuple[FoiRequest, str]:
    case = services.register_request(
        unit=county.chengguan,
        by=None,
        channel="online",
        arrived_on=dt.date(2026, 11, 2),
        applicant_type="natural_person",
        applicant_name=NAME,
        id_type="resident_id",
        id_number=ID,
        phone=PHONE,
        address=ADDRESS,
        email="wxm@example.cn",
        description="霍政办〔2025〕12号",
        today=TODAY,
        now=NOW,
    )
    return case, case.query_code


def test_status_with_the_right_codes_shows_no_personal_data(client, county):
    case, code = applied(county)
    services.approve_extension(
        case, on=dt.date(2026, 11, 20), by=county.township_leader, now=NOW, note="钱镇长批准"
    )
    response = client.post(
        "/ysqgk/track/", {"tracking_code": case.tracking_code.lower(), "query_code": code.lower()}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/ysqgk/track/{case.tracking_code}/"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "已延期" in html and "收到申请" in html and "2026年11月2日" in html
    clock = services.clock_of(case, today=TODAY)
    assert f"{clock.due.year}年{clock.due.month}月{clock.due.day}日" in html
    for secret in (NAME, ID, PHONE, ADDRESS, "光明路", "wxm@example.cn", "钱镇长", "李经办", code):
        assert secret not in html, secret
    # Reloading works: the session remembers the case.
    assert client.get(response["Location"]).status_code == 200


def test_status_after_reply_shows_the_reply_date(client, county):
    case, code = applied(county)
    # The reply module (approved letter + delivery) is not merged yet; write its closing event
    # the way it will, through the guarded ledger append.
    with system_scope("test"):
        locked = FoiRequest.unscoped.get(pk=case.pk)
        services._append_event(
            locked,
            services.ClockEvent(
                services.EventKind.REPLIED, dt.date(2026, 11, 18), outcome="disclosed"
            ),
            by=county.township_editor,
            now=NOW,
        )
    client.post("/ysqgk/track/", {"tracking_code": case.tracking_code, "query_code": code})
    html = client.get(f"/ysqgk/track/{case.tracking_code}/").content.decode()
    assert "已答复" in html and "答复日期" in html and "2026年11月18日" in html
    assert "答复期限" not in html


def test_wrong_code_and_unknown_case_get_the_same_answer(client, county):
    case, code = applied(county)
    wrong = client.post(
        "/ysqgk/track/", {"tracking_code": case.tracking_code, "query_code": "X" * 8}
    )
    unknown = client.post("/ysqgk/track/", {"tracking_code": "YSQ-2026-999999", "query_code": code})
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert public.TRACK_ERROR in response.content.decode()

    def stripped(response, code):
        html = response.content.decode().replace(code, "")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert stripped(wrong, case.tracking_code) == stripped(unknown, "YSQ-2026-999999")
    # Without unlocking, the status URL sends back to the form.
    locked = client.get(f"/ysqgk/track/{case.tracking_code}/")
    assert locked.status_code == 302 and locked["Location"].startswith("/ysqgk/track/?code=")


def test_status_lookups_are_rate_limited(client, county):
    case, code = applied(county)
    for _ in range(10):  # the IP limit (a visitor without a session has only that one)
        client.post("/ysqgk/track/", {"tracking_code": case.tracking_code, "query_code": "WRONG"})
    blocked = client.post(
        "/ysqgk/track/", {"tracking_code": case.tracking_code, "query_code": code}
    )
    assert blocked.status_code == 429
    assert "操作次数已达上限" in blocked.content.decode()


def test_unlock_expires_and_forget_locks_again(client, county, monkeypatch):
    case, code = applied(county)
    client.post("/ysqgk/track/", {"tracking_code": case.tracking_code, "query_code": code})
    url = f"/ysqgk/track/{case.tracking_code}/"
    assert client.get(url).status_code == 200
    client.post("/ysqgk/track/forget/")
    assert client.get(url).status_code == 302
    client.post("/ysqgk/track/", {"tracking_code": case.tracking_code, "query_code": code})
    later = NOW + dt.timedelta(minutes=public.UNLOCK_MINUTES + 1)
    monkeypatch.setattr(public, "clock", lambda: (TODAY, later))
    assert client.get(url).status_code == 302
