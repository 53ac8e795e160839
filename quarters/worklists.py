"""What needs action, per role: the queues behind the home page (and the reminders built on them).

Every count comes with the URL of the page that lists exactly those items, and is computed by the same reads
that page uses, so the number on the home page is the number of lines behind its link:

    reporter (and every unit role)   per quarter: targets with nothing saved, drafts, returned results (with
                                     their reasons), the nearest deadline -> the quarter form, ``?show=…``
    approver                         submitted results waiting per quarter -> the review page of that quarter
    reviewer, head office            per quarter: units not fully reported, units past their deadline, results
                                     waiting for acceptance -> the matrix (``missing`` / ``overdue``) and the
                                     review page

Reads only; ``today`` is passed in (views read the clock).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from kpiplan.lib.periods import Quarter
from plans import access, schedule
from plans.models import Plan, Target, Unit, User
from plans.selectors import plan_in_focus, targets_with_assignments

from . import grids, selectors
from .models import Result


@dataclass(frozen=True)
class Link:
    """A count and the page that lists exactly what it counts."""

    count: int
    url: str


@dataclass
class UnitQuarter:
    """A unit's quarter form as work: what is left to fill, to finish, to correct, and by when."""

    quarter: Quarter
    to_fill: Link
    drafts: Link
    returned: Link
    deadline: date | None  # the nearest deadline of a target not yet submitted
    days_left: int | None  # negative: that many days late

    @property
    def pending(self) -> int:
        return self.to_fill.count + self.drafts.count + self.returned.count

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left and self.days_left < 0 else 0

    @property
    def form_url(self) -> str:
        return self.to_fill.url.split("?")[0]


@dataclass
class Returned:
    """A result sent back to the unit, with the reviewer's or approver's reason."""

    result: Result
    url: str  # the quarter form, opened on the returned rows


@dataclass
class UnitWork:
    """The unit roles' list: the quarter in focus first, then earlier quarters still open."""

    unit: Unit
    focus: int
    quarters: list[UnitQuarter]
    returned: list[Returned]


@dataclass
class ApproverWork:
    """Submitted results of the approver's unit waiting per quarter."""

    waiting: dict[int, Link]

    @property
    def total(self) -> int:
        return sum(link.count for link in self.waiting.values())


@dataclass
class RegionQuarter:
    quarter: Quarter
    not_reported: Link  # units with an expected target not submitted
    overdue: Link  # ... of which a deadline has passed
    waiting: Link  # results submitted or approved, not yet accepted


@dataclass
class RegionWork:
    quarters: list[RegionQuarter]


@dataclass
class Worklist:
    plan: Plan
    today: date
    focus: int  # the quarter most likely due now (selectors.default_quarter)
    unit: UnitWork | None = None
    approver: ApproverWork | None = None
    region: RegionWork | None = None

    @property
    def is_empty(self) -> bool:
        return self.unit is None and self.approver is None and self.region is None


def entry_url(plan: Plan, unit_id: int, quarter: int, show: str | None = None) -> str:
    url = reverse("quarters:entry", args=[plan.pk, unit_id, quarter])
    return f"{url}?{urlencode({'show': show})}" if show else url


def review_url(plan: Plan, quarter: int) -> str:
    return reverse("quarters:review", args=[plan.pk, quarter])


def matrix_url(plan: Plan, quarter: int, which: str) -> str:
    return f"{reverse('quarters:matrix')}?{urlencode({'plan': plan.pk, 'quarter': quarter, which: 'on'})}"


def unit_work(
    plan: Plan, unit: Unit, focus: int, today: date, targets: list[Target] | None = None
) -> UnitWork | None:
    """Per quarter up to the one in focus: the unit's targets by ``selectors.entry_state`` (None when the unit
    reports no target of the plan). One query beside the targets and their assignments."""
    targets = selectors.targets_for_unit(plan, unit, targets)
    if not targets:
        return None
    results = {
        (r.target_id, r.quarter): r
        for r in Result.objects.filter(
            unit=unit, target_id__in=[t.pk for t in targets], quarter__lte=focus
        ).select_related("target__activity")
    }
    quarters, returned = [], []
    for number in range(focus, 0, -1):
        states: Counter[str] = Counter()
        deadlines = []
        for target in targets:
            if not schedule.expected_in(target, number, plan.start_month):
                continue  # not begun by the end of this quarter (plans.schedule): not on its form either
            result = results.get((target.pk, number))
            state = selectors.entry_state(result)
            states[state] += 1
            if state in selectors.ENTRY_STATES:
                deadline = selectors.deadline_for(plan, target, unit, number)
                if deadline is not None:
                    deadlines.append(deadline)
            if state == "returned":
                returned.append(Returned(result, entry_url(plan, unit.pk, number, "returned")))
        deadline = min(deadlines) if deadlines else None
        line = UnitQuarter(
            quarter=selectors.quarter_of(plan, number),
            to_fill=Link(states["unfilled"], entry_url(plan, unit.pk, number, "unfilled")),
            drafts=Link(states["draft"], entry_url(plan, unit.pk, number, "draft")),
            returned=Link(states["returned"], entry_url(plan, unit.pk, number, "returned")),
            deadline=deadline,
            days_left=(deadline - today).days if deadline else None,
        )
        # The quarter in focus always; an earlier one while something in it is still open.
        if number == focus or line.pending:
            quarters.append(line)
    return UnitWork(unit=unit, focus=focus, quarters=quarters, returned=returned)


def _waiting_by_quarter(user: User, plan: Plan) -> dict[int, Link]:
    counts = dict(
        selectors.review_queue(user, plan).values_list("quarter").annotate(n=Count("pk")).order_by()
    )
    return {n: Link(counts.get(n, 0), review_url(plan, n)) for n in range(1, 5)}


def approver_work(user: User, plan: Plan) -> ApproverWork:
    return ApproverWork(waiting=_waiting_by_quarter(user, plan))


def region_work(
    user: User, plan: Plan, focus: int, today: date, targets: list[Target] | None = None
) -> RegionWork:
    """Per quarter up to the one in focus, for the whole region (the matrix unfiltered but for the quarter)."""
    scope = grids.scope_for(plan, targets=targets)
    waiting = _waiting_by_quarter(user, plan)
    quarters = []
    for number in range(focus, 0, -1):
        missing = grids.units_not_reported(scope, number)
        overdue = grids.units_overdue(scope, number, today, missing)
        quarters.append(
            RegionQuarter(
                quarter=selectors.quarter_of(plan, number),
                not_reported=Link(len(missing), matrix_url(plan, number, "missing")),
                overdue=Link(len(overdue), matrix_url(plan, number, "overdue")),
                waiting=waiting[number],
            )
        )
    return RegionWork(quarters=quarters)


def worklist_for(user: User, today: date, plan: Plan | None = None) -> Worklist | None:
    """The home page's list for ``user`` over the plan in focus (or ``plan``); None without a plan."""
    plan = plan or plan_in_focus(user, today)
    if plan is None:
        return None
    focus = selectors.default_quarter(plan, today)
    work = Worklist(plan=plan, today=today, focus=focus)
    targets = list(targets_with_assignments(plan))  # loaded once for the unit's list and the region's
    if access.enters_results(user) and access.can_enter_results(user, user.unit):
        work.unit = unit_work(plan, user.unit, focus, today, targets)
    if access.is_unit_approver(user):
        work.approver = approver_work(user, plan)
    if access.can_see_region(user):
        work.region = region_work(user, plan, focus, today, targets)
    return work
