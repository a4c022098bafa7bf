"""The register as open data: the import columns (a download can be imported again) plus
what the portal adds."""
from __future__ import annotations

from portal.institutions.columns import COST_COLUMNS, COST_VALUE_FIELDS, INSTITUTION_COLUMNS, PRICE_COLUMNS
from portal.institutions.importing import COST_DERIVED_COLUMNS, DERIVED_COLUMNS, PRICE_DERIVED_COLUMNS
from portal.institutions.models import CostReport, FigureDispute, Institution, PurchasePrice

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
PRICE_EXPORT_COLUMNS = tuple(column.name for column in PRICE_COLUMNS) + PRICE_DERIVED_COLUMNS


def _dispute_record(dispute: FigureDispute | None) -> dict[str, str]:
    """Published figures carry the "disputed" flag while the bureau has not answered; the
    institution's comment and the bureau's answer stay with them."""
    return {"disputed": "yes" if dispute is not None and dispute.decided_at is None else "no",
            "dispute_comment": dispute.comment if dispute is not None else "",
            "bureau_answer": dispute.answer if dispute is not None else ""}


def _dispute_json(dispute: FigureDispute | None) -> dict | None:
    if dispute is None:
        return None
    return {"open": dispute.decided_at is None, "comment": dispute.comment, "bureau_answer": dispute.answer or None}


def _figures_csv(figure, institution: Institution, columns: tuple[str, ...], dispute: FigureDispute | None,
                 **derived: str) -> dict[str, str]:
    record = {name: _text(getattr(figure, name, None)) for name in columns}
    record.update(period=figure.period.code, sample_data="yes" if figure.sample_data else "no",
                  institution_name_zh=institution.name_zh, region_code=institution.region.code,
                  review_ended_at=_text(figure.review_ends_at), **_dispute_record(dispute), **derived)
    return record


def cost_csv_record(report: CostReport, institution: Institution, dispute: FigureDispute | None) -> dict[str, str]:
    return _figures_csv(report, institution, COST_EXPORT_COLUMNS, dispute, type=institution.type.value,
                        level=_text(institution.level))


def _institution_json(institution: Institution) -> dict:
    return {"name": {language: institution.text("name", language) for language in ("zh", "bo", "en")},
            "type": institution.type.value, "level": _text(institution.level) or None,
            "region_code": institution.region.code}


def cost_json_record(report: CostReport, institution: Institution, dispute: FigureDispute | None) -> dict:
    record = cost_csv_record(report, institution, dispute)
    values = {name: record[name] or None for name in COST_VALUE_FIELDS}
    return {"national_code": report.national_code, "period": report.period.code,
            "institution": _institution_json(institution),
            **values, "sample_data": report.sample_data, "source_document": report.source_document,
            "data_as_of": report.data_as_of.isoformat(), "version": report.version,
            "correction_reason": report.correction_reason, "review_ended_at": record["review_ended_at"],
            "dispute": _dispute_json(dispute)}


def price_csv_record(price: PurchasePrice, institution: Institution, dispute: FigureDispute | None) -> dict[str, str]:
    return _figures_csv(price, institution, PRICE_EXPORT_COLUMNS, dispute,
                        centrally_procured="yes" if price.centrally_procured else "no")


def price_json_record(price: PurchasePrice, institution: Institution, dispute: FigureDispute | None) -> dict:
    return {"national_code": price.national_code, "period": price.period.code,
            "institution": _institution_json(institution), "item_code": price.item_code or None,
            "item_name": price.item_name, "specification": price.specification, "unit": price.unit,
            "unit_price": str(price.unit_price), "centrally_procured": price.centrally_procured,
            "sample_data": price.sample_data, "source_document": price.source_document,
            "data_as_of": price.data_as_of.isoformat(), "version": price.version,
            "correction_reason": price.correction_reason, "review_ended_at": _text(price.review_ends_at),
            "dispute": _dispute_json(dispute)}
