"""What every reader of typed text does first: Thai digits as ASCII, invisible characters and stray spaces gone.

Shared by the date and number readers (``thaidate``, ``thainumbers``) and the tabular importer, so that a
cell, a form field and an API value are cleaned the same way.
"""

from __future__ import annotations

import re

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Zero-width spaces and joiners, and a BOM: copied from web pages and other programs, never seen by a person.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
STRIP = " \t\r\n\v\f\xa0\u2007\u202f\u3000" + INVISIBLE
# What people write in a cell that has no value: a dash. Blank in every typed (non-text) column.
NO_VALUE = frozenset({"", "-", "–", "—", "−"})
_SPACES = re.compile(rf"[\s{INVISIBLE}]+")


def plain(text: str) -> str:
    """Thai digits as ASCII, every run of spaces (and invisible characters) as one space, trimmed."""
    return _SPACES.sub(" ", text.translate(THAI_DIGITS)).strip()


def blank(value) -> bool:
    """None, NaN or NaT (a blank cell as pandas or Excel hand it over), or text with no value (``""``, "-")."""
    if isinstance(value, str):
        return plain(value) in NO_VALUE
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):
        return False
