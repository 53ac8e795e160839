"""Reading CSV/XLSX exports of other systems into typed values, column by column, with every row error.

An importer declares its columns (``Column``) and gets back a ``Table``: one typed value per cell (``None``
for a blank, never the text "nan") and a list of ``RowError`` naming the spreadsheet row (as the person sees
it: header = row 1), the column and the value read. The importer adds its own row checks to the same list,
so a file with eight bad rows reports eight in one pass; it writes nothing unless the list is empty.

Every cell goes through the one reading of dates (``thaidate``) and numbers (``thainumbers``) that the web
forms and the API use. Each distinct value of a column is read once (a 100,000-row export holds far fewer
distinct dates, units or scores than rows), and plain ISO dates, the bulk of machine exports, are read by
pandas in one vectorised step that gives the same values as the one reading.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from .periods import Span
from .textfiles import ENCODING_NAMES, TextFileError, decode, sniff_delimiter
from .thaidate import BANGKOK, DateReadError, read_local, thai_date
from .thainumbers import NumberReadError, read_decimal
from .thaitext import NO_VALUE, STRIP, THAI_DIGITS

MAX_ERRORS = 200  # problems listed on the page; the page says how many there are in all


@dataclass(frozen=True)
class RowError:
    row: int | None  # spreadsheet row number (header is row 1); None for the whole file
    column: str | None
    message: str
    value: str | None = None  # the cell as read, when the problem is the cell

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"แถว {self.row}")
        if self.column:
            where.append(f"คอลัมน์ {self.column}")
        text = (" ".join(where) + ": " if where else "") + self.message
        if self.value is not None:
            text += f" (ค่าในไฟล์: {self.value!r})"
        return text


class TableError(Exception):
    """The file was refused whole; ``errors`` holds the first MAX_ERRORS problems, ``total`` counts them all."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: (e.row or 0, e.column or ""))[:MAX_ERRORS]
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
    max_digits: int | None = None  # for numbers: what the database column holds
    decimal_places: int | None = None
    percent: bool = False  # a number that may be written with % or ร้อยละ
    allowed: Span | None = None  # for dates: the days a date may fall on (the plan's years)

    @property
    def names(self) -> tuple[str, ...]:
        """What a file may call the column besides its Thai header: its name and its aliases."""
        return (self.name, *self.aliases)


@dataclass
class Table:
    """The typed values of a file and its problems; ``records()`` for plain Python rows."""

    frame: pd.DataFrame  # one column per Column.name; blanks are None (NaT for datetimes)
    rows: pd.Series  # spreadsheet row number of each frame row
    columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def error(self, index, column: str | None, message: str, value: str | None = None) -> None:
        """Add a problem of the frame row ``index`` (None: the whole file)."""
        row = None if index is None else int(self.rows[index])
        self.errors.append(RowError(row, column, message, value))

    def failed(self, column: str) -> pd.Series:
        """True for the frame rows whose cell in ``column`` (its label) was refused."""
        return self.rows.isin({e.row for e in self.errors if e.column == column and e.row is not None})

    def raise_errors(self) -> None:
        if self.errors:
            raise TableError(self.errors)

    def records(self, names=None) -> list[dict]:
        """One dict per row: str, int, Decimal, bool, date, aware datetime or None (never NaN or NaT); with
        ``names``, only those columns."""
        columns = {}
        for name in self.frame.columns:
            if names is not None and name not in names:
                continue
            series = self.frame[name]
            if isinstance(series.dtype, pd.DatetimeTZDtype):
                # one step for the column (an array or, in newer pandas, a Series of datetimes; NaT stays NaT)
                cells = np.array(series.dt.to_pydatetime(), dtype=object)
            else:
                cells = series.to_numpy(dtype=object, copy=True)
            cells[pd.isna(cells)] = None  # NaN, NaT, None: a blank (vectorised, not a test per cell)
            columns[name] = cells.tolist()
        return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _missing(value) -> bool:
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):
        return False


def read_frame(upload, filename: str | None = None) -> pd.DataFrame:
    """All cells as text (no guessing of numbers or dates: 0012 stays 0012); blank cells are ``""``.

    CSV and text files may be UTF-8 (with or without a BOM), UTF-16 or TIS-620, comma-, tab- or
    semicolon-separated; XLSX date cells arrive as ISO text and numbers as Excel shows them.
    """
    name = (filename or getattr(upload, "name", "") or "").lower()
    limit_bytes, limit_rows = import_limits()
    size = getattr(upload, "size", None)
    if size is not None and size > limit_bytes:
        raise TableError([RowError(None, None, f"ไฟล์ใหญ่เกิน {limit_bytes // (1024 * 1024)} เมกะไบต์")])
    try:
        if name.endswith((".xlsx", ".xlsm")):
            frame = _read_xlsx(upload, limit_rows)
            nul = False  # XML cannot hold one
        else:
            data = upload.read(limit_bytes + 1)
            if len(data) > limit_bytes:
                raise TableError([RowError(None, None, f"ไฟล์ใหญ่เกิน {limit_bytes // (1024 * 1024)} เมกะไบต์")])
            text, _encoding = decode(data if isinstance(data, bytes) else data.encode("utf-8"))
            frame = pd.read_csv(
                io.StringIO(text), dtype=str, keep_default_na=False, sep=sniff_delimiter(text)
            )
            nul = "\x00" in text
    except TableError:
        raise
    except TextFileError as exc:
        raise TableError([RowError(None, None, str(exc))]) from exc
    except pd.errors.EmptyDataError as exc:
        raise TableError([RowError(None, None, "ไฟล์ว่าง: ไม่มีข้อมูลให้นำเข้า")]) from exc
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError, KeyError, OSError) as exc:
        encodings = ", ".join(sorted(set(ENCODING_NAMES.values())))
        raise TableError(
            [
                RowError(
                    None,
                    None,
                    f"อ่านไฟล์ไม่ได้: ต้องเป็น CSV ({encodings}) หรือ XLSX ({exc.__class__.__name__})",
                )
            ]
        ) from exc
    except Exception as exc:
        raise TableError([RowError(None, None, f"อ่านไฟล์ไม่ได้ ({exc.__class__.__name__})")]) from exc
    frame = frame.fillna("")
    if len(frame) > limit_rows:
        raise TableError([RowError(None, None, too_many_rows(limit_rows))])
    frame.columns = [str(c).strip(STRIP) for c in frame.columns]
    # Rows with no cell at all (",,,," or Excel's formatted empty rows) are not rows a person reads; the
    # index keeps each remaining row's place, so errors still name the spreadsheet row.
    frame = frame[~(frame.to_numpy(dtype=object) == "").all(axis=1)]
    frame.attrs["nul"] = nul  # clean() looks for NUL characters cell by cell only when the file holds one
    if frame.empty:
        raise TableError([RowError(None, None, "ไฟล์ว่าง: ไม่มีข้อมูลให้นำเข้า")])
    return frame


def import_limits() -> tuple[int, int]:
    """(bytes, rows) an imported file may hold (settings IMPORT_MAX_BYTES, IMPORT_MAX_ROWS)."""
    from django.conf import settings

    return settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_ROWS


def too_many_rows(limit: int) -> str:
    return f"ไฟล์มีข้อมูลเกิน {limit:,} แถว: แบ่งเป็นหลายไฟล์แล้วนำเข้าทีละไฟล์"


def _read_xlsx(upload, limit_rows: int) -> pd.DataFrame:
    """The first sheet, read row by row (openpyxl's read-only mode streams the XML): a small file that
    expands to a million rows stops at the limit instead of filling the memory."""
    workbook = load_workbook(upload, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise pd.errors.EmptyDataError
        width = len(header)
        while width and _missing(header[width - 1]):
            width -= 1  # trailing empty header cells: Excel's formatted but unused columns
        names = [_cell_text(h) or f"คอลัมน์ {i + 1}" for i, h in enumerate(header[:width])]
        data = []
        for cells in rows:
            if len(data) >= limit_rows:
                if any(not _missing(c) for c in cells[:width]):
                    raise TableError([RowError(None, None, too_many_rows(limit_rows))])
                continue
            texts = [_cell_text(c) for c in cells[:width]]
            data.append(texts + [""] * (width - len(texts)))
    finally:
        workbook.close()
    return pd.DataFrame(data, columns=names, dtype=object)


def _cell_text(value) -> str:
    """An XLSX cell as the text a person sees in it (dates as ISO, 4.5 not 4.499999999999999)."""
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _key(text: str) -> str:
    return text.strip(STRIP).translate(THAI_DIGITS).lower().replace(" ", "_")


def _choice_key(text: str) -> str:
    """A choice as typed, compared without case, spaces or underscores (``Call Center`` = ``call_center``)."""
    return "".join(text.translate(THAI_DIGITS).lower().replace("_", " ").split())


def guess_mapping(file_columns: list[str], columns: list[Column]) -> dict[str, str]:
    """Column name -> file column, by name, label or alias (case and spacing ignored)."""
    normalised = {_key(c): c for c in file_columns}
    mapping = {}
    for column in columns:
        for candidate in (column.name, column.label, *column.aliases):
            key = _key(candidate)
            if key in normalised:
                mapping[column.name] = normalised[key]
                break
    return mapping


def clean(frame: pd.DataFrame, columns: list[Column], mapping: Mapping[str, str]) -> Table:
    """Read every column into typed values; every bad cell becomes a RowError on the table (not raised).

    Each column is read on its distinct values (pd.factorize) and the results spread back over the rows:
    stripping, blank and NUL checks and the readers run once per distinct text, not once per row."""
    # the spreadsheet row of each frame row: header is row 1, frame row 0 is row 2 (read_frame keeps the index)
    rows = pd.Series(np.asarray(frame.index, dtype=np.int64) + 2, index=frame.index)
    table = Table(pd.DataFrame(index=frame.index), rows, [c.name for c in columns])
    for column in columns:
        source = mapping.get(column.name)
        if not source or source not in frame.columns:
            if column.required:
                table.error(None, column.label, "ไม่มีคอลัมน์นี้ในไฟล์ (จับคู่คอลัมน์ให้ครบ)")
            table.frame[column.name] = _empty(column, frame.index)
            continue
        codes, uniques = pd.factorize(frame[source].fillna(""), sort=False)
        texts = np.array([str(u).strip(STRIP) for u in uniques], dtype=object)
        n = len(texts)
        values, messages = _read_distinct(texts, column)
        empty = np.fromiter((t in NO_VALUE for t in texts), dtype=bool, count=n)  # "" or "-": no value
        if frame.attrs.get("nul", True):  # read_frame says whether the file holds a NUL at all
            nul = np.fromiter(("\x00" in t for t in texts), dtype=bool, count=n)
            messages[nul] = "มีอักขระ NUL (รหัส 0) ซึ่งบันทึกไม่ได้: ลบออกแล้วนำเข้าใหม่"
        messages[empty] = "ต้องกรอก" if column.required else None
        refused = messages != None  # noqa: E711 - elementwise on an object array
        for position in np.flatnonzero(refused[codes]):
            distinct = codes[position]
            shown = None if empty[distinct] else texts[distinct]
            table.error(frame.index[position], column.label, messages[distinct], shown)
        blank = (refused | empty)[codes]
        if column.kind == "datetime":
            moments = values[codes]
            moments[blank] = np.datetime64("NaT", "us")
            # nanoseconds, pandas' own unit: the importers' vectorised date arithmetic stays in one unit
            # (the readers keep years within 1900-2200, inside its range)
            series = pd.Series(moments, index=frame.index).astype("datetime64[ns]")
            table.frame[column.name] = series.dt.tz_localize(BANGKOK)
        else:
            cells = values[codes]
            cells[blank] = None
            table.frame[column.name] = pd.Series(cells, index=frame.index, dtype=object)
    return table


def _empty(column: Column, index) -> pd.Series:
    if column.kind == "datetime":
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]").dt.tz_localize(BANGKOK)
    return pd.Series(None, index=index, dtype=object)


def _read_distinct(texts: np.ndarray, column: Column) -> tuple[np.ndarray, np.ndarray]:
    """(values, messages) for each distinct text of a column: its typed value, and why it was refused (None
    where fine). Datetimes come back as naive Bangkok datetime64, everything else as Python objects."""
    kind = column.kind
    if kind == "text":
        messages = np.full(len(texts), None, dtype=object)
        if column.max_length:
            too_long = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) > column.max_length
            messages[too_long] = f"ยาวเกิน {column.max_length} ตัวอักษร"
        return texts.copy(), messages
    if kind in ("date", "datetime"):
        return _read_dates(texts, column)
    if kind in ("int", "decimal"):
        places = 0 if kind == "int" else column.decimal_places

        def number(text: str):
            value = read_decimal(
                text,
                percent=column.percent,
                max_digits=column.max_digits,
                decimal_places=places,
                minimum=column.minimum,
                maximum=column.maximum,
            )
            return value if kind == "decimal" or value is None else int(value)

        return _each(texts, number, (NumberReadError,))
    if kind == "choice":
        lookup = {_choice_key(str(k)): v for k, v in (column.choices or {}).items()}
        hint = {}
        for spelling, value in (column.choices or {}).items():
            hint[value] = spelling  # the last spelling of a value is its Thai label
        message = "ไม่รู้จักค่านี้" + (f" — ใช้ได้: {', '.join(map(str, hint.values()))}" if len(hint) <= 8 else "")

        def choice(text: str):
            if text in NO_VALUE:
                return None
            if (key := _choice_key(text)) in lookup:
                return lookup[key]
            raise ValueError(message)

        return _each(texts, choice, (ValueError,))
    if kind == "bool":

        def yes_no(text: str):
            key = _choice_key(text)
            if key in YES:
                return True
            if key in NO:
                return False
            if text in NO_VALUE:
                return None
            raise ValueError("ตอบ ใช่ หรือ ไม่ใช่")

        return _each(texts, yes_no, (ValueError,))
    raise ValueError(f"unknown column kind {kind}")


YES = {"1", "true", "yes", "y", "t", "ใช่", "มี", "จริง"}
NO = {"0", "false", "no", "n", "f", "ไม่ใช่", "ไม่", "ไม่มี", "เท็จ"}


def _each(
    texts: np.ndarray, read: Callable[[str], object], refusals: tuple[type[Exception], ...]
) -> tuple[np.ndarray, np.ndarray]:
    values = np.full(len(texts), None, dtype=object)
    messages = np.full(len(texts), None, dtype=object)
    for i, text in enumerate(texts):
        try:
            values[i] = read(text)
        except refusals as exc:
            messages[i] = str(exc)
    return values, messages


# Plain ISO dates with a C.E. year (what machine exports write): pandas reads these in one vectorised step.
# Anything else, B.E. years included, goes through the one reading value by value.
_ISO_CE = r"(?:19|20|21)\d\d-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?)?"


def _read_dates(texts: np.ndarray, column: Column) -> tuple[np.ndarray, np.ndarray]:
    n = len(texts)
    moments = np.full(n, np.datetime64("NaT", "us"), dtype="datetime64[us]")  # naive Bangkok time
    messages = np.full(n, None, dtype=object)
    alternatives = np.full(n, None, dtype=object)  # a slashed date's month-first reading
    pending = np.ones(n, dtype=bool)
    series = pd.Series(texts, dtype=object)
    iso = np.flatnonzero(series.str.fullmatch(_ISO_CE).to_numpy(dtype=bool))
    if len(iso):
        parsed = pd.to_datetime(series.iloc[iso], format="ISO8601", errors="coerce").astype("datetime64[us]")
        ok = parsed.notna()
        if column.allowed is not None:
            days = parsed.dt.normalize()
            ok &= (days >= pd.Timestamp(column.allowed.start)) & (days <= pd.Timestamp(column.allowed.end))
        done = iso[ok.to_numpy()]
        moments[done] = parsed[ok].to_numpy()
        pending[done] = False  # the rest (31 February, outside the plan) get the one reading's message
    month_first = []
    for i in np.flatnonzero(pending):
        try:
            reading = read_local(texts[i], allowed=column.allowed)
        except DateReadError as exc:
            messages[i] = str(exc)
            if exc.month_first:
                month_first.append(texts[i])
            continue
        if reading is not None:
            moments[i] = np.datetime64(reading.moment, "us")
            alternatives[i] = reading.month_first
    if month_first:
        # The column holds a month-first date (03/25/2021): its other slashed dates may be month first too.
        for i in np.flatnonzero(alternatives != None):  # noqa: E711
            day = moments[i].astype(datetime).date()
            messages[i] = (
                f"อ่านได้ 2 แบบ: {thai_date(day)} (วัน/เดือน) หรือ {thai_date(alternatives[i])} (เดือน/วัน) "
                f"เพราะคอลัมน์นี้มีวันที่แบบ เดือน/วัน เช่น {month_first[0]!r}: ใช้ วว/ดด/ปปปป ทั้งไฟล์"
            )
    if column.kind == "datetime":
        return moments, messages
    days = np.full(n, None, dtype=object)
    ok = ~np.isnat(moments)
    days[ok] = [m.date() for m in moments[ok].astype(datetime)]
    return days, messages


def suffix_ok(filename: str) -> bool:
    return Path(filename).suffix.lower() in {".csv", ".xlsx", ".xlsm", ".txt", ".tsv"}
