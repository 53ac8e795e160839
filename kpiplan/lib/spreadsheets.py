"""Spreadsheets that are data: numbers as numbers, dates as dates, text that can never run as a formula, and
sheets that print (frozen header, the header on every page, landscape).

A cell beginning with = + - or @ is read by spreadsheet programs as a formula (CSV/formula injection). In an XLSX
file such text is stored as a string cell, marked as text the way Excel marks what a person types after an
apostrophe (quotePrefix): nothing shows, nothing runs. A CSV file has no cell types, so there the text gets a
leading apostrophe, which ``unsafe_back`` takes off again when a file of ours is read back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's own code for a Buddhist-era year ("bbbb"): the cell holds a date, the reader sees 30/6/2564.
DATE_FORMAT = "d/m/bbbb"
DATETIME_FORMAT = "d/m/bbbb h:mm"
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")


def safe_cell(value):
    """For CSV: text that would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unsafe_back(value):
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value[1:2]
        and value[1:].startswith(FORMULA_STARTS)
    ):
        return value[1:]
    return value


def put(cell: Cell, value) -> Cell:
    """Write one value into a cell as what it is: a number, a date (shown in B.E.), or text that never runs."""
    value = plain(value)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)  # local time; spreadsheets have no time zones
        cell.value = value
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl takes a leading "=" for a formula; this is text
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def append(ws: Worksheet, values: Iterable) -> int:
    """One row at the bottom of the sheet, every value written by ``put``; returns the row's number."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        put(ws.cell(row=row, column=column), value)
    return row


def finish(ws: Worksheet, *, header_row: int = 1, widths: Sequence[float] = (), wrap: bool = False) -> None:
    """A sheet that reads and prints: the header bold and frozen, repeated on every printed page, landscape
    A4 fitted to the page width, a filter on the header, and the columns as wide as asked."""
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if ws.max_row > header_row:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ws.max_column)}{ws.max_row}"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if wrap:
        for row in ws.iter_rows(min_row=header_row + 1):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rows_to_csv(rows) -> bytes:
    """CSV with a BOM so that Excel opens Thai text as UTF-8; dates as ISO (C.E.) dates, which it reads as dates."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(_csv_text(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def rows_to_xlsx(rows, title: str = "kpiplan", *, widths: Sequence[float] = ()) -> bytes:
    """The first row is the header."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    for row in rows:
        append(ws, row)
    finish(ws, widths=widths)
    return workbook_bytes(wb)


def plain(value):
    """A Decimal as an int or a float (spreadsheets hold no decimals), None as an empty cell."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value is None:
        return None
    if isinstance(value, (str, int, float, date)):
        return value
    return str(value)  # a lazy translation, a label


def _csv_text(value):
    value = plain(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value
