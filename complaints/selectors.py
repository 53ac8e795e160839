"""Reads: the complaints a user may see, and the monthly summary per unit."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from plans import access
from plans.models import Unit, User

from . import measures
from .models import Complaint


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    return Complaint.objects.filter(unit__in=access.units_visible_to(user))


@dataclass
class Tally:
    decided: int = 0  # counted complaints closed, or open past their due date
    in_time: int = 0
    overdue: int = 0


SUMMARY_KEYS = {
    "sla": "complaints.closed_within_sla_pct",
    "month": "complaints.closed_within_month_pct",
    "d15": "complaints.closed_within_15d_pct",
    "d30": "complaints.closed_within_30d_pct",
    "overdue": "complaints.open_overdue",
    "days": "complaints.avg_days_to_close",
}


@dataclass
class SummaryLine:
    """One unit's (or the total's) complaint KPIs for a month, computed by the measures the plan uses."""

    unit: Unit | None  # None: the total
    values: dict

    @property
    def tally(self) -> Tally:
        sla = self.values["sla"]
        return Tally(
            int(sla.denominator or 0), int(sla.numerator or 0), int(self.values["overdue"].value or 0)
        )

    def _pct(self, name: str) -> Decimal | None:
        value = self.values[name].value
        return None if value is None else value.quantize(Decimal("0.1"))

    @property
    def sla_pct(self) -> Decimal | None:
        return self._pct("sla")

    @property
    def within_month_pct(self) -> Decimal | None:
        return self._pct("month")

    @property
    def within_15_pct(self) -> Decimal | None:
        return self._pct("d15")

    @property
    def within_30_pct(self) -> Decimal | None:
        return self._pct("d30")

    @property
    def avg_days(self) -> Decimal | None:
        value = self.values["days"].value
        return None if value is None else value.quantize(Decimal("0.1"))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def monthly_summary(units: list[Unit], year: int, month: int) -> tuple[list[SummaryLine], SummaryLine]:
    """Complaints received in the month, per unit and in total, as of the month's end. One query."""
    start, end = month_bounds(year, month)
    scopes = {u.pk: [u.pk] for u in units} | {0: [u.pk for u in units]}
    found = measures.compute(list(SUMMARY_KEYS.values()), scopes, start, end)
    line = {
        unit_id: SummaryLine(None, {name: found[key][unit_id] for name, key in SUMMARY_KEYS.items()})
        for unit_id in scopes
    }
    lines = []
    for unit in units:
        mine = line[unit.pk]
        if mine.values["days"].denominator or mine.values["overdue"].denominator:
            mine.unit = unit
            lines.append(mine)
    return lines, line[0]
