"""The fund charts: a region's trend and a comparison of regions."""
from __future__ import annotations

from typing import Callable

import plotly.graph_objects as go

from portal.charts import COLOURS, figure_spec, in_ten_thousands, layout
from portal.funds.models import FundFigure


def trend(figures: list[FundFigure], period_label: Callable, labels: dict, language: str) -> dict:
    """Income and expenditure as bars, cumulative balance as a line, per period."""
    x = [period_label(figure.period) for figure in figures]
    figure = go.Figure(
        data=[
            go.Bar(name=labels["income"], x=x, y=[in_ten_thousands(f.income) for f in figures],
                   marker_color=COLOURS["income"]),
            go.Bar(name=labels["expenditure"], x=x, y=[in_ten_thousands(f.expenditure) for f in figures],
                   marker_color=COLOURS["expenditure"]),
            go.Scatter(name=labels["cumulative_balance"], x=x,
                       y=[in_ten_thousands(f.cumulative_balance) for f in figures], mode="lines+markers",
                       line={"color": COLOURS["balance"], "width": 3}),
        ],
        layout=layout(language, barmode="group", yaxis={"title": {"text": labels["unit"]}, "rangemode": "tozero",
                                                    "tickformat": ",.0f", "automargin": True},
                      xaxis={"type": "category"}),
    )
    return figure_spec(figure)


def comparison(figures: list[FundFigure], measure: str, axis_title: str, language: str) -> dict | None:
    """One horizontal bar per region with a value for `measure`, largest first; None if none has."""
    rows = []
    for figure in figures:
        value = getattr(figure, measure)
        if value is not None:
            number = float(value) if measure == "months_covered" else in_ten_thousands(value)
            rows.append((figure.region.name(language), number))
    if not rows:
        return None
    tick_format = ",.1f" if measure == "months_covered" else ",.0f"
    rows.sort(key=lambda row: row[1])
    figure = go.Figure(
        data=[go.Bar(x=[value for _name, value in rows], y=[name for name, _value in rows],
                     orientation="h", marker_color=COLOURS["neutral"])],
        layout=layout(language, xaxis={"title": {"text": axis_title}, "tickformat": tick_format},
                      hovermode="closest",
                      yaxis={"type": "category", "automargin": True},
                      height=max(260, 60 + 36 * len(rows))),
    )
    return figure_spec(figure)
