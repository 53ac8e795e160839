"""Reading CSV/XLSX exports of other systems with pandas, column by column, collecting every row error.

An importer declares its columns (``Column``) and gets back a DataFrame of clean values or a list of
``RowError`` naming the spreadsheet row (as the person sees it: header = row 1) and the column. Checks are
vectorised: a 100,000-row file is checked in well under a second.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pandas as pd

MAX_ERRORS = 200


@dataclass(frozen=True)
class RowError:
    row: int | None  # spreadsheet row number (header is row 1); None for the whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"แถว {self.row}")
        if self.column:
            where.append(f"คอลัมน์ {self.column}")
        return (" ".join(where) + ": " if where else "") + self.message


class TableError(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors[:MAX_ERRORS]
        self.total = len(errors)
        super().__init__("; ".join(str(e) for e in self.errors[:5]))


@dataclass(frozen=True)
class Column:
    """One field an importer needs. ``kind``: text, date, datetime, int, decimal, choice, bool."""

    name: str
    label: str
    kind: str = "text"
    required: bool = True
    choices: Mapping[str, object] | None = None  # for "choice": accepted spellings -> value
    aliases: tuple[str, ...] = ()
    max_length: int | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    check: Callable[[pd.Series], pd.Series] | None = None  # extra rule: True where the value is bad
    check_message: str = ""


@dataclass
class Table:
    frame: pd.DataFrame  # clean values, one column per Column.name
    rows: pd.Series  # spreadsheet row number of each frame row
    columns: list[str] = field(default_factory=list)


def read_frame(upload, filename: str | None = None) -> pd.DataFrame:
    """All cells as text (no guessing of numbers or dates: 0012 stays 0012)."""
    name = (filename or getattr(upload, "name", "") or "").lower()
    try:
        if name.endswith((".xlsx", ".xlsm")):
            frame = pd.read_excel(upload, dtype=str, engine="openpyxl")
        else:
            frame = pd.read_csv(upload, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError as exc:
        raise TableError([RowError(None, None, "ไฟล์ว่าง: ไม่มีข้อมูลให้นำเข้า")]) from exc
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError, KeyError, OSError) as exc:
        raise TableError(
            [RowError(None, None, f"อ่านไฟล์ไม่ได้: ต้องเป็น CSV (UTF-8) หรือ XLSX ({exc.__class__.__name__})")]
        ) from exc
    except Exception as exc:
        raise TableError([RowError(None, None, f"อ่านไฟล์ไม่ได้ ({exc.__class__.__name__})")]) from exc
    frame = frame.fillna("")
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise TableError([RowError(None, None, "ไฟล์ว่าง: ไม่มีข้อมูลให้นำเข้า")])
    return frame


def guess_mapping(file_columns: list[str], columns: list[Column]) -> dict[str, str]:
    """Column name -> file column, by name, label or alias (case and spacing ignored)."""
    normalised = {c.strip().lower().replace(" ", "_"): c for c in file_columns}
    mapping = {}
    for column in columns:
        for candidate in (column.name, column.label, *column.aliases):
            key = candidate.strip().lower().replace(" ", "_")
            if key in normalised:
                mapping[column.name] = normalised[key]
                break
    return mapping


def clean(frame: pd.DataFrame, columns: list[Column], mapping: Mapping[str, str]) -> Table:
    """Check and convert every column; raise TableError listing every bad cell (up to MAX_ERRORS)."""
    errors: list[RowError] = []
    rows = pd.Series(np.arange(len(frame)) + 2, index=frame.index)  # header is spreadsheet row 1
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        source = mapping.get(column.name)
        if not source or source not in frame.columns:
            if column.required:
                errors.append(RowError(None, column.label, "ไม่มีคอลัมน์นี้ในไฟล์ (จับคู่คอลัมน์ให้ครบ)"))
            else:
                out[column.name] = None
            continue
        raw = frame[source].astype(str).str.strip()
        empty = raw == ""
        if column.required and empty.any():
            errors += [RowError(int(r), column.label, "ต้องกรอก") for r in rows[empty].head(MAX_ERRORS)]
        values, bad, message = _convert(raw, column)
        bad = bad & ~empty
        if column.check is not None:
            extra = column.check(values) & ~empty & ~bad
            errors += [
                RowError(int(r), column.label, column.check_message) for r in rows[extra].head(MAX_ERRORS)
            ]
        if bad.any():
            errors += [
                RowError(int(r), column.label, f"{message}: {raw[i]!r}")
                for i, r in rows[bad].head(MAX_ERRORS).items()
            ]
        out[column.name] = values.where(~empty, None)
    if errors:
        errors.sort(key=lambda e: (e.row or 0, e.column or ""))
        raise TableError(errors)
    return Table(out, rows, [c.name for c in columns])


def _convert(raw: pd.Series, column: Column) -> tuple[pd.Series, pd.Series, str]:
    kind = column.kind
    if kind == "text":
        bad = raw.str.len() > column.max_length if column.max_length else pd.Series(False, index=raw.index)
        return raw, bad, f"ยาวเกิน {column.max_length} ตัวอักษร"
    if kind in ("date", "datetime"):
        parsed = pd.to_datetime(raw, errors="coerce", format="mixed", dayfirst=False)
        return parsed, parsed.isna(), "วันที่ไม่ถูกต้อง (ใช้ ปปปป-ดด-วว ค.ศ.)"
    if kind == "int":
        parsed = pd.to_numeric(raw, errors="coerce")
        bad = parsed.isna() | (parsed % 1 != 0)
        bad |= _out_of_range(parsed, column)
        return parsed, bad, "ไม่ใช่จำนวนเต็มในช่วงที่กำหนด"
    if kind == "decimal":
        parsed = pd.to_numeric(raw.str.replace(",", "", regex=False), errors="coerce")
        bad = parsed.isna() | _out_of_range(parsed, column)
        return parsed.map(lambda v: None if pd.isna(v) else _decimal(v)), bad, "ไม่ใช่ตัวเลขในช่วงที่กำหนด"
    if kind == "choice":
        lookup = {str(k).strip().lower(): v for k, v in (column.choices or {}).items()}
        mapped = raw.str.lower().map(lookup)
        return mapped, mapped.isna(), "ไม่รู้จักค่านี้"
    if kind == "bool":
        lookup = {
            "1": True,
            "true": True,
            "yes": True,
            "y": True,
            "ใช่": True,
            "0": False,
            "false": False,
            "no": False,
            "n": False,
            "ไม่ใช่": False,
        }
        mapped = raw.str.lower().map(lookup)
        return mapped, mapped.isna(), "ตอบ ใช่/ไม่ใช่"
    raise ValueError(f"unknown column kind {kind}")


def _out_of_range(parsed: pd.Series, column: Column) -> pd.Series:
    bad = pd.Series(False, index=parsed.index)
    if column.minimum is not None:
        bad |= parsed < float(column.minimum)
    if column.maximum is not None:
        bad |= parsed > float(column.maximum)
    return bad.fillna(False)


def _decimal(value: float) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - to_numeric already refused it
        return Decimal(0)


def suffix_ok(filename: str) -> bool:
    return Path(filename).suffix.lower() in {".csv", ".xlsx", ".xlsm", ".txt"}
