"""Reads of 依申请公开 cases for staff.

Lists go through ``FoiRequest.objects`` (scoped on the receiving *or* handling unit, see
gongkai/foi/models.py) and show masked personal data; the full ID number, phone and address
come only from :func:`personal_data`, which checks the reader and writes the view to the audit
log (issue #3, privacy).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Q

from gongkai.audit import services as audit
from gongkai.foi import crypto, permissions
from gongkai.foi.models import FoiAttachment, FoiRequest
from gongkai.units.errors import NotAllowed
from gongkai.units.models import Membership
from gongkai.units.roles import Role


def visible_requests():
    """Cases in the current scope, newest first (call inside a unit scope)."""
    return FoiRequest.objects.select_related("unit", "handling_unit")


def masked(request: FoiRequest) -> dict[str, str]:
    return {
        "id_number": crypto.mask_id_number(request.id_number),
        "phone": crypto.mask_phone(request.phone),
        "address": crypto.mask_address(request.address),
    }


@transaction.atomic
def personal_data(request: FoiRequest, *, by, now: dt.datetime, reason: str = "") -> dict:
    """The applicant's full personal data, for staff of the assigned units; audited."""
    if not permissions.can_see_personal_data(by, request):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以查看申请人个人信息")
    audit.record(
        action="foi.view_personal_data",
        by=by,
        unit=request.unit,
        obj=request,
        reason=reason,
        at=now,
    )
    return {
        "applicant_name": request.applicant_name,
        "id_number": request.id_number,
        "phone": request.phone,
        "address": request.address,
        "email": request.email,
    }


@transaction.atomic
def open_attachment(attachment: FoiAttachment, *, by, now: dt.datetime):
    """The stored file of ``attachment`` opened for reading, for permitted readers only.

    A file with personal data (ID copy, application, envelope) is a view of full personal data:
    it is written to the audit log like :func:`personal_data`.
    """
    request = attachment.request
    if not permissions.can_download(by, attachment):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以查看含个人信息的材料")
    if attachment.kind in permissions.PERSONAL_ATTACHMENT_KINDS:
        audit.record(
            action="foi.download_attachment",
            by=by,
            unit=request.unit,
            obj=request,
            after={"kind": attachment.kind, "name": attachment.name},
            at=now,
        )
    return attachment.file.open("rb")


def staff_of(unit_ids: set[int]) -> tuple[dict[int, list], list]:
    """Active staff (经办人, 审核人, 单位负责人) of each unit, and the county office (one query)."""
    by_unit: dict[int, list] = defaultdict(list)
    office: list = []
    memberships = Membership.unscoped.filter(
        Q(unit_id__in=unit_ids, role__in=[str(r) for r in permissions.STAFF_ROLES])
        | Q(role=str(Role.COUNTY_ADMIN)),
        ended_on__isnull=True,
    ).select_related("user")
    for m in memberships:
        if m.role == Role.COUNTY_ADMIN:
            office.append(m.user)
        if m.unit_id in unit_ids and m.role in permissions.STAFF_ROLES:
            by_unit[m.unit_id].append(m.user)
    return by_unit, office
