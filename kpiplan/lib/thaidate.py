"""Dates as Thai readers expect them: Thai month names and Buddhist-era years. The one helper for it."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from .periods import be_year

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


def thai_month_span(start_month: int, end_month: int, ce_year_end: int) -> str:
    """The seed form's period column: "ม.ค.-ธ.ค.2564", or "ม.ค.2564" for a single month."""
    year = be_year(ce_year_end)
    if start_month == end_month:
        return f"{MONTHS_SHORT[start_month - 1]}{year}"
    return f"{MONTHS_SHORT[start_month - 1]}-{MONTHS_SHORT[end_month - 1]}{year}"
