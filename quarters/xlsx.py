"""The quarter form as an XLSX workbook: download, fill in offline, upload (all or nothing)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from kpiplan.lib.periods import be_year
from kpiplan.lib.spreadsheets import append, unsafe_back
from kpiplan.lib.thaidate import DateReadError, read_date
from kpiplan.lib.thainumbers import NumberReadError, read_decimal
from plans.models import Target

from .selectors import EntryForm
from .services import RowSave
from .validation import RowValues, check_row, letter_dates

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (key, Thai header, width). The first column identifies the target; the last the version loaded.
COLUMNS = [
    ("target_id", "รหัสเป้าหมาย (ห้ามแก้ไข)", 10),
    ("activity", "แผนปฏิบัติ", 9),
    ("label", "เป้าหมาย", 60),
    ("goal", "ค่าเป้าหมาย", 14),
    ("previous", "ผลสะสมไตรมาสก่อน", 14),
    ("value", "ผลสะสม", 12),
    ("numerator", "ตัวตั้ง", 12),
    ("denominator", "ตัวหาร / จำนวนผู้ตอบ / จำนวนเรื่อง", 16),
    ("done", "ดำเนินการแล้ว (ใช่/ไม่ใช่)", 14),
    ("narrative", "คำอธิบายผลการดำเนินงาน", 50),
    ("letter_no", "เลขที่หนังสือ", 22),
    ("letter_date", "ลงวันที่ (วว/ดด/ปปปป พ.ศ.)", 16),
    ("override_reason", "เหตุผลที่ต่างจากข้อมูลในระบบ", 30),
    ("version", "รุ่น (ห้ามแก้ไข)", 8),
]
INPUTS = {
    "value",
    "numerator",
    "denominator",
    "done",
    "narrative",
    "letter_no",
    "letter_date",
    "override_reason",
}
# Workbooks downloaded before a header was reworded are still read.
FORMER_HEADERS = {"letter_date": {"ลงวันที่ (ปปปป-ดด-วว ค.ศ.)"}}
YES = {"ใช่", "yes", "y", "1", "true", "ดำเนินการแล้ว", "done"}
NO = {"ไม่ใช่", "no", "n", "0", "false", "ยังไม่ดำเนินการ", "not done"}


def _goal(target: Target) -> str:
    if target.value is None:
        return target.get_kind_display()
    return f"{target.get_comparator_display()} {target.value.normalize():f} {target.unit_of_measure}".strip()


def entry_workbook(form: EntryForm) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"Q{form.quarter.number}-{form.quarter.year}"
    ws.append([f"{form.unit.code} {form.unit.name_th} · ไตรมาส {form.quarter.cumulative_label}"])
    ws.append([header for _key, header, _width in COLUMNS])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE3EA")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in form.rows:
        r, t = row.result, row.target
        values = {
            "target_id": t.pk,
            "activity": t.activity.number,
            "label": t.label_th,
            "goal": _goal(t),
            "previous": row.previous.value if row.previous and row.previous.value is not None else None,
            "version": r.version if r else None,
        }
        if r:
            values |= {name: getattr(r, name) for name in INPUTS - {"done"}}
            values["letter_date"] = _letter_date_text(r.letter_date)
            values["done"] = {True: "ใช่", False: "ไม่ใช่"}.get(r.done)
        append(ws, [values.get(key) for key, _header, _width in COLUMNS])  # text as text: nothing runs
    for index, (_key, _header, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=2, column=index).column_letter].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "D3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class Parsed:
    rows: list[RowSave] = field(default_factory=list)
    errors: list[tuple[int | None, str | None, str]] = field(
        default_factory=list
    )  # (excel row, column, message)


def _letter_date_text(value) -> str | None:
    """A letter date as the form shows it: 30/06/2564 (B.E.), text so that no locale turns it into C.E."""
    if value is None:
        return None
    return f"{value.day:02d}/{value.month:02d}/{be_year(value.year)}"


def read_entry_workbook(upload, form: EntryForm) -> Parsed:
    parsed = Parsed()
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError):
        parsed.errors.append((None, None, _("This is not an XLSX file made from the quarter form.")))
        return parsed
    ws = wb.worksheets[0]
    headers = [header for _key, header, _width in COLUMNS]
    by_target = {row.target.pk: row for row in form.rows}
    letters = letter_dates(form.quarter.plan_year)
    seen: set[int] = set()
    for excel_row, cells in enumerate(ws.iter_rows(values_only=True), start=1):
        if excel_row == 1:
            continue
        if excel_row == 2:
            found = list(cells[: len(headers)])
            if len(found) != len(headers) or any(
                cell != header and cell not in FORMER_HEADERS.get(key, ())
                for cell, (key, header, _width) in zip(found, COLUMNS, strict=True)
            ):
                parsed.errors.append((2, None, _("The header row was changed; download the form again.")))
                return parsed
            continue
        raw = {
            key: unsafe_back(cells[i]) if i < len(cells) else None
            for i, (key, _header, _width) in enumerate(COLUMNS)
        }
        if all(raw[k] in (None, "") for k in raw):
            continue
        try:
            target_id = int(raw["target_id"])
        except (TypeError, ValueError):
            parsed.errors.append((excel_row, COLUMNS[0][1], _("unknown target")))
            continue
        row = by_target.get(target_id)
        if row is None or target_id in seen:
            parsed.errors.append(
                (excel_row, COLUMNS[0][1], _("this target is not on the unit's form, or appears twice"))
            )
            continue
        seen.add(target_id)
        problems: dict[str, str] = {}
        values = RowValues(
            narrative=str(raw["narrative"] or "").strip(),
            letter_no=str(raw["letter_no"] or "").strip(),
            override_reason=str(raw["override_reason"] or "").strip(),
        )
        # The one reading of numbers and dates that the form and the API use.
        for key in ("value", "numerator", "denominator"):
            try:
                setattr(values, key, read_decimal(raw[key], max_digits=16, decimal_places=4))
            except NumberReadError as exc:
                problems[key] = f"{exc} (ค่าในไฟล์: {raw[key]!r})"
        try:
            values.letter_date = read_date(raw["letter_date"], allowed=letters)
        except DateReadError as exc:
            problems["letter_date"] = f"{exc} (ค่าในไฟล์: {raw['letter_date']!r})"
        done = str(raw["done"] or "").strip().lower()
        if done:
            if done in YES:
                values.done = True
            elif done in NO:
                values.done = False
            else:
                problems["done"] = _("answer ใช่ or ไม่ใช่")
        values.normalised(row.target)
        result = row.result
        current = (
            RowValues(
                **{
                    k: getattr(result, k)
                    for k in (
                        "value",
                        "numerator",
                        "denominator",
                        "done",
                        "narrative",
                        "letter_no",
                        "letter_date",
                        "override_reason",
                    )
                }
            )
            if result
            else RowValues()
        )
        touched = values.as_dict() | {"o": values.override_reason} != current.normalised(
            row.target
        ).as_dict() | {"o": current.override_reason}
        if touched:
            if result and not result.is_editable_status:
                problems["value"] = (
                    _("this result is %s and can no longer be changed") % result.get_status_display()
                )
            else:
                # Rule problems first, then what could not even be read, which says more.
                problems = (
                    check_row(
                        row.target,
                        form.quarter.number,
                        values,
                        previous=row.previous,
                        later=row.later,
                        decrease_allowed=bool(result and result.decrease_allowed_reason),
                        measured=row.measured,
                        goal=row.goal,
                    )
                    | problems
                )
        header = {k: h for k, h, _width in COLUMNS}
        for key, message in problems.items():
            parsed.errors.append((excel_row, header.get(key, key), message))
        version = raw["version"]
        parsed.rows.append(
            RowSave(
                row.target,
                values,
                int(version) if version not in (None, "") else None,
                touched,
                measured=row.measured.value if row.measured else None,
            )
        )
    return parsed
