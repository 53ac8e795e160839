"""The complaint KPIs, computed in the database per unit for any period, registered as the "complaints" family.

Keys: complaints.closed_within_sla_pct, complaints.closed_within_15d_pct, complaints.closed_within_30d_pct,
complaints.open_overdue, complaints.avg_days_to_close[.TYPE], complaints.avg_hours_to_close[.TYPE].
Counted types only (misconduct and other excluded types stay out), except where a type code is named.
A complaint still open past its due date counts as missed; one not yet due is not decided and left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, FloatField, Func, Q, Sum
from django.db.models.functions import Extract
from django.urls import reverse
from django.utils import timezone

from plans.measures import MeasureValue

from .models import Complaint

NAMES = (
    "closed_within_sla_pct",
    "closed_within_15d_pct",
    "closed_within_30d_pct",
    "open_overdue",
    "avg_days_to_close",
    "avg_hours_to_close",
)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end, time.max), tz),
    )


@dataclass
class Tally:
    decided: int = 0
    in_time: int = 0
    decided_15: int = 0
    in_15: int = 0
    decided_30: int = 0
    in_30: int = 0
    overdue: int = 0
    closed: int = 0
    duration: timedelta = timedelta(0)

    def add(self, other: Tally) -> None:
        for name in ("decided", "in_time", "decided_15", "in_15", "decided_30", "in_30", "overdue", "closed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.duration += other.duration


def elapsed_seconds():
    """Seconds from receipt to closing, in SQL. On SQLite through julianday(): Django's duration arithmetic
    there calls a Python function for every row, 50 times slower over a million complaints."""
    if connection.vendor == "sqlite":
        return ExpressionWrapper(
            (
                Func(F("closed_at"), function="julianday", output_field=FloatField())
                - Func(F("received_at"), function="julianday", output_field=FloatField())
            )
            * 86400.0,
            output_field=FloatField(),
        )
    return Extract(
        ExpressionWrapper(F("closed_at") - F("received_at"), output_field=DurationField()), "epoch"
    )


def tallies(unit_ids, start: date, end: date) -> dict[tuple[int, str, bool], Tally]:
    """(unit, type code, counted) -> tally, for complaints received in [start, end], as of the end. One query."""
    since, as_of = _bounds(start, end)
    closed = Q(closed_at__isnull=False, closed_at__lte=as_of)
    rows = (
        Complaint.objects.filter(unit_id__in=list(unit_ids), received_at__gte=since, received_at__lte=as_of)
        .annotate(elapsed=elapsed_seconds())
        .values("unit_id", "type__code", "type__counted")
        .annotate(
            decided=Count("pk", filter=closed | Q(due_at__lt=as_of)),
            in_time=Count("pk", filter=closed & Q(closed_at__lte=F("due_at"))),
            decided_15=Count("pk", filter=closed | Q(received_at__lt=as_of - timedelta(days=15))),
            in_15=Count("pk", filter=closed & Q(elapsed__lte=15 * 86400)),
            decided_30=Count("pk", filter=closed | Q(received_at__lt=as_of - timedelta(days=30))),
            in_30=Count("pk", filter=closed & Q(elapsed__lte=30 * 86400)),
            overdue=Count("pk", filter=~closed & Q(due_at__lt=as_of)),
            closed_n=Count("pk", filter=closed),
            seconds=Sum("elapsed", filter=closed),
        )
        .order_by()
    )
    out = {}
    for r in rows:
        out[(r["unit_id"], r["type__code"], r["type__counted"])] = Tally(
            r["decided"],
            r["in_time"],
            r["decided_15"],
            r["in_15"],
            r["decided_30"],
            r["in_30"],
            r["overdue"],
            r["closed_n"],
            timedelta(seconds=float(r["seconds"] or 0)),
        )
    return out


def _pct(part: int, whole: int) -> MeasureValue:
    if not whole:
        return MeasureValue(None, Decimal(part), Decimal(whole))
    return MeasureValue(
        (Decimal(100) * part / whole).quantize(Decimal("0.01")), Decimal(part), Decimal(whole)
    )


def _avg(total: timedelta, count: int, per: float) -> MeasureValue:
    if not count:
        return MeasureValue(None)
    value = Decimal(total.total_seconds() / per / count).quantize(Decimal("0.01"))
    return MeasureValue(value, None, Decimal(count))


def compute(
    keys: list[str], unit_ids: list[int], start: date, end: date
) -> dict[str, dict[int, MeasureValue]]:
    found = tallies(unit_ids, start, end)
    counted: dict[int, Tally] = defaultdict(Tally)
    by_type: dict[tuple[int, str], Tally] = defaultdict(Tally)
    for (unit_id, code, is_counted), tally in found.items():
        by_type[(unit_id, code)].add(tally)
        if is_counted:
            counted[unit_id].add(tally)
    out: dict[str, dict[int, MeasureValue]] = {}
    for key in keys:
        _, name, *arg = key.split(".", 2)
        values = {}
        for unit_id in unit_ids:
            t = by_type.get((unit_id, arg[0]), Tally()) if arg else counted.get(unit_id, Tally())
            if name == "closed_within_sla_pct":
                values[unit_id] = _pct(t.in_time, t.decided)
            elif name == "closed_within_15d_pct":
                values[unit_id] = _pct(t.in_15, t.decided_15)
            elif name == "closed_within_30d_pct":
                values[unit_id] = _pct(t.in_30, t.decided_30)
            elif name == "open_overdue":
                values[unit_id] = MeasureValue(Decimal(t.overdue))
            elif name == "avg_days_to_close":
                values[unit_id] = _avg(t.duration, t.closed, 86400)
            elif name == "avg_hours_to_close":
                values[unit_id] = _avg(t.duration, t.closed, 3600)
        out[key] = values
    return out


def records_url(key: str, unit_id: int, start: date, end: date) -> str:
    query = {"unit": unit_id, "received_from": start.isoformat(), "received_to": end.isoformat()}
    parts = key.split(".")
    if len(parts) == 3:
        query["type_code"] = parts[2]
    return reverse("complaints:list") + "?" + urlencode(query)
