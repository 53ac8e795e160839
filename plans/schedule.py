"""When a target is due: the one rule for "is target T expected in Q1..Qn, by when, is its milestone overdue".

Activities run in given months ("เม.ย.-ธ.ค.2564", or several sub-periods such as 5.6's "ม.ค.-มี.ค." then
"เม.ย.-ธ.ค."); a target may run in part of its activity's months (5.6's plan is written Jan-Mar, carried out
Apr-Dec); a milestone is due in a month (the last month it runs in, unless the plan says otherwise).
Completeness, deadlines, late flags, reminders, the quarter form, the grid and the matrix all ask here.

Months are calendar months (1 = January) as the printed plan writes them; a plan year starting in October reads
[10, 3] as October to March. Internally they become the plan year's month indices, 1..12.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.utils.translation import gettext as _

from kpiplan.lib.periods import PlanYear, Quarter
from kpiplan.lib.thaidate import thai_month_span

FULL_YEAR = ((1, 12),)


def normalise_periods(raw) -> list[list[int]]:
    """[[1, 3], [4, 12]] from what a file or form gives ([1, 12] alone is one period). ValueError if not."""
    if raw in (None, "", []):
        return []
    if isinstance(raw, list | tuple) and len(raw) == 2 and all(isinstance(m, int) for m in raw):
        raw = [raw]
    periods = []
    for pair in raw:
        if not (
            isinstance(pair, list | tuple)
            and len(pair) == 2
            and all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 12 for m in pair)
        ):
            raise ValueError(_("ช่วงเดือนต้องเป็นคู่เดือน 1-12 เช่น [1, 3]"))
        periods.append([pair[0], pair[1]])
    return periods


def _span(pair: Sequence[int], start_month: int) -> list[int]:
    """A pair of calendar months as plan-year month indices: (4, 12) in a January year -> 4..12."""
    first = (pair[0] - start_month) % 12 + 1
    last = (pair[1] - start_month) % 12 + 1
    if last < first:
        raise ValueError(_("ช่วงเดือน %(a)s-%(b)s ข้ามปีแผน") % {"a": pair[0], "b": pair[1]})
    return list(range(first, last + 1))


def overlap_problem(periods: Iterable[Sequence[int]], start_month: int = 1) -> str | None:
    """A Thai message when sub-periods overlap or run past the plan year's end; None when they are good."""
    seen: set[int] = set()
    for pair in periods:
        try:
            months = _span(pair, start_month)
        except ValueError as exc:
            return str(exc)
        if seen & set(months):
            return _("ช่วงเดือนซ้อนกัน: %(a)s-%(b)s ทับช่วงก่อนหน้า") % {"a": pair[0], "b": pair[1]}
        seen |= set(months)
    return None


def month_indices(periods: Iterable[Sequence[int]], start_month: int = 1) -> frozenset[int]:
    indices: set[int] = set()
    for pair in periods:
        indices |= set(_span(pair, start_month))
    return frozenset(indices)


def activity_periods(activity) -> list[Sequence[int]]:
    return activity.periods or [[activity.period_start, activity.period_end]]


def target_periods(target) -> list[Sequence[int]]:
    """The months a target runs in: its own, else its activity's (the whole year for a target not yet placed)."""
    if target.months:
        return target.months
    return activity_periods(target.activity) if target.activity_id else list(FULL_YEAR)


def _start_month(target) -> int:
    # Targets come with their plan (targets_with_assignments, the services' select_related); one made in a
    # test without an activity runs over a January year.
    if not target.activity_id:
        return 1
    return target.activity.workplan.objective.perspective.plan.start_month


def runs_in(target, start_month: int | None = None) -> frozenset[int]:
    """The plan-year month indices (1..12) the target runs in."""
    start_month = _start_month(target) if start_month is None else start_month
    try:
        return month_indices(target_periods(target), start_month)
    except ValueError:
        return frozenset(range(1, 13))  # a period the checks would refuse: treat as the whole year


def expected_in(target, quarter: int, start_month: int | None = None) -> bool:
    """Is a cumulative result Q1..Qn expected? Only once the target has begun: 3.3.3 (Apr-Dec) is not in Q1."""
    months = runs_in(target, start_month)
    return bool(months) and min(months) <= quarter * 3


def due_index(target, start_month: int | None = None) -> int:
    """The plan-year month index a milestone is due by: its due month, else the last month it runs in."""
    start_month = _start_month(target) if start_month is None else start_month
    if target.due_month:
        return (target.due_month - start_month) % 12 + 1
    return max(runs_in(target, start_month) or {12})


def milestone_overdue(target, quarter: int, start_month: int | None = None) -> bool:
    """Has the milestone's due month ended by the end of Qn? 3.6.1 (due February) is overdue from Q1 on."""
    return due_index(target, start_month) <= quarter * 3


def month_deadlines(target, quarter: Quarter, days: int | None) -> list[tuple[date, date]]:
    """For a monthly-reported target: (month end, due day) of each month of Qn it runs in."""
    if days is None or target.frequency != "monthly":
        return []
    months = runs_in(target, quarter.start_month)
    first = (quarter.number - 1) * 3 + 1
    plan_year = quarter.plan_year
    return [
        (plan_year.month(i).end, plan_year.month(i).end + timedelta(days=days))
        for i in range(first, first + 3)
        if i in months
    ]


def deadline(target, quarter: Quarter, days: int | None) -> date | None:
    """When the cumulative result Q1..Qn is due: ``days`` after the quarter ends; a monthly-reported target
    is due ``days`` after the last month of Qn it runs in (an activity ending in February: 5 March)."""
    if days is None:
        return None
    monthly = month_deadlines(target, quarter, days)
    if monthly:
        return monthly[-1][1]
    return quarter.deadline(days)


def months_label(periods: Iterable[Sequence[int]], plan_year: PlanYear) -> str:
    """ "ม.ค.-มี.ค.2564, เม.ย.-ธ.ค.2564": the sub-periods as the printed form writes them."""
    labels = []
    for start, end in periods:
        end_month = plan_year.month((end - plan_year.start_month) % 12 + 1)
        labels.append(thai_month_span(start, end, end_month.year))
    return ", ".join(labels)
