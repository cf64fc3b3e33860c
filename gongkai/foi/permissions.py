"""Who may act on an application for disclosure (依申请公开).

- Staff (经办人, 审核人, 单位负责人) of the receiving unit register, assign and handle its cases.
- Staff of the handling unit (承办单位) record the events of the cases assigned to them.
- The county office (政务公开办管理员, or a superuser) may act on every case.
- An extension (Art. 33 ¶2) is approved by the head of the disclosure office: the receiving
  unit's 单位负责人, or the county office.
- Personal data in full is for the same people as handling; each view is audited
  (gongkai/foi/selectors.py).
- A unit asked to contribute (协办单位) reads the case's description and answers its own
  request; it does not act on the case and sees the applicant masked only: it needs the
  question, not the person (《个人信息保护法》第六条, the minimum necessary).

County leaders (领导（只读）) read every case through their scope but act on none.
"""

from __future__ import annotations

from gongkai.units.roles import Role
from gongkai.units.selectors import active_memberships

STAFF_ROLES = frozenset({Role.EDITOR, Role.REVIEWER, Role.UNIT_LEADER})


def _roles(user) -> list[tuple[int, Role]]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache = getattr(user, "_foi_roles", None)
    if cache is None:
        cache = [(m.unit_id, Role(m.role)) for m in active_memberships(user)]
        user._foi_roles = cache
    return cache


def is_county_office(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or any(role == Role.COUNTY_ADMIN for _, role in _roles(user))


def can_register_for(user, unit_id: int) -> bool:
    return is_county_office(user) or any(
        u == unit_id and role in STAFF_ROLES for u, role in _roles(user)
    )


def registering_units(user) -> set[int] | None:
    """Units the user may register applications for (None: every unit, the county office)."""
    if is_county_office(user):
        return None
    return {u for u, role in _roles(user) if role in STAFF_ROLES}


def can_assign(user, request) -> bool:
    return can_register_for(user, request.unit_id)


def can_handle(user, request) -> bool:
    units = {request.unit_id, request.handling_unit_id} - {None}
    return is_county_office(user) or any(
        u in units and role in STAFF_ROLES for u, role in _roles(user)
    )


def can_approve_extension(user, request) -> bool:
    return is_county_office(user) or any(
        u == request.unit_id and role == Role.UNIT_LEADER for u, role in _roles(user)
    )


can_see_personal_data = can_handle


def can_ask_contribution(user, request) -> bool:
    """协办 is asked by whoever handles the case (receiving or handling unit, county office)."""
    return can_handle(user, request)


can_withdraw_contribution = can_ask_contribution


def can_answer_contribution(user, contribution) -> bool:
    """Staff of the unit asked (or the county office) answer a 协办 request."""
    return is_county_office(user) or any(
        u == contribution.unit_id and role in STAFF_ROLES for u, role in _roles(user)
    )


def _contributing_units(request) -> set[int]:
    cache = getattr(request, "_contributing_units", None)
    if cache is None:
        from gongkai.foi.contributions_models import FoiContribution

        cache = set(
            FoiContribution.unscoped.filter(request_id=request.pk).values_list("unit_id", flat=True)
        )
        request._contributing_units = cache
    return cache


def is_contributor(user, request) -> bool:
    """Staff of a unit asked to contribute to the case (or the county office)."""
    return is_county_office(user) or bool(handling_units(user) & _contributing_units(request))


def is_contributor_only(user, request) -> bool:
    """Reads the case only because one of the user's units was asked to contribute."""
    if can_handle(user, request) or any(role == Role.OBSERVER for _, role in _roles(user)):
        return False
    return bool(handling_units(user) & _contributing_units(request))


READER_ROLES = STAFF_ROLES | {Role.OBSERVER}


def can_read_cases(user) -> bool:
    """May open the 依申请公开 admin (办理台, case pages) at all; what they see is their scope.

    Staff of any unit (a unit may receive or handle applications), the county office and the
    read-only leaders; not, e.g., 12345 operators or the legal office as such.
    """
    return is_county_office(user) or any(role in READER_ROLES for _, role in _roles(user))


# Files that carry personal data (ID copies, the signed application, envelopes): the same
# readers as the applicant's full personal data, and each download is audited.
PERSONAL_ATTACHMENT_KINDS = frozenset({"evidence", "id_copy", "application"})


def can_download(user, attachment) -> bool:
    if attachment.kind in PERSONAL_ATTACHMENT_KINDS:
        return can_see_personal_data(user, attachment.request)
    if attachment.kind != "contribution" and is_contributor_only(user, attachment.request):
        return False  # a contributing unit sees the material it gave, not the reply's files
    return can_read_cases(user)


def handling_units(user) -> set[int]:
    """Units whose cases the user works on (staff roles); empty for read-only users."""
    return {u for u, role in _roles(user) if role in STAFF_ROLES}
