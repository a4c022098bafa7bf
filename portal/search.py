"""Substring search for published text in Chinese, Tibetan and English.

Neither Chinese nor Tibetan separates words with spaces, so a word index does not fit; every
search term must occur somewhere in a stored, normalised text column. Data sets are small
enough (cases, the register) for a scan of their current rows."""
from __future__ import annotations

import unicodedata

from sqlalchemy import ColumnElement, and_, true

MAX_TERMS = 8


def normalised(text: str) -> str:
    """Text as the search compares it: full-width and compatibility forms folded, case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def search_terms(query: str) -> list[str]:
    return [term for term in normalised(query).split() if term][:MAX_TERMS]


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_all(column, query: str) -> ColumnElement[bool]:
    """Every term of `query` occurs in `column` (% and _ are characters, not wildcards)."""
    terms = search_terms(query)
    return and_(*(column.like(f"%{_escape_like(term)}%", escape="\\") for term in terms)) if terms else true()
