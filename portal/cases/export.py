"""Typical cases and inspection rounds as open data: one flat record per case (the CSV row)
and a nested one (the JSON record, with corrections and the withdrawal)."""
from __future__ import annotations

from portal.cases.models import CaseEvent, CaseRevision, InspectionRound, TypicalCase

CSV_COLUMNS = (
    "id", "url", "state", "sample_data", "published_on", "revision", "region_code", "region_name_zh",
    "title_zh", "title_bo", "title_en", "institution_name_zh", "institution_name_bo", "institution_name_en",
    "institution_code", "institution_type", "categories", "clue_source", "violation_start", "violation_end",
    "amount_involved", "legal_basis", "handling", "returned_amount", "fine_amount", "fine_multiple",
    "suspension_months", "agreement_suspension_days", "agreement_terminated", "rectification_ordered",
    "interview_held", "referred_to_police", "notified_health_commission", "discipline_referral",
    "execution_status", "decision_number", "summary_zh", "summary_bo", "summary_en", "corrections",
    "withdrawn_at", "withdrawal_reason",
)
_VALUES = ("institution_code", "violation_start", "violation_end", "amount_involved", "returned_amount",
           "fine_amount", "fine_multiple", "suspension_months", "agreement_suspension_days", "decision_number")
_ENUMS = ("institution_type", "clue_source", "legal_basis", "handling", "execution_status")
_FLAGS = ("agreement_terminated", "rectification_ordered", "interview_held", "referred_to_police",
          "notified_health_commission", "discipline_referral")


def _plain(value):
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return str(value) if not isinstance(value, (int, str)) else value


def json_record(case: TypicalCase, revision: CaseRevision, corrections: list[CaseEvent], url: str) -> dict:
    withdrawn = case.withdrawn_at is not None
    return {
        "id": case.id, "url": url, "state": "withdrawn" if withdrawn else "published",
        "sample_data": case.sample_data, "published_on": case.published_on.isoformat(),
        "revision": revision.number,
        "region": {"code": revision.region.code, "name": {language: revision.region.name(language)
                                                           for language in ("zh", "bo", "en")}},
        "title": {language: revision.text("title", language) for language in ("zh", "bo", "en")},
        "institution_name": {language: revision.text("institution_name", language) for language in ("zh", "bo", "en")},
        "summary": {language: revision.text("summary", language) for language in ("zh", "bo", "en")},
        "categories": [category.value for category in revision.categories],
        "outcomes": [outcome.value for outcome in revision.outcomes],
        **{name: _plain(getattr(revision, name)) for name in _VALUES + _ENUMS},
        **{name: getattr(revision, name) for name in _FLAGS},
        "corrections": [{"revision": event.revision, "note": event.text, "corrected_at": event.at.isoformat()}
                        for event in corrections],
        "withdrawal": ({"withdrawn_at": case.withdrawn_at.isoformat(), "reason": case.withdrawal_reason}
                       if withdrawn else None),
    }


def csv_record(record: dict) -> dict[str, str]:
    """The JSON record flattened to the CSV columns (lists joined by "|")."""
    flat = {
        **{key: record[key] for key in ("id", "url", "state", "published_on", "revision")},
        "sample_data": "yes" if record["sample_data"] else "no",
        "region_code": record["region"]["code"], "region_name_zh": record["region"]["name"]["zh"],
        **{f"{name}_{language}": record[name][language] for name in ("title", "institution_name", "summary")
           for language in ("zh", "bo", "en")},
        "categories": "|".join(record["categories"]),
        **{name: record[name] for name in _VALUES + _ENUMS},
        **{name: "yes" if record[name] else "no" for name in _FLAGS},
        "corrections": " | ".join(f"{item['corrected_at'][:10]}: {item['note']}" for item in record["corrections"]),
        "withdrawn_at": record["withdrawal"]["withdrawn_at"] if record["withdrawal"] else "",
        "withdrawal_reason": record["withdrawal"]["reason"] if record["withdrawal"] else "",
    }
    return {name: "" if flat[name] is None else str(flat[name]) for name in CSV_COLUMNS}


def inspection_record(round_: InspectionRound) -> dict:
    return {
        "region": {"code": round_.region.code, "name": {language: round_.region.name(language)
                                                         for language in ("zh", "bo", "en")}},
        "round_code": round_.round_code,
        "title": {language: round_.text("title", language) for language in ("zh", "bo", "en")},
        **{name: _plain(getattr(round_, name)) for name in (
            "period_start", "period_end", "institutions_in_scope", "institutions_checked", "recovered_amount",
            "suspended", "notified", "interviewed", "source_document", "data_as_of")},
        "sample_data": round_.sample_data,
    }
