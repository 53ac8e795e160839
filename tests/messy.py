"""Hypothesis strategies for what people and other programs put in a file: one value written many ways.

Each strategy takes the value a person means and draws one way of writing it that a Thai reader would read
as that value; the importer tests then check that the file stores exactly those values.
"""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kpiplan.lib.tabular import TableError
from kpiplan.lib.thaidate import MONTHS_LONG, MONTHS_SHORT

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
IN_2564 = (date(2021, 1, 1), date(2021, 12, 31))  # the seed plan's year, B.E. 2564


def days(start: date = IN_2564[0], end: date = IN_2564[1]):
    return st.integers(0, (end - start).days).map(lambda n: start + timedelta(days=n))


def moments(start: date = IN_2564[0], end: date = IN_2564[1]):
    """Naive Bangkok times to the minute."""
    return st.builds(
        lambda d, minute: datetime(d.year, d.month, d.day) + timedelta(minutes=minute),
        days(start, end),
        st.integers(0, 24 * 60 - 1),
    )


@st.composite
def spaced(draw, text: str) -> str:
    """Stray spaces (and a zero-width space or a no-break space) around the text."""
    pad = st.sampled_from(["", " ", "  ", "\u00a0", "\u200b", "\t"])
    return draw(pad) + text + draw(pad)


@st.composite
def written_date(draw, day: date) -> str:
    """A day as Thai people and other programs write it: ISO C.E./B.E., day-first slashes in B.E. or C.E.,
    Thai month names with four- or two-digit years, Thai digits."""
    be, ce = day.year + 543, day.year
    forms = [
        f"{ce}-{day.month:02d}-{day.day:02d}",
        f"{be}-{day.month:02d}-{day.day:02d}",
        f"{day.day:02d}/{day.month:02d}/{be}",
        f"{day.day}/{day.month}/{be}",
        f"{day.day:02d}/{day.month:02d}/{ce}",
        f"{day.day}/{day.month}/{be % 100:02d}",
        f"{day.day} {MONTHS_SHORT[day.month - 1]} {be}",
        f"{day.day} {MONTHS_SHORT[day.month - 1]} {be % 100:02d}",
        f"{day.day} {MONTHS_LONG[day.month - 1]} {be}",
        f"{day.day} {MONTHS_LONG[day.month - 1]} พ.ศ. {be}",
        f"{day.day}-{day.month:02d}-{be}",
    ]
    text = draw(st.sampled_from(forms))
    if draw(st.booleans()):
        text = text.translate(THAI)
    return draw(spaced(text))


@st.composite
def written_moment(draw, moment: datetime) -> str:
    """A Bangkok date and time: a written date plus 10:05 / 10.05 น. / 10:05:00, or ISO with an offset."""
    clock = draw(
        st.sampled_from([f"{moment:%H:%M}", f"{moment:%H.%M} น.", f"{moment:%H:%M:%S}", f"{moment:%H:%M}:00"])
    )
    if draw(st.integers(0, 4)) == 0:  # another program's export: ISO 8601 with an offset
        offset = draw(st.sampled_from([0, 7, -5, 9]))
        there = moment + timedelta(hours=offset - 7)
        zone = (
            "Z"
            if offset == 0 and draw(st.booleans())
            else f"{'+' if offset >= 0 else '-'}{abs(offset):02d}:00"
        )
        return f"{there:%Y-%m-%dT%H:%M:%S}{zone}"
    return draw(written_date(moment.date())).strip() + " " + clock


@st.composite
def written_number(draw, value: Decimal) -> str:
    """A number as typed: 4.5, 4,5 (decimal comma), ๔.๕, 4.50, with stray spaces."""
    text = f"{value:f}"
    forms = [text]
    if "." in text:
        forms += [text.replace(".", ","), text + "0"]
    text = draw(st.sampled_from(forms))
    if draw(st.booleans()):
        text = text.translate(THAI)
    return draw(spaced(text))


def written_blank():
    """An empty optional cell: nothing, spaces, or a dash."""
    return st.sampled_from(["", " ", "-", "  "])


def encoded(header: list[str], rows: list[list[str]], encoding: str) -> tuple[bytes, str]:
    """The file as bytes in one of the encodings Thai offices save in; (bytes, file name)."""
    delimiter = "\t" if encoding.startswith("utf-16") else ","
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig"), "export.csv"
    if encoding == "utf-16":  # Excel's "Unicode text": a BOM and tabs
        return text.encode("utf-16"), "export.txt"
    return text.encode(encoding), "export.csv"


def encodings(rows_text: str):
    """The encodings a file may arrive in; TIS-620 only when it can hold the text."""
    options = ["utf-8", "utf-8-sig", "utf-16"]
    try:
        rows_text.encode("cp874")
        options.append("cp874")
    except UnicodeEncodeError:
        pass
    return st.sampled_from(options)


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run one hypothesis example inside a savepoint that is undone: each example starts from the same
    database (pytest-django rolls back once per test, not per example)."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


# Each property test of an importer: 40 derandomized files (reproducible in CI), each rolled back.
IMPORT_PROPERTY = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def imported_or_refused(run, bad_rows: set[int], written) -> bool:
    """Run an import of a generated file. True when it imported (no bad cell was planted); False when it was
    refused naming exactly the planted rows and wrote nothing (``written``: the rows it would have made)."""
    try:
        run()
    except TableError as exc:
        assert bad_rows and {e.row for e in exc.errors} == bad_rows, [str(e) for e in exc.errors]
        assert not written.exists()
        return False
    assert not bad_rows
    return True
