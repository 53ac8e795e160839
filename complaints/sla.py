"""SLA arithmetic: when a complaint is due, and whether it was closed in time. Pure functions.

Days SLAs end at the close of the due day (local time): a complaint received on 1 March with a 15-day SLA is
due at the end of 16 March, so closing any time on 16 March is within the SLA. Working-day SLAs skip
Saturdays, Sundays and the holiday calendar. Hour SLAs run on the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

import numpy as np
from django.utils import timezone

END_OF_DAY = time(23, 59, 59, 999999)


def add_working_days(start: date, days: int, holidays: Iterable[date]) -> date:
    """The ``days``-th working day after ``start`` (weekends and holidays skipped)."""
    result = np.busday_offset(
        np.datetime64(start, "D"), days, roll="forward", holidays=[np.datetime64(h, "D") for h in holidays]
    )
    # roll="forward" moves a start on a holiday to the next working day before counting
    return result.astype(date)


def due_at(
    received_at: datetime, sla_value: int, sla_unit: str, day_kind: str, holidays: Iterable[date] = ()
) -> datetime:
    if sla_unit == "hours":
        return received_at + timedelta(hours=sla_value)
    local = timezone.localtime(received_at)
    if day_kind == "working":
        due_day = add_working_days(local.date(), sla_value, holidays)
    else:
        due_day = local.date() + timedelta(days=sla_value)
    return timezone.make_aware(datetime.combine(due_day, END_OF_DAY), timezone.get_current_timezone())


class DueDates:
    """``due_at`` for many complaints at once (an import): a days SLA's due time depends only on the local day
    of receipt, so each (day, SLA) is worked out once: 100,000 complaints hold a few hundred days."""

    def __init__(self, holidays: Iterable[date] = ()):
        self.holidays = list(holidays)
        self.zone = timezone.get_current_timezone()
        self.memo: dict = {}

    def __call__(self, received_at: datetime, sla_value: int, sla_unit: str, day_kind: str) -> datetime:
        if sla_unit == "hours":
            return received_at + timedelta(hours=sla_value)
        key = (received_at.astimezone(self.zone).date(), sla_value, day_kind)
        try:
            return self.memo[key]
        except KeyError:
            due = self.memo[key] = due_at(received_at, sla_value, sla_unit, day_kind, self.holidays)
            return due

    def rules(self, received_at: datetime) -> dict[str, datetime]:
        """``rule_deadlines``, once per local day of receipt."""
        key = received_at.astimezone(self.zone).date()
        try:
            return self.memo[key]
        except KeyError:
            deadlines = self.memo[key] = rule_deadlines(received_at)
            return deadlines


def within_sla(due: datetime, closed_at: datetime | None, as_of: datetime) -> bool | None:
    """True closed in time, False missed (closed late, or still open past due), None not decided yet."""
    if closed_at is not None and closed_at <= as_of:
        return closed_at <= due
    return False if as_of > due else None


def due_dates_vectorised(
    received: np.ndarray, days: np.ndarray, working: np.ndarray, holidays: Iterable[date]
) -> np.ndarray:
    """Due days (datetime64[D]) for many local received days at once: the import path for 100,000 rows."""
    holidays = [np.datetime64(h, "D") for h in holidays]
    calendar = received + days.astype("timedelta64[D]")
    if not working.any():
        return calendar
    business = np.busday_offset(received, days, roll="forward", holidays=holidays)
    return np.where(working, business, calendar)


# --- the KPIs' time rule: one end-of-day rule everywhere -------------------------------------------------------


def end_of_local_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, END_OF_DAY), timezone.get_current_timezone())


def due_in_days(received_at: datetime, days: int) -> datetime:
    """ "Closed within N days": by the end of the N-th calendar day after the day of receipt (as the types'
    SLAs), not N × 24 hours on the clock."""
    return end_of_local_day(timezone.localtime(received_at).date() + timedelta(days=days))


def due_in_a_month(received_at: datetime) -> datetime:
    """ "Closed within one month": by the end of the same day of the next month (received 31 January: the end
    of the last day of February)."""
    day = timezone.localtime(received_at).date()
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for last in (day.day, 30, 29, 28):
        try:
            return end_of_local_day(date(year, month, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def days_after(due: datetime, at: datetime) -> int:
    """Whole days between the due day and the day of ``at`` (local): closing the day after is 1 day late."""
    return (timezone.localtime(at).date() - timezone.localtime(due).date()).days


def standing(due: datetime, closed_at: datetime | None, as_of: datetime) -> tuple[str, timedelta]:
    """One complaint against one deadline, as of a moment: ("in_time" | "late" | "open_late" | "not_due", how
    long past due). Closed late and open past due count as missed; not yet due is left out until due."""
    decided = within_sla(due, closed_at, as_of)
    if decided is None:
        return "not_due", timedelta(0)
    if decided:
        return "in_time", timedelta(0)
    if closed_at is not None and closed_at <= as_of:
        return "late", closed_at - due
    return "open_late", as_of - due


def lateness_th(due: datetime, late_at: datetime, hours: bool = False) -> str:
    """ "2 วัน" (days past the due day) or, for hour SLAs, "3 ชั่วโมง" (hours past, rounded up)."""
    if hours:
        seconds = (late_at - due).total_seconds()
        return f"{max(1, -int(-seconds // 3600))} ชั่วโมง"
    return f"{max(1, days_after(due, late_at))} วัน"


# --- standings fixed when a complaint is written (complaints.services), counted by the KPIs ---------------------


def rule_deadlines(received_at: datetime) -> dict[str, datetime]:
    """The deadlines of the 15/30-day and one-month rules: they follow from the time of receipt alone."""
    return {
        "due_15d_at": due_in_days(received_at, 15),
        "due_30d_at": due_in_days(received_at, 30),
        "due_month_at": due_in_a_month(received_at),
    }


def closing_standing(closed_at: datetime | None, deadlines: dict[str, datetime | None]) -> dict:
    """Whether a closed complaint was closed by each deadline (``due_at``, the type's SLA, and the rules'), and
    how long it took; all None while it is open. ``deadlines`` also holds ``received_at``."""
    if closed_at is None:
        return {"in_sla": None, "in_15d": None, "in_30d": None, "in_month": None, "time_to_close": None}

    out = {"time_to_close": closed_at - deadlines["received_at"]}
    for name, deadline in STANDINGS:  # an import computes this 100,000 times: no function per deadline
        due = deadlines.get(deadline)
        out[name] = None if due is None else closed_at <= due
    return out


STANDINGS = (
    ("in_sla", "due_at"),
    ("in_15d", "due_15d_at"),
    ("in_30d", "due_30d_at"),
    ("in_month", "due_month_at"),
)
