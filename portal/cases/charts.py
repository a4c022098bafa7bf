"""Charts of the enforcement statistics, each drawn beside a table with the same numbers."""
from __future__ import annotations

import plotly.graph_objects as go

from portal.cases.services import Tally
from portal.charts import COLOURS, figure_spec, in_ten_thousands, layout


def amounts_by_year(by_year: dict[int, Tally], labels: dict, language: str) -> dict | None:
    """Money returned to the fund and fines, per year of publication, in ten thousand yuan."""
    if not by_year:
        return None
    years = sorted(by_year)
    x = [str(year) for year in years]
    figure = go.Figure(
        data=[go.Bar(name=labels["returned"], x=x, y=[in_ten_thousands(by_year[year].returned) for year in years],
                     marker_color=COLOURS["income"]),
              go.Bar(name=labels["fines"], x=x, y=[in_ten_thousands(by_year[year].fines) for year in years],
                     marker_color=COLOURS["expenditure"])],
        layout=layout(language, barmode="group", xaxis={"type": "category"},
                      yaxis={"title": {"text": labels["unit"]}, "rangemode": "tozero", "tickformat": ",.0f",
                             "automargin": True}),
    )
    return figure_spec(figure)


def cases_by_category(counts: list[tuple[str, int]], axis_title: str, language: str) -> dict | None:
    """One horizontal bar per category, most cases on top."""
    if not counts:
        return None
    rows = sorted(counts, key=lambda row: row[1])
    figure = go.Figure(
        data=[go.Bar(x=[count for _name, count in rows], y=[name for name, _count in rows], orientation="h",
                     marker_color=COLOURS["neutral"])],
        layout=layout(language, hovermode="closest", xaxis={"title": {"text": axis_title}, "tickformat": "d",
                                                            "rangemode": "tozero"},
                      yaxis={"type": "category", "automargin": True}, height=max(260, 60 + 32 * len(rows))),
    )
    return figure_spec(figure)
