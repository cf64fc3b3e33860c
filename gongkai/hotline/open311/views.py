"""Open311 GeoReport v2 endpoints under /open311/v2/ (hotline-portal-cms.md §2).

Thin: arguments are checked here (jurisdiction, api_key, service_code, location, attributes),
the ticket is written by :func:`gongkai.hotline.citizen.submit_via_api`, reads come from
:mod:`gongkai.hotline.open311.reads`. Errors are the spec's list of {code, description} with
HTTP 400 (bad or missing argument), 403 (api_key) or 404 (unknown jurisdiction, service,
request or token).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.hotline import citizen
from gongkai.hotline.api_models import ApiSubmission
from gongkai.hotline.domain.public import (
    MAX_DESCRIPTION,
    QueryError,
    parse_requests_query,
)
from gongkai.hotline.domain.states import Category as Kind
from gongkai.hotline.open311 import keys, reads
from gongkai.hotline.open311.openapi import openapi_document
from gongkai.hotline.open311.render import errors, respond
from gongkai.units.errors import NotAllowed, UnitsError

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-26T00:00:00+08:00"  # bump when the services or their definitions change
LOCK_RETRIES = 3


def _jurisdiction_error(fmt: str, params) -> HttpResponse | None:
    """One jurisdiction: the argument may be left out, but a wrong one is a 404 (spec)."""
    value = (params.get("jurisdiction_id") or "").strip()
    if value and value not in reads.jurisdictions():
        return errors(
            fmt, 404, f"jurisdiction_id “{value}” 未找到，本接口服务：{reads.jurisdictions()[0]}"
        )
    return None


def _base_url(request) -> str:
    return request.build_absolute_uri("/open311/v2/")


@require_safe
def discovery(request, fmt: str):
    base = _base_url(request)
    body = {
        "changeset": CHANGESET,
        "contact": "霍邱县12345政务服务便民热线（县数据资源管理局），电话 12345",
        "key_service": "API 密钥由县数据资源管理局签发，请来函申请（说明客户端名称和渠道）",
        "endpoints": [
            {
                "specification": SPEC_URL,
                "url": base.rstrip("/"),
                "changeset": CHANGESET,
                "type": "test" if settings.DEBUG else "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", body)


@require_safe
def service_list(request, fmt: str):
    if (refused := _jurisdiction_error(fmt, request.GET)) is not None:
        return refused
    return respond(fmt, "services", [s.as_dict() for s in reads.services()])


@require_safe
def service_definition(request, fmt: str, code: str):
    if (refused := _jurisdiction_error(fmt, request.GET)) is not None:
        return refused
    if reads.service(code) is None:
        return errors(fmt, 404, f"service_code “{code}” 未找到")
    return respond(fmt, "service_definition", reads.service_definition(code))


@csrf_exempt  # an API authenticated by api_key, no cookies
@require_http_methods(["GET", "HEAD", "POST"])
def requests_collection(request, fmt: str):
    if request.method == "POST":
        return _create(request, fmt)
    if (refused := _jurisdiction_error(fmt, request.GET)) is not None:
        return refused
    now = timezone.now()
    try:
        query = parse_requests_query(request.GET, now=now)
    except QueryError as exc:
        return errors(fmt, exc.code, str(exc))
    rows, more = reads.find_requests(query)
    today = timezone.localdate(now)
    response = respond(fmt, "service_requests", [reads.as_request(t, today=today) for t in rows])
    if more:
        params = request.GET.copy()
        params["page"] = str(query.page + 1)
        params["page_size"] = str(query.page_size)
        url = request.build_absolute_uri(request.path) + "?" + urlencode(sorted(params.items()))
        response["Link"] = f'<{url}>; rel="next"'
    return response


@require_safe
def request_detail(request, fmt: str, number: str):
    if (refused := _jurisdiction_error(fmt, request.GET)) is not None:
        return refused
    ticket = reads.find_request(number)
    if ticket is None:
        return errors(fmt, 404, f"service_request_id “{number}” 未找到")
    today = timezone.localdate()
    return respond(fmt, "service_requests", [reads.as_request(ticket, today=today)])


@require_safe
def token_detail(request, fmt: str, token: str):
    if (refused := _jurisdiction_error(fmt, request.GET)) is not None:
        return refused
    submission = ApiSubmission.objects.select_related("ticket").filter(token=token).first()
    if submission is None:
        return errors(fmt, 404, f"token “{token}” 未找到")
    return respond(
        fmt,
        "service_requests",
        [{"service_request_id": submission.ticket.number, "token": submission.token}],
    )


@require_safe
def openapi(request):
    return JsonResponse(
        openapi_document(_base_url(request).rstrip("/")), json_dumps_params={"ensure_ascii": False}
    )


# ---------------------------------------------------------------- POST requests


def _arg(data, name: str) -> str:
    return (data.get(name) or "").strip()


def _create(request, fmt: str) -> HttpResponse:
    data = request.POST
    client = keys.authenticate(_arg(data, "api_key"))
    if client is None:
        return errors(fmt, 403, "api_key 缺失或无效，无法提交诉求")
    if (refused := _jurisdiction_error(fmt, data)) is not None:
        return refused
    code = _arg(data, "service_code")
    if not code:
        return errors(fmt, 400, "缺少必填参数 service_code")
    category = reads.service_category(code)
    if category is None:
        return errors(fmt, 404, f"service_code “{code}” 未找到")
    problems = []
    lat, lon, address = _arg(data, "lat"), _arg(data, "long"), _arg(data, "address_string")
    if not address and not (lat and lon):
        if _arg(data, "address_id"):
            problems.append("本接口不支持 address_id，请提供 address_string 或 lat/long（WGS84）")
        else:
            problems.append("缺少位置：请提供 lat 和 long（WGS84），或 address_string")
    description = _arg(data, "description")
    if not description:
        problems.append("缺少必填参数 description（诉求内容）")
    elif len(description) > MAX_DESCRIPTION:
        problems.append(f"description 不能超过 {MAX_DESCRIPTION} 字")
    kind = _arg(data, "attribute[kind]")
    if not kind:
        problems.append("缺少必填属性 attribute[kind]（诉求类型）")
    elif kind not in Kind._value2member_map_:
        problems.append(f"attribute[kind] 取值有误：{kind}")
    if problems:
        return errors(fmt, 400, *problems)
    name = _arg(data, "last_name") + _arg(data, "first_name")  # 姓 + 名
    for attempt in range(LOCK_RETRIES):
        try:
            ticket, submission = citizen.submit_via_api(
                client=client,
                kind=kind,
                content=description,
                category=category,
                title=_arg(data, "attribute[title]"),
                caller_name=name,
                caller_phone=_arg(data, "phone"),
                address=address,
                lat=lat or None,
                lon=lon or None,
                now=timezone.now(),
            )
            break
        except NotAllowed as exc:
            return errors(fmt, 403, str(exc))
        except UnitsError as exc:
            return errors(fmt, 400, str(exc))
        except OperationalError:
            # SQLite under a burst: the busy timeout ran out; try again before giving up.
            if attempt == LOCK_RETRIES - 1:
                return errors(fmt, 400, "系统繁忙，请稍后重试")
            time.sleep(0.05 * (attempt + 1))
    return respond(
        fmt,
        "service_requests",
        [
            {
                "service_request_id": ticket.number,
                "token": submission.token,
                "service_notice": citizen.SERVICE_NOTICE.format(number=ticket.number),
                "account_id": None,
            }
        ],
    )
