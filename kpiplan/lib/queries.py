"""Query strings a page reads, checked in one place: ?year=&quarter=&unit= and ids. Anything else is a
``BadQuery``: a 400 page (kpiplan/errors.py) or an API error naming the field, in Thai, never a 500."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .periods import YEARS, PlanYear, be_year

MAX_ID = 2**31 - 1

# What a person calls each field a link may carry: a 400 page names the field in Thai, never its code.
FIELD_LABELS = {
    "unit": pgettext_lazy("query field", "unit"),
    "office": pgettext_lazy("query field", "office"),
    "group": pgettext_lazy("query field", "unit group"),
    "target": pgettext_lazy("query field", "target"),
    "activity": pgettext_lazy("query field", "activity"),
    "plan": pgettext_lazy("query field", "plan"),
    "region": pgettext_lazy("query field", "region"),
    "type": pgettext_lazy("query field", "type"),
}


def field_label(name: str) -> str:
    """The Thai name of a query-string field (the code itself only for a field nobody named)."""
    return str(FIELD_LABELS.get(name, _("of the address")))


class BadQuery(BadRequest):
    """A query string a page cannot use: answered 400 with a message naming the field (never a 500)."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(message)


def query_number(params, name: str, default: int | None, low: int, high: int, message: str) -> int | None:
    """``params[name]`` as a whole number within [low, high], ``default`` when absent; BadQuery otherwise."""
    text = (params.get(name) or "").strip()
    if not text:
        return default
    if not text.isdigit() or len(text) > 9 or not low <= int(text) <= high:
        raise BadQuery(name, message)
    return int(text)


@dataclass(frozen=True)
class PeriodQuery:
    """A page's ?year=2564&quarter=2&unit=12, checked."""

    year: int
    quarter: int
    unit: int | None

    @property
    def plan_year(self) -> PlanYear:
        return PlanYear(self.year)


def parse_period_query(
    params, *, today: date, year: int | None = None, quarter: int | None = 4, unit: int | None = None
) -> PeriodQuery:
    """The one parser of ?year=&quarter=&unit= (the defaults: this B.E. year, ``quarter``, ``unit``); anything
    else is a BadQuery naming the field, in Thai."""
    low, high = YEARS
    return PeriodQuery(
        year=query_number(
            params,
            "year",
            year if year is not None else be_year(today.year),
            low,
            high,
            _("The year must be a Buddhist-era year from %(low)s to %(high)s.") % {"low": low, "high": high},
        ),
        quarter=query_number(params, "quarter", quarter, 1, 4, _("The quarter must be 1, 2, 3 or 4.")),
        unit=query_number(params, "unit", unit, 1, MAX_ID, _("The unit must be the number of a unit.")),
    )


def year_and_quarter(params, today: date) -> tuple[int, int, PlanYear]:
    """A page's ?year=2564&quarter=2 (defaults: this B.E. year, Q1-4); BadQuery when out of range."""
    query = parse_period_query(params, today=today)
    return query.year, query.quarter, query.plan_year


def query_id(params, name: str, default: int | None = None) -> int | None:
    """An optional id in the query string (``?unit=12``): ``default`` when absent, BadQuery when not an id."""
    return query_number(
        params, name, default, 1, MAX_ID, _("The %(field)s must be a number.") % {"field": field_label(name)}
    )


def query_choice(params, name: str, choices, message: str) -> str:
    """``params[name]`` when it is one of ``choices`` ("" when absent); BadQuery otherwise."""
    text = (params.get(name) or "").strip()
    if text and text not in choices:
        raise BadQuery(name, message)
    return text
