"""Synthetic fund series for the demo and the benchmark: plausible orders of magnitude,
deterministic, always marked sample_data=yes. Not statistics of any real fund.

    python -m portal.funds.synthetic > disclosures/funds/sample-synthetic.csv
"""
from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Iterator

from portal.funds.figures import COLUMNS, FundType

CENT = Decimal("0.01")
SOURCE = "示例数据（合成，非真实统计） Sample data (synthetic)"

# Demo regions and a rough number of insured people; the province is the sum of its cities.
DEMO_REGIONS = {
    "640100": 2_800_000, "640200": 750_000, "640300": 1_400_000, "640500": 1_100_000,
    "640205": 200_000, "640323": 170_000, "640381": 280_000, "640502": 400_000, "640521": 340_000,
    "540100": 600_000, "542500": 120_000, "542522": 8_000,
}
DEMO_PROVINCES = {"640000": ("640100", "640200", "640300", "640500"), "540000": ("540100", "542500")}
# Real figures published for these (disclosures/funds/ningxia-2020-real.csv): no synthetic
# series beside them, so a chart never mixes the two.
REAL_SERIES = {("640323", FundType.RESIDENT), ("640323", FundType.EMPLOYEE),
               ("640300", FundType.CRITICAL_ILLNESS)}

# Share of the insured in the fund, yuan of income per person in 2019, yearly growth,
# range of expenditure as a share of income.
FUND_PROFILE = {
    FundType.RESIDENT: (0.75, 900, 0.05, (0.86, 0.99)),
    FundType.EMPLOYEE_POOLING: (0.25, 4200, 0.06, (0.78, 0.92)),
    FundType.EMPLOYEE_PERSONAL_ACCOUNT: (0.25, 2100, 0.03, (0.84, 0.96)),
    FundType.MATERNITY: (0.2, 180, 0.04, (0.7, 0.97)),
    FundType.CRITICAL_ILLNESS: (0.75, 52, 0.03, (0.68, 0.9)),
    FundType.MEDICAL_ASSISTANCE: (0.08, 600, 0.04, (0.95, 1.02)),
}
QUARTER_WEIGHTS = (0.22, 0.25, 0.25, 0.28)


def _yuan(value: float) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _quarter_end(year: int, quarter: int) -> date:
    return date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(days=1)


def _month_end(year: int, month: int) -> date:
    return date(year + (month == 12), 1 if month == 12 else month + 1, 1) - timedelta(days=1)


def series(region_code: str, insured: int, fund: FundType, years: range, quarters_from: int,
           months_from: int, seed: int) -> Iterator[dict]:
    """Rows for one region and fund: every year, quarters from `quarters_from`, months from
    `months_from`. Quarters add up to their year and months to their quarter."""
    share, per_person, growth, (low, high) = FUND_PROFILE[fund]
    generator = random.Random(seed)
    persons = int(insured * share)
    cumulative = None
    for offset, year in enumerate(years):
        persons = int(persons * generator.uniform(0.99, 1.02))
        income = persons * per_person * (1 + growth) ** offset
        cumulative = cumulative if cumulative is not None else _yuan(income * generator.uniform(0.5, 1.1))
        year_rows, year_income, year_expenditure = [], Decimal(0), Decimal(0)
        for quarter in range(1, 5):
            q_income = _yuan(income * QUARTER_WEIGHTS[quarter - 1])
            q_expenditure = _yuan(float(q_income) * generator.uniform(low, high))
            months = []
            for index, weight in enumerate((0.32, 0.33, 0.35)):
                month = 3 * quarter - 2 + index
                m_income = _yuan(float(q_income) * weight) if index < 2 else q_income - sum(m[1] for m in months)
                m_expenditure = (_yuan(float(q_expenditure) * weight) if index < 2
                                 else q_expenditure - sum(m[2] for m in months))
                cumulative_at_month = cumulative + sum(m[1] - m[2] for m in months) + m_income - m_expenditure
                months.append((month, m_income, m_expenditure, cumulative_at_month))
            cumulative = months[-1][3]
            year_income += q_income
            year_expenditure += q_expenditure
            if year >= quarters_from:
                year_rows.append(_row(region_code, fund, f"{year}-Q{quarter}", q_income, q_expenditure,
                                      cumulative, persons, _quarter_end(year, quarter)))
            if year >= months_from:
                year_rows.extend(_row(region_code, fund, f"{year}-{month:02d}", m_income, m_expenditure,
                                      m_cumulative, persons, _month_end(year, month))
                                 for month, m_income, m_expenditure, m_cumulative in months)
        yield _row(region_code, fund, str(year), year_income, year_expenditure, cumulative, persons,
                   date(year, 12, 31))
        yield from year_rows


def _row(region_code, fund, period, income, expenditure, cumulative, persons, as_of) -> dict:
    return {
        "region_code": region_code, "fund_type": fund.value, "period": period,
        "income": f"{income:.2f}", "expenditure": f"{expenditure:.2f}", "period_balance": "",
        "cumulative_balance": f"{cumulative:.2f}", "returns": "", "insured_persons": str(persons),
        "source_document": SOURCE, "data_as_of": as_of.isoformat(), "sample_data": "yes",
        "correction_reason": "", "note_zh": "", "note_bo": "", "note_en": "",
    }


def demo_rows(years: range = range(2019, 2026), quarters_from: int = 2024) -> Iterator[dict]:
    """The demo's synthetic series; provinces as the sum of their cities."""
    for fund in FUND_PROFILE:
        by_city: dict[str, list[dict]] = {}
        for code, insured in DEMO_REGIONS.items():
            if (code, fund) in REAL_SERIES:
                continue
            seed = int(code) * 31 + list(FUND_PROFILE).index(fund)
            rows = list(series(code, insured, fund, years, quarters_from, 9999, seed))
            by_city[code] = rows
            yield from rows
        for province, cities in DEMO_PROVINCES.items():
            if all(city in by_city for city in cities):
                yield from _summed(province, [by_city[city] for city in cities])


def _summed(region_code: str, city_rows: list[list[dict]]) -> Iterator[dict]:
    for rows in zip(*city_rows):
        first = rows[0]
        total = {name: sum(Decimal(row[name]) for row in rows)
                 for name in ("income", "expenditure", "cumulative_balance")}
        yield {**first, "region_code": region_code,
               **{name: f"{value:.2f}" for name, value in total.items()},
               "insured_persons": str(sum(int(row["insured_persons"]) for row in rows))}


def write_csv(rows: Iterable[dict], handle) -> int:
    writer = csv.DictWriter(handle, fieldnames=[column.name for column in COLUMNS], lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


if __name__ == "__main__":
    write_csv(demo_rows(), sys.stdout)
