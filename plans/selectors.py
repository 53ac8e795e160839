"""Reads of the plan: the tree, who is assigned what, and group membership."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from kpiplan.lib.periods import PlanYear, Span

from .models import Activity, Objective, Plan, Target, Unit, UnitGroup, Workplan


def group_members(group: UnitGroup, units: Iterable[Unit]) -> set[int]:
    """Ids of the units a group takes in, among ``units`` (its rule plus its listed units)."""
    listed = {u.pk for u in group.units.all()}
    return {u.pk for u in units if u.pk in listed or group.rule_matches(u)}


def units_of_group(group: UnitGroup) -> QuerySet[Unit]:
    candidates = Unit.objects.all()
    if group.region_id:
        candidates = candidates.filter(region_id=group.region_id)
    return Unit.objects.filter(
        pk__in=group_members(group, candidates) | set(group.units.values_list("pk", flat=True))
    )


@dataclass
class Assignments:
    """Which units report which target. Built once per page from a fixed number of queries."""

    by_target: dict[int, set[int]] = field(default_factory=dict)

    def units_for(self, target_id: int) -> set[int]:
        return self.by_target.get(target_id, set())


def assignments_for(targets: Iterable[Target], units: Iterable[Unit]) -> Assignments:
    """Units assigned to each target: its own units and groups, else its activity's lead units and groups.

    ``targets`` must come with ``assigned_units``, ``assigned_groups__units``, ``activity__lead_units`` and
    ``activity__lead_groups__units`` prefetched (see ``targets_with_assignments``).
    """
    units = list(units)
    cache: dict[int, set[int]] = {}

    def members(group: UnitGroup) -> set[int]:
        if group.pk not in cache:
            cache[group.pk] = group_members(group, units)
        return cache[group.pk]

    unit_ids = {u.pk for u in units}
    result = Assignments()
    for target in targets:
        own_units = {u.pk for u in target.assigned_units.all()}
        own_groups = list(target.assigned_groups.all())
        if not own_units and not own_groups:
            own_units = {u.pk for u in target.activity.lead_units.all()}
            own_groups = list(target.activity.lead_groups.all())
        assigned = set(own_units)
        for group in own_groups:
            assigned |= members(group)
        result.by_target[target.pk] = assigned & unit_ids
    return result


def targets_with_assignments(plan: Plan | Iterable[Plan]) -> QuerySet[Target]:
    """The targets of one plan (or several), with everything ``assignments_for`` reads, in 7 queries."""
    group_units = Prefetch("units", queryset=Unit.objects.only("pk"))
    plans = [plan] if isinstance(plan, Plan) else list(plan)
    return (
        Target.objects.filter(activity__workplan__objective__perspective__plan__in=plans)
        .select_related("activity__workplan__objective__perspective")
        .prefetch_related(
            "assigned_units",
            Prefetch("assigned_groups", queryset=UnitGroup.objects.prefetch_related(group_units)),
            "activity__lead_units",
            Prefetch("activity__lead_groups", queryset=UnitGroup.objects.prefetch_related(group_units)),
        )
        .order_by(
            "activity__workplan__objective__order",
            "activity__workplan__number",
            "activity__sort_key",
            "order",
            "pk",
        )
    )


@dataclass
class ActivityNode:
    activity: Activity
    targets: list[Target]


@dataclass
class WorkplanNode:
    workplan: Workplan
    activities: list[ActivityNode]


@dataclass
class ObjectiveNode:
    objective: Objective
    workplans: list[WorkplanNode]


def plan_tree(
    plan: Plan, *, unit: Unit | None = None, group: UnitGroup | None = None, text: str = ""
) -> list[ObjectiveNode]:
    """The plan as objective -> workplan -> activity -> targets, narrowed by unit, group and text.

    A unit keeps the activities it leads or reports a target of; a group keeps those assigned to any of its
    members; text matches number, title, description and target labels. Seven queries whatever the size.
    """
    objectives = list(
        Objective.objects.filter(perspective__plan=plan)
        .select_related("perspective")
        .order_by("perspective__order", "order", "code")
    )
    workplans = list(Workplan.objects.filter(objective__perspective__plan=plan))
    activities = list(
        Activity.objects.filter(workplan__objective__perspective__plan=plan).prefetch_related(
            "lead_units", "lead_groups__units"
        )
    )
    targets = list(targets_with_assignments(plan))

    keep_unit_ids: set[int] | None = None
    if unit is not None or group is not None:
        region_units = list(Unit.objects.filter(region_id=plan.owner_id)) + ([unit] if unit else [])
        if group is not None:
            keep_unit_ids = group_members(group, region_units) | {u.pk for u in group.units.all()}
        else:
            keep_unit_ids = {unit.pk}
        assignments = assignments_for(targets, region_units)

    targets_by_activity: dict[int, list[Target]] = {}
    for target in targets:
        targets_by_activity.setdefault(target.activity_id, []).append(target)

    needle = text.strip().lower()

    def activity_matches(activity: Activity) -> bool:
        own = targets_by_activity.get(activity.pk, [])
        if keep_unit_ids is not None:
            leads = {u.pk for u in activity.lead_units.all()}
            assigned = set().union(*(assignments.units_for(t.pk) for t in own)) if own else set()
            if not (keep_unit_ids & (leads | assigned)):
                return False
        if needle:
            haystack = " ".join(
                [
                    activity.number,
                    activity.title_th,
                    activity.title_en,
                    activity.description_th,
                    activity.lead_text,
                ]
                + [t.label_th + " " + t.label_en for t in own]
            ).lower()
            return needle in haystack
        return True

    kept = [a for a in activities if activity_matches(a)]
    kept_ids = {a.pk for a in kept}
    # A kept sub-activity (3.3.1) keeps its heading (3.3) so the tree still reads as the form does.
    by_key = {(a.workplan_id, a.number): a for a in activities}
    for activity in list(kept):
        parts = activity.number.split(".")
        for depth in range(1, len(parts)):
            parent = by_key.get((activity.workplan_id, ".".join(parts[:depth])))
            if parent and parent.pk not in kept_ids:
                kept_ids.add(parent.pk)
    kept = sorted((a for a in activities if a.pk in kept_ids), key=lambda a: a.sort_key)

    activities_by_workplan: dict[int, list[ActivityNode]] = {}
    for activity in kept:
        activities_by_workplan.setdefault(activity.workplan_id, []).append(
            ActivityNode(activity, targets_by_activity.get(activity.pk, []))
        )
    workplans_by_objective: dict[int, list[WorkplanNode]] = {}
    for workplan in sorted(workplans, key=lambda w: w.number):
        if workplan.pk in activities_by_workplan:
            workplans_by_objective.setdefault(workplan.objective_id, []).append(
                WorkplanNode(workplan, activities_by_workplan[workplan.pk])
            )
    return [
        ObjectiveNode(objective, workplans_by_objective[objective.pk])
        for objective in objectives
        if objective.pk in workplans_by_objective
    ]


def plan_years_span(*, margin_years: int = 0) -> Span | None:
    """The days the loaded plans cover, from the first plan year's first day to the last one's last day,
    widened by ``margin_years`` on each side: the dates imports and forms accept. None before any plan."""
    years = list(Plan.objects.values_list("year", "start_month"))
    if not years:
        return None
    spans = [PlanYear(year, start_month).span for year, start_month in years]
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    if margin_years:
        start = start.replace(year=start.year - margin_years)
        end = date(end.year + margin_years, 12, 31)
    return Span(start, end)
