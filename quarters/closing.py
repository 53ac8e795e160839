"""A quarter closes itself: N days after its last deadline (the plan's ``auto_close_days``) send_reminders locks
it for every unit, as head office would on the locks page; head office lets a unit keep entering until a day it
names (an exception, with who and why, kept as history), after which the daily run locks that unit again.

The quarter's deadline is the last day anything of Q1..Qn is due: the latest of the offices' and the
consolidating units' deadlines over the plan's targets (plans.schedule), so no one is closed out before
their own report was due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kpiplan.lib.thaidate import thai_date
from plans import access, schedule
from plans.models import Plan, Target, Unit, User

from .models import CloseException, PeriodLock
from .selectors import quarter_of
from .services import ResultError

REASON_LIMIT = 2000


def quarter_deadline(plan: Plan, quarter: int, targets: list[Target] | None = None) -> date | None:
    """The last day anything of Q1..Qn is due (offices' and consolidating units' deadlines), or None when no
    target of the plan has one."""
    if targets is None:
        targets = list(
            Target.objects.filter(activity__workplan__objective__perspective__plan=plan).select_related(
                "activity"
            )
        )
    q = quarter_of(plan, quarter)
    days = []
    for target in targets:
        if not schedule.expected_in(target, quarter, plan.start_month):
            continue
        days += [
            d
            for d in (schedule.deadline(target, q, target.report_days), q.deadline(target.consolidate_days))
            if d
        ]
    return max(days, default=None)


def close_day(plan: Plan, quarter: int, targets: list[Target] | None = None) -> date | None:
    """The day send_reminders closes the quarter, or None (the plan does not close itself, or has no deadline)."""
    if plan.auto_close_days is None:
        return None
    deadline = quarter_deadline(plan, quarter, targets)
    return deadline + timedelta(days=plan.auto_close_days) if deadline else None


def close_days(plan: Plan) -> list[tuple[int, date | None]]:
    """Each quarter and the day it closes itself (for the locks page)."""
    targets = list(
        Target.objects.filter(activity__workplan__objective__perspective__plan=plan).select_related(
            "activity"
        )
    )
    return [(n, close_day(plan, n, targets)) for n in range(1, 5)]


def _exception_reason(exception: CloseException) -> str:
    return _("Exception until %(day)s: %(reason)s") % {
        "day": thai_date(exception.until),
        "reason": exception.reason,
    }


def _plan_wide(plan: Plan, quarter: int) -> PeriodLock | None:
    return PeriodLock.objects.filter(plan=plan, quarter=quarter, unit__isnull=True).first()


def _open_for(exception: CloseException, now: datetime) -> None:
    PeriodLock.objects.update_or_create(
        plan=exception.plan,
        quarter=exception.quarter,
        unit=exception.unit,
        defaults={"locked": False, "reason": _exception_reason(exception), "by": exception.by, "at": now},
    )


@dataclass
class Closed:
    quarters: list[tuple[Plan, int]] = field(default_factory=list)
    exceptions_ended: int = 0


def auto_close(*, today: date, now: datetime) -> Closed:
    """For cron: close every quarter whose close day has come (once: a quarter head office already locked or
    reopened for every unit is left as it is), keep open the units with an exception still running, and lock
    again the units whose exception ended before today."""
    done = Closed()
    for plan in Plan.objects.filter(auto_close_days__isnull=False).select_related("owner"):
        for quarter, day in close_days(plan):
            if day is None or day > today or _plan_wide(plan, quarter) is not None:
                continue
            with transaction.atomic():
                PeriodLock.objects.create(
                    plan=plan,
                    quarter=quarter,
                    unit=None,
                    locked=True,
                    by=None,
                    at=now,
                    reason=_("Closed automatically %(days)s days after the deadline (%(day)s).")
                    % {
                        "days": plan.auto_close_days,
                        "day": thai_date(day - timedelta(days=plan.auto_close_days)),
                    },
                )
                running = CloseException.objects.filter(
                    plan=plan, quarter=quarter, until__gte=today, ended_at__isnull=True
                ).select_related("plan", "unit", "by")
                for exception in running:
                    _open_for(exception, now)
            done.quarters.append((plan, quarter))
    ended = CloseException.objects.filter(until__lt=today, ended_at__isnull=True).select_related(
        "plan", "unit"
    )
    for exception in ended:
        with transaction.atomic():
            wide = _plan_wide(exception.plan, exception.quarter)
            # a unit whose later exception still runs stays open
            later = CloseException.objects.filter(
                plan=exception.plan,
                quarter=exception.quarter,
                unit=exception.unit,
                until__gte=today,
                ended_at__isnull=True,
            ).exists()
            if wide is not None and wide.locked and not later:
                PeriodLock.objects.update_or_create(
                    plan=exception.plan,
                    quarter=exception.quarter,
                    unit=exception.unit,
                    defaults={
                        "locked": True,
                        "by": None,
                        "at": now,
                        "reason": _("The exception ended on %(day)s.") % {"day": thai_date(exception.until)},
                    },
                )
            exception.ended_at = now
            exception.save(update_fields=["ended_at"])
            done.exceptions_ended += 1
    return done


def close_exception_grant(
    *,
    plan: Plan,
    quarter: int,
    unit: Unit | None,
    until: date | None,
    reason: str,
    user: User,
    today: date,
    now: datetime,
) -> CloseException:
    """Head office lets one unit keep entering the quarter until a day (inclusive), and says why. If the quarter
    is closed already the unit is opened now; otherwise it stays open when the quarter closes. Raises
    ResultError (a Thai message per field, nothing saved) or PermissionDenied."""
    if not access.can_lock(user):
        raise PermissionDenied
    problems = []
    if not 1 <= (quarter or 0) <= 4:
        problems.append(_("A quarter is 1 to 4."))
    if unit is None:
        problems.append(_("Choose the unit the exception is for."))
    elif unit.pk != plan.owner_id and unit.region_id != plan.owner_id:
        problems.append(_("%(unit)s is not a unit of this plan.") % {"unit": unit.code})
    if until is None:
        problems.append(_("Say until when the unit may enter results."))
    elif until < today:
        problems.append(
            _("The exception's last day (%(day)s) has passed already.") % {"day": thai_date(until)}
        )
    reason = (reason or "").strip()
    if not reason:
        problems.append(_("Say why the unit gets an exception."))
    elif len(reason) > REASON_LIMIT:
        problems.append(_("The reason may be at most %(limit)s characters.") % {"limit": f"{REASON_LIMIT:,}"})
    if problems:
        raise ResultError(problems)
    with transaction.atomic():
        exception = CloseException.objects.create(
            plan=plan, quarter=quarter, unit=unit, until=until, reason=reason, by=user, at=now
        )
        wide = _plan_wide(plan, quarter)
        if wide is not None and wide.locked:
            _open_for(exception, now)
    return exception
