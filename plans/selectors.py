"""Reads of the plan: the tree, who is assigned what, and group membership."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from kpiplan.lib.periods import PlanYear, Span, plan_year_containing
from kpiplan.lib.queries import BadQuery, parse_period_query, query_id

from . import access
from .models import Activity, Objective, Plan, Target, Unit, UnitGroup, User, Workplan


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
        .select_related("activity__workplan__objective__perspective__plan")
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


def plan_in_focus(user: User, today: date) -> Plan | None:
    """The plan a person's pages are about when they name none: a plan of theirs whose year holds today, else
    the latest one already over, else the first one to come."""
    plans = sorted(access.plans_visible_to(user), key=lambda p: (p.plan_year.start, p.pk))
    current = [p for p in plans if today in p.plan_year.span]
    if current:
        return current[-1]
    over = [p for p in plans if p.plan_year.end < today]
    if over:
        return over[-1]
    return plans[0] if plans else None


def focus_day(user: User, today: date) -> date:
    """The day a records page opens on: today, within the plan in focus (its last day once the year is over)."""
    plan = plan_in_focus(user, today)
    if plan is None:
        return today
    span = plan.plan_year.span
    return min(max(today, span.start), span.end)


@dataclass(frozen=True)
class RecordsPeriod:
    """What a records page counts over: the plan year and cumulative quarter its controls show, and the days."""

    year: int
    quarter: int
    plan_year: PlanYear
    span: Span
    exact: bool  # the days were given (a drill-down link), not a whole cumulative quarter

    @property
    def query(self) -> str:
        """The period as a query string, for the page's own links onward (to the records behind a cell)."""
        if self.exact:
            return f"date_from={self.span.start.isoformat()}&date_to={self.span.end.isoformat()}"
        return f"year={self.year}&quarter={self.quarter}"


def records_period(user: User, query, today: date) -> RecordsPeriod:
    """A records page's period from its query: ?date_from=&date_to= (a drill-down link: exactly those days), or
    ?year=&quarter= (Q1..Qn of that plan year); by default the plan in focus. A value it cannot use is a
    BadQuery naming the field (a 400 page, in Thai)."""
    plan = plan_in_focus(user, today)
    start_month = plan.start_month if plan else 1
    if query.get("date_from") or query.get("date_to"):
        start, end = _query_date(query, "date_from"), _query_date(query, "date_to")
        if start > end:
            raise BadQuery("date_to", _("The last day comes before the first."))
        # the quarters of the plan whose year holds the link's last day (a fiscal-year plan's, Oct-Sep)
        holding = next((p for p in _plans_of(user, plan) if end in p.plan_year.span), None)
        start_month = holding.start_month if holding else start_month
        plan_year = PlanYear(plan_year_containing(end, start_month), start_month)
        quarter = plan_year.quarter_of(end) or plan_year.quarter(4)
        return RecordsPeriod(plan_year.year, quarter.number, plan_year, Span(start, end), exact=True)
    checked = parse_period_query(query, today=today, year=plan.year if plan else None)
    # the year asked is its own plan's year: its first month, not the plan in focus's (2566 may run Oct-Sep
    # while 2564 ran Jan-Dec)
    named = next((p for p in _plans_of(user, plan) if p.year == checked.year), None)
    start_month = named.start_month if named else start_month
    plan_year = PlanYear(checked.year, start_month)
    return RecordsPeriod(
        checked.year, checked.quarter, plan_year, plan_year.quarter(checked.quarter).cumulative, exact=False
    )


def _plans_of(user: User, focus: Plan | None) -> list[Plan]:
    """The plans a records page may be about: the focus plan's region's first, then the others visible."""
    plans = list(access.plans_visible_to(user))
    owner = focus.owner_id if focus else None
    return sorted(plans, key=lambda p: (p.owner_id != owner, -p.year, p.pk))


def _query_date(query, name: str) -> date:
    try:
        return date.fromisoformat((query.get(name) or "").strip())
    except ValueError as exc:
        raise BadQuery(name, _("The days of the link are not dates.")) from exc


def unit_ids_of(query, name: str = "unit") -> set[int]:
    """The units a drill-down link names (?unit=3&unit=8); BadQuery on anything but ids."""
    return {query_id({name: value}, name) for value in query.getlist(name) if value}


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


# --- measure scope: which units' records a computed value counts --------------------------------------------


@dataclass(frozen=True)
class MeasureScope:
    """The units whose records a measured value counts, and how to say it in Thai."""

    unit_ids: tuple[int, ...]
    label_th: str
    rule: str  # "region" | "unit_and_below"


SCOPE_RULES_TH = {
    "region": "ทั้งเขต: ระเบียนของทุกหน่วยงานในเขต (ใช้กับเขตเจ้าของแผน และกองในเขตที่รวบรวมผล)",
    "unit_and_below": "หน่วยงานที่รายงานและหน่วยงานในสังกัด (เช่น กฟฟ. รวม กฟส. ที่ขึ้นกับ กฟฟ. นั้น)",
}


def measure_scope(unit: Unit) -> MeasureScope:
    """The region owner and its divisions count the whole region's records (the division of 3.3.2 holds no
    surveys of its own: the offices record them); an office counts its own and its sub-offices'. One query."""
    region_id = unit.region_id or unit.pk
    rows = list(Unit.objects.filter(region_id=region_id).values_list("pk", "parent_id"))
    if unit.kind in (Unit.Kind.REGION, Unit.Kind.DIVISION) and unit.region_id:
        ids = tuple(sorted({pk for pk, _parent in rows} | {unit.pk, region_id}))
        region_code = unit.code if unit.pk == region_id else unit.region.code
        return MeasureScope(ids, f"ทั้งเขต {region_code} ({len(ids)} หน่วยงาน)", "region")
    children: dict[int, list[int]] = {}
    for pk, parent in rows:
        children.setdefault(parent, []).append(pk)
    found, todo = [unit.pk], [unit.pk]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.append(child)
            todo.append(child)
    below = len(found) - 1
    label = f"{unit.code} และหน่วยงานในสังกัด {below} แห่ง" if below else f"{unit.code} เท่านั้น"
    return MeasureScope(tuple(sorted(found)), label, "unit_and_below")
