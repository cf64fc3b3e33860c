"""Staff entry of offline applications (/admin/foi/register/): Art. 31 dates per channel,
evidence, the one-time 查询码 on the 回执, "save and next", and the permission matrix."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.foi import services
from gongkai.foi.models import FoiAttachment, FoiRequest
from gongkai.foi.views import intake_admin
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
URL = "/admin/foi/register/"
D = dt.date


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch, settings, tmp_path):
    monkeypatch.setattr(intake_admin, "clock", lambda: (TODAY, NOW))
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def scan(name="信封.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 envelope", content_type="application/pdf")


def entry(unit, **extra) -> dict:
    data = {
        "unit": unit.pk,
        "channel": "in_person",
        "arrived_on": "2026-11-20",
        "confirmed_on": "",
        "applicant_type": "natural_person",
        "name": "刘某",
        "id_type": "resident_id",
        "id_number": "341522199001011234",
        "phone": "13812345678",
        "address": "霍邱县城关镇某路1号",
        "postal_code": "237400",
        "description": "城关镇2025年低保名单",
        "wanted_form": "paper",
        "delivery": "pickup",
        "action": "save",
    }
    data.update(extra)
    return data


def refused(response) -> bool:
    """Wagtail answers PermissionDenied in admin views with a redirect to the dashboard."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def cases():
    with system_scope("test"):
        return list(FoiRequest.objects.order_by("pk"))


def test_the_screen(client, county):
    client.force_login(county.township_editor)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("foi_admin_register") == URL
    assert "保存并继续登记下一件" in html and "autofocus" in html
    assert "以签收之日为收到申请之日" in html  # which date counts, without JavaScript
    units = list(response.context["form"].fields["unit"].queryset)
    assert units == [county.chengguan]
    assert response.context["form"].initial["arrived_on"] == TODAY
    # Nothing loaded from elsewhere (Wagtail's <noscript> help link is only a link).
    assert not re.search(r'src="(https?:)?//', html)
    assert not re.search(r'<link[^>]+href="(https?:)?//', html)


@pytest.mark.parametrize(
    ("channel", "arrived", "confirmed", "evidence", "received", "state"),
    [
        ("in_person", "2026-11-20", "", False, D(2026, 11, 20), "open"),
        # A date typed for an in-person application is ignored: the day handed in counts.
        ("in_person", "2026-11-20", "2026-11-23", False, D(2026, 11, 20), "open"),
        ("registered_mail", "2026-11-18", "2026-11-19", True, D(2026, 11, 19), "open"),
        ("ordinary_mail", "2026-11-18", "2026-11-20", True, D(2026, 11, 20), "open"),
        ("ordinary_mail", "2026-11-18", "", True, None, "new"),  # applicant not reached yet
        ("fax", "2026-11-18", "2026-11-18", True, D(2026, 11, 18), "open"),
        ("email", "2026-11-18", "2026-11-19", False, D(2026, 11, 19), "open"),
    ],
)
def test_each_channel_gets_the_art31_day_of_receipt(
    client, county, channel, arrived, confirmed, evidence, received, state
):
    client.force_login(county.township_editor)
    data = entry(county.chengguan, channel=channel, arrived_on=arrived, confirmed_on=confirmed)
    if evidence:
        data["evidence"] = scan()
    response = client.post(URL, data)
    assert response.status_code == 302, response.context["form"].errors
    [case] = cases()
    assert case.channel == channel and case.received_on == received and case.state == state
    assert case.created_by == county.township_editor
    assert case.applicant_name == "刘某" and case.id_number == "341522199001011234"
    with system_scope("test"):
        kinds = {a.kind for a in FoiAttachment.objects.filter(request=case)}
        assert AuditEntry.objects.filter(
            action="foi.register", actor=county.township_editor
        ).exists()
    assert kinds == ({"evidence"} if evidence else set())
    if received:
        due = services.clock_of(case, today=TODAY).due
        assert due == get_calendar().add_workdays(received, 20)


def test_success_goes_to_the_receipt_with_the_query_code_once(client, county):
    client.force_login(county.township_editor)
    response = client.post(URL, entry(county.chengguan))
    [case] = cases()
    # To the case page, whose message offers the 回执 (with the 查询码) to print once.
    assert response["Location"] == intake_admin.case_url(case)
    assert response["Location"] == reverse("foi_admin_detail", args=[case.pk])
    target = reverse("foi_admin_registered", args=[case.pk])
    assert target in client.get(response["Location"]).content.decode()
    html = client.get(target).content.decode()
    code = re.search(r'id="query-code">([A-Z0-9]{8})<', html).group(1)
    assert services.query_code_matches(case, code)
    assert case.tracking_code in html and "请妥善保存" in html
    due = services.clock_of(case, today=TODAY).due
    assert f"{due.year}年{due.month}月{due.day}日" in html
    again = client.get(target).content.decode()
    assert code not in again and "不再显示" in again


def test_save_and_next_keeps_unit_channel_and_date(client, county):
    client.force_login(county.county_admin)
    data = entry(
        county.hekou,
        channel="registered_mail",
        arrived_on="2026-11-24",
        confirmed_on="2026-11-25",
        evidence=scan(),
        action="save_next",
    )
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"].startswith(URL + "?")
    page = client.get(response["Location"])
    initial = page.context["form"].initial
    assert initial["unit"] == county.hekou
    assert initial["channel"] == "registered_mail"
    assert initial["arrived_on"] == D(2026, 11, 24)
    html = page.content.decode()
    [case] = cases()
    assert case.tracking_code in html and "打印回执" in html  # the success message


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"channel": "registered_mail", "evidence": "scan"}, "confirmed_on", "签收日期"),
        ({"channel": "ordinary_mail", "confirmed_on": "2026-11-20"}, "evidence", "扫描件"),
        ({"channel": "fax", "confirmed_on": "2026-11-20"}, "evidence", "扫描件"),
        (
            {"channel": "fax", "confirmed_on": "2026-11-19", "evidence": "scan"},
            "confirmed_on",
            "不能早于送达日期",
        ),
        ({"arrived_on": "2026-11-27"}, "arrived_on", "不能晚于今天"),
        ({"arrived_on": "20/11/2026"}, "arrived_on", "格式不正确"),
        ({"description": ""}, "description", "请填写"),
        ({"name": ""}, "name", "请填写姓名"),
        ({"id_number": "341522199001011230"}, "id_number", "校验位错误"),
        ({"phone": "888"}, "phone", "格式不正确"),
        (
            {
                "applicant_type": "research",
                "org_name": "某研究所",
                "credit_code": "91341522MA2TY41260",
            },
            "credit_code",
            "校验位",
        ),
        ({"channel": "online"}, "channel", "请选择提交渠道"),
        (
            {"channel": "email", "confirmed_on": "2026-11-21", "evidence": "exe"},
            "evidence",
            "只接受",
        ),
    ],
)
def test_bad_input_changes_nothing(client, county, extra, field, message):
    client.force_login(county.township_editor)
    data = entry(county.chengguan, **extra)
    if data.get("evidence") == "scan":
        data["evidence"] = scan()
    elif data.get("evidence") == "exe":
        data["evidence"] = SimpleUploadedFile("x.exe", b"MZ")
    response = client.post(URL, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in e for e in errors.get(field, [])), errors
    html = response.content.decode()
    assert message in html
    assert 'id="errors" autofocus' in html  # the keyboard lands on the error summary
    assert html.count("autofocus") == 1
    assert cases() == []


def test_identity_may_be_missing_on_paper(client, county):
    """A letter without ID or phone is still registered (and gets a 补正 notice later)."""
    client.force_login(county.township_editor)
    data = entry(county.chengguan, id_number="", phone="", address="", postal_code="")
    assert client.post(URL, data).status_code == 302
    [case] = cases()
    assert case.id_number == "" and case.phone == ""


def test_organisation_on_paper(client, county):
    client.force_login(county.township_editor)
    data = entry(
        county.chengguan,
        applicant_type="legal_service",
        org_name="安徽某某律师事务所",
        credit_code="91341522MA2TY4126C",
        legal_representative="孙某",
        contact_name="周某",
        channel="email",
        confirmed_on="2026-11-21",
    )
    assert client.post(URL, data).status_code == 302
    [case] = cases()
    assert case.applicant_type == "legal_service" and case.applicant_name == "安徽某某律师事务所"
    assert case.credit_code == "91341522MA2TY4126C" and case.id_number == ""


# ------------------------------------------------------------------- permission matrix


def test_township_editor_registers_for_chengguan_only(client, county):
    client.force_login(county.township_editor)
    response = client.post(URL, entry(county.hekou))
    assert response.status_code == 200
    assert "您不能为该单位登记申请" in response.content.decode()
    assert cases() == []


def test_other_reviewer_cannot_register_for_chengguan(client, county):
    client.force_login(county.other_reviewer)
    response = client.post(URL, entry(county.chengguan))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert cases() == []
    assert client.post(URL, entry(county.hekou)).status_code == 302  # their own unit: fine
    assert [c.unit for c in cases()] == [county.hekou]


def test_county_office_registers_for_any_accepting_unit(client, county):
    client.force_login(county.county_admin)
    page = client.get(URL)
    units = set(page.context["form"].fields["unit"].queryset)
    assert {county.government, county.chengguan, county.hekou, county.fgw} <= units
    assert county.datong not in units and county.school not in units and county.office not in units
    assert page.context["form"].initial["unit"] == county.government
    assert client.post(URL, entry(county.fgw)).status_code == 302


@pytest.mark.parametrize("persona", ["observer", "operator", "legal_reviewer"])
def test_readers_and_other_roles_cannot_register(client, county, persona):
    client.force_login(getattr(county, persona))
    assert refused(client.get(URL))
    assert refused(client.post(URL, entry(county.government)))
    assert cases() == []
    assert not intake_admin.may_register(getattr(county, persona))


def test_citizen_is_sent_to_the_login(client, county):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post(URL, entry(county.government)).status_code == 302
    assert cases() == []


def test_receipt_page_of_another_units_case_is_404(client, county):
    client.force_login(county.township_editor)
    client.post(URL, entry(county.chengguan))
    [case] = cases()
    client.force_login(county.other_reviewer)
    assert client.get(reverse("foi_admin_registered", args=[case.pk])).status_code == 404


def test_menu_item_is_shown_to_registering_staff_only(rf, county):
    from gongkai.foi.wagtail_hooks import foi_menu_item

    [item] = [i for i in foi_menu_item().menu.initial_menu_items if i.label == "登记申请"]
    request = rf.get("/admin/")
    for persona, shown in (
        ("township_editor", True),
        ("county_admin", True),
        ("dept_reviewer", True),
        ("observer", False),
        ("operator", False),
    ):
        request.user = getattr(county, persona)
        assert item.is_shown(request) is shown, persona
    assert item.url == URL
