"""Files the plan pages hand over."""

from __future__ import annotations

from kpiplan.lib.downloads import XLSX, Download
from kpiplan.lib.spreadsheets import plain, rows_to_xlsx

from .goals import ValueLine
from .models import Target

VALUE_COLUMNS = ("รหัส", "ชื่อ", "ค่าเป้าหมาย")


def target_values_xlsx(target: Target, lines: list[ValueLine]) -> Download:
    """One row per office class and unit; a blank value keeps the target's default."""
    if target.relative_to:
        rows = [(*VALUE_COLUMNS, "ข้อมูลฐาน")] + [
            (line.code, line.name, plain(line.value), plain(line.baseline.value) if line.baseline else None)
            for line in lines
        ]
    else:
        rows = [VALUE_COLUMNS] + [(line.code, line.name, plain(line.value)) for line in lines]
    content = rows_to_xlsx(rows, title=f"{target.activity.number} ค่าเป้าหมาย", widths=(18, 50, 14))
    return Download(content, f"target-{target.pk}-values.xlsx", XLSX)
