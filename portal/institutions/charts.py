"""The peer comparison chart: for each share, the peers' range (minimum to maximum), their
middle half (lower to upper quartile), the median, and the institution's own figure."""
from __future__ import annotations

import plotly.graph_objects as go

from portal.charts import COLOURS, figure_spec, layout
from portal.institutions.services import SHARE_MEASURES, PeerComparison


def _segments(rows: list[tuple[str, float, float]]) -> tuple[list, list]:
    x, y = [], []
    for label, start, end in rows:
        x += [start, end, None]
        y += [label, label, None]
    return x, y


def share_ranges(comparison: PeerComparison, labels: dict, own_label: str, language: str) -> dict | None:
    measures = [measure for measure in SHARE_MEASURES if comparison.stats.get(measure) is not None]
    if not measures:
        return None
    names = [labels[measure] for measure in measures]
    stats = [comparison.stats[measure] for measure in measures]
    full_x, full_y = _segments([(name, float(item.minimum), float(item.maximum)) for name, item in zip(names, stats)])
    middle_x, middle_y = _segments([(name, float(item.q1), float(item.q3)) for name, item in zip(names, stats)])
    figure = go.Figure(
        data=[
            go.Scatter(name=labels["range"], x=full_x, y=full_y, mode="lines", line={"color": "#9aa5b1", "width": 2},
                       hoverinfo="skip"),
            go.Scatter(name=labels["middle"], x=middle_x, y=middle_y, mode="lines",
                       line={"color": "#8fb3d9", "width": 14}, hoverinfo="skip"),
            go.Scatter(name=labels["median"], x=[float(item.median) for item in stats], y=names, mode="markers",
                       marker={"symbol": "line-ns-open", "size": 18, "color": COLOURS["balance"],
                               "line": {"width": 3}}),
            go.Scatter(name=own_label, x=[float(getattr(comparison.report, measure)) for measure in measures], y=names,
                       mode="markers", marker={"symbol": "diamond", "size": 13, "color": COLOURS["expenditure"]}),
        ],
        layout=layout(language, hovermode="closest", xaxis={"title": {"text": labels["unit"]}, "range": [0, 100],
                                                           "ticksuffix": "%"},
                      yaxis={"type": "category", "automargin": True, "autorange": "reversed"},
                      height=max(260, 80 + 48 * len(measures))),
    )
    return figure_spec(figure)
