"""An unchanged form is not an edit: no new revision, so no new round of 三审.

With WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT every new revision needs every step again.
Wagtail saves a revision whenever the form reports a change, and its rich-text editor reports
one on every round trip of HTML written elsewhere (it adds random ``data-block-key``
attributes), so a reviewer who only clicks "审核通过" would restart the review. We compare the
reviewable content instead: rich text without block keys, without the fields Wagtail manages.
"""

from __future__ import annotations

import re
from typing import Any

_BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')
_EMPTY_BLOCK = re.compile(r"<p>\s*(?:<br\s*/?>)?\s*</p>")

# Keys of Page.serializable_data() that describe the page's state, not its content.
_STATE_KEYS = frozenset(
    {
        "pk",
        "path",
        "depth",
        "numchild",
        "url_path",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "latest_revision_created_at",
        "live_revision",
        "latest_revision",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
        "owner",
        "content_type",
        "translation_key",
        "locale",
        "alias_of",
        "expired",
        "comments",
        "wagtail_admin_comments",
        "index_number",
        "is_public",
        "import_key",
        "withdrawn_reason",
        "unit",
        "channel",
    }
)


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        # An empty editor posts "<p></p>" for a body that was "": the same nothing.
        return _EMPTY_BLOCK.sub("", _BLOCK_KEY.sub("", value)).strip()
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items() if k not in ("pk", "id", "sort_order")}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def reviewable_content(data: dict) -> dict:
    return {k: _normalise(v) for k, v in data.items() if k not in _STATE_KEYS}


def same_content(a: dict, b: dict) -> bool:
    return reviewable_content(a) == reviewable_content(b)
