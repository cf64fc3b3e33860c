"""考核指标: the hotline rates in the Wagtail admin (issue #6 "Rates and reports").

Thin views over gongkai/hotline/rates.py: the rates table of a period with the county ranking
and the definitions, weekly and monthly Excel reports, charts, and plotly.js served from the
installed package (no CDN). Read-only; time is read here at the edge (``clock()``).
"""

from __future__ import annotations

import datetime as dt
import functools

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.hotline import charts, rates, reports
from gongkai.hotline.domain.metrics import RATE_KEYS, RATE_LABELS
from gongkai.hotline.domain.periods import (
    PERIOD_LABELS,
    PeriodError,
    month_of,
    named_period,
    week_of,
)

TREND_MONTHS = 12
HOT_SPOT_MINIMUM = 5


def clock() -> tuple[dt.date, dt.datetime]:
    """Today and now, read once per request at the view edge (tests replace it)."""
    return timezone.localdate(), timezone.now()


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label="统计区间", choices=list(PERIOD_LABELS.items()), required=False
    )
    start = forms.DateField(label="开始日期", required=False)
    end = forms.DateField(label="结束日期", required=False)
    rank = forms.ChoiceField(label="排名依据", choices=list(RATE_LABELS.items()), required=False)

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom" and not (data.get("start") and data.get("end")):
            raise forms.ValidationError("自定义区间须填写开始和结束日期")
        return data


class ReportForm(forms.Form):
    kind = forms.ChoiceField(choices=[("week", "周报"), ("month", "月报")])
    day = forms.DateField(required=False)


def rates_view_access(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not rates.can_view_rates(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _period(request, today: dt.date):
    """The period asked for, or this month with the form's errors when the input is bad."""
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            period = named_period(
                data.get("period") or "month", today=today, start=data["start"], end=data["end"]
            )
        except PeriodError as exc:
            form.add_error(None, str(exc))
        else:
            return form, period, data.get("rank") or "satisfaction"
    return form, month_of(today), "satisfaction"


@require_GET
@rates_view_access
def rates_index(request):
    today, now = clock()
    form, period, rank = _period(request, today)
    table = rates.rates_table(user=request.user, period=period, now=now)
    week = week_of(today)
    since = dt.datetime.combine(week.start, dt.time.min, tzinfo=now.tzinfo)
    spots = rates.hot_spots_between(
        user=request.user, since=since, until=now, minimum=HOT_SPOT_MINIMUM
    )
    topics = rates.hot_spots_between(
        user=request.user, since=since, until=now, minimum=HOT_SPOT_MINIMUM, by="topic"
    )
    return TemplateResponse(
        request,
        "hotline/rates/index.html",
        {
            "page_title": "考核指标",
            "header_title": "12345热线考核指标",
            "form": form,
            "period": period,
            "table": table,
            "rate_keys": RATE_KEYS,
            "rate_labels": RATE_LABELS,
            "rank": rank,
            "rank_label": RATE_LABELS[rank],
            "ranking": table.ranking(rank),
            "definitions": rates.DEFINITIONS.values(),
            "note": rates.NO_DENOMINATOR,
            "period_options": PERIOD_LABELS.items(),
            "hot_spots": spots,
            "hot_topics": topics,
            "week": week,
            "today": today,
        },
    )


@require_GET
@rates_view_access
def rates_report(request):
    today, now = clock()
    form = ReportForm(request.GET)
    if not form.is_valid():
        return HttpResponse("报表参数有误：请选择周报或月报，日期格式为 YYYY-MM-DD。", status=400)
    kind, day = form.cleaned_data["kind"], form.cleaned_data["day"] or today
    period = week_of(day) if kind == "week" else month_of(day)
    table = rates.rates_table(user=request.user, period=period, now=now)
    content = reports.report_workbook([(kind, table)], generated_at=now)
    name = f"12345-{'weekly' if kind == 'week' else 'monthly'}-{period.start:%Y%m%d}.xlsx"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@rates_view_access
def rates_charts(request):
    today, now = clock()
    form, period, _ = _period(request, today)
    first = today.replace(day=1)
    months = []
    for _ in range(TREND_MONTHS):
        months.insert(0, first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    trend = rates.monthly_trend(user=request.user, months=months, now=now)
    table = rates.rates_table(user=request.user, period=period, now=now)
    return TemplateResponse(
        request,
        "hotline/rates/charts.html",
        {
            "page_title": "考核指标图表",
            "header_title": "12345热线考核指标图表",
            "form": form,
            "period": period,
            "period_options": PERIOD_LABELS.items(),
            "trend_chart": charts.trend_chart(trend),
            "unit_chart": charts.unit_bar_chart(table),
            "plotly_url": reverse("hotline_plotly_js", args=[plotly_version()]),
        },
    )


@functools.cache
def plotly_version() -> str:
    import plotly

    return plotly.__version__


@functools.cache
def _plotly_source() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


@require_GET
def plotly_js(request, version: str):
    """The plotly.js bundled with the installed plotly package (the URL carries the version,
    so the browser may keep it for a year)."""
    response = HttpResponse(_plotly_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


RATES_URLS = [
    path("hotline/rates/", rates_index, name="hotline_rates"),
    path("hotline/rates/report/", rates_report, name="hotline_rates_report"),
    path("hotline/rates/charts/", rates_charts, name="hotline_rates_charts"),
    path("hotline/rates/plotly-<str:version>.js", plotly_js, name="hotline_plotly_js"),
]
