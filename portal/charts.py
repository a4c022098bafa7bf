"""Plotly figures for pages under the strict CSP (DESIGN.md section 6).

A view builds a figure with plotly.graph_objects (validated against plotly.js's schema),
the template embeds `figure_spec(...)` as JSON in a `<script type="application/json">`
block, and static/js/charts.js draws it with the vendored plotly.js basic bundle. Every
chart stands beside a table with the same numbers, which is what screen readers and
no-JS browsers use; the canvas itself is hidden from assistive technology.
"""
from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

TEN_THOUSAND = Decimal(10_000)
# Tibetan needs a larger size than Chinese to stay legible (ecosystem-facts: 12 px is too small).
FONT = {
    "bo": {"family": '"Noto Serif Tibetan", "Noto Sans CJK SC", sans-serif', "size": 15},
    "zh": {"family": '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif', "size": 13},
    "en": {"family": "system-ui, sans-serif", "size": 13},
}
COLOURS = {"income": "#0b4f8a", "expenditure": "#c05600", "balance": "#1a1a1a", "neutral": "#0b4f8a"}


def in_ten_thousands(value: Decimal | None) -> float | None:
    """Chart values in units of 10,000 yuan (万元, སྒོར་ཁྲི), the unit Chinese fund reports use."""
    return None if value is None else float((value / TEN_THOUSAND).quantize(Decimal("0.01")))


def layout(language: str, **options) -> dict:
    return {
        "template": "none",  # plotly.py's default template adds ~6.5 KB per figure
        "font": FONT.get(language, FONT["en"]),
        "margin": {"l": 70, "r": 20, "t": 30, "b": 60},
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "x unified",
        "separators": locale_separators(language),
        **options,
    }


def locale_separators(language: str) -> str:
    locale = Locale.parse(language)
    return get_decimal_symbol(locale) + get_group_symbol(locale)


def figure_spec(figure: go.Figure) -> dict:
    return {"data": figure.to_plotly_json()["data"], "layout": figure.to_plotly_json()["layout"]}


def plotly_locale(language: str) -> dict:
    """Month and day names and number symbols from CLDR, registered as a Plotly locale (plotly.js
    has zh-cn but no bo; the basic bundle carries neither)."""
    locale = Locale.parse(language)
    months = locale.months["stand-alone"]
    days = locale.days["stand-alone"]
    return {
        "name": language,
        "dictionary": {},
        "format": {
            "decimal": get_decimal_symbol(locale),
            "thousands": get_group_symbol(locale),
            "months": [months["wide"][month] for month in range(1, 13)],
            "shortMonths": [months["abbreviated"][month] for month in range(1, 13)],
            # CLDR numbers days from Monday (0); plotly from Sunday.
            "days": [days["wide"][(day + 6) % 7] for day in range(7)],
            "shortDays": [days["abbreviated"][(day + 6) % 7] for day in range(7)],
        },
    }
