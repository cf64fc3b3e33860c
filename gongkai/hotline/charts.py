"""Charts of the hotline rates (issue #6): plotly figures rendered to HTML fragments.

plotly.js itself is served by our own view (gongkai/hotline/views/rates.py ``plotly_js``, the
bundled copy of the installed plotly package, long cache), never from a CDN: every figure is
rendered with ``include_plotlyjs=False``.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import plotly.io as pio

from gongkai.hotline.domain.metrics import Rate, Rates
from gongkai.hotline.rates import RatesTable

_CONFIG = {"displaylogo": False, "responsive": True}
_FONT = {"family": "Noto Sans CJK SC, Microsoft YaHei, sans-serif", "size": 13}


def _pct(rate: Rate) -> float | None:
    value = rate.value
    return None if value is None else round(float(value) * 100, 2)


def _html(fig: go.Figure, div_id: str) -> str:
    fig.update_layout(font=_FONT, margin={"l": 50, "r": 50, "t": 60, "b": 80})
    return pio.to_html(
        fig,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        config=_CONFIG,
        div_id=div_id,
    )


def trend_chart(trend: list[tuple[dt.date, Rates]]) -> str:
    """Monthly volume (bars) and 满意率 (line, right axis)."""
    labels = [f"{m.year}年{m.month}月" for m, _ in trend]
    fig = go.Figure()
    fig.add_bar(x=labels, y=[r.volume for _, r in trend], name="工单量", marker_color="#4c78a8")
    fig.add_scatter(
        x=labels,
        y=[_pct(r.satisfaction) for _, r in trend],
        name="满意率（%）",
        yaxis="y2",
        mode="lines+markers",
        line={"color": "#e45756", "width": 3},
    )
    fig.update_layout(
        title="月度工单量与满意率",
        yaxis={"title": "工单量（件）"},
        yaxis2={"title": "满意率（%）", "overlaying": "y", "side": "right", "range": [0, 100]},
        legend={"orientation": "h", "y": -0.2},
    )
    return _html(fig, "hl-trend")


def unit_bar_chart(table: RatesTable, *, limit: int = 40) -> str:
    """按时办结率 per unit for the table's period, lowest first (the ones to look at)."""
    rows = [r for r in table.rows if r.rates.on_time_reply.value is not None]
    rows.sort(key=lambda r: (r.rates.on_time_reply.value, r.code))
    rows = rows[:limit]
    fig = go.Figure(
        go.Bar(
            x=[r.name for r in rows],
            y=[_pct(r.rates.on_time_reply) for r in rows],
            text=[r.rates.on_time_reply.percent(1) for r in rows],
            marker_color="#54a24b",
            name="按时办结率",
        )
    )
    fig.update_layout(
        title=f"各单位按时办结率（{table.period.label}）",
        yaxis={"title": "按时办结率（%）", "range": [0, 100]},
        xaxis={"tickangle": -45},
    )
    return _html(fig, "hl-units")
