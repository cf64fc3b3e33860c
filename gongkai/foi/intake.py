"""Intake services: an application submitted on the portal, or entered by staff from paper.

Both wrap :func:`gongkai.foi.services.register_request` and :func:`attach_file` in one
transaction, so a refused file leaves no half-registered case behind. The forms
(gongkai/foi/intake_forms.py) have already checked the identity fields and the files; the services
still check who may register (``register_request``) and the Art. 31 dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from gongkai.foi import services
from gongkai.foi.domain.events import Channel
from gongkai.foi.domain.intake import (
    ACCEPTING_UNIT_KINDS,
    EVIDENCE_REQUIRED,
    OFFLINE_CHANNELS,
)
from gongkai.foi.models import AttachmentKind, FoiRequest
from gongkai.foi.services import FoiError
from gongkai.units.errors import NotAllowed
from gongkai.units.models import Unit, User

APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "phone",
    "address",
    "postal_code",
    "email",
    "credit_code",
    "legal_representative",
    "contact_name",
)
APPLICATION_FIELDS = ("description", "wanted_form", "delivery")


@dataclass(frozen=True, slots=True)
class Registered:
    request: FoiRequest
    query_code: str  # shown once: on the 回执


def _check_unit(unit: Unit) -> None:
    if not unit.is_active or unit.kind not in ACCEPTING_UNIT_KINDS:
        raise FoiError(f"{unit.name}不受理政府信息公开申请，请选择县人民政府、县直部门或乡镇")


def submit_online_application(
    *,
    unit: Unit,
    applicant: dict,
    application: dict,
    id_copy=None,
    today: dt.date,
    now: dt.datetime,
) -> Registered:
    """The citizen's application from the portal (``by`` None; Art. 31: received on the day
    both sides confirm, which the 回执 issued at once does)."""
    _check_unit(unit)
    with transaction.atomic():
        request = services.register_request(
            unit=unit,
            by=None,
            channel=Channel.ONLINE,
            arrived_on=today,
            today=today,
            now=now,
            **applicant,
            **application,
        )
        if id_copy is not None:
            services.attach_file(
                request, kind=AttachmentKind.ID_COPY, upload=id_copy, by=None, now=now
            )
    return Registered(request, request.query_code)


def register_offline_application(
    *,
    unit: Unit,
    by: User,
    channel: Channel | str,
    arrived_on: dt.date,
    confirmed_on: dt.date | None,
    applicant: dict,
    application: dict,
    evidence=None,
    id_copy=None,
    application_scan=None,
    note: str = "",
    today: dt.date,
    now: dt.datetime,
) -> Registered:
    """An application that came in person, by post, fax or e-mail, entered by staff.

    Art. 31: in person counts from the day handed in; registered mail from the signing date;
    ordinary mail, fax and e-mail from the day of confirmation with the applicant (left blank
    when the applicant cannot be reached yet: the case waits as 未登记 until
    :func:`gongkai.foi.services.confirm_receipt`, 国办公开办函〔2015〕207号).
    """
    try:
        channel = Channel(channel)
    except ValueError as exc:
        raise FoiError("请选择提交渠道") from exc
    if channel not in OFFLINE_CHANNELS:
        raise FoiError("网上申请由申请人在门户网站提交，不在此登记")
    if by is None:
        raise NotAllowed("线下提交的申请须由受理机关工作人员登记")
    _check_unit(unit)
    if channel is Channel.IN_PERSON:
        confirmed_on = None
    elif channel is Channel.REGISTERED_MAIL and confirmed_on is None:
        raise FoiError("邮寄（需签收）的申请须填写签收日期（《条例》第三十一条）")
    if channel in EVIDENCE_REQUIRED and evidence is None:
        raise FoiError(
            "请上传收件凭证（信封或传真件的扫描件）：邮寄、传真提交的申请以此证明收到日期"
        )
    with transaction.atomic():
        request = services.register_request(
            unit=unit,
            by=by,
            channel=channel,
            arrived_on=arrived_on,
            confirmed_on=confirmed_on,
            note=note,
            today=today,
            now=now,
            **applicant,
            **application,
        )
        for kind, upload in (
            (AttachmentKind.EVIDENCE, evidence),
            (AttachmentKind.ID_COPY, id_copy),
            (AttachmentKind.APPLICATION, application_scan),
        ):
            if upload is not None:
                services.attach_file(request, kind=kind, upload=upload, by=by, now=now)
    return Registered(request, request.query_code)
