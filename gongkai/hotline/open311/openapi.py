"""A hand-written OpenAPI 3.0 description of the county's Open311 GeoReport v2 endpoints.

Served at /open311/v2/openapi.json; tests check it is valid JSON and names every path the URL
configuration serves.
"""

from __future__ import annotations

FORMATS = ["json", "xml"]


def _fmt_param() -> dict:
    return {
        "name": "format",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": FORMATS},
        "description": "响应格式：xml（规范要求）或 json",
    }


def _path_param(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": description,
    }


JURISDICTION = {
    "name": "jurisdiction_id",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "example": "huoqiu.gov.cn"},
    "description": "本接口只服务霍邱县，可省略；填写时须为 huoqiu.gov.cn 或 341522，否则 404",
}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema or {"type": "string"},
        "description": description,
    }


def _ok(schema_ref: str, description: str) -> dict:
    content = {"$ref": f"#/components/schemas/{schema_ref}"}
    return {
        "description": description,
        "content": {
            "application/json": {"schema": content},
            "text/xml": {"schema": {"type": "string", "description": "同结构的 XML（无命名空间）"}},
        },
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Errors"}},
            "text/xml": {"schema": {"type": "string"}},
        },
    }


DATETIME = {
    "type": "string",
    "format": "date-time",
    "description": "W3C ISO 8601，必须带时区，如 2026-11-26T09:05:00+08:00",
}


def openapi_document(server_url: str) -> dict:
    request_fields = {
        "service_request_id": {"type": "string", "example": "20261126-0001"},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "status_notes": {"type": "string", "nullable": True},
        "service_name": {"type": "string"},
        "service_code": {"type": "string"},
        "description": {"type": "string", "description": "诉求内容（已去标识化）"},
        "agency_responsible": {"type": "string", "nullable": True},
        "service_notice": {"type": "string", "nullable": True},
        "requested_datetime": DATETIME,
        "updated_datetime": DATETIME,
        "expected_datetime": {**DATETIME, "nullable": True},
        "address": {"type": "string", "nullable": True},
        "address_id": {"type": "string", "nullable": True},
        "zipcode": {"type": "string", "nullable": True},
        "lat": {"type": "number", "nullable": True},
        "long": {"type": "number", "nullable": True},
        "media_url": {"type": "string", "nullable": True},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "霍邱县12345热线 Open311 GeoReport v2 接口",
            "version": "2",
            "description": (
                "Open311 GeoReport v2（http://wiki.open311.org/GeoReport_v2）。"
                "GET 接口公开，只返回去标识化的工单（不含来电人姓名和电话，举报类工单不公开）；"
                "POST requests 需要 api_key。错误为 [{code, description}] 列表。"
                "扩展：GET requests 支持 page/page_size 分页（page_size 默认且最多 1000，"
                "下一页见 Link 响应头）；POST 响应在 service_request_id 之外另给 token。"
            ),
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/discovery.{format}": {
                "get": {
                    "summary": "服务发现",
                    "parameters": [_fmt_param()],
                    "responses": {"200": _ok("Discovery", "服务发现文件")},
                }
            },
            "/services.{format}": {
                "get": {
                    "summary": "服务（诉求分类）列表",
                    "parameters": [_fmt_param(), JURISDICTION],
                    "responses": {
                        "200": _ok("Services", "末级诉求分类"),
                        "404": _error("jurisdiction_id 未找到"),
                    },
                }
            },
            "/services/{service_code}.{format}": {
                "get": {
                    "summary": "服务定义（可提交的属性）",
                    "parameters": [
                        _path_param("service_code", "诉求分类代码，如 0101"),
                        _fmt_param(),
                        JURISDICTION,
                    ],
                    "responses": {
                        "200": _ok("ServiceDefinition", "属性列表"),
                        "404": _error("service_code 或 jurisdiction_id 未找到"),
                    },
                }
            },
            "/requests.{format}": {
                "get": {
                    "summary": "查询工单（公开、去标识化）",
                    "parameters": [
                        _fmt_param(),
                        JURISDICTION,
                        _query("service_request_id", "工单编号，逗号分隔；指定时忽略其他条件"),
                        _query("service_code", "诉求分类代码，逗号分隔"),
                        _query("start_date", "受理时间下限（带时区）；默认最近 90 天", DATETIME),
                        _query(
                            "end_date", "受理时间上限（带时区）；与下限间隔不超过 90 天", DATETIME
                        ),
                        _query("status", "open、closed，逗号分隔"),
                        _query(
                            "page", "页码（扩展），从 1 开始", {"type": "integer", "minimum": 1}
                        ),
                        _query(
                            "page_size",
                            "每页条数（扩展），默认且最多 1000",
                            {"type": "integer", "minimum": 1, "maximum": 1000},
                        ),
                    ],
                    "responses": {
                        "200": _ok("ServiceRequests", "工单列表（按受理时间倒序）"),
                        "400": _error("参数有误（日期格式、区间超过 90 天、status 取值）"),
                        "404": _error("jurisdiction_id 未找到"),
                    },
                },
                "post": {
                    "summary": "提交诉求（生成工单）",
                    "parameters": [_fmt_param()],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": {"$ref": "#/components/schemas/NewRequest"}
                            }
                        },
                    },
                    "responses": {
                        "200": _ok("Created", "已受理"),
                        "400": _error("缺少或错误的参数"),
                        "403": _error("api_key 缺失或无效"),
                        "404": _error("service_code 或 jurisdiction_id 未找到"),
                    },
                },
            },
            "/requests/{service_request_id}.{format}": {
                "get": {
                    "summary": "查询单个工单（公开、去标识化）",
                    "parameters": [
                        _path_param("service_request_id", "工单编号，如 20261126-0001"),
                        _fmt_param(),
                        JURISDICTION,
                    ],
                    "responses": {
                        "200": _ok("ServiceRequests", "含一个工单的列表"),
                        "404": _error("工单不存在或不公开"),
                    },
                }
            },
            "/tokens/{token}.{format}": {
                "get": {
                    "summary": "由 token 查工单编号",
                    "parameters": [
                        _path_param("token", "提交时返回的 token"),
                        _fmt_param(),
                        JURISDICTION,
                    ],
                    "responses": {
                        "200": _ok("Tokens", "工单编号与 token"),
                        "404": _error("token 未找到"),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "本接口说明（OpenAPI 3）",
                    "responses": {"200": {"description": "OpenAPI 文档"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["code", "description"],
                        "properties": {
                            "code": {"type": "integer", "example": 403},
                            "description": {"type": "string"},
                        },
                    },
                },
                "Discovery": {
                    "type": "object",
                    "required": ["changeset", "contact", "key_service", "endpoints"],
                    "properties": {
                        "changeset": {"type": "string"},
                        "contact": {"type": "string"},
                        "key_service": {"type": "string"},
                        "endpoints": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "specification": {"type": "string"},
                                    "url": {"type": "string"},
                                    "changeset": {"type": "string"},
                                    "type": {"type": "string", "enum": ["production", "test"]},
                                    "formats": {"type": "array", "items": {"type": "string"}},
                                },
                            },
                        },
                    },
                },
                "Services": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "service_code": {"type": "string"},
                            "service_name": {"type": "string"},
                            "description": {"type": "string"},
                            "metadata": {"type": "boolean"},
                            "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
                            "keywords": {"type": "string"},
                            "group": {"type": "string"},
                        },
                    },
                },
                "ServiceDefinition": {
                    "type": "object",
                    "properties": {
                        "service_code": {"type": "string"},
                        "attributes": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "variable": {"type": "boolean"},
                                    "code": {"type": "string"},
                                    "datatype": {
                                        "type": "string",
                                        "enum": [
                                            "string",
                                            "number",
                                            "datetime",
                                            "text",
                                            "singlevaluelist",
                                            "multivaluelist",
                                        ],
                                    },
                                    "required": {"type": "boolean"},
                                    "datatype_description": {"type": "string", "nullable": True},
                                    "order": {"type": "integer", "minimum": 1},
                                    "description": {"type": "string"},
                                    "values": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "key": {"type": "string"},
                                                "name": {"type": "string"},
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
                "NewRequest": {
                    "type": "object",
                    "required": ["api_key", "service_code", "description", "attribute[kind]"],
                    "properties": {
                        "api_key": {"type": "string"},
                        "jurisdiction_id": {"type": "string"},
                        "service_code": {"type": "string"},
                        "lat": {"type": "number", "description": "WGS84（与 long 同时提供）"},
                        "long": {"type": "number"},
                        "address_string": {"type": "string", "description": "无经纬度时必填"},
                        "address_id": {"type": "string", "description": "不支持"},
                        "email": {"type": "string", "description": "不保存"},
                        "device_id": {"type": "string", "description": "不保存"},
                        "account_id": {"type": "string", "description": "不保存"},
                        "first_name": {"type": "string", "description": "名（加密保存）"},
                        "last_name": {"type": "string", "description": "姓（加密保存）"},
                        "phone": {
                            "type": "string",
                            "description": "联系电话（加密保存）；不填姓名和电话即为匿名",
                        },
                        "description": {"type": "string", "maxLength": 4000},
                        "media_url": {"type": "string", "description": "暂不保存"},
                        "attribute[kind]": {
                            "type": "string",
                            "enum": [
                                "consult",
                                "help",
                                "complaint",
                                "suggestion",
                                "report",
                                "praise",
                            ],
                        },
                        "attribute[title]": {"type": "string", "maxLength": 100},
                    },
                },
                "Created": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "service_request_id": {"type": "string"},
                            "token": {"type": "string"},
                            "service_notice": {"type": "string"},
                            "account_id": {"type": "string", "nullable": True},
                        },
                    },
                },
                "ServiceRequests": {
                    "type": "array",
                    "items": {"type": "object", "properties": request_fields},
                },
                "Tokens": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "service_request_id": {"type": "string"},
                            "token": {"type": "string"},
                        },
                    },
                },
            }
        },
    }
