"""Fund figures as the handling agency publishes them (Regulation Art.10): what a period is,
which funds there are, what a published row must contain and what is derived from it."""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from portal import tabular
from portal.tabular import CellError, Column
from portal.text import N_


class FundType(enum.StrEnum):
    EMPLOYEE = "employee"
    EMPLOYEE_POOLING = "employee_pooling"
    EMPLOYEE_PERSONAL_ACCOUNT = "employee_personal_account"
    RESIDENT = "resident"
    MATERNITY = "maternity"
    CRITICAL_ILLNESS = "critical_illness"
    MEDICAL_ASSISTANCE = "medical_assistance"
    LONG_TERM_CARE = "long_term_care"


FUND_TYPE_TEXT = {
    FundType.EMPLOYEE: N_("Employee basic medical insurance (pooled fund and personal accounts)"),
    FundType.EMPLOYEE_POOLING: N_("Employee basic medical insurance: pooled fund"),
    FundType.EMPLOYEE_PERSONAL_ACCOUNT: N_("Employee basic medical insurance: personal accounts"),
    FundType.RESIDENT: N_("Urban and rural resident basic medical insurance"),
    FundType.MATERNITY: N_("Maternity insurance"),
    FundType.CRITICAL_ILLNESS: N_("Resident critical illness insurance"),
    FundType.MEDICAL_ASSISTANCE: N_("Medical assistance"),
    FundType.LONG_TERM_CARE: N_("Long-term care insurance"),
}


class PeriodKind(enum.StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


MONTHS_IN = {PeriodKind.YEAR: 12, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}
PERIOD_KIND_TEXT = {
    PeriodKind.YEAR: N_("Years"),
    PeriodKind.QUARTER: N_("Quarters"),
    PeriodKind.MONTH: N_("Months"),
}
PERIOD_PATTERN = re.compile(r"(?P<year>\d{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?")


@dataclass(frozen=True, order=True)
class Period:
    """A year (number 0), a quarter (1-4) or a month (1-12)."""

    year: int
    kind: PeriodKind
    number: int

    @classmethod
    def parse(cls, text: str) -> Period:
        match = PERIOD_PATTERN.fullmatch(text)
        if not match or not 1990 <= int(match["year"]) <= 2100:
            raise CellError(N_("Not a period: write 2020 for a year, 2020-Q3 for a quarter or "
                               "2020-07 for a month."))
        year = int(match["year"])
        if match["quarter"]:
            return cls(year, PeriodKind.QUARTER, int(match["quarter"]))
        if match["month"]:
            return cls(year, PeriodKind.MONTH, int(match["month"]))
        return cls(year, PeriodKind.YEAR, 0)

    @property
    def code(self) -> str:
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        return str(self.year)

    @property
    def first_day(self) -> date:
        month = {PeriodKind.YEAR: 1, PeriodKind.QUARTER: 3 * self.number - 2}.get(self.kind, self.number)
        return date(self.year, month, 1)

    @property
    def months(self) -> int:
        return MONTHS_IN[self.kind]


def months_covered(cumulative_balance: Decimal | None, expenditure: Decimal | None,
                   months: int) -> Decimal | None:
    """How many months of this period's average expenditure the cumulative balance would pay:
    the fund's cushion. None when either figure is missing or nothing was spent."""
    if cumulative_balance is None or not expenditure or expenditure <= 0:
        return None
    monthly = expenditure / months
    return (cumulative_balance / monthly).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _period(text: str) -> Period:
    return Period.parse(text)


COLUMNS: tuple[Column, ...] = (
    Column("region_code", tabular.text(6), N_("Administrative code (GB/T 2260) of a region the "
           "portal serves."), required=True, example="640323"),
    Column("fund_type", tabular.choice(tuple(FundType)), N_("Which fund: one of the fund type "
           "codes listed in this document."), required=True, example="resident"),
    Column("period", _period, N_("The period the figures cover: a year (2020), a quarter "
           "(2020-Q3) or a month (2020-07)."), required=True, example="2020"),
    Column("income", tabular.amount(), N_("Fund income in the period, in yuan, including "
           "interest and returns."), kind="number", example="120000000.00"),
    Column("expenditure", tabular.amount(), N_("Fund expenditure in the period, in yuan."),
           kind="number", example="103510000.00"),
    Column("period_balance", tabular.amount(signed=True), N_("Income minus expenditure in the "
           "period, in yuan; may be negative. Left blank, it is computed when income and "
           "expenditure are given; given, it must equal their difference."), kind="number",
           example="16490000.00"),
    Column("cumulative_balance", tabular.amount(signed=True), N_("Balance accumulated at the end "
           "of the period, in yuan."), kind="number", example="16490000.00"),
    Column("returns", tabular.amount(), N_("Interest and investment returns included in income, "
           "in yuan, where published."), kind="number", example="310000.00"),
    Column("insured_persons", tabular.count, N_("Number of insured persons at the end of the "
           "period."), kind="integer", example="1183644"),
    Column("source_document", tabular.text(300), N_("The published document the figures come "
           "from (title, number, date), as a reader can look it up."), required=True,
           example="宁夏回族自治区医疗保障局简报 2021年3月"),
    Column("data_as_of", tabular.iso_date, N_("The date the figures describe the fund at "
           "(year-month-day); not before the period starts, not in the future."),
           required=True, kind="date", example="2020-12-31"),
    Column("sample_data", tabular.yes_no, N_("yes for synthetic demonstration figures, which "
           "are labelled as sample data on every page; no or blank for real figures."),
           kind="boolean", example="no"),
    Column("correction_reason", tabular.text(500), N_("Required when the row changes figures "
           "already published for the same region, fund and period: why they were corrected. "
           "Shown with the correction notice."), example=""),
    Column("note_zh", tabular.text(500), N_("A note for readers in Chinese."), example=""),
    Column("note_bo", tabular.text(500), N_("A note for readers in Tibetan."), example=""),
    Column("note_en", tabular.text(500), N_("A note for readers in English."), example=""),
)

VALUE_FIELDS = ("income", "expenditure", "period_balance", "cumulative_balance", "returns",
                "insured_persons")


def check_row(row: dict, today: date) -> list[tuple[str, str, dict]]:
    """Rules across cells of one parsed row; fills a derivable period balance in place.
    Returns (column, msgid, params) for each broken rule."""
    problems = []
    if row["income"] is None and row["expenditure"] is None and row["cumulative_balance"] is None:
        problems.append(("income", N_("Give at least one of income, expenditure and cumulative "
                                      "balance."), {}))
    if row["income"] is not None and row["expenditure"] is not None:
        difference = row["income"] - row["expenditure"]
        if row["period_balance"] is None:
            row["period_balance"] = difference
        elif row["period_balance"] != difference:
            problems.append(("period_balance", N_("The period balance must equal income minus "
                                                  "expenditure (%(difference)s)."),
                             {"difference": f"{difference:.2f}"}))
    if row["returns"] is not None and row["income"] is not None and row["returns"] > row["income"]:
        problems.append(("returns", N_("Returns are part of income and cannot exceed it."), {}))
    as_of = row["data_as_of"]
    period: Period = row["period"]
    if as_of is not None and as_of < period.first_day:
        problems.append(("data_as_of", N_("The data date is before the period starts."), {}))
    if as_of is not None and as_of > today:
        problems.append(("data_as_of", N_("The data date is in the future."), {}))
    if len(row["region_code"]) != 6 or not row["region_code"].isdigit():
        problems.append(("region_code", N_("A region code is six digits."), {}))
    return problems
