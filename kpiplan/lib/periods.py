"""Plan years, quarters, cumulative periods and months as value objects (not models).

A plan year is named by its Buddhist-era year and starts in a given month: January for the seed's
calendar-year plan, October for Thai fiscal-year plans (fiscal year 2565 runs Oct 2564 - Sep 2565, i.e.
Oct 2021 - Sep 2022 C.E.).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import lazy
from django.utils.translation import gettext as _

BE_OFFSET = 543
YEARS = (2500, 2700)  # the plan years (B.E.) the application accepts, as the Plan model's validators say


def be_year(ce_year: int) -> int:
    """The one place a Buddhist-era year is made: 2021 -> 2564."""
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Span:
    """An inclusive range of days."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, order=True)
class PlanYear:
    """A plan year: Buddhist-era year plus the calendar month the year starts in."""

    year: int  # Buddhist era, e.g. 2564
    start_month: int = 1

    def __post_init__(self):
        if not 1 <= self.start_month <= 12:
            raise ValueError(f"start_month must be 1..12, not {self.start_month}")

    @property
    def start(self) -> date:
        # A year that starts after January began in the previous calendar year (Thai fiscal year).
        first_year = ce_year(self.year) - (1 if self.start_month > 1 else 0)
        return date(first_year, self.start_month, 1)

    @property
    def end(self) -> date:
        y, m = _add_months(self.start.year, self.start.month, 11)
        return _month_end(y, m)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def quarter(self, number: int) -> Quarter:
        return Quarter(self.year, number, self.start_month)

    def quarters(self) -> list[Quarter]:
        return [self.quarter(n) for n in range(1, 5)]

    def month(self, index: int) -> Month:
        """The index-th month of the plan year, 1..12."""
        y, m = _add_months(self.start.year, self.start.month, index - 1)
        return Month(y, m)

    def months(self) -> list[Month]:
        return [self.month(i) for i in range(1, 13)]

    def quarter_of(self, day: date) -> Quarter | None:
        if day not in self.span:
            return None
        months = (day.year - self.start.year) * 12 + day.month - self.start.month
        return self.quarter(months // 3 + 1)

    def next(self) -> PlanYear:
        return PlanYear(self.year + 1, self.start_month)


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month (C.E. year internally)."""

    year: int
    month: int

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return _month_end(self.year, self.month)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, order=True)
class Quarter:
    """Quarter ``number`` (1..4) of a plan year."""

    year: int  # plan year, Buddhist era
    number: int  # 1..4
    start_month: int = 1

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise ValueError(f"a quarter is numbered 1..4, not {self.number}")

    @property
    def plan_year(self) -> PlanYear:
        return PlanYear(self.year, self.start_month)

    def months(self) -> list[Month]:
        first = (self.number - 1) * 3 + 1
        return [self.plan_year.month(i) for i in range(first, first + 3)]

    @property
    def start(self) -> date:
        return self.months()[0].start

    @property
    def end(self) -> date:
        return self.months()[-1].end

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_date(self) -> list[Quarter]:
        """The quarters a cumulative result covers: Q1..Qn."""
        return [Quarter(self.year, n, self.start_month) for n in range(1, self.number + 1)]

    @property
    def cumulative(self) -> Span:
        """Q1..Qn as one span of days: what a cumulative result covers."""
        return Span(self.plan_year.start, self.end)

    @property
    def previous(self) -> Quarter | None:
        return Quarter(self.year, self.number - 1, self.start_month) if self.number > 1 else None

    def deadline(self, days_after: int | None) -> date | None:
        """The day a report is due: ``days_after`` days after the quarter ends."""
        if days_after is None:
            return None
        return self.end + timedelta(days=days_after)

    @property
    def cumulative_label(self) -> str:
        """As the seed form prints it: "1/2564", "1-2/2564"."""
        return f"{self.number}/{self.year}" if self.number == 1 else f"1-{self.number}/{self.year}"

    @property
    def label(self) -> str:
        """As people read it: "ไตรมาส 1-2/2564" (English "Q1-2/2564")."""
        return quarter_label(self.number, self.year)

    @property
    def code(self) -> str:
        """As a code (a file's column, a key): "Q1", "Q1-2"."""
        return cumulative_code(self.number)

    @property
    def label_th(self) -> str:
        """ "ไตรมาสที่ 1/2564", "ไตรมาสที่ 1-2/2564": the printed form's words."""
        return f"ไตรมาสที่ {self.cumulative_label}"


def quarter_label(number: int, year: int | None = None) -> str:
    """The one name of a cumulative quarter on a page: "ไตรมาส 1", "ไตรมาส 1-2/2564" (English "Q1",
    "Q1-2/2564")."""
    quarters = "1" if int(number) == 1 else f"1-{int(number)}"
    if year is None:
        return _("Q%(quarters)s") % {"quarters": quarters}
    return _("Q%(quarters)s/%(year)s") % {"quarters": quarters, "year": year}


quarter_label_lazy = lazy(quarter_label, str)  # for choices and column heads made at import time


def plan_year_containing(day: date, start_month: int = 1) -> int:
    """The Buddhist-era plan year a day falls in: a year starting in October is named after the year it ends."""
    year = be_year(day.year)
    return year + 1 if start_month > 1 and day.month >= start_month else year


def cumulative_code(number: int) -> str:
    """Q1..Qn as a code (a file's column, a key): 1 -> "Q1", 2 -> "Q1-2". People read ``quarter_label``."""
    return "Q1" if number == 1 else f"Q1-{number}"


class QuarterConverter:
    """``<quarter:quarter>`` in URLs: 1..4 as an int; anything else does not match (404)."""

    regex = "[1-4]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        number = int(getattr(value, "number", value))
        if not 1 <= number <= 4:
            raise ValueError("a quarter is 1..4")
        return str(number)
