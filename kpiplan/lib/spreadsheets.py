"""Spreadsheet cells that are safe to open: text that would run as a formula is neutralised.

A cell beginning with = + - or @ is read by spreadsheet programs as a formula (CSV/formula injection).
Such text is written with a leading apostrophe, and the apostrophe is taken off again when read back.
"""

from __future__ import annotations

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
