"""Dates as Thai readers expect them: Thai month names and Buddhist-era years. The one helper for it."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from .periods import Span, be_year, ce_year
from .thaitext import blank, plain

BANGKOK = ZoneInfo("Asia/Bangkok")

MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip


def thai_date(value: date | datetime | None, style: str = "short", with_time: bool = False) -> str:
    """``date(2021, 4, 1)`` -> "1 เม.ย. 2564" (short) or "1 เมษายน 2564" (long)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        clock = value.strftime("%H:%M")
        value_date = value.date()
    else:
        clock = ""
        value_date = value
    names = MONTHS_LONG if style == "long" else MONTHS_SHORT
    text = f"{value_date.day} {names[value_date.month - 1]} {be_year(value_date.year)}"
    if with_time and clock:
        text += f" {clock} น."
    return text


def read_month(text: str) -> int | None:
    """A month as a person writes it: "4", "๔", "เม.ย." or "เมษายน" -> 4; None when it is none of these."""
    text = text.strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTH_WORDS.get(text.replace(".", "").strip().lower())


def thai_month_span(start_month: int, end_month: int, ce_year_end: int) -> str:
    """The seed form's period column: "ม.ค.-ธ.ค.2564", or "ม.ค.2564" for a single month."""
    year = be_year(ce_year_end)
    if start_month == end_month:
        return f"{MONTHS_SHORT[start_month - 1]}{year}"
    return f"{MONTHS_SHORT[start_month - 1]}-{MONTHS_SHORT[end_month - 1]}{year}"


# ---------------------------------------------------------------------------------------------------------
# Reading: the one reading of a date that a person typed or a file holds, for every importer, form and API.
#
# - Slashed (or dotted) dates are day first, as Thai people write them: 05/03/2564 is 5 March.
#   A date whose first number is its four-digit year is year first: 2564-03-05, 2021/03/05 (ISO).
# - A year above 2400 is Buddhist era (2564 -> 2021 C.E.), in either order; "พ.ศ." / "ค.ศ." say so outright.
# - A two-digit year (1 มี.ค. 64) is read only when exactly one of its readings (B.E. 25yy, C.E. 20yy)
#   falls in the allowed span the caller passes; otherwise the person is asked for four digits.
# - Thai month names and abbreviations (with or without dots), English ones, Thai digits.
# - A time may follow (10:30, 10.30 น., 2:30 PM, with seconds); an offset (Z, +07:00, -0500) is converted
#   to Bangkok time; a time without an offset is Bangkok time.
# - Anything else is refused with a Thai message saying what was read.
# ---------------------------------------------------------------------------------------------------------

BE_THRESHOLD = 2400  # a year above this is Buddhist era
CE_SANE = (1900, 2200)  # C.E. years a date may have at all, after conversion

_MONTH_WORDS: dict[str, int] = {}
for _n, (_short, _long) in enumerate(zip(MONTHS_SHORT, MONTHS_LONG, strict=True), start=1):
    _MONTH_WORDS[_short.replace(".", "")] = _n
    _MONTH_WORDS[_long] = _n
for _n, _name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"),
    start=1,
):  # fmt: skip
    _MONTH_WORDS[_name] = _n
    _MONTH_WORDS[_name[:3]] = _n
_MONTH_WORDS["sept"] = 9

_TIME = (
    r"(?:(?:\s*[T,]\s*|\s+)(?:เวลา\s*)?"
    r"(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?"
    r"\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?\s*(?:น\.?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?"
)
_NUMERIC = re.compile(
    r"(?P<a>\d{1,4})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)\s*(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)?\s*(?P<c>\d{1,4})"
    + _TIME
)
_NAMED = re.compile(
    r"(?P<d>\d{1,2})\s*(?P<mon>[\u0e00-\u0e7fA-Za-z][\u0e00-\u0e7fA-Za-z.\s]*?)\s*,?\s*"
    r"(?:(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)\s*)?(?P<y>\d{4}|\d{2})" + _TIME
)


class DateReadError(ValueError):
    """Text that is not one date. ``str()`` is a Thai sentence that says what was read and why it was refused.

    ``month_first`` is set when the text reads as a date only month first (03/25/2021): a file holding one
    such date was written month first, so its other slashed dates are not safe to read day first either.
    """

    def __init__(self, message: str, *, month_first: bool = False):
        super().__init__(message)
        self.month_first = month_first


@dataclass(frozen=True)
class DateReading:
    """What a text says: the moment (naive, Bangkok time) and, for a slashed date that could also be read
    month first (05/03/2021), that other reading."""

    moment: datetime
    has_time: bool
    month_first: date | None = None


def _clean_text(text: str) -> str:
    return re.sub(r"^(?:วันที่|วัน)\s*", "", plain(text))


def _year_candidates(digits: str, era: str | None) -> list[int]:
    """The C.E. years a written year may mean."""
    year = int(digits)
    be = era is not None and era.startswith("พ")
    ce = era is not None and era.startswith("ค")
    if len(digits) == 2:
        if be:
            return [ce_year(2500 + year)]
        if ce:
            return [2000 + year]
        return [ce_year(2500 + year), 2000 + year]
    if len(digits) != 4:
        raise DateReadError(f"ปี {digits} ต้องมี 4 หลัก")
    if be or (year > BE_THRESHOLD and not ce):
        if year <= BE_THRESHOLD:
            raise DateReadError(f"พ.ศ. {year} ไม่ใช่ปีพุทธศักราช")
        year = ce_year(year)
    elif ce and year > BE_THRESHOLD:
        raise DateReadError(f"ค.ศ. {year} ไม่ใช่ปีคริสต์ศักราช")
    if not CE_SANE[0] <= year <= CE_SANE[1]:
        raise DateReadError(f"ปี {digits} อยู่นอกช่วงที่อ่านได้")
    return [year]


def _day(year: int, month: int, day: int) -> date | None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _pick(candidates: list[date], digits: str, allowed: Span | None) -> date:
    """One date among the readings of a two-digit year: the only one in the allowed span."""
    if len(candidates) == 1:
        return candidates[0]
    readings = " และ ".join(f"{thai_date(c)} (ค.ศ. {c.year})" for c in candidates)
    inside = [c for c in candidates if allowed is not None and c in allowed]
    if len(inside) == 1:
        return inside[0]
    if allowed is not None and not inside:
        raise DateReadError(
            f"ปี {digits} อ่านได้เป็น {readings} ซึ่งอยู่นอกช่วงปีของแผน "
            f"({thai_date(allowed.start)} – {thai_date(allowed.end)})"
        )
    raise DateReadError(f"ปี {digits} อ่านได้ทั้ง {readings}: พิมพ์ปีให้ครบ 4 หลัก")


def _time(match: re.Match) -> tuple[time, timedelta | None]:
    if match["H"] is None:
        return time(0, 0), None
    hour, minute = int(match["H"]), int(match["M"])
    second = int(match["S"] or 0)
    micro = int((match["F"] or "0")[:6].ljust(6, "0"))
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise DateReadError(f"เวลา {hour}:{minute:02d} {match['ampm']} ไม่ถูกต้อง")
        hour = hour % 12 + (12 if match["ampm"][0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateReadError(f"เวลา {match['H']}:{match['M']} ไม่ถูกต้อง")
    offset = None
    tz = match["tz"]
    if tz in ("Z", "UTC", "GMT"):
        offset = timedelta(0)
    elif tz:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 14 or minutes > 59:
            raise DateReadError(f"เขตเวลา {tz} ไม่ถูกต้อง")
        offset = sign * timedelta(hours=hours, minutes=minutes)
    return time(hour, minute, second, micro), offset


def read_moment(text: str, *, allowed: Span | None = None, tz=None) -> DateReading | None:
    """The full reading of a text (None for a blank); DateReadError when it is not one date.

    ``allowed`` is the span of days the date must fall in (the plan's years), ``tz`` the local time zone
    (Bangkok unless given): offsets are converted to it and the moment is returned naive in it.
    """
    if blank(text):
        return None
    cleaned = _clean_text(str(text))
    alternative = None
    if match := _NUMERIC.fullmatch(cleaned):
        a, b, c = match["a"], match["b"], match["c"]
        if len(a) == 4 and match["era"] is None:  # year first (ISO)
            years, month, day, digits = _year_candidates(a, None), int(b), int(c), a
            if len(c) > 2:
                raise DateReadError("วันที่ต้องมีไม่เกิน 2 หลัก")
        elif len(a) <= 2 and len(c) in (2, 4):  # day first, as Thai people write it
            years, month, day, digits = _year_candidates(c, match["era"]), int(b), int(a), c
        else:
            raise DateReadError("อ่านเป็นวันที่ไม่ได้ (ใช้ วว/ดด/ปปปป หรือ ปปปป-ดด-วว)")
        days = [d for d in (_day(y, month, day) for y in years) if d is not None]
        if not days:
            if len(a) <= 2 and month > 12 and day <= 12 and any(_day(y, day, month) for y in years):
                raise DateReadError(f"ไม่มีเดือนที่ {month}: วันที่แบบมีทับอ่านเป็น วัน/เดือน/ปี", month_first=True)
            if not 1 <= month <= 12:
                raise DateReadError(f"ไม่มีเดือนที่ {month}")
            raise DateReadError(f"เดือน {MONTHS_SHORT[month - 1]} ไม่มีวันที่ {day}")
        picked = _pick(days, digits, allowed)
        if len(a) <= 2 and day <= 12 and month <= 12 and day != month:
            alternative = _day(picked.year, day, month)
    elif match := _NAMED.fullmatch(cleaned):
        key = re.sub(r"[.\s]", "", match["mon"]).lower()
        month = _MONTH_WORDS.get(key)
        if month is None:
            raise DateReadError(f"ไม่รู้จักชื่อเดือน {match['mon'].strip()!r}")
        day = int(match["d"])
        years = _year_candidates(match["y"], match["era"])
        days = [d for d in (_day(y, month, day) for y in years) if d is not None]
        if not days:
            raise DateReadError(f"เดือน {MONTHS_SHORT[month - 1]} ไม่มีวันที่ {day}")
        picked = _pick(days, match["y"], allowed)
    else:
        raise DateReadError("อ่านเป็นวันที่ไม่ได้ (ใช้ วว/ดด/ปปปป หรือ ปปปป-ดด-วว)")
    clock, offset = _time(match)
    moment = datetime.combine(picked, clock)
    if offset is not None:
        zone = tz or BANGKOK
        moment = (moment - offset).replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
    _check_span(moment.date(), allowed)
    return DateReading(moment, match["H"] is not None, alternative)


Allowed = Span | Callable[[], Span | None] | None  # a span, or a callable read when the value is read


def allowed_span(allowed: Allowed) -> Span | None:
    """The span of days a field allows: given outright, or asked for (the plan's years, from the database)."""
    return allowed() if callable(allowed) else allowed


def _local(moment: datetime, tz) -> datetime:
    """A datetime as naive local (Bangkok) time: aware ones converted, naive ones taken as local."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        return moment.astimezone(tz or BANGKOK).replace(tzinfo=None)
    return moment.replace(tzinfo=None)


def _check_span(day: date, allowed: Span | None) -> None:
    if allowed is not None and day not in allowed:
        raise DateReadError(
            f"อ่านได้เป็น {thai_date(day)} ซึ่งอยู่นอกช่วงปีของแผน "
            f"({thai_date(allowed.start)} – {thai_date(allowed.end)})"
        )


def read_local(value, *, allowed: Span | None = None, tz=None) -> DateReading | None:
    """``read_moment`` for any cell value: text, or a real date (an Excel date cell, a Python date)."""
    if blank(value):
        return None
    if isinstance(value, datetime):
        moment = _local(value, tz)
        _check_span(moment.date(), allowed)
        return DateReading(moment, True)
    if isinstance(value, date):
        _check_span(value, allowed)
        return DateReading(datetime.combine(value, time(0, 0)), False)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise DateReadError(f"{value} เป็นตัวเลข ไม่ใช่วันที่")
    return read_moment(str(value), allowed=allowed, tz=tz)


def read_date(value, *, allowed: Span | None = None, tz=None) -> date | None:
    """The day a text or cell means (None for a blank); DateReadError, in Thai, when it is not one day."""
    reading = read_local(value, allowed=allowed, tz=tz)
    return None if reading is None else reading.moment.date()


def read_datetime(value, *, allowed: Span | None = None, tz=None) -> datetime | None:
    """The moment a text or cell means, aware in Bangkok time (or ``tz``); None for a blank."""
    reading = read_local(value, allowed=allowed, tz=tz)
    return None if reading is None else reading.moment.replace(tzinfo=tz or BANGKOK)
