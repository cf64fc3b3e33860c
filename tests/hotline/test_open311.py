"""Open311 GeoReport v2: every endpoint in JSON and XML, the spec's field names, status values
and error format (hotline-portal-cms.md §2 and the spec's examples), API keys, de-identification
and paging."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.hotline import services
from gongkai.hotline.api_models import ApiClient, ApiSubmission
from gongkai.hotline.models import Ticket
from gongkai.hotline.open311 import keys
from gongkai.hotline.open311.render import to_xml

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
PHONE = "13912348765"
W3C = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$"
# Field names of a request in the spec's GET requests example, in its order.
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


@pytest.fixture
def api_key(county):
    _, raw = keys.issue_key(
        name="县政务微信小程序",
        centre=county.data_bureau,
        channel="wechat",
        by="test",
        now=timezone.now(),
    )
    return raw


def post(client, api_key, fmt="json", **fields):
    data = {
        "api_key": api_key,
        "jurisdiction_id": "huoqiu.gov.cn",
        "service_code": "0104",
        "address_string": "城关镇光明路与人民路交口",
        "description": "光明路路灯不亮一周了，我是王小明，电话13912348765，请尽快修。",
        "attribute[kind]": "complaint",
        "last_name": "王",
        "first_name": "小明",
        "phone": PHONE,
        "email": "wxm@example.com",
        **fields,
    }
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"{BASE}/requests.{fmt}", data)


def xml(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    body = response.content.decode()
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314


def js(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


# ---------------------------------------------------------------- discovery, services


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery(client, fmt):
    response = client.get(f"{BASE}/discovery.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        body = js(response)
        assert {"changeset", "contact", "key_service", "endpoints"} <= set(body)
        endpoint = body["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["url"].endswith("/open311/v2")
        assert endpoint["type"] in ("production", "test")
        assert endpoint["formats"] == ["text/xml", "application/json"]
    else:
        root = xml(response)
        assert root.tag == "discovery"
        assert root.findtext("endpoints/endpoint/specification").endswith("GeoReport_v2")
        assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
            "text/xml",
            "application/json",
        ]


def test_services_json_matches_spec_shape(client):
    body = js(client.get(f"{BASE}/services.json"))
    assert isinstance(body, list)
    codes = {s["service_code"]: s for s in body}
    # Leaves only: 城乡建设 (01) is a group, 物业管理 (0101) a service; 其他 (99) has no children.
    assert "01" not in codes and "0101" in codes and "99" in codes
    street = codes["0104"]
    assert list(street) == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert street["service_name"] == "市政设施" and street["group"] == "城乡建设"
    assert street["metadata"] is True and street["type"] == "realtime"
    assert "市政设施" in street["keywords"]


def test_services_xml(client):
    root = xml(client.get(f"{BASE}/services.xml?jurisdiction_id=341522"))
    assert root.tag == "services"
    first = root.find("service")
    assert first.findtext("metadata") == "true" and first.findtext("type") == "realtime"
    assert first.findtext("service_code") and first.findtext("group")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_service_definition(client, fmt):
    response = client.get(f"{BASE}/services/0104.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        body = js(response)
        assert body["service_code"] == "0104"
        kind = body["attributes"][0]
        assert set(kind) == {
            "variable",
            "code",
            "datatype",
            "required",
            "datatype_description",
            "order",
            "description",
            "values",
        }
        assert kind["code"] == "kind" and kind["datatype"] == "singlevaluelist"
        assert kind["required"] is True and kind["order"] == 1
        assert {"key": "consult", "name": "咨询"} in kind["values"]
        assert sorted(a["order"] for a in body["attributes"]) == [1, 2]
    else:
        root = xml(response)
        assert root.tag == "service_definition"
        attr = root.find("attributes/attribute")
        assert attr.findtext("variable") == "true" and attr.findtext("required") == "true"
        keys_ = [v.findtext("key") for v in attr.findall("values/value")]
        assert keys_[:2] == ["consult", "help"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_and_jurisdiction_are_404_in_spec_error_format(client, fmt):
    for url in (f"{BASE}/services/7777.{fmt}", f"{BASE}/services.{fmt}?jurisdiction_id=sfgov.org"):
        response = client.get(url)
        assert response.status_code == 404
        if fmt == "json":
            errors = js(response)
            assert isinstance(errors, list) and errors[0]["code"] == 404
            assert errors[0]["description"]
        else:
            root = xml(response)
            assert root.tag == "errors"
            assert root.findtext("error/code") == "404"
            assert root.findtext("error/description")


# ---------------------------------------------------------------- POST requests


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_creates_a_ticket_through_intake(client, county, api_key, fmt, system):
    response = post(client, api_key, fmt)
    assert response.status_code == 200, response.content
    if fmt == "json":
        item = js(response)[0]
    else:
        root = xml(response)
        assert root.tag == "service_requests"
        node = root.find("request")
        item = {child.tag: child.text for child in node}
    number = item["service_request_id"]
    assert item["service_notice"] and number in item["service_notice"]
    assert "account_id" in item
    ticket = Ticket.unscoped.get(number=number)
    assert ticket.channel == "wechat" and ticket.centre == county.data_bureau
    assert ticket.kind == "complaint" and ticket.category.code == "0104"
    assert ticket.caller_name == "王小明" and ticket.caller_phone == PHONE
    assert ticket.state == "accepted" and ticket.accepted_by is None
    assert ticket.events.get().kind == "accept"
    submission = ApiSubmission.objects.get(ticket=ticket)
    assert item["token"] == submission.token
    entry = AuditEntry.objects.get(action="hotline.accept", object_id=str(ticket.pk))
    assert entry.actor_name == "Open311客户端：县政务微信小程序"
    assert PHONE not in json.dumps(entry.after, ensure_ascii=False)


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("key", [None, "", "gk311_wrong", "xyz"])
def test_post_without_a_valid_key_is_403(client, county, api_key, fmt, key, system):
    response = post(client, key, fmt)
    assert response.status_code == 403
    if fmt == "json":
        assert js(response)[0]["code"] == 403
    else:
        assert xml(response).findtext("error/code") == "403"
    assert not Ticket.unscoped.exists()


def test_revoked_key_is_403(client, county, api_key, system):
    call_command("open311_key", "revoke", "县政务微信小程序")
    assert post(client, api_key).status_code == 403
    assert not Ticket.unscoped.exists()


@pytest.mark.parametrize(
    ("fields", "status", "needle"),
    [
        ({"jurisdiction_id": "sfgov.org"}, 404, "jurisdiction_id"),
        ({"service_code": "7777"}, 404, "service_code"),
        ({"service_code": "01"}, 404, "service_code"),  # a group, not a service
        ({"service_code": ""}, 400, "service_code"),
        ({"address_string": None}, 400, "位置"),
        ({"address_string": None, "address_id": "545483"}, 400, "address_id"),
        ({"description": ""}, 400, "description"),
        ({"description": "长" * 4001}, 400, "4000"),
        ({"attribute[kind]": None}, 400, "attribute[kind]"),
        ({"attribute[kind]": "gossip"}, 400, "attribute[kind]"),
        ({"address_string": None, "lat": "31.5"}, 400, "位置"),
        ({"lat": "95", "long": "116.3"}, 400, "纬度"),
        ({"phone": "12"}, 400, "电话"),
    ],
)
def test_post_bad_input_is_refused_and_writes_nothing(
    client, county, api_key, fields, status, needle, system
):
    response = post(client, api_key, **fields)
    assert response.status_code == status
    errors = js(response)
    assert all(e["code"] == status for e in errors)
    assert any(needle in e["description"] for e in errors)
    assert not Ticket.unscoped.exists() and not ApiSubmission.objects.exists()


def test_post_takes_only_an_active_leaf_service(client, county, api_key, system):
    from gongkai.hotline.models import Category

    leaf = Category.objects.get(code="0104")
    assert post(client, api_key, service_code=leaf.parent.code).status_code == 404  # a group
    Category.objects.filter(pk=leaf.parent_id).update(is_active=False)
    assert post(client, api_key).status_code == 404  # its parent is retired
    Category.objects.filter(pk=leaf.parent_id).update(is_active=True)
    Category.objects.filter(pk=leaf.pk).update(is_active=False)
    assert post(client, api_key).status_code == 404
    Category.objects.filter(pk=leaf.pk).update(is_active=True)
    assert post(client, api_key).status_code == 200
    assert Ticket.unscoped.get().category == leaf


def test_post_reports_several_missing_fields_at_once(client, county, api_key):
    response = post(client, api_key, description="", **{"attribute[kind]": None})
    assert response.status_code == 400
    assert len(js(response)) == 2


def test_post_with_coordinates_and_anonymous(client, county, api_key, system):
    response = post(
        client,
        api_key,
        address_string=None,
        lat="31.123456",
        long="116.300001",
        last_name=None,
        first_name=None,
        phone=None,
    )
    assert response.status_code == 200
    ticket = Ticket.unscoped.get()
    assert ticket.anonymous and str(ticket.lat) == "31.123456"


# ---------------------------------------------------------------- GET requests


@pytest.fixture
def three(client, county, api_key):
    numbers = []
    for code in ("0104", "0201", "0104"):
        numbers.append(js(post(client, api_key, service_code=code))[0]["service_request_id"])
    return numbers


def test_get_requests_json_fields_status_and_dates(client, county, three, system):
    ticket = Ticket.unscoped.get(number=three[0])
    services.dispatch(ticket, unit=county.chengguan, by=county.operator, now=timezone.now())
    body = js(client.get(f"{BASE}/requests.json"))
    assert [r["service_request_id"] for r in body] == list(reversed(three))
    for item in body:
        assert list(item) == REQUEST_FIELDS
        assert item["status"] in ("open", "closed")
        for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
            if item[field] is not None:
                assert dt.datetime.fromisoformat(item[field]).utcoffset() == dt.timedelta(hours=8)
                assert item[field].endswith("+08:00")
    dispatched = next(r for r in body if r["service_request_id"] == three[0])
    assert dispatched["agency_responsible"] == county.chengguan.name
    assert dispatched["expected_datetime"]  # the reply deadline
    assert dispatched["status_notes"] == "已派单待签收"


def test_get_requests_never_shows_the_caller(client, county, three):
    for fmt in ("json", "xml"):
        text = client.get(f"{BASE}/requests.{fmt}").content.decode()
        text += client.get(f"{BASE}/requests/{three[0]}.{fmt}").content.decode()
        for secret in (PHONE, "王小明", "8765", "wxm@example.com"):
            assert secret not in text
        assert "王**" in text  # the name in the text is masked, the matter kept
        assert "光明路路灯不亮" in text


def test_get_requests_xml(client, county, three):
    root = xml(client.get(f"{BASE}/requests.xml?status=open"))
    assert root.tag == "service_requests"
    rows = root.findall("request")
    assert len(rows) == 3
    assert [child.tag for child in rows[0]] == REQUEST_FIELDS
    assert rows[0].findtext("status") == "open"


def test_get_requests_filters(client, county, three, system):
    ticket = Ticket.unscoped.get(number=three[1])
    services.answer_directly(ticket, by=county.operator, now=timezone.now(), answer="已解答。")

    def ids(query: str) -> list[str]:
        response = client.get(f"{BASE}/requests.json?{query}")
        assert response.status_code == 200, response.content
        return [r["service_request_id"] for r in js(response)]

    assert ids("status=closed") == [three[1]]
    assert ids("status=open") == [three[2], three[0]]
    assert ids("status=open,closed") == list(reversed(three))
    assert ids("service_code=0201") == [three[1]]
    assert ids("service_code=0104,0201&status=open") == [three[2], three[0]]
    # service_request_id overrides every other filter (spec)
    assert ids(f"service_request_id={three[0]},{three[1]}&status=closed") == [three[1], three[0]]
    now = timezone.now()
    past = (now - dt.timedelta(days=200)).isoformat()
    before = (now - dt.timedelta(days=150)).isoformat()
    assert ids(f"start_date={past}&end_date={before}".replace("+", "%2B")) == []
    assert ids(
        "start_date=" + (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ) == list(reversed(three))
    closed = js(client.get(f"{BASE}/requests/{three[1]}.json"))[0]
    assert closed["status"] == "closed" and closed["updated_datetime"]


@pytest.mark.parametrize(
    "query",
    [
        "start_date=2026-11-01",  # no time, no zone
        "start_date=2026-11-01T00:00:00",  # no zone: the spec makes it mandatory
        "end_date=yesterday",
        "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",  # > 90 days
        "start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z",  # reversed
        "status=pending",
        "page=0",
        "page_size=1001",
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_get_requests_bad_arguments_are_400(client, county, query, fmt):
    response = client.get(f"{BASE}/requests.{fmt}?{query}")
    assert response.status_code == 400
    if fmt == "json":
        assert js(response)[0]["code"] == 400
    else:
        assert xml(response).findtext("error/code") == "400"


def test_paging(client, county, three):
    first = client.get(f"{BASE}/requests.json?page_size=2")
    assert [r["service_request_id"] for r in js(first)] == [three[2], three[1]]
    link = first["Link"]
    assert 'rel="next"' in link and "page=2" in link and "page_size=2" in link
    second = client.get(f"{BASE}/requests.json?page_size=2&page=2")
    assert [r["service_request_id"] for r in js(second)] == [three[0]]
    assert "Link" not in second


def test_whistleblower_reports_are_not_public(client, county, api_key, three):
    number = js(post(client, api_key, **{"attribute[kind]": "report"}))[0]["service_request_id"]
    assert client.get(f"{BASE}/requests/{number}.json").status_code == 404
    listed = [r["service_request_id"] for r in js(client.get(f"{BASE}/requests.json"))]
    assert number not in listed and len(listed) == 3


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_get_one_request_and_token(client, county, api_key, fmt):
    created = js(post(client, api_key))[0]
    number, token = created["service_request_id"], created["token"]
    one = client.get(f"{BASE}/requests/{number}.{fmt}?jurisdiction_id=huoqiu.gov.cn")
    assert one.status_code == 200
    by_token = client.get(f"{BASE}/tokens/{token}.{fmt}")
    assert by_token.status_code == 200
    if fmt == "json":
        assert len(js(one)) == 1 and js(one)[0]["service_request_id"] == number
        assert js(by_token) == [{"service_request_id": number, "token": token}]
    else:
        assert xml(one).findtext("request/service_request_id") == number
        root = xml(by_token)
        assert root.tag == "service_requests"
        assert root.findtext("request/service_request_id") == number
        assert root.findtext("request/token") == token
    for url in (f"{BASE}/requests/20990101-0001.{fmt}", f"{BASE}/tokens/nosuchtoken.{fmt}"):
        assert client.get(url).status_code == 404


# ---------------------------------------------------------------- keys, OpenAPI, pure rules


def test_key_command_prints_the_key_once_and_stores_a_digest(county, capsys, system):
    call_command("open311_key", "create", "县App", "--channel", "app")
    out = capsys.readouterr().out
    raw = next(line for line in out.splitlines() if line.startswith("gk311_"))
    client = ApiClient.objects.get(name="县App")
    assert client.channel == "app" and client.centre == county.data_bureau
    assert raw not in client.key_digest and client.key_digest == keys.key_digest(raw)
    assert keys.authenticate(raw) == client
    assert AuditEntry.objects.filter(action="hotline.api_key_issue").count() == 1
    call_command("open311_key", "list")
    assert "县App" in capsys.readouterr().out
    with pytest.raises(Exception, match="已有名为"):
        call_command("open311_key", "create", "县App")


def _paths(resolver, prefix="") -> list[str]:
    out = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            out += _paths(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            out.append(prefix + str(p.pattern))
    return out


def test_openapi_is_valid_json_and_covers_every_path(client):
    response = client.get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.")
    served = {
        p.removeprefix("open311/v2/")
        .replace("<fmt:fmt>", "{format}")
        .replace("<slug:code>", "{service_code}")
        .replace("<str:number>", "{service_request_id}")
        .replace("<slug:token>", "{token}")
        for p in _paths(get_resolver())
        if p.startswith("open311/v2/")
    }
    assert {"/" + p for p in served} == set(doc["paths"])
    for path, item in doc["paths"].items():
        for operation in item.values():
            assert operation["responses"], path
    refs = {r.split("/")[-1] for r in _refs(doc)}
    assert refs <= set(doc["components"]["schemas"])


def _refs(node) -> list[str]:
    if isinstance(node, dict):
        out = [node["$ref"]] if "$ref" in node else []
        for value in node.values():
            out += _refs(value)
        return out
    if isinstance(node, list):
        return [r for item in node for r in _refs(item)]
    return []


def test_xml_rendering_of_spec_example_shape():
    body = to_xml(
        "service_requests",
        [{"service_request_id": "293944", "service_notice": "x", "account_id": None}],
    )
    root = ET.fromstring(body.split("\n", 1)[1])  # noqa: S314
    assert root.find("request/account_id").text is None
    assert root.findtext("request/service_request_id") == "293944"
