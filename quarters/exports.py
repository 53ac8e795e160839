"""Exports of the review pages as data: the progress grid and the unit x target matrix as CSV or XLSX.

One row per fact and one column per field (a grid cell is a row: target, quarter, value, goal, standing,
units reported / expected, late), numbers as numbers and dates as dates, no markup: what a person sorts,
filters and sums in a spreadsheet. The figures are the page's own: each row reads the same cell the page draws.
"""

from __future__ import annotations

from openpyxl import Workbook

from kpiplan.lib.downloads import CSV, XLSX, Download
from kpiplan.lib.periods import quarter_label
from kpiplan.lib.spreadsheets import append, finish, rows_to_csv, workbook_bytes
from plans.models import Plan, Target

from .grids import Cell, GridRow, Matrix, MatrixCell
from .scoring import Standing

FORMATS = ("csv", "xlsx")

GRID_HEADER = [
    "กลุ่มวัตถุประสงค์",
    "แผนงานที่",
    "แผนปฏิบัติ",
    "เป้าหมาย",
    "หน่วยนับ",
    "ไตรมาส",
    "ผลสะสม",
    "ตัวตั้ง",
    "ตัวหาร",
    "เกณฑ์",
    "ค่าเป้าหมายสะสม",
    "สถานะ",
    "หน่วยงานที่รายงาน",
    "หน่วยงานที่ต้องรายงาน",
    "หน่วยงานที่ล่าช้า",
    "หน่วยงานที่ยกยอด",  # units whose earlier cumulative figure the ผลสะสม counts (quarters.rollups)
]
GRID_WIDTHS = [10, 9, 10, 60, 10, 12, 12, 10, 10, 7, 14, 16, 12, 12, 12, 12]

MATRIX_HEADER = [
    "หน่วยงาน",
    "ชื่อหน่วยงาน",
    "กลุ่มวัตถุประสงค์",
    "แผนปฏิบัติ",
    "เป้าหมาย",
    "ไตรมาส",
    "ผลสะสม",
    "ตัวตั้ง",
    "ตัวหาร",
    "แล้วเสร็จ",
    "ขั้นตอน",
    "ส่งเมื่อ",
    "ส่งตรงเวลา",
]
MATRIX_WIDTHS = [12, 28, 10, 10, 60, 12, 12, 10, 10, 10, 14, 16, 10]
UNIT_HEADER = ["หน่วยงาน", "ชื่อหน่วยงาน", "ต้องรายงาน", "รายงานแล้ว", "ตรงเวลา", "ความครบถ้วน %", "ตรงเวลา %"]
YES_NO = {True: "ใช่", False: "ไม่ใช่", None: None}
MILESTONE_UNIT = "หน่วยงานที่ดำเนินการแล้ว"  # a milestone's figure counts the units that have done it


def grid_rows(rows: list[GridRow], quarters: list[int], plan: Plan) -> list[list]:
    """A row per target and cumulative quarter, with the figures the grid's cell shows."""
    out = [GRID_HEADER]
    for row in rows:
        target = row.target
        for quarter in quarters:
            cell: Cell = row.cells[quarter]
            out.append(
                [
                    target.activity.workplan.objective.code,
                    target.activity.workplan.number,
                    target.activity.number,
                    target.label,
                    MILESTONE_UNIT if target.kind == Target.Kind.MILESTONE else target.unit_of_measure,
                    quarter_label(quarter, plan.year),
                    cell.value,
                    cell.rolled.numerator,
                    cell.rolled.denominator,
                    target.get_comparator_display() if cell.shown_goal.target is not None else None,
                    cell.shown_goal.target,
                    Standing(cell.status).label,
                    cell.submitted,
                    cell.expected,
                    cell.late,
                    len(cell.carried),
                ]
            )
    return out


def grid_export(rows: list[GridRow], quarters: list[int], fmt: str, *, plan: Plan) -> Download:
    return _download(
        f"grid-{plan.year}-{plan.owner_id}",
        fmt,
        [(f"ความก้าวหน้า {plan.year}", grid_rows(rows, quarters, plan), GRID_WIDTHS)],
    )


def matrix_rows(matrix: Matrix, targets: list[Target], plan: Plan) -> list[list]:
    """A row per unit and target it reports: the figure, where the result stands, when it was sent."""
    out = [MATRIX_HEADER]
    label = quarter_label(matrix.quarter, plan.year)
    for line in matrix.lines:
        for target in targets:
            if target.pk not in line.cells:
                continue  # the unit does not report this target
            result: MatrixCell | None = line.cells[target.pk]
            submitted = result.submitted_at if result is not None else None
            out.append(
                [
                    line.unit.code,
                    line.unit.name_th,
                    target.activity.workplan.objective.code,
                    target.activity.number,
                    target.label,
                    label,
                    result.value if result else None,
                    result.numerator if result else None,
                    result.denominator if result else None,
                    YES_NO[result.done] if result else None,
                    result.get_status_display() if result else "ยังไม่รายงาน",
                    submitted,
                    YES_NO[result.on_time] if result and submitted else None,
                ]
            )
    return out


def unit_rows(matrix: Matrix) -> list[list]:
    out = [UNIT_HEADER]
    for line in matrix.lines:
        out.append(
            [
                line.unit.code,
                line.unit.name_th,
                line.expected,
                line.submitted,
                line.on_time,
                line.completeness,
                line.timeliness,
            ]
        )
    return out


def matrix_export(matrix: Matrix, targets: list[Target], fmt: str, *, plan: Plan) -> Download:
    """Every unit of the scope (the page shows them 50 at a time); the XLSX adds a sheet of the units' totals."""
    return _download(
        f"matrix-{plan.year}-q{matrix.quarter}-{plan.owner_id}",
        fmt,
        [
            ("ผลรายหน่วยงาน", matrix_rows(matrix, targets, plan), MATRIX_WIDTHS),
            ("สรุปรายหน่วยงาน", unit_rows(matrix), [12, 28, 12, 12, 12, 14, 12]),
        ],
    )


def _download(name: str, fmt: str, sheets: list[tuple[str, list[list], list[float]]]) -> Download:
    """A CSV of the first sheet's rows, or a workbook of every sheet, each finished to read and print."""
    if fmt == "csv":
        return Download(rows_to_csv(sheets[0][1]), f"{name}.csv", CSV)
    wb = Workbook()
    for index, (title, rows, widths) in enumerate(sheets):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = title
        for values in rows:
            append(ws, values)
        finish(ws, widths=widths)
    return Download(workbook_bytes(wb), f"{name}.xlsx", XLSX)
