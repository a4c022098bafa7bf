"""Building fund files (CSV and XLSX) for tests."""
from __future__ import annotations

import io

from portal.funds.figures import COLUMNS
from portal.funds.importing import Importer, import_fund_file
from portal.versioned_import import ImportChannel

HEADER = [column.name for column in COLUMNS]
CLI = Importer(ImportChannel.CLI)


def fund_row(**values) -> dict:
    row = {
        "region_code": "640300", "fund_type": "resident", "period": "2024",
        "income": "1000.00", "expenditure": "800.00", "period_balance": "",
        "cumulative_balance": "5000.00", "returns": "", "insured_persons": "1200",
        "source_document": "Test bulletin 2025", "data_as_of": "2024-12-31",
        "sample_data": "yes", "correction_reason": "", "note_zh": "", "note_bo": "", "note_en": "",
    }
    row.update(values)
    return row


def csv_bytes(rows: list[dict], header: list[str] | None = None, encoding: str = "utf-8") -> bytes:
    header = header or HEADER
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(_quoted(str(row.get(name, ""))) for name in header))
    return ("\n".join(lines) + "\n").encode(encoding)


def _quoted(value: str) -> str:
    return f'"{value}"' if any(mark in value for mark in ',"\n') else value


def xlsx_bytes(rows: list[dict], typed: bool = True) -> bytes:
    """A workbook as a spreadsheet user saves it: numbers as numbers, dates as dates."""
    from datetime import date
    from decimal import Decimal

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        cells = []
        for name in HEADER:
            value = row.get(name, "")
            if typed and value and name in ("income", "expenditure", "period_balance",
                                            "cumulative_balance", "returns"):
                value = float(Decimal(value))
            elif typed and value and name == "insured_persons":
                value = int(value)
            elif typed and value and name == "data_as_of":
                value = date.fromisoformat(value)
            cells.append(value if value != "" else None)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_csv(session, rows, filename="funds.csv", importer=CLI, **options):
    return import_fund_file(session, io.BytesIO(csv_bytes(rows)), filename, importer, **options)
