"""The 告知书 of a ledger entry as a .docx (texts: gongkai/foi/domain/notice_letters.py).

The applicant's name is needed to address the notice; nothing else personal is printed, so a
download is not a view of personal data. Only the case's handlers may download it.
"""

from __future__ import annotations

from gongkai.foi import permissions
from gongkai.foi.domain import ledger
from gongkai.foi.domain.events import EventKind
from gongkai.foi.domain.notice_letters import NOTICE_TITLES, NoticeLetter, notice_letter
from gongkai.foi.letter_docx import gongwen_docx
from gongkai.foi.models import FoiEvent, FoiRequest
from gongkai.units.errors import NotAllowed
from gongkai.workdays.calendar import get_calendar

NOTICE_KINDS = frozenset(str(kind) for kind in NOTICE_TITLES)


def notice_for(event: FoiEvent, case: FoiRequest) -> NoticeLetter:
    """The notice of ``event``; an extension's new reply date is the clock right after it."""
    events = list(FoiEvent.unscoped.filter(request=case, pk__lte=event.pk).order_by("pk"))
    new_due = None
    if event.kind == EventKind.EXTENSION_APPROVED:
        clock = ledger.compute_clock(
            [e.to_clock_event() for e in events], get_calendar(), today=event.on
        )
        new_due = clock.due
    return notice_letter(
        event.kind,
        applicant=case.applicant_name,
        tracking_code=case.tracking_code,
        description=case.description,
        received_on=case.received_on or case.arrived_on,
        event_on=event.on,
        note=event.note,
        until=event.until,
        new_due=new_due,
    )


def notice_docx(event: FoiEvent, case: FoiRequest, *, by) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the event's notice, for the case's handlers."""
    if not permissions.can_handle(by, case):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以生成告知书")
    letter = notice_for(event, case)
    data = gongwen_docx(
        unit_name=case.unit.name,
        title=letter.title,
        number="",
        paragraphs=letter.paragraphs,
        dated_on=letter.dated_on,
    )
    return f"{case.tracking_code}{letter.title.removeprefix('政府信息公开申请')}.docx", data
