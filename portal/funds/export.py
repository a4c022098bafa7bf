"""Fund figures as open data: the import columns (so a download can be imported again) plus
what the portal adds (region names, version, publication time, the derived indicator)."""
from __future__ import annotations

from portal.funds.figures import COLUMNS
from portal.funds.models import FundFigure

DERIVED_COLUMNS = ("region_name_zh", "region_name_bo", "region_name_en", "version", "published_at",
                   "months_covered")
EXPORT_COLUMNS = tuple(column.name for column in COLUMNS) + DERIVED_COLUMNS


def _text(value) -> str:
    return "" if value is None else str(value)


def csv_record(figure: FundFigure) -> dict[str, str]:
    region = figure.region
    return {
        "region_code": region.code,
        "fund_type": figure.fund_type.value,
        "period": figure.period.code,
        "income": _text(figure.income),
        "expenditure": _text(figure.expenditure),
        "period_balance": _text(figure.period_balance),
        "cumulative_balance": _text(figure.cumulative_balance),
        "returns": _text(figure.returns),
        "insured_persons": _text(figure.insured_persons),
        "source_document": figure.source_document,
        "data_as_of": figure.data_as_of.isoformat(),
        "sample_data": "yes" if figure.sample_data else "no",
        "correction_reason": figure.correction_reason,
        "note_zh": figure.note_zh,
        "note_bo": figure.note_bo,
        "note_en": figure.note_en,
        "region_name_zh": region.name_zh,
        "region_name_bo": region.name_bo,
        "region_name_en": region.name_en,
        "version": str(figure.version),
        "published_at": figure.published_at.isoformat(),
        "months_covered": _text(figure.months_covered),
    }


def json_record(figure: FundFigure) -> dict:
    """Amounts as strings: exact decimals, which JSON numbers are not in most readers."""
    record = csv_record(figure)
    return {
        **{key: record[key] or None for key in ("income", "expenditure", "period_balance",
                                                "cumulative_balance", "returns", "months_covered")},
        "region_code": record["region_code"],
        "region_name": {"zh": record["region_name_zh"], "bo": record["region_name_bo"],
                        "en": record["region_name_en"]},
        "fund_type": record["fund_type"],
        "period": record["period"],
        "period_kind": figure.period_kind.value,
        "insured_persons": figure.insured_persons,
        "source_document": figure.source_document,
        "data_as_of": record["data_as_of"],
        "sample_data": figure.sample_data,
        "version": figure.version,
        "published_at": record["published_at"],
        "correction_reason": figure.correction_reason or None,
        "note": {"zh": figure.note_zh, "bo": figure.note_bo, "en": figure.note_en},
    }
