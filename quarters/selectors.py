"""Reads of results: a unit's quarter form, locks, deadlines, what a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from kpiplan.lib.periods import Quarter
from plans import access, measures, revisions, schedule
from plans.goals import unit_goals
from plans.measures import MeasureValue
from plans.models import Plan, Target, Unit, User
from plans.selectors import MeasureScope, assignments_for, measure_scope, targets_with_assignments

from .models import CorrectiveAction, PeriodLock, Result
from .scoring import Goal, goal_for, percentage, standing

DRAFT_STATUSES = (Result.Status.DRAFT, Result.Status.RETURNED)


def results_visible_to(user: User) -> QuerySet[Result]:
    """Results of the units the user's role covers, drafts included (for writes that check their own rules)."""
    return Result.objects.filter(unit__in=access.units_visible_to(user))


def results_readable_by(user: User) -> QuerySet[Result]:
    """What a user may read (the result page, the API): a unit's drafts and returned results stay with the
    units the user enters results for (``access.can_read_drafts``)."""
    visible = results_visible_to(user)
    own = access.draft_readable_unit_ids(user)
    if own is None:
        return visible
    return visible.filter(~Q(status__in=DRAFT_STATUSES) | Q(unit_id__in=own))


def result_readable(user: User, result: Result) -> bool:
    return result.status not in DRAFT_STATUSES or access.can_read_drafts(user, result.unit)


def quarter_of(plan: Plan, number: int) -> Quarter:
    return Quarter(plan.year, number, plan.start_month)


def locked_unit_ids(plan: Plan, quarter: int, unit_ids: list[int]) -> set[int]:
    """Units whose quarter head office has locked. A unit's own row (a lock or a reopening) beats the plan's."""
    rows = list(
        PeriodLock.objects.filter(plan=plan, quarter=quarter).filter(
            Q(unit__isnull=True) | Q(unit_id__in=unit_ids)
        )
    )
    plan_wide = next((r.locked for r in rows if r.unit_id is None), False)
    own = {r.unit_id: r.locked for r in rows if r.unit_id is not None}
    return {u for u in unit_ids if own.get(u, plan_wide)}


def is_consolidating(plan: Plan, target: Target, unit: Unit) -> bool:
    return unit.pk == plan.owner_id or unit.pk == target.consolidating_unit_id


def deadline_for(plan: Plan, target: Target, unit: Unit, quarter: int) -> date | None:
    """Offices report N days after the quarter; the consolidating unit (and the region) M days after."""
    if is_consolidating(plan, target, unit) and target.consolidate_days:
        # The consolidating unit sums up after the quarter, whatever the offices' own rhythm.
        return quarter_of(plan, quarter).deadline(target.consolidate_days)
    return office_deadline(plan, target, quarter)


def office_deadline(plan: Plan, target: Target, quarter: int) -> date | None:
    """When the reporting offices' results are due (the consolidating unit has longer); a monthly-reported
    target is due N days after the last month of the quarter it runs in (plans.schedule)."""
    return schedule.deadline(target, quarter_of(plan, quarter), target.report_days)


def is_late(result: Result | None, deadline: date | None, today: date) -> bool:
    if deadline is None:
        return False
    if result is not None and result.submitted_at is not None:
        return timezone.localtime(result.submitted_at).date() > deadline
    return today > deadline


def targets_for_unit(
    plan: Plan, unit: Unit, targets: list[Target] | None = None, *, quarter: int | None = None
) -> list[Target]:
    """The targets a unit reports: those assigned to it; the region (plan owner) consolidates them all.
    ``targets``: the plan's, from ``targets_with_assignments``, when the caller has them already. With
    ``quarter``, only those expected by Q1..Qn (plans.schedule: 3.3.3, April to December, is not on the Q1 form)."""
    targets = list(targets_with_assignments(plan)) if targets is None else targets
    if quarter is not None:
        targets = [t for t in targets if schedule.expected_in(t, quarter, plan.start_month)]
    if unit.pk == plan.owner_id:
        return targets
    assignments = assignments_for(targets, [unit])
    return [t for t in targets if unit.pk in assignments.units_for(t.pk)]


@dataclass(frozen=True)
class Regraded:
    """ "เป้าหมายปรับในฉบับที่ 2": how the result read under the revision it was graded under, and now."""

    changed_in: int
    graded_under: int
    old_goal: Decimal | None
    old_status: str
    new_goal: Decimal | None = None
    new_status: str = ""


def regraded(
    target: Target,
    result: Result | None,
    unit: Unit,
    quarter: int,
    found: dict,
    baseline: Decimal | None = None,
    now: tuple[Goal, str] | None = None,
) -> Regraded | None:
    """How ``result`` read under the revision it was graded under: that revision's goal for the unit (its own
    value and baseline then, from the revision's snapshot), when the goal has changed since. ``baseline`` is
    today's, for a revision written before baselines were kept in revisions; ``now`` the goal and standing it
    has today."""
    if result is None:
        return None
    change = revisions.regrade_for(target, unit.pk, result.graded_revision, found)
    if change is None:
        return None
    then = change.then or target
    old = goal_for(
        then,
        quarter,
        value=change.old_value,
        baselines=[change.old_baseline if change.baselines_kept else baseline],
    )
    status = standing(then, quarter, result.value, result.done, goal=old)
    goal, new_status = now if now is not None else (None, "")
    return Regraded(
        change.changed_in, change.graded_under, old.target, status, goal.target if goal else None, new_status
    )


def result_standing(result: Result) -> tuple[Goal, str, Regraded | None]:
    """A result's goal and standing for its own unit today, and how it read under the revision it was graded
    under when the goal has changed since (the result page): a few queries."""
    target, unit = result.target, result.unit
    plan = target.activity.workplan.objective.perspective.plan
    goals = unit_goals([target], [unit])
    baseline = goals.baseline(target, unit.pk)
    goal = goal_for(target, result.quarter, value=goals.value(target, unit.pk), baselines=[baseline])
    status = standing(target, result.quarter, result.value, result.done, goal=goal)
    found = revisions.regrades([target], plan)
    regrade = (
        regraded(target, result, unit, result.quarter, found, baseline, (goal, status)) if found else None
    )
    return goal, status, regrade


# What a row of the quarter form needs from its unit: filling (nothing saved yet), finishing (a draft), a
# correction (returned), or nothing (submitted and on its way). The worklist counts these, and the form's
# "?show=" switch shows the same rows, so the two always agree.
ENTRY_STATES = ("unfilled", "draft", "returned")


def entry_state(result: Result | None) -> str:
    if result is None:
        return "unfilled"
    if result.status == Result.Status.DRAFT:
        return "draft"
    if result.status == Result.Status.RETURNED:
        return "returned"
    return "sent"


@dataclass
class EntryRow:
    target: Target
    result: Result | None
    previous: Result | None
    deadline: date | None
    late: bool
    measured: MeasureValue | None
    status: str
    later: Result | None = None  # the earliest later quarter's result with a figure
    goal: Goal | None = None  # the unit's own goal at Qn (its value per unit or class, else the default)
    regrade: Regraded | None = None  # graded under an earlier revision whose goal has changed since

    @property
    def prefix(self) -> str:
        return f"t{self.target.pk}"

    @property
    def state(self) -> str:
        """Where the row stands for its unit (``entry_state``): the quarter form's switch and the worklist."""
        return entry_state(self.result)


@dataclass
class EntryForm:
    plan: Plan
    unit: Unit
    quarter: Quarter
    rows: list[EntryRow]
    locked: bool
    scope: MeasureScope | None = None  # the units the pre-filled values count


def entry_form(plan: Plan, unit: Unit, quarter_number: int, today: date, *, drafts: bool = True) -> EntryForm:
    """Everything the quarter form of a unit shows, in a fixed number of queries. ``drafts=False`` (a viewer
    who may not read the unit's drafts) leaves drafts and returned results out, as if nothing were entered."""
    quarter = quarter_of(plan, quarter_number)
    targets = targets_for_unit(plan, unit, quarter=quarter_number)
    target_ids = [t.pk for t in targets]
    # Every quarter of the unit's results: the cumulative checks compare with the latest earlier quarter that
    # has a figure (Q1-3 may have been left empty) and with the earliest later one.
    existing = {
        (r.target_id, r.quarter): r
        for r in Result.objects.filter(unit=unit, target_id__in=target_ids)
        if drafts or r.status not in DRAFT_STATUSES
    }
    keys = [t.measure_key for t in targets if t.measure_key]
    span = quarter.cumulative
    scope = measure_scope(unit) if keys else None
    measured = measures.compute(keys, {unit.pk: scope.unit_ids}, span.start, span.end) if scope else {}
    goals = unit_goals(targets, [unit])
    found = revisions.regrades(targets, plan)
    rows = []
    for target in targets:
        result = existing.get((target.pk, quarter_number))
        deadline = deadline_for(plan, target, unit, quarter_number)
        goal = goal_for(
            target,
            quarter_number,
            value=goals.value(target, unit.pk),
            baselines=[goals.baseline(target, unit.pk)],
        )
        status = standing(
            target,
            quarter_number,
            result.value if result else None,
            result.done if result else None,
            goal=goal,
        )
        rows.append(
            EntryRow(
                target=target,
                result=result,
                previous=_reported(existing, target.pk, range(quarter_number - 1, 0, -1)),
                later=_reported(existing, target.pk, range(quarter_number + 1, 5)),
                deadline=deadline,
                late=is_late(result, deadline, today),
                measured=measured.get(target.measure_key, {}).get(unit.pk) if target.measure_key else None,
                status=status,
                goal=goal,
                regrade=(
                    regraded(
                        target,
                        result,
                        unit,
                        quarter_number,
                        found,
                        goals.baseline(target, unit.pk),
                        (goal, status),
                    )
                    if found
                    else None
                ),
            )
        )
    locked = bool(locked_unit_ids(plan, quarter_number, [unit.pk]))
    return EntryForm(plan=plan, unit=unit, quarter=quarter, rows=rows, locked=locked, scope=scope)


def _reported(existing: dict, target_id: int, quarters) -> Result | None:
    """The first of ``quarters`` (in the order given) whose result carries a figure."""
    for quarter in quarters:
        result = existing.get((target_id, quarter))
        if result is not None and any(
            getattr(result, name) is not None for name in ("value", "numerator", "denominator")
        ):
            return result
    return None


def default_quarter(plan: Plan, today: date) -> int:
    """The quarter a person most likely reports now: the last one that has ended, within the plan year."""
    plan_year = plan.plan_year
    if today <= plan_year.quarter(1).end:
        return 1
    if today > plan_year.end:
        return 4
    current = plan_year.quarter_of(today)
    return max(1, current.number - 1) if current else 4


def review_queue(user: User, plan: Plan, quarter: int | None = None) -> QuerySet[Result]:
    """What waits for this user's decision (the review page, the worklist): their unit's submitted results for
    an approver; for the region's reviewer and head office what is submitted or approved and not yet accepted."""
    if access.is_unit_approver(user):
        waiting = [Result.Status.SUBMITTED]
    elif access.can_see_region(user):
        waiting = [Result.Status.APPROVED, Result.Status.SUBMITTED]
    else:
        return Result.objects.none()
    results = (
        results_visible_to(user)
        .filter(target__activity__workplan__objective__perspective__plan=plan, status__in=waiting)
        .exclude(is_historical=True)
    )
    if access.is_unit_approver(user):
        results = results.filter(unit_id__in=access.units_approved_by(user))
    if quarter is not None:
        results = results.filter(quarter=quarter)
    return results


def results_nobody_can_act_on(plans: QuerySet[Plan] | None = None) -> list[Result]:
    """Submitted (or approved) results that nobody can take to their next step by the unit's approval chain:
    what head office must fix by giving the unit (or its parent office) an approver, or changing the chain."""
    waiting = Result.objects.filter(
        status__in=[Result.Status.SUBMITTED, Result.Status.APPROVED], is_historical=False
    ).select_related("unit", "target__activity__workplan__objective__perspective__plan")
    if plans is not None:
        waiting = waiting.filter(target__activity__workplan__objective__perspective__plan__in=plans)
    waiting = list(waiting.order_by("unit__code", "quarter", "target__activity__sort_key", "target__order"))
    units = {r.unit_id: r.unit for r in waiting}
    gaps = access.steps_nobody_takes(units.values())
    chains = {}
    stranded = []
    for result in waiting:
        kind = result.unit.kind
        if kind not in chains:
            chains[kind] = access.needs_approval(result.unit)
        if result.status == Result.Status.SUBMITTED and chains[kind]:
            step = "approve"
        else:
            step = "accept"
        if step in gaps[result.unit_id]:
            result.missing_step = step
            stranded.append(result)
    return stranded


def actions_followup(plan: Plan, units: QuerySet[Unit], today: date) -> dict:
    """For the follow-up page and the report's appendix: results sent on (not drafts) behind target with no
    corrective action, and corrective actions past their date and not done. Three queries."""
    sent = (
        Result.objects.filter(
            target__activity__workplan__objective__perspective__plan=plan,
            unit__in=units,
            status__in=[Result.Status.SUBMITTED, Result.Status.APPROVED, Result.Status.ACCEPTED],
        )
        .select_related("unit", "target__activity")
        .order_by("unit__code", "quarter", "target__activity__sort_key", "target__order")
    )
    with_actions = set(
        CorrectiveAction.objects.filter(result__in=sent).values_list("result_id", flat=True).distinct()
    )
    behind = [
        r
        for r in sent
        if r.pk not in with_actions and standing(r.target, r.quarter, _value_of(r), r.done) == "behind"
    ]
    actions = list(
        CorrectiveAction.objects.filter(
            result__target__activity__workplan__objective__perspective__plan=plan, result__unit__in=units
        ).select_related("result__unit", "result__target__activity")
    )
    overdue = [a for a in actions if a.state(today) == "overdue"]
    return {"behind_without_action": behind, "overdue": overdue, "actions": actions}


def _value_of(result: Result):
    """A percentage's value is its numerator over its denominator (as the form derives it)."""
    if result.target.kind == Target.Kind.PERCENTAGE:
        return percentage(result.numerator, result.denominator)
    return result.value
