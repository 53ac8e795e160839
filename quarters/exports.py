"""Exports of the review pages: the progress grid and the unit x target matrix as CSV or XLSX, with the values
the page shows (the page's own tables, as values)."""

from __future__ import annotations

from kpiplan.lib.downloads import CSV, XLSX, Download
from kpiplan.lib.spreadsheets import rows_to_csv, rows_to_xlsx
from plans.models import Plan, Target

from .tables import GridTable, MatrixTable

FORMATS = ("csv", "xlsx")


def grid_export(records: list[dict], quarters: list[int], fmt: str, *, plan: Plan) -> Download:
    """Every column of the grid, the objective and workplan included (the page leaves those to its headings)."""
    return _table(GridTable(records, quarters), fmt, f"grid-{plan.year}-{plan.owner_id}")


def matrix_export(
    records: list[dict], targets: list[Target], fmt: str, *, plan: Plan, quarter: int
) -> Download:
    """Every unit of the scope (the page shows them 50 at a time)."""
    return _table(MatrixTable(records, targets), fmt, f"matrix-{plan.year}-q{quarter}-{plan.owner_id}")


def _table(table, fmt: str, name: str) -> Download:
    rows = list(table.as_values())
    if fmt == "csv":
        return Download(rows_to_csv(rows), f"{name}.csv", CSV)
    return Download(rows_to_xlsx(rows, name), f"{name}.xlsx", XLSX)
