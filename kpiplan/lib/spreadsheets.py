"""Spreadsheet cells that are safe to open: text that would run as a formula is neutralised.

A cell beginning with = + - or @ is read by spreadsheet programs as a formula (CSV/formula injection).
Such text is written with a leading apostrophe, and the apostrophe is taken off again when read back.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
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


def rows_to_csv(rows) -> bytes:
    """CSV with a BOM so that Excel opens Thai text as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(_plain(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def rows_to_xlsx(rows, title: str = "kpiplan") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    for index, row in enumerate(rows):
        ws.append([safe_cell(_plain(v)) for v in row])
        if index == 0:
            for cell in ws[1]:
                cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _plain(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return "" if value is None else value
