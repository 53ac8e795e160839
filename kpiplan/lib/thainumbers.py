"""The one reading of a number that a person typed or a file holds, for every importer, form and API.

- Thai digits (๐–๙) are digits; spaces around and inside digit groups (``1 234``) are ignored.
- A comma groups thousands (``3,000``), as Thai people write it; a comma that cannot group thousands is a
  decimal comma (``4,5`` -> 4.5, ``1.234,5`` -> 1234.5). ``4,500`` in a column that cannot hold 4500 but can
  hold 4.5 could mean either: it is refused, never read as the wrong one (never "multiplied by ten").
- A percentage may carry ``%`` (or ``ร้อยละ``) where the caller says it is a percentage.
- NaN, infinity and numbers that do not fit the column (``1e30`` in a 16-digit column) are refused.
- Anything else is refused with a Thai message saying why; the caller adds the value read.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .thaitext import blank, plain


class NumberReadError(ValueError):
    """Text that is not one number that fits; ``str()`` is a Thai sentence."""


_SIGN = re.compile(r"^([+\-−])\s*")
_PLAIN = re.compile(r"\d+(?:\.\d*)?|\.\d+")
_SCIENTIFIC = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d{1,4}")
_COMMA_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+,\d+|[1-9]\d{0,2}(?:\.\d{3}){2,}")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_SPACED_GROUPS = re.compile(r"(?<=\d) (?=\d{3}(?:\D|$))")


def _fits(
    value: Decimal,
    *,
    max_digits: int | None,
    decimal_places: int | None,
    minimum: Decimal | None,
    maximum: Decimal | None,
) -> str | None:
    """Why the value does not fit the column, or None."""
    if decimal_places is not None:
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > decimal_places:
            return f"ทศนิยมเกิน {decimal_places} ตำแหน่ง" if decimal_places else "ต้องเป็นจำนวนเต็ม"
    if minimum is not None and value < minimum:
        return f"ต้องไม่น้อยกว่า {_shown(minimum)}"
    if maximum is not None and value > maximum:
        return f"ต้องไม่เกิน {_shown(maximum)}"
    if max_digits is not None:
        whole = max_digits - (decimal_places or 0)
        if value != 0 and value.copy_abs().adjusted() + 1 > whole:
            return f"ใหญ่เกินกว่าที่ช่องนี้รับได้ (ไม่เกิน {whole} หลักหน้าจุดทศนิยม)"
    return None


def _shown(value: Decimal) -> str:
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def read_decimal(
    value,
    *,
    percent: bool = False,
    max_digits: int | None = None,
    decimal_places: int | None = None,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
) -> Decimal | None:
    """The number a text or cell holds (None for a blank); NumberReadError, in Thai, otherwise."""
    limits = {
        "max_digits": max_digits,
        "decimal_places": decimal_places,
        "minimum": minimum,
        "maximum": maximum,
    }
    if blank(value):
        return None
    if isinstance(value, bool):
        raise NumberReadError("ไม่ใช่ตัวเลข")
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation as exc:  # pragma: no cover - repr of a float is always a number
            raise NumberReadError("ไม่ใช่ตัวเลข") from exc
        if not number.is_finite():
            raise NumberReadError("ไม่ใช่ตัวเลขที่บันทึกได้")
        if problem := _fits(number, **limits):
            raise NumberReadError(problem)
        return number
    text = plain(str(value))
    if percent:
        text = re.sub(r"^ร้อยละ\s*|\s*%$", "", text)
    elif text.endswith("%") or text.startswith("ร้อยละ"):
        raise NumberReadError("ช่องนี้ไม่ใช่ร้อยละ: ใส่ตัวเลขโดยไม่มี %")
    sign = ""
    if match := _SIGN.match(text):
        sign = "-" if match[1] in "-−" else ""
        text = text[match.end() :]
    text = _SPACED_GROUPS.sub("", text)
    if _PLAIN.fullmatch(text) or _SCIENTIFIC.fullmatch(text):
        digits = text
    elif _COMMA_THOUSANDS.fullmatch(text):
        digits = text.replace(",", "")
        if _DECIMAL_COMMA.fullmatch(text):  # 4,500: thousands as Thai people write, or a decimal comma?
            as_decimal = Decimal(sign + text.replace(",", "."))
            as_thousands = Decimal(sign + digits)
            if _fits(as_thousands, **limits) and not _fits(as_decimal, **limits):
                raise NumberReadError(
                    f"อ่านได้ทั้ง {_shown(as_thousands)} และ {_shown(as_decimal)}: "
                    "ใช้จุด (.) เป็นจุดทศนิยม และจุลภาค (,) คั่นหลักพันเท่านั้น"
                )
    elif _DOT_THOUSANDS.fullmatch(text):
        digits = text.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.fullmatch(text):
        digits = text.replace(",", ".")
    else:
        raise NumberReadError("อ่านเป็นตัวเลขไม่ได้")
    try:
        number = Decimal(sign + digits)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above admit only numbers
        raise NumberReadError("อ่านเป็นตัวเลขไม่ได้") from exc
    if problem := _fits(number, **limits):
        raise NumberReadError(problem)
    return number


def read_int(value, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """A whole number (``3,000``, ``๑๒``, ``12.0``); NumberReadError for a fraction or out of bounds."""
    number = read_decimal(
        value,
        minimum=None if minimum is None else Decimal(minimum),
        maximum=None if maximum is None else Decimal(maximum),
    )
    if number is None:
        return None
    if number != number.to_integral_value():
        raise NumberReadError("ต้องเป็นจำนวนเต็ม")
    return int(number)
