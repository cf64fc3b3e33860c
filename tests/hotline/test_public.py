"""The 12345 portal pages: submit (captcha, validation, rate limit), track by number + last 4
phone digits (uniform error, lockout), the public timeline and the online rating (once)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.hotline import services
from gongkai.hotline.models import Ticket, TicketEvent
from gongkai.hotline.public import CAPTCHA, UNIFORM_ERROR

pytestmark = pytest.mark.django_db

PHONE = "13955551234"
FORM = {
    "kind": "complaint",
    "category": "0104",
    "title": "路灯不亮",
    "content": "城关镇光明路路灯连续一周不亮，夜间出行不便，请尽快维修。",
    "address": "城关镇光明路",
    "name": "陈市民",
    "phone": PHONE,
}


def solve_captcha(client: Client) -> str:
    session = client.session
    answer = CAPTCHA.issue(session, now=timezone.now())
    session.save()
    return answer


def submit(client: Client, **overrides):
    data = {**FORM, "captcha": solve_captcha(client), **overrides}
    return client.post("/12345/submit/", {k: v for k, v in data.items() if v is not None})


def test_intro_and_form_render(client, county):
    intro = client.get("/12345/")
    assert intro.status_code == 200
    assert "12345政务服务便民热线" in intro.content.decode()
    form = client.get("/12345/submit/")
    assert form.status_code == 200
    body = form.content.decode()
    assert "市政设施" in body and "captcha.png" in body
    assert 'href="/static/hotline/public.css"' in body or "hotline/public.css" in body


def test_captcha_image_is_a_png_and_sets_a_challenge(client):
    response = client.get("/12345/captcha.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert CAPTCHA.session_key in client.session
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_submit_happy_path(client, county, system):
    response = submit(client)
    assert response.status_code == 302 and response["Location"] == "/12345/submit/done/"
    ticket = Ticket.unscoped.get()
    assert ticket.channel == "web" and ticket.centre == county.data_bureau
    assert ticket.caller_phone == PHONE and ticket.caller_name == "陈市民"
    assert ticket.category.code == "0104" and not ticket.urgent and not ticket.anonymous
    done = client.get("/12345/submit/done/").content.decode()
    assert ticket.number in done and "查询办理进度" in done
    entry = AuditEntry.objects.get(action="hotline.accept")
    assert entry.actor_name == "市民（网上提交）" and PHONE not in str(entry.after)


def test_anonymous_submission(client, county, system):
    assert submit(client, name="", phone="").status_code == 302
    ticket = Ticket.unscoped.get()
    assert ticket.anonymous and ticket.caller_phone == ""
    assert "匿名诉求" in client.get("/12345/submit/done/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"content": ""}, "请填写诉求内容"),
        ({"content": "太短"}, "至少10个字"),
        ({"kind": "gossip"}, "诉求类型有误"),
        ({"category": "01"}, "诉求分类有误"),  # a group, not a leaf
        ({"phone": "12345"}, "手机号码"),
        ({"phone": ""}, "填写姓名时请同时填写联系电话"),
        ({"captcha": "WRONG"}, "验证码不正确"),
        ({"captcha": ""}, "请填写验证码"),
    ],
)
def test_submit_validation_errors_write_nothing(client, county, overrides, message, system):
    response = submit(client, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ticket.unscoped.exists()
    assert CAPTCHA.session_key not in client.session  # the challenge is single use


def test_captcha_is_single_use(client, county, system):
    answer = solve_captcha(client)
    data = {**FORM, "captcha": answer}
    assert client.post("/12345/submit/", data).status_code == 302
    again = client.post("/12345/submit/", data)
    assert again.status_code == 400 and "验证码已失效" in again.content.decode()
    assert Ticket.unscoped.count() == 1


def test_submit_rate_limit_429(client, county, system):
    for _ in range(3):
        assert submit(client, content="").status_code == 400
    blocked = submit(client)
    assert blocked.status_code == 429
    assert "操作次数已达上限" in blocked.content.decode()
    assert not Ticket.unscoped.exists()


# ---------------------------------------------------------------- tracking


@pytest.fixture
def ticket(client, county, system):
    submit(Client())
    return Ticket.unscoped.get()


def track(client: Client, number: str, tail: str):
    return client.post("/12345/track/", {"number": number, "tail": tail})


def test_track_with_the_right_digits(client, county, ticket, system):
    services.dispatch(ticket, unit=county.chengguan, by=county.operator, now=timezone.now())
    response = track(client, ticket.number, "1234")
    assert response.status_code == 302
    assert response["Location"] == f"/12345/track/{ticket.number}/"
    page = client.get(response["Location"]).content.decode()
    assert "已转交承办单位" in page and county.chengguan.name in page
    for secret in (PHONE, "陈市民", county.operator.full_name, "吴话务"):
        assert secret not in page


@pytest.mark.parametrize("tail", ["0000", "4321"])
def test_track_wrong_digits_and_unknown_number_give_the_same_error(client, ticket, tail):
    wrong = track(client, ticket.number, tail)
    unknown = track(client, "20990101-0001", "1234")
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert UNIFORM_ERROR in response.content.decode()


def test_track_form_errors(client, ticket):
    response = track(client, "abc", "12a4")
    assert response.status_code == 400
    body = response.content.decode()
    assert "工单编号格式" in body and "请填写4位数字" in body


def test_anonymous_ticket_cannot_be_tracked(client, county, system):
    submit(Client(), name="", phone="")
    number = Ticket.unscoped.get().number
    assert UNIFORM_ERROR in track(client, number, "1234").content.decode()


def test_detail_needs_a_successful_check_in_this_session(client, ticket):
    response = client.get(f"/12345/track/{ticket.number}/")
    assert response.status_code == 302 and response["Location"] == "/12345/track/"


def test_ticket_number_locked_after_ten_failures(county, ticket):
    for _ in range(10):
        assert track(Client(), ticket.number, "0000").status_code == 400
    locked = track(Client(), ticket.number, "1234")
    assert locked.status_code == 429


def test_track_rate_limit_per_session(client, ticket):
    for _ in range(10):
        track(client, "20990101-0001", "0000")
    assert track(client, ticket.number, "1234").status_code == 429


# ---------------------------------------------------------------- rating


def replied(ticket, county, *, accept=True):
    now = timezone.now()
    services.dispatch(ticket, unit=county.chengguan, by=county.operator, now=now)
    services.sign(ticket, by=county.township_editor, now=now)
    services.submit_reply(ticket, text="路灯已修复，感谢监督。", by=county.township_editor, now=now)
    services.approve_reply(ticket, by=county.township_leader, now=now)
    if accept:
        services.accept_reply(ticket, by=county.operator, now=now)
    return ticket


def rate(client, number, **data):
    values = {"satisfaction": "satisfied", "resolved": "yes", "note": "很及时", **data}
    return client.post(f"/12345/track/{number}/rate/", values)


def test_rating_once(client, county, ticket, system):
    replied(ticket, county)
    track(client, ticket.number, "1234")
    page = client.get(f"/12345/track/{ticket.number}/").content.decode()
    assert "路灯已修复，感谢监督。" in page and "满意度评价" in page
    response = rate(client, ticket.number)
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == "closed" and ticket.satisfaction == "satisfied"
    assert ticket.resolved is True and ticket.callback_at is not None
    event = TicketEvent.unscoped.filter(ticket=ticket, kind="callback").get()
    assert event.by is None and event.payload["online"] is True
    entry = AuditEntry.objects.get(action="hotline.callback")
    assert entry.actor_name == "市民（网上评价）"
    page = client.get(f"/12345/track/{ticket.number}/").content.decode()
    assert "感谢您的评价" in page and "您的评价：满意" in page and "提交评价" not in page
    again = rate(client, ticket.number, satisfaction="dissatisfied")
    assert again.status_code == 302
    ticket.refresh_from_db()
    assert ticket.satisfaction == "satisfied"
    assert TicketEvent.unscoped.filter(ticket=ticket, kind="callback").count() == 1
    assert "不能评价或已评价过" in client.get(f"/12345/track/{ticket.number}/").content.decode()


def test_dissatisfied_goes_to_the_centre(client, county, ticket, system):
    replied(ticket, county)
    track(client, ticket.number, "1234")
    rate(client, ticket.number, satisfaction="dissatisfied", resolved="no")
    ticket.refresh_from_db()
    assert ticket.state == "dissatisfied" and ticket.resolved is False


def test_no_rating_before_the_centre_accepts_the_reply(client, county, ticket, system):
    replied(ticket, county, accept=False)
    track(client, ticket.number, "1234")
    page = client.get(f"/12345/track/{ticket.number}/").content.decode()
    assert "路灯已修复" not in page and "提交评价" not in page  # reply not yet accepted
    rate(client, ticket.number)
    ticket.refresh_from_db()
    assert ticket.state == "replied" and ticket.satisfaction == ""


def test_rating_needs_the_tracking_check(client, county, ticket, system):
    replied(ticket, county)
    response = rate(client, ticket.number)
    assert response.status_code == 302 and response["Location"] == "/12345/track/"
    ticket.refresh_from_db()
    assert ticket.state == "awaiting_callback"


def test_bad_rating_input(client, county, ticket, system):
    replied(ticket, county)
    track(client, ticket.number, "1234")
    rate(client, ticket.number, satisfaction="great", resolved="")
    ticket.refresh_from_db()
    assert ticket.state == "awaiting_callback"
    page = client.get(f"/12345/track/{ticket.number}/").content.decode()
    assert "请选择诉求是否已解决" in page
