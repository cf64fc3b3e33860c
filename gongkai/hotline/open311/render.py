"""XML and JSON bodies of GeoReport v2 (hotline-portal-cms.md §2.1).

JSON is the "Spark convention" mapping of the XML: a collection is a top-level array, an item
an object, a nested list an array. XML has no namespace, starts with the UTF-8 declaration and
wraps each list item in the singular tag (``services``/``service``, ``attributes``/``attribute``
…). Booleans are ``true``/``false``; a missing value is an empty element (JSON ``null``).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from django.http import HttpResponse

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"

# Tag of one item of a nested list, by the list's tag.
ITEM_TAGS = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "services": "service",
    "service_requests": "request",
    "errors": "error",
}


def _text(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        tag = ITEM_TAGS.get(element.tag, "item")
        for child in value:
            _fill(ET.SubElement(element, tag), child)
    else:
        element.text = _text(value)


def to_xml(root: str, value) -> str:
    element = ET.Element(root)
    _fill(element, value)
    body = ET.tostring(element, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body


def respond(fmt: str, root: str, value, *, status: int = 200) -> HttpResponse:
    """``value`` as ``fmt`` ("json" or "xml"); ``root`` is the XML root tag."""
    if fmt == "xml":
        return HttpResponse(to_xml(root, value), content_type=XML_TYPE, status=status)
    return HttpResponse(
        json.dumps(value, ensure_ascii=False), content_type=JSON_TYPE, status=status
    )


def errors(fmt: str, status: int, *messages: str) -> HttpResponse:
    """The spec's error body: a list of {code, description}; code = the HTTP status."""
    items = [{"code": status, "description": m} for m in messages]
    return respond(fmt, "errors", items, status=status)
