"""Columns of the institution files (issue #4): the register of designated institutions
(定点医药机构), their cost reports per period, and their purchase prices.

Like fund figures (portal.funds.figures), each file is read by portal.tabular with the
columns declared here; the check_*_row functions hold the rules across cells of one row.
The documents `disclosures/institutions.schema.md` and `disclosures/costs.schema.md` list
the same columns in the same order (a test compares them). Nothing here touches the
database; nothing here imports Flask.
"""
from __future__ import annotations

import enum
import re
from datetime import date
from decimal import Decimal

from portal import tabular
from portal.funds.figures import Period
from portal.institutions.kinds import InstitutionType
from portal.tabular import CellError, Column
from portal.text import N_, Message

# --- codes ------------------------------------------------------------------------------------


class InstitutionLevel(enum.StrEnum):
    """Hospital grade (医院等级) under the Measures for Hospital Grading (医院分级管理办法) and
    the hospital review standards: level I-III, each with grades A-C where one was awarded."""

    GRADE_3A = "3a"
    GRADE_3B = "3b"
    GRADE_3C = "3c"
    GRADE_3 = "3"
    GRADE_2A = "2a"
    GRADE_2B = "2b"
    GRADE_2C = "2c"
    GRADE_2 = "2"
    GRADE_1A = "1a"
    GRADE_1B = "1b"
    GRADE_1C = "1c"
    GRADE_1 = "1"
    UNGRADED = "ungraded"


INSTITUTION_LEVEL_TEXT = {
    InstitutionLevel.GRADE_3A: N_("Grade III A"),
    InstitutionLevel.GRADE_3B: N_("Grade III B"),
    InstitutionLevel.GRADE_3C: N_("Grade III C"),
    InstitutionLevel.GRADE_3: N_("Grade III"),
    InstitutionLevel.GRADE_2A: N_("Grade II A"),
    InstitutionLevel.GRADE_2B: N_("Grade II B"),
    InstitutionLevel.GRADE_2C: N_("Grade II C"),
    InstitutionLevel.GRADE_2: N_("Grade II"),
    InstitutionLevel.GRADE_1A: N_("Grade I A"),
    InstitutionLevel.GRADE_1B: N_("Grade I B"),
    InstitutionLevel.GRADE_1C: N_("Grade I C"),
    InstitutionLevel.GRADE_1: N_("Grade I"),
    InstitutionLevel.UNGRADED: N_("Ungraded"),
}

# The official Chinese term of each grade, as the schema document and the zh pages name it.
INSTITUTION_LEVEL_ZH = {
    InstitutionLevel.GRADE_3A: "三级甲等",
    InstitutionLevel.GRADE_3B: "三级乙等",
    InstitutionLevel.GRADE_3C: "三级丙等",
    InstitutionLevel.GRADE_3: "三级",
    InstitutionLevel.GRADE_2A: "二级甲等",
    InstitutionLevel.GRADE_2B: "二级乙等",
    InstitutionLevel.GRADE_2C: "二级丙等",
    InstitutionLevel.GRADE_2: "二级",
    InstitutionLevel.GRADE_1A: "一级甲等",
    InstitutionLevel.GRADE_1B: "一级乙等",
    InstitutionLevel.GRADE_1C: "一级丙等",
    InstitutionLevel.GRADE_1: "一级",
    InstitutionLevel.UNGRADED: "未定级",
}


class Ownership(enum.StrEnum):
    PUBLIC = "public"
    PRIVATE_NONPROFIT = "private_nonprofit"
    PRIVATE_FORPROFIT = "private_forprofit"


OWNERSHIP_TEXT = {
    Ownership.PUBLIC: N_("Public"),
    Ownership.PRIVATE_NONPROFIT: N_("Private, non-profit"),
    Ownership.PRIVATE_FORPROFIT: N_("Private, for-profit"),
}

OWNERSHIP_ZH = {
    Ownership.PUBLIC: "公立",
    Ownership.PRIVATE_NONPROFIT: "民营非营利性",
    Ownership.PRIVATE_FORPROFIT: "民营营利性",
}


class AgreementStatus(enum.StrEnum):
    """State of the service agreement (医保协议) between the handling agency and the institution."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"


AGREEMENT_STATUS_TEXT = {
    AgreementStatus.ACTIVE: N_("Agreement in force"),
    AgreementStatus.SUSPENDED: N_("Agreement suspended"),
    AgreementStatus.TERMINATED: N_("Agreement terminated"),
}

AGREEMENT_STATUS_ZH = {
    AgreementStatus.ACTIVE: "协议正常",
    AgreementStatus.SUSPENDED: "中止医保协议",
    AgreementStatus.TERMINATED: "解除医保协议",
}

# --- cell parsers -----------------------------------------------------------------------------

# The designated institution code of the NHSA coding standards (医保信息业务编码, one of the 15
# national codes): 12 characters, H (medical institution) or P (retail pharmacy), the 6-digit
# administrative division code (GB/T 2260) of where it is registered, a 5-digit serial number.
NATIONAL_CODE = re.compile(r"(?P<letter>[HP])(?P<region>\d{6})(?P<serial>\d{5})")
MEDICAL_INSTITUTION_LETTER = "H"
PHARMACY_LETTER = "P"
REGION_CODE = re.compile(r"\d{6}")
PERCENT = re.compile(r"\d{1,3}(\.\d{1,2})?")
PRICE = re.compile(r"\d{1,12}(\.\d{1,4})?")
ITEM_CODE = re.compile(r"[A-Za-z0-9]{1,40}")

SHARE_COLUMNS = ("share_drugs", "share_consumables", "share_tests", "share_services", "share_other")
SHARES_TOTAL = Decimal("100")
SHARES_TOLERANCE = Decimal("0.5")
# Average costs are rounded to the fen and often come from another statistics run than the
# total; 1% leaves room for both without letting a misplaced decimal point through.
IMPLIED_COST_TOLERANCE = Decimal("0.01")


def national_code(text: str) -> str | None:
    if not text:
        return None
    if not NATIONAL_CODE.fullmatch(text):
        raise CellError(N_("Not a designated institution code: write H (medical institution) or "
                           "P (retail pharmacy), the six-digit region code and a five-digit "
                           "serial number, e.g. H64032300012."))
    return text


def region_code(text: str) -> str | None:
    if not text:
        return None
    if not REGION_CODE.fullmatch(text):
        raise CellError(N_("A region code is six digits."))
    return text


def percent(text: str) -> Decimal | None:
    """A percentage from 0 to 100 with at most two decimals, without the % sign. Blank is None."""
    if not text:
        return None
    if not PERCENT.fullmatch(text) or Decimal(text) > SHARES_TOTAL:
        raise CellError(N_("Not a percentage: write a number from 0 to 100 with at most two "
                           "decimals and no percent sign, e.g. 32.75."))
    return Decimal(text).quantize(Decimal("0.01"))


def price(text: str) -> Decimal | None:
    """A unit price in yuan with at most four decimals (procurement prices are quoted to the
    tenth of a fen). Blank is None."""
    if not text:
        return None
    if not PRICE.fullmatch(text):
        raise CellError(N_("Not a price in yuan: write digits with at most four decimals and no "
                           "thousands separators, e.g. 12.3456."))
    return Decimal(text).quantize(Decimal("0.0001"))


def item_code(text: str) -> str | None:
    if not text:
        return None
    if not ITEM_CODE.fullmatch(text):
        raise CellError(N_("Not an item code: write the national code with letters and digits "
                           "only, at most 40 characters."))
    return text


def _period(text: str) -> Period:
    return Period.parse(text)


# --- columns ----------------------------------------------------------------------------------

def _national_code_column() -> Column:
    return Column("national_code", national_code, N_("National code of the designated "
                  "institution (医保定点医药机构代码): H or P, the six-digit region code and a "
                  "five-digit serial number."), required=True, example="H64032300012")


def _provenance_columns(as_of: str, source_example: str) -> tuple[Column, ...]:
    return (
        Column("sample_data", tabular.yes_no, N_("yes for synthetic demonstration rows, which are "
               "labelled as sample data on every page; no or blank for real data."),
               kind="boolean", example="no"),
        Column("source_document", tabular.text(300), N_("The published document the row comes "
               "from (title, number, date), as a reader can look it up."), required=True,
               example=source_example),
        Column("data_as_of", tabular.iso_date, as_of, required=True, kind="date",
               example="2024-12-31"),
    )


def _period_column(description: str) -> Column:
    return Column("period", _period, description, required=True, example="2024-Q3")


INSTITUTION_COLUMNS: tuple[Column, ...] = (
    _national_code_column(),
    Column("name_zh", tabular.text(200), N_("Registered name of the institution in Chinese."),
           required=True, example="盐池县人民医院"),
    Column("name_bo", tabular.text(300), N_("Name in Tibetan, where there is one."), example=""),
    Column("name_en", tabular.text(300), N_("Name in English, where there is one."),
           example="Yanchi County People's Hospital"),
    Column("type", tabular.choice(tuple(InstitutionType)), N_("Kind of institution: one of the "
           "type codes listed in this document. A retail pharmacy has a code starting with P, "
           "every other kind one starting with H."), required=True, example="hospital"),
    Column("level", tabular.choice(tuple(InstitutionLevel)), N_("Hospital grade: one of the "
           "level codes listed in this document; blank when not published. A pharmacy has no "
           "grade (blank or ungraded)."), example="2a"),
    Column("ownership", tabular.choice(tuple(Ownership)), N_("Public, private non-profit or "
           "private for-profit: one of the ownership codes listed in this document."),
           example="public"),
    Column("region_code", region_code, N_("Administrative code (GB/T 2260) of a region the "
           "portal serves; the same six digits as in the national code."), required=True,
           example="640323"),
    Column("address_zh", tabular.text(300), N_("Address in Chinese."), example="盐池县花马池镇"),
    Column("agreement_status", tabular.choice(tuple(AgreementStatus)), N_("State of the service "
           "agreement with the handling agency: active, suspended or terminated."), required=True,
           example="active"),
    Column("status_from", tabular.iso_date, N_("The date the agreement status took effect "
           "(year-month-day); required for a suspension or a termination."), kind="date",
           example="2021-01-01"),
    Column("status_until", tabular.iso_date, N_("The date the status ends: the end of the "
           "agreement term or of a suspension; blank when open. Not before status_from; blank "
           "for a termination."), kind="date", example=""),
    *_provenance_columns(N_("The date the row describes the institution at (year-month-day); "
                            "not in the future."), "示例：某县医疗保障局定点医药机构名单（2024年12月）"),
    Column("correction_reason", tabular.text(500), N_("Required when the row changes a published "
           "register entry, unless the import gives one reason for the whole file; shown to the "
           "public with the correction."), example=""),
)

COST_COLUMNS: tuple[Column, ...] = (
    _national_code_column(),
    _period_column(N_("The period the figures cover: a year (2024), a quarter (2024-Q3) or a "
                      "month (2024-07).")),
    Column("total_cost", tabular.amount(), N_("Total medical cost of the institution's insured "
           "patients in the period, in yuan."), kind="number", example="48210000.00"),
    Column("outpatient_visits", tabular.count, N_("Number of outpatient visits in the period."),
           kind="integer", example="61200"),
    Column("outpatient_cost_per_visit", tabular.amount(), N_("Average cost of an outpatient "
           "visit, in yuan."), kind="number", example="182.40"),
    Column("admissions", tabular.count, N_("Number of inpatient admissions (discharges) in the "
           "period."), kind="integer", example="3900"),
    Column("inpatient_cost_per_admission", tabular.amount(), N_("Average cost of an inpatient "
           "stay, in yuan."), kind="number", example="9450.00"),
    Column("share_drugs", percent, N_("Drugs as a percentage of total medical cost."),
           kind="number", example="28.50"),
    Column("share_consumables", percent, N_("Medical consumables as a percentage of total "
           "medical cost."), kind="number", example="17.20"),
    Column("share_tests", percent, N_("Tests and examinations as a percentage of total medical "
           "cost."), kind="number", example="22.10"),
    Column("share_services", percent, N_("Medical services (consultation, treatment, surgery, "
           "nursing, beds) as a percentage of total medical cost."), kind="number",
           example="27.40"),
    Column("share_other", percent, N_("Everything else as a percentage of total medical cost. "
           "The five shares, when all are given, add up to 100."), kind="number", example="4.80"),
    Column("in_catalogue_drug_share", percent, N_("Cost of drugs in the medical insurance drug "
           "catalogue as a percentage of all drug cost."), kind="number", example="91.30"),
    Column("in_catalogue_procedure_share", percent, N_("Cost of medical service items in the "
           "medical insurance catalogue as a percentage of all medical service cost."),
           kind="number", example="95.60"),
    Column("fund_payment", tabular.amount(), N_("Paid by the medical insurance funds for the "
           "institution's patients in the period, in yuan; not more than total cost."),
           kind="number", example="30150000.00"),
    Column("self_pay_share", percent, N_("Cost patients paid wholly themselves for items outside "
           "the catalogues (self-pay), as a percentage of total medical cost; co-payments "
           "within the catalogues are not included."), kind="number", example="6.20"),
    *_provenance_columns(N_("The date the figures describe the institution at (year-month-day); "
                            "not before the period starts, not in the future."),
                         "示例：某县医疗保障局定点医药机构费用情况公示（2024年第三季度）"),
    Column("correction_reason", tabular.text(500), N_("Required when the row changes figures "
           "already published for the same institution and period: why they were corrected. "
           "Shown with the correction notice."), example=""),
    Column("note_zh", tabular.text(500), N_("A note for readers in Chinese."), example=""),
    Column("note_bo", tabular.text(500), N_("A note for readers in Tibetan."), example=""),
    Column("note_en", tabular.text(500), N_("A note for readers in English."), example=""),
)

PRICE_COLUMNS: tuple[Column, ...] = (
    _national_code_column(),
    _period_column(N_("The period the institution bought at this price: a year (2024), a "
                      "quarter (2024-Q3) or a month (2024-07).")),
    Column("item_code", item_code, N_("National medical insurance code of the drug or "
           "consumable, where it has one (letters and digits)."), example=""),
    Column("item_name", tabular.text(200), N_("Name of the drug or consumable as the "
           "institution buys it."), required=True, example="阿莫西林胶囊"),
    Column("specification", tabular.text(200), N_("Specification: strength, size, pack."),
           example="0.25g×24粒"),
    Column("unit", tabular.text(20), N_("The unit the price is for (box, piece, vial)."),
           required=True, example="盒"),
    Column("unit_price", price, N_("Purchase price of one unit, in yuan, with at most four "
           "decimals."), required=True, kind="number", example="8.6500"),
    Column("centrally_procured", tabular.yes_no, N_("yes if the item was bought through national "
           "or provincial centralised volume-based procurement, no if not."), required=True,
           kind="boolean", example="yes"),
    *_provenance_columns(N_("The date the prices describe the institution's purchases at "
                            "(year-month-day); not before the period starts, not in the future."),
                         "示例：某县医疗保障局定点医疗机构药品耗材采购价格公示（2024年）"),
    Column("correction_reason", tabular.text(500), N_("Required when the row changes a price "
           "already published for the same institution, period and item: why it was corrected. "
           "Shown with the correction."), example=""),
)

COST_VALUE_FIELDS = (
    "total_cost", "outpatient_visits", "outpatient_cost_per_visit", "admissions",
    "inpatient_cost_per_admission", *SHARE_COLUMNS, "in_catalogue_drug_share",
    "in_catalogue_procedure_share", "fund_payment", "self_pay_share",
)

# --- rules across cells -----------------------------------------------------------------------

Problems = list[tuple[str, Message]]


def _data_date(row: dict, today: date | None, period: Period | None = None) -> Problems:
    problems: Problems = []
    as_of = row.get("data_as_of")
    if as_of is None:
        return problems
    if period is not None and as_of < period.first_day:
        problems.append(("data_as_of", Message(N_("The data date is before the period starts."))))
    if today is not None and as_of > today:
        problems.append(("data_as_of", Message(N_("The data date is in the future."))))
    return problems


def check_institution_row(row: dict, today: date | None = None) -> Problems:
    """Rules across cells of one parsed register row; (column, message) for each broken rule.
    `today`, when given, also rejects a data date in the future."""
    problems: Problems = []
    match = NATIONAL_CODE.fullmatch(row.get("national_code") or "")
    kind = row.get("type")
    if match and kind:
        is_pharmacy = kind == InstitutionType.PHARMACY
        if is_pharmacy and match["letter"] != PHARMACY_LETTER:
            problems.append(("type", Message(N_("A retail pharmacy's code starts with P; this "
                                                "code starts with H, which is for medical "
                                                "institutions."))))
        elif not is_pharmacy and match["letter"] != MEDICAL_INSTITUTION_LETTER:
            problems.append(("type", Message(N_("A code starting with P is a retail pharmacy's; "
                                                "write type pharmacy or check the code."))))
    if match and row.get("region_code") and match["region"] != row["region_code"]:
        problems.append(("region_code", Message(
            N_("The region code must be the six digits after the letter of the national code "
               "(%(region)s)."), {"region": match["region"]})))
    if kind == InstitutionType.PHARMACY and row.get("level") not in (None, InstitutionLevel.UNGRADED):
        problems.append(("level", Message(N_("A pharmacy has no hospital grade: leave the level "
                                             "blank or write ungraded."))))
    status, since, until = row.get("agreement_status"), row.get("status_from"), row.get("status_until")
    if status in (AgreementStatus.SUSPENDED, AgreementStatus.TERMINATED) and since is None:
        problems.append(("status_from", Message(N_("Give the date the agreement was suspended or "
                                                   "terminated."))))
    if status == AgreementStatus.TERMINATED and until is not None:
        problems.append(("status_until", Message(N_("A terminated agreement does not end: leave "
                                                    "status_until blank."))))
    elif since is not None and until is not None and until < since:
        problems.append(("status_until", Message(N_("The status cannot end before it starts."))))
    problems += _data_date(row, today)
    return problems


def check_cost_row(row: dict, today: date | None = None) -> Problems:
    """Rules across cells of one parsed cost report row; (column, message) for each broken rule.
    `today`, when given, also rejects a data date in the future."""
    problems: Problems = []
    if all(row.get(name) is None for name in COST_VALUE_FIELDS):
        problems.append(("total_cost", Message(N_("Give at least one figure."))))
    shares = [row.get(name) for name in SHARE_COLUMNS]
    given = [share for share in shares if share is not None]
    shares_sum = sum(given, Decimal(0))
    if len(given) == len(shares) and abs(shares_sum - SHARES_TOTAL) > SHARES_TOLERANCE:
        problems.append(("share_drugs", Message(
            N_("The five cost shares must add up to 100 (within 0.5); they add up to %(sum)s."),
            {"sum": f"{shares_sum:.2f}"})))
    elif len(given) < len(shares) and shares_sum > SHARES_TOTAL + SHARES_TOLERANCE:
        problems.append(("share_drugs", Message(
            N_("The cost shares given add up to %(sum)s, more than 100."),
            {"sum": f"{shares_sum:.2f}"})))
    total = row.get("total_cost")
    fund_payment = row.get("fund_payment")
    if total is not None and fund_payment is not None and fund_payment > total:
        problems.append(("fund_payment", Message(N_("The fund payment cannot exceed the total "
                                                    "medical cost."))))
    implied = _implied_cost(row)
    if total is not None and implied is not None and implied > total * (1 + IMPLIED_COST_TOLERANCE):
        problems.append(("total_cost", Message(
            N_("Visits times cost per visit and admissions times cost per admission come to "
               "%(implied)s yuan, more than 1%% above the total medical cost."),
            {"implied": f"{implied:.2f}"})))
    period = row.get("period")
    problems += _data_date(row, today, period if isinstance(period, Period) else None)
    return problems


def _implied_cost(row: dict) -> Decimal | None:
    """Outpatient plus inpatient cost as the averages imply, each part counted where both its
    count and its average are given; None when neither part is."""
    parts = [row.get(number) * row.get(average)
             for number, average in (("outpatient_visits", "outpatient_cost_per_visit"),
                                     ("admissions", "inpatient_cost_per_admission"))
             if row.get(number) is not None and row.get(average) is not None]
    return sum(parts, Decimal(0)) if parts else None


def check_price_row(row: dict, today: date | None = None) -> Problems:
    """Rules across cells of one parsed purchase price row: the data date is not before the
    period starts (nor, when `today` is given, in the future)."""
    period = row.get("period")
    return _data_date(row, today, period if isinstance(period, Period) else None)
