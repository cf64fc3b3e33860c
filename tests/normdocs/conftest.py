"""Normative-document fixtures on top of the persona county and its catalogue."""

from __future__ import annotations

import datetime as dt

from gongkai.normdocs import services
from tests.catalog.conftest import catalogue  # noqa: F401

BODY = "第一条 为规范……制定本办法。\n第二条 本办法自公布之日起施行。"


def as_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def draft(county, *, unit=None, by=None, title="霍邱县城区停车管理办法", **fields):
    unit = unit or county.fgw
    by = by or county.county_admin
    fields.setdefault("body", BODY)
    return services.create_document(
        unit=unit,
        by=by,
        today=dt.date(2026, 3, 2),
        now=as_of(dt.date(2026, 3, 2)),
        title=title,
        **fields,
    )


def through_to_published(
    county, document, *, published_on=dt.date(2026, 4, 1), doc_number=None, **publish
):
    """Drive a draft through every step to publication, acting as the county office and the
    legal office."""
    admin, legal = county.county_admin, county.legal_reviewer
    now = as_of(published_on)
    document = services.submit_for_legal_review(document, by=admin, now=now)
    document = services.record_legal_review(
        document,
        by=legal,
        conclusion="passed",
        opinion="符合法律法规规定，同意。",
        today=dt.date(2026, 3, 10),
        now=now,
    )
    document = services.record_deliberation(
        document,
        by=admin,
        meeting="县政府第12次常务会议",
        deliberated_on=dt.date(2026, 3, 15),
        now=now,
    )
    document = services.sign_document(
        document, by=admin, signed_by="张县长", signed_on=dt.date(2026, 3, 20), now=now
    )
    document = services.register_document(
        document,
        by=admin,
        doc_number=doc_number or document.doc_number or "霍发改〔2026〕7号",
        today=published_on,
        now=now,
    )
    return services.publish_document(
        document, by=admin, published_on=published_on, now=now, **publish
    )
