"""Reading published data files (CSV or XLSX) row by row, with typed columns and errors
that name the row and column in the user's language.

One mechanism for every disclosure import (fund figures, institutions, cost reports): a
capability declares its columns, this module streams the file, parses each cell and
collects errors (capped, with a total), and the capability decides what a valid row means.
Nothing here touches the database; nothing here imports Flask.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from portal.text import N_, ImportRejected, Message, RowError

# How many errors are listed; the rest are counted. A file with a wrong column in every
# one of a million rows must not produce a million-line page.
LISTED_ERRORS = 100
SNIFF_BYTES = 64 * 1024


class CellError(Exception):
    def __init__(self, msgid: str, params: dict | None = None):
        super().__init__(msgid)
        self.message = Message(msgid, params or {})


@dataclass(frozen=True)
class Column:
    """A column of a published file: its name, what a cell must look like, and what it means
    (the schema document and the machine-readable schema are generated from these)."""

    name: str
    parse: Callable[[str], Any]
    description: str
    required: bool = False
    example: str = ""
    kind: str = "string"  # for the machine-readable schema: string, number, integer, date, boolean


@dataclass
class ErrorList:
    """Errors of one import: the first LISTED_ERRORS kept, all counted."""

    listed: list[RowError] = field(default_factory=list)
    total: int = 0

    def add(self, row: int, column: str, message: Message) -> None:
        self.total += 1
        if len(self.listed) < LISTED_ERRORS:
            self.listed.append(RowError(row, column, message))

    def raise_if_any(self) -> None:
        if self.total:
            raise ImportRejected(self.listed, total=self.total)


def file_rejected(msgid: str, row: int = 0, params: dict | None = None) -> ImportRejected:
    """A problem with the file as a whole (or that stops reading it at `row`)."""
    return ImportRejected([RowError(row, "", Message(msgid, params or {}))])


# --- cell parsers -------------------------------------------------------------------------

AMOUNT = re.compile(r"-?\d{1,16}(\.\d{1,2})?")


def amount(signed: bool = False) -> Callable[[str], Decimal | None]:
    """Yuan with at most two decimals, no thousands separators. Blank is None."""

    def parse(text: str) -> Decimal | None:
        if not text:
            return None
        if not AMOUNT.fullmatch(text):
            raise CellError(N_("Not an amount in yuan: write digits with at most two decimals and "
                               "no thousands separators, e.g. 84600000.00."))
        value = Decimal(text)
        if value < 0 and not signed:
            raise CellError(N_("This amount cannot be negative."))
        return value.quantize(Decimal("0.01"))

    return parse


def count(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or len(text) > 12:
        raise CellError(N_("Not a whole number: write digits only, e.g. 1183644."))
    return int(text)


def iso_date(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CellError(N_("Not a date: write year-month-day, e.g. 2021-02-28.")) from None


def choice(values: tuple[str, ...]) -> Callable[[str], str | None]:
    def parse(text: str) -> str | None:
        if not text:
            return None
        if text not in values:
            raise CellError(N_("Not one of the allowed values: %(values)s."),
                            {"values": ", ".join(values)})
        return text

    return parse


def yes_no(text: str) -> bool:
    if text in ("", "no"):
        return False
    if text == "yes":
        return True
    raise CellError(N_("Write yes or no."))


def text(max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError(N_("Too long: at most %(count)d characters."), {"count": max_length})
        return value

    return parse


# --- reading files --------------------------------------------------------------------------

@dataclass(frozen=True)
class Progress:
    done: int
    total: int  # same unit as done (bytes for CSV, rows for XLSX); 0 when unknown


def _cell_text(value) -> str:
    """An XLSX cell as the text a CSV would hold for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Spreadsheets store 84600000.5 as a float; its shortest repr is the typed number.
        text_value = repr(value)
        if "e" in text_value or "E" in text_value:
            try:
                text_value = format(Decimal(text_value), "f")
            except InvalidOperation:
                pass
        return text_value[:-2] if text_value.endswith(".0") else text_value
    return str(value).strip()


def _sniff_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) or, as spreadsheets on Chinese Windows save it, GB18030."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _csv_records(stream: IO[bytes], size: int, on_progress) -> Iterator[list[str]]:
    head = stream.read(SNIFF_BYTES)
    encoding = _sniff_encoding(head)
    stream.seek(0)
    wrapper = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        for number, record in enumerate(csv.reader(wrapper)):
            if on_progress and number % 5000 == 0:
                on_progress(Progress(stream.tell(), size))
            yield record
    except UnicodeDecodeError:
        raise file_rejected(N_("The file is neither UTF-8 nor GB18030 text: save it again as CSV UTF-8.")) from None
    except csv.Error:
        raise file_rejected(N_("The file is not valid CSV (a cell is too long or holds a NUL character).")) from None
    finally:
        if not stream.closed:
            wrapper.detach()  # the caller's stream stays open


def _xlsx_records(stream: IO[bytes], on_progress) -> Iterator[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception:
        raise file_rejected(N_("The file is not a readable XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        total = sheet.max_row or 0
        for number, values in enumerate(sheet.iter_rows(values_only=True)):
            if on_progress and number % 5000 == 0:
                on_progress(Progress(number, total))
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _records(stream: IO[bytes], filename: str, on_progress) -> Iterator[list[str]]:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_records(stream, on_progress)
    if suffix == ".csv":
        return _csv_records(stream, size, on_progress)
    raise file_rejected(N_("Only CSV and XLSX files can be imported."))


def read_rows(
    stream: IO[bytes],
    filename: str,
    columns: tuple[Column, ...],
    errors: ErrorList,
    max_rows: int,
    on_progress: Callable[[Progress], None] | None = None,
    ignored: tuple[str, ...] = (),
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (row number, parsed values) for every row whose cells parse; cell errors go to
    `errors`. A wrong header or an empty file raises ImportRejected at once. Row 1 is the
    first row after the header, as a spreadsheet user counts data rows. Columns named in
    `ignored` (what a download adds) are accepted and skipped."""
    with closing(_records(stream, filename, on_progress)) as records:
        yield from _parsed_rows(records, columns, errors, max_rows, ignored)


def _parsed_rows(records, columns, errors, max_rows, ignored):
    header = next(records, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(records, None)
    if header is None:
        raise file_rejected(N_("The file is empty."))
    header = [cell.strip().lstrip("\ufeff") for cell in header]
    known = {column.name for column in columns} | set(ignored)
    header_errors = ErrorList()
    for column in columns:
        if column.required and column.name not in header:
            header_errors.add(0, column.name, Message(N_("Required column is missing.")))
    for name in header:
        if name and name not in known:
            header_errors.add(0, name, Message(N_("Unknown column: check the spelling against the schema.")))
    if len(set(header)) != len(header):
        header_errors.add(0, "", Message(N_("A column name appears twice in the header.")))
    header_errors.raise_if_any()

    positions = {name: index for index, name in enumerate(header) if name}
    seen_rows = 0
    for number, record in enumerate(records, start=1):
        if not any(cell.strip() for cell in record):
            continue
        seen_rows += 1
        if seen_rows > max_rows:
            raise file_rejected(N_("The file has more than %(count)d rows; split it."), number,
                                {"count": max_rows})
        row: dict[str, Any] = {}
        ok = True
        for column in columns:
            position = positions.get(column.name)
            cell = record[position].strip() if position is not None and position < len(record) else ""
            if column.required and not cell:
                errors.add(number, column.name, Message(N_("This cell is required.")))
                ok = False
                continue
            try:
                row[column.name] = column.parse(cell)
            except CellError as error:
                errors.add(number, column.name, error.message)
                ok = False
        if ok:
            yield number, row
    if seen_rows == 0:
        raise file_rejected(N_("The file has a header but no data rows."))


def json_schema(columns: tuple[Column, ...]) -> list[dict]:
    """The columns as a Frictionless-style field list for the machine-readable schema."""
    return [
        {"name": column.name, "type": column.kind, "required": column.required,
         "description": column.description, "example": column.example}
        for column in columns
    ]
