"""Reads: the complaints a user may see, and the monthly summary per unit."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from plans import access
from plans.models import Unit, User

from .measures import Tally, tallies
from .models import Complaint


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    return Complaint.objects.filter(unit__in=access.units_visible_to(user))


@dataclass
class SummaryLine:
    unit: Unit | None  # None: the total
    tally: Tally

    @property
    def sla_pct(self) -> Decimal | None:
        return _pct(self.tally.in_time, self.tally.decided)

    @property
    def within_15_pct(self) -> Decimal | None:
        return _pct(self.tally.in_15, self.tally.decided_15)

    @property
    def within_30_pct(self) -> Decimal | None:
        return _pct(self.tally.in_30, self.tally.decided_30)

    @property
    def avg_days(self) -> Decimal | None:
        if not self.tally.closed:
            return None
        return Decimal(self.tally.duration.total_seconds() / 86400 / self.tally.closed).quantize(
            Decimal("0.1")
        )


def _pct(part: int, whole: int) -> Decimal | None:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else None


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def monthly_summary(units: list[Unit], year: int, month: int) -> tuple[list[SummaryLine], SummaryLine]:
    """Counted complaints received in the month, per unit, as of the month's end. One query."""
    start, end = month_bounds(year, month)
    found = tallies([u.pk for u in units], start, end)
    per_unit: dict[int, Tally] = {}
    total = Tally()
    for (unit_id, _code, counted), tally in found.items():
        if not counted:
            continue
        per_unit.setdefault(unit_id, Tally()).add(tally)
        total.add(tally)
    lines = [SummaryLine(u, per_unit.get(u.pk, Tally())) for u in units if u.pk in per_unit]
    return lines, SummaryLine(None, total)
