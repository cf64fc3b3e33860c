"""Admin views: the deadline calculator (期限计算器) and the yearly holiday arrangements."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from gongkai.units.roles import Capability
from gongkai.units.selectors import capabilities_for
from gongkai.workdays import calendar, services
from gongkai.workdays.domain.deadlines import DeadlineInputError, Pause, compute_reply_deadline
from gongkai.workdays.forms import DeadlineForm, HolidayRowFormSet, YearNoticeForm
from gongkai.workdays.models import DayKind, HolidayYear


def calculator(request):
    form = DeadlineForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = compute_reply_deadline(
                calendar.get_calendar(),
                received=data["received"],
                corrected=data.get("corrected"),
                pauses=[Pause(start=s, end=e) for s, e in data["pauses"]],
                extended=data["extended"],
            )
        except DeadlineInputError as exc:
            form.add_error(None, str(exc))
    return TemplateResponse(
        request,
        "workdays/calculator.html",
        {"form": form, "result": result, "page_title": "期限计算器", "header_icon": "time"},
    )


def years(request):
    rows = HolidayYear.objects.order_by("-year").select_related("loaded_by")
    today = timezone.localdate()
    loaded = set(rows.values_list("year", flat=True))
    missing = [y for y in (today.year, today.year + 1) if y not in loaded]
    return TemplateResponse(
        request,
        "workdays/years.html",
        {
            "rows": rows,
            "missing": missing,
            "can_manage": Capability.MANAGE_CALENDAR in capabilities_for(request.user),
            "page_title": "工作日历",
            "header_icon": "date",
        },
    )


def year_detail(request, year: int):
    holiday_year = get_object_or_404(HolidayYear, year=year)
    days = holiday_year.days.order_by("date")
    return TemplateResponse(
        request,
        "workdays/year_detail.html",
        {
            "holiday_year": holiday_year,
            "holidays": [d for d in days if d.kind == DayKind.HOLIDAY],
            "makeup": [d for d in days if d.kind == DayKind.MAKEUP],
            "workday_count": _workday_count(year),
            "page_title": f"{year}年节假日安排",
            "header_icon": "date",
        },
    )


def _workday_count(year: int) -> int:
    cal = calendar.get_calendar()
    return cal.workdays_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31))


def _initial_rows(year: int | None) -> list[dict]:
    if year is None:
        return []
    holiday_year = HolidayYear.objects.filter(year=year).first()
    if holiday_year is None:
        return []
    rows: dict[str, dict] = {}
    for day in holiday_year.days.order_by("date"):
        name = day.name.removesuffix("调休上班") if day.kind == DayKind.MAKEUP else day.name
        row = rows.setdefault(name, {"name": name, "first": None, "last": None, "makeup": []})
        if day.kind == DayKind.HOLIDAY:
            row["first"] = row["first"] or day.date
            row["last"] = day.date
        else:
            row["makeup"].append(day.date.isoformat())
    return [
        {
            "name": r["name"],
            "first": r["first"],
            "last": r["last"],
            "makeup_days": ", ".join(r["makeup"]),
        }
        for r in rows.values()
        if r["first"]
    ]


def year_edit(request, year: int | None = None):
    if Capability.MANAGE_CALENDAR not in capabilities_for(request.user):
        raise PermissionDenied
    if request.method == "POST":
        notice = YearNoticeForm(request.POST)
        rows = HolidayRowFormSet(request.POST, prefix="rows")
        if notice.is_valid() and rows.is_valid():
            entries = [e for e in (f.entry() for f in rows.forms) if e is not None]
            try:
                services.load_year_arrangement(
                    year=notice.cleaned_data["year"],
                    entries=entries,
                    notice_title=notice.cleaned_data["notice_title"],
                    notice_number=notice.cleaned_data["notice_number"],
                    published_on=notice.cleaned_data["published_on"],
                    by=request.user,
                    now=timezone.now(),
                )
            except services.ArrangementError as exc:
                for error in exc.errors:
                    notice.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"{notice.cleaned_data['year']}年节假日安排已保存，未办结事项的期限正在重新计算",
                )
                return redirect("workdays_year", year=notice.cleaned_data["year"])
    else:
        existing = HolidayYear.objects.filter(year=year).first() if year else None
        initial: dict = {"year": year or timezone.localdate().year + 1}
        if existing is not None:
            initial |= {
                "notice_title": existing.notice_title,
                "notice_number": existing.notice_number,
                "published_on": existing.published_on,
            }
        notice = YearNoticeForm(initial=initial)
        rows = HolidayRowFormSet(initial=_initial_rows(year), prefix="rows")
    return TemplateResponse(
        request,
        "workdays/year_form.html",
        {
            "notice": notice,
            "rows": rows,
            "page_title": "录入年度节假日安排",
            "header_icon": "date",
        },
    )
