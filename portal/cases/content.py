"""What a typical case says (domain/rules.md, "Typical case fields"), as plain data.

An editor's form, the demo data and the tests all build a `CaseContent`; the services store it
as a revision. `content_problems()` lists what stops a revision from being saved (a case must
be readable and consistent before a second editor sees it); the warnings an editor reads and
decides on are in `portal.cases.checks`.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from portal.cases.checks import (
    CheckWarning,
    LegalBasis,
    Outcomes,
    check_anonymisation,
    check_penalties,
)
from portal.institutions.kinds import InstitutionType
from portal.text import N_, Message
from portal.violations import Violation


class ClueSource(enum.StrEnum):
    REPORT = "report"
    GRID_INSPECTION = "grid_inspection"
    BIG_DATA = "big_data"
    CROSS_DEPARTMENT = "cross_department"
    TRACEABILITY_CODES = "traceability_codes"
    FLYING_INSPECTION = "flying_inspection"
    RANDOM_INSPECTION = "random_inspection"
    SUPERVISOR = "supervisor"
    OTHER = "other"


CLUE_SOURCE_TEXT = {
    ClueSource.REPORT: N_("Report from the public"),
    ClueSource.GRID_INSPECTION: N_("Routine (grid) inspection"),
    ClueSource.BIG_DATA: N_("Big-data screening"),
    ClueSource.CROSS_DEPARTMENT: N_("Comparison with other departments' data"),
    ClueSource.TRACEABILITY_CODES: N_("Drug traceability codes"),
    ClueSource.FLYING_INSPECTION: N_("Flying (unannounced) inspection"),
    ClueSource.RANDOM_INSPECTION: N_("Random inspection (“double random, one public”)"),
    ClueSource.SUPERVISOR: N_("Social supervisor"),
    ClueSource.OTHER: N_("Other"),
}


class Handling(enum.StrEnum):
    """Who handled the case: the bureau imposes administrative penalties; the handling agency
    applies the measures of the service agreement."""

    ADMINISTRATIVE_PENALTY = "administrative_penalty"
    AGREEMENT_MEASURES = "agreement_measures"
    BOTH = "both"


HANDLING_TEXT = {
    Handling.ADMINISTRATIVE_PENALTY: N_("Administrative penalty by the bureau"),
    Handling.AGREEMENT_MEASURES: N_("Agreement measures by the handling agency"),
    Handling.BOTH: N_("Administrative penalty and agreement measures"),
}

LEGAL_BASIS_TEXT = {
    LegalBasis.ART_38: N_("Regulation Art. 38 (violations causing a fund loss)"),
    LegalBasis.ART_39: N_("Regulation Art. 39 (management duties)"),
    LegalBasis.ART_40: N_("Regulation Art. 40 (fraud by an institution)"),
    LegalBasis.ART_41: N_("Regulation Art. 41 (individuals)"),
}


class ExecutionStatus(enum.StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    IN_PROGRESS = "in_progress"


EXECUTION_STATUS_TEXT = {
    ExecutionStatus.COMPLETE: N_("Fully executed; all amounts recovered"),
    ExecutionStatus.PARTIAL: N_("Partly executed"),
    ExecutionStatus.IN_PROGRESS: N_("Execution in progress"),
}


class CaseOutcome(enum.StrEnum):
    """Outcomes the public can filter by."""

    RETURNED = "returned"
    FINE = "fine"
    SUSPENSION = "suspension"
    AGREEMENT_TERMINATED = "agreement_terminated"
    RECTIFICATION = "rectification"
    INTERVIEW = "interview"
    POLICE = "police"
    HEALTH_COMMISSION = "health_commission"
    DISCIPLINE = "discipline"


CASE_OUTCOME_TEXT = {
    CaseOutcome.RETURNED: N_("Money returned to the fund"),
    CaseOutcome.FINE: N_("Fine"),
    CaseOutcome.SUSPENSION: N_("Suspension"),
    CaseOutcome.AGREEMENT_TERMINATED: N_("Service agreement terminated"),
    CaseOutcome.RECTIFICATION: N_("Ordered to rectify"),
    CaseOutcome.INTERVIEW: N_("Interview of those responsible"),
    CaseOutcome.POLICE: N_("Referred to the police or judiciary"),
    CaseOutcome.HEALTH_COMMISSION: N_("Health commission notified"),
    CaseOutcome.DISCIPLINE: N_("Referred to discipline inspection"),
}

LANGUAGES = ("zh", "bo", "en")
# Text fields written per language; zh is required, bo shows zh with a notice until written.
TRANSLATED_FIELDS = ("title", "summary", "institution_name")
# The fields the anonymisation check reads (institutions are named; people never are).
CHECKED_TEXT_FIELDS = tuple(f"{name}_{language}" for name in ("title", "summary") for language in LANGUAGES)

TITLE_MAX = 300
SUMMARY_MAX = 20_000
INSTITUTION_NAME_MAX = 200
DECISION_NUMBER_MAX = 100
INSTITUTION_CODE_MAX = 40


@dataclass(frozen=True)
class CaseContent:
    region_code: str
    title_zh: str
    summary_zh: str
    categories: frozenset[Violation]
    clue_source: ClueSource
    title_bo: str = ""
    title_en: str = ""
    summary_bo: str = ""
    summary_en: str = ""
    institution_name_zh: str = ""
    institution_name_bo: str = ""
    institution_name_en: str = ""
    institution_code: str = ""  # national code (医保定点机构代码), to link the register
    institution_type: InstitutionType | None = None  # None: the case concerns individuals
    violation_start: date | None = None
    violation_end: date | None = None
    amount_involved: Decimal | None = None
    legal_basis: LegalBasis | None = None
    handling: Handling | None = None
    returned_amount: Decimal | None = None
    fine_amount: Decimal | None = None
    fine_multiple: Decimal | None = None
    suspension_months: int | None = None
    agreement_suspension_days: int | None = None
    agreement_terminated: bool = False
    rectification_ordered: bool = False
    interview_held: bool = False
    referred_to_police: bool = False
    notified_health_commission: bool = False
    discipline_referral: bool = False
    execution_status: ExecutionStatus | None = None
    decision_number: str = ""

    @property
    def outcomes(self) -> Outcomes:
        return Outcomes(
            returned_amount=self.returned_amount, fine_amount=self.fine_amount, fine_multiple=self.fine_multiple,
            suspension_months=self.suspension_months, agreement_suspension_days=self.agreement_suspension_days,
            agreement_terminated=self.agreement_terminated, rectification_ordered=self.rectification_ordered,
            interview_held=self.interview_held, referred_to_police=self.referred_to_police,
            notified_health_commission=self.notified_health_commission,
        )

    def text(self, name: str, language: str) -> str:
        return getattr(self, f"{name}_{language}") or ""

    def as_dict(self) -> dict:
        return {item.name: getattr(self, item.name) for item in fields(self)}


CONTENT_FIELDS = tuple(item.name for item in fields(CaseContent))
_AMOUNTS = ("amount_involved", "returned_amount", "fine_amount", "fine_multiple")
_DAYS = ("suspension_months", "agreement_suspension_days")
_LIMITS = {**{f"title_{language}": TITLE_MAX for language in LANGUAGES},
           **{f"summary_{language}": SUMMARY_MAX for language in LANGUAGES},
           **{f"institution_name_{language}": INSTITUTION_NAME_MAX for language in LANGUAGES},
           "decision_number": DECISION_NUMBER_MAX, "institution_code": INSTITUTION_CODE_MAX}


def content_problems(content: CaseContent) -> list[tuple[str, Message]]:
    """(field, message) for everything that stops `content` from being saved; empty if none."""
    problems: list[tuple[str, Message]] = []
    if not content.title_zh.strip():
        problems.append(("title_zh", Message(N_("Give the case a title in Chinese."))))
    if not content.summary_zh.strip():
        problems.append(("summary_zh", Message(N_("Describe the facts and the handling in Chinese."))))
    if not content.categories:
        problems.append(("categories", Message(N_("Choose at least one violation category."))))
    for name, limit in _LIMITS.items():
        if len(getattr(content, name)) > limit:
            problems.append((name, Message(N_("At most %(limit)d characters."), {"limit": limit})))
    for name in _AMOUNTS + _DAYS:
        value = getattr(content, name)
        if value is not None and value < 0:
            problems.append((name, Message(N_("This cannot be negative."))))
    for name in _AMOUNTS:
        value = getattr(content, name)
        if value is not None and (not value.is_finite() or value.as_tuple().exponent < -2):
            problems.append((name, Message(N_("Give at most two decimal places."))))
    if content.violation_start and content.violation_end and content.violation_end < content.violation_start:
        problems.append(("violation_end", Message(N_("The violation period cannot end before it starts."))))
    if content.legal_basis is LegalBasis.ART_41 and content.institution_type is not None:
        problems.append(("legal_basis", Message(N_("Article 41 concerns individuals; leave the institution type "
                                                   "empty or choose another article."))))
    return problems


def content_warnings(content: CaseContent) -> list[CheckWarning]:
    """What an editor should look at before submitting: personal data, penalties outside the
    article's range."""
    warnings = check_anonymisation({name: getattr(content, name) for name in CHECKED_TEXT_FIELDS})
    if content.legal_basis is not None and not content_problems(content):
        warnings += check_penalties(content.legal_basis, content.outcomes, content.amount_involved)
    return warnings


def outcomes_of(content: CaseContent) -> frozenset[CaseOutcome]:
    """The filterable outcomes a case has."""
    found = set()
    if content.returned_amount:
        found.add(CaseOutcome.RETURNED)
    if content.fine_amount or content.fine_multiple:
        found.add(CaseOutcome.FINE)
    if content.suspension_months or content.agreement_suspension_days:
        found.add(CaseOutcome.SUSPENSION)
    for flag, outcome in (("agreement_terminated", CaseOutcome.AGREEMENT_TERMINATED),
                          ("rectification_ordered", CaseOutcome.RECTIFICATION),
                          ("interview_held", CaseOutcome.INTERVIEW),
                          ("referred_to_police", CaseOutcome.POLICE),
                          ("notified_health_commission", CaseOutcome.HEALTH_COMMISSION),
                          ("discipline_referral", CaseOutcome.DISCIPLINE)):
        if getattr(content, flag):
            found.add(outcome)
    return frozenset(found)
