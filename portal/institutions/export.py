"""The register as open data: the import columns (a download can be imported again) plus
what the portal adds."""
from __future__ import annotations

from portal.institutions.columns import COST_COLUMNS, COST_VALUE_FIELDS, INSTITUTION_COLUMNS
from portal.institutions.importing import COST_DERIVED_COLUMNS, DERIVED_COLUMNS
from portal.institutions.models import CostReport, Institution

EXPORT_COLUMNS = tuple(column.name for column in INSTITUTION_COLUMNS) + DERIVED_COLUMNS


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value.value if hasattr(value, "value") else str(value)


def csv_record(institution: Institution) -> dict[str, str]:
    record = {name: _text(getattr(institution, name, None)) for name in EXPORT_COLUMNS
              if name not in ("region_code", "sample_data", "region_name_zh")}
    record.update(region_code=institution.region.code, region_name_zh=institution.region.name_zh,
                  sample_data="yes" if institution.sample_data else "no")
    return record


def json_record(institution: Institution) -> dict:
    return {
        "national_code": institution.national_code,
        "name": {language: institution.text("name", language) for language in ("zh", "bo", "en")},
        "type": institution.type.value,
        "level": institution.level.value if institution.level else None,
        "ownership": institution.ownership.value if institution.ownership else None,
        "region": {"code": institution.region.code,
                   "name": {language: institution.region.name(language) for language in ("zh", "bo", "en")}},
        "address_zh": institution.address_zh,
        "agreement_status": institution.agreement_status.value,
        "status_from": _text(institution.status_from) or None,
        "status_until": _text(institution.status_until) or None,
        "sample_data": institution.sample_data,
        "source_document": institution.source_document,
        "data_as_of": institution.data_as_of.isoformat(),
        "version": institution.version,
        "published_at": institution.published_at.isoformat(),
        "correction_reason": institution.correction_reason,
    }


COST_EXPORT_COLUMNS = tuple(column.name for column in COST_COLUMNS) + COST_DERIVED_COLUMNS


def cost_csv_record(report: CostReport, institution: Institution) -> dict[str, str]:
    record = {name: _text(getattr(report, name, None)) for name in COST_EXPORT_COLUMNS
              if name not in ("period", "sample_data", "institution_name_zh", "region_code", "type", "level",
                              "review_ended_at")}
    record.update(period=report.period.code, sample_data="yes" if report.sample_data else "no",
                  institution_name_zh=institution.name_zh, region_code=institution.region.code,
                  type=institution.type.value, level=_text(institution.level),
                  review_ended_at=_text(report.review_ends_at))
    return record


def cost_json_record(report: CostReport, institution: Institution) -> dict:
    record = cost_csv_record(report, institution)
    values = {name: record[name] or None for name in COST_VALUE_FIELDS}
    return {"national_code": report.national_code, "period": report.period.code,
            "institution": {"name": {language: institution.text("name", language) for language in ("zh", "bo", "en")},
                            "type": institution.type.value, "level": record["level"] or None,
                            "region_code": institution.region.code},
            **values, "sample_data": report.sample_data, "source_document": report.source_document,
            "data_as_of": report.data_as_of.isoformat(), "version": report.version,
            "correction_reason": report.correction_reason, "review_ended_at": record["review_ended_at"]}
