"""Reads behind the review grids: the plan progress grid, the unit x target matrix, completeness.

The numbers are aggregated in the database (GROUP BY target and quarter, or unit), so a page costs the same
handful of queries for 10 units or 1,000. Who is *expected* to report comes from the assignments (targets'
and activities' units and groups) and the units active during Q1..Qn; a unit's result only counts toward
completeness when it is expected, so completeness never exceeds 100 %.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from plans import revisions, schedule
from plans.goals import UnitGoals, unit_goals
from plans.models import Plan, Target, Unit
from plans.selectors import Assignments, assignments_for, targets_with_assignments

from .models import Result
from .rollups import CARRIED, Carried, Figure, Rolled, Sums, carried_into, carries, roll_up_sums
from .scoring import Goal, Standing, goal_for, standing
from .selectors import deadline_for, office_deadline, quarter_of

S = Result.Status
SUBMITTED_OR_LATER = (S.SUBMITTED, S.APPROVED, S.ACCEPTED)
BASIS = {"accepted": (S.ACCEPTED,), "submitted": SUBMITTED_OR_LATER}
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=4))
ONE = Value(Decimal(1), output_field=DecimalField(max_digits=20, decimal_places=4))


@dataclass
class Scope:
    """The units a grid looks at (the region's, or a unit's, or a group's) and who is assigned what."""

    plan: Plan
    targets: list[Target]
    units: list[Unit]
    assignments: Assignments
    whole_region: bool = False

    @property
    def unit_ids(self) -> set[int]:
        return {u.pk for u in self.units}

    def narrowed(self, targets: Iterable[Target]) -> Scope:
        """The same units for some of the targets, keeping what has been read (the units' goals, who was
        open): a filtered grid draws its rows with what its filter already loaded."""
        scope = replace(self, targets=list(targets))
        scope.__dict__.update({k: v for k, v in self.__dict__.items() if k.startswith("_")})
        return scope

    def active(self, quarter: int) -> set[int]:
        """Units open at some point in Q1..Qn (computed once per quarter)."""
        cache = self.__dict__.setdefault("_active", {})
        if quarter not in cache:
            span = quarter_of(self.plan, quarter).cumulative
            cache[quarter] = {u.pk for u in self.units if u.active_during(span.start, span.end)}
        return cache[quarter]

    @property
    def goals(self) -> UnitGoals:
        """Each unit's own target values (per unit or class), read once for the page: two queries."""
        if "_goals" not in self.__dict__:
            self.__dict__["_goals"] = unit_goals(self.targets, self.units)
        return self.__dict__["_goals"]

    def goal(self, target: Target, quarter: int, expected: set[int], goals: UnitGoals | None = None) -> Goal:
        """The goal of the units expected, by the target's roll-up rule: a per-unit count's is the sum of each
        unit's own goal, with how it was derived (``goals``: the units' values of an earlier revision)."""
        goals = goals or self.goals
        if target.relative_to:
            baselines = goals.baselines_of(target, expected)
            return goal_for(target, quarter, units=max(len(expected), 1), baselines=baselines)
        if goals.has_own(target):
            return goal_for(
                target, quarter, units=max(len(expected), 1), values=goals.values(target, expected)
            )
        return goal_for(target, quarter, units=max(len(expected), 1))

    def unit_goal(self, target: Target, quarter: int, unit_id: int) -> Goal:
        """One unit's own goal: its value (per unit or class) or its baseline."""
        return goal_for(
            target,
            quarter,
            value=self.goals.value(target, unit_id),
            baselines=[self.goals.baseline(target, unit_id)],
        )

    def expected(self, target: Target, quarter: int) -> set[int]:
        """Units owing a result for Q1..Qn: assigned, open, and the target has begun (plans.schedule)."""
        if not schedule.expected_in(target, quarter, self.plan.start_month):
            return set()
        return self.assignments.units_for(target.pk) & self.active(quarter)

    def results(self, quarters: Iterable[int]):
        """Results of the units in scope that were open in each quarter asked, with as few conditions as the
        data allows: a plan's targets only ever have results of its region's units (and of the region itself,
        left out), so the whole region, all open, needs no join at all."""
        quarters = list(quarters)
        qs = Result.objects.exclude(unit_id=self.plan.owner_id)
        if not self.whole_region:
            qs = qs.filter(unit_id__in=self.unit_ids)
        if any(len(self.active(q)) < len(self.units) for q in quarters):
            qs = qs.filter(_active_in_quarter(self.plan, quarters))
        return qs


def scope_for(
    plan: Plan,
    unit_ids: set[int] | None = None,
    targets: Iterable[Target] | None = None,
    region_units: Iterable[Unit] | None = None,
) -> Scope:
    """The region's units (the plan owner itself excluded), narrowed to ``unit_ids`` when given.

    Pass ``targets`` (from ``targets_with_assignments``) and ``region_units`` when the page has them already.
    """
    targets = list(targets) if targets is not None else list(targets_with_assignments(plan))
    if region_units is None:
        region_units = Unit.objects.filter(region_id=plan.owner_id).exclude(pk=plan.owner_id)
    units = [u for u in region_units if unit_ids is None or u.pk in unit_ids]
    return Scope(plan, targets, units, assignments_for(targets, units), whole_region=unit_ids is None)


def _active_in_quarter(plan: Plan, quarters: Iterable[int]) -> Q:
    """Results of units open at some point in Q1..Qn, for each quarter n asked."""
    start = plan.plan_year.start
    condition = Q()
    for n in quarters:
        end = quarter_of(plan, n).end
        condition |= Q(quarter=n) & (Q(unit__active_from__isnull=True) | Q(unit__active_from__lte=end))
    return (
        condition
        & Q(unit__is_active=True)
        & (Q(unit__active_to__isnull=True) | Q(unit__active_to__gte=start))
    )


# One row per (target, quarter, status, on_time): no FILTER clauses for the database to evaluate on every
# result, and at most a few rows per cell for Python to fold by the basis asked for.
AGGREGATES = {
    "n": Count("pk"),
    "value_sum": Sum("value"),
    "numerator_sum": Sum("numerator"),
    "denominator_sum": Sum("denominator"),
    # Submitted results are reported results: a score or duration has its value, a percentage both its
    # numerator and denominator (validation.check_row), so no per-row CASE is needed to pair them.
    "weighted_sum": Sum(
        F("value") * Coalesce(F("denominator"), ONE),
        output_field=DecimalField(max_digits=24, decimal_places=8),
    ),
    "weight_sum": Sum(Coalesce(F("denominator"), ONE)),
    "answered": Count("done"),
    "done_n": Count(Case(When(done=True, then=ONE))),
}


@dataclass
class Tally:
    """The aggregate rows of one cell folded: sums for the basis, counts for completeness and timeliness."""

    sums: Sums = field(default_factory=Sums)
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    graded_from: int | None = None  # the earliest plan revision a counted result was graded under


def _add(a, b):
    if a is None:
        return b
    return a if b is None else a + b


def _fold(rows, basis: tuple[str, ...]) -> dict[tuple, Tally]:
    tallies: dict[tuple, Tally] = defaultdict(Tally)
    for row in rows:
        tally = tallies[(row["target_id"], row["quarter"])]
        tally.submitted += row["n"]
        if row["on_time"] is True:
            tally.on_time += row["n"]
        elif row["on_time"] is False:
            tally.late += row["n"]
        if row["status"] in basis:
            has_ratio = row["numerator_sum"] is not None
            s = tally.sums
            tally.sums = Sums(
                reported=s.reported + row["n"],
                value_sum=_add(s.value_sum, row["value_sum"]),
                numerator_sum=_add(s.numerator_sum, row["numerator_sum"]),
                denominator_sum=_add(s.denominator_sum, row["denominator_sum"] if has_ratio else None),
                ratio_count=s.ratio_count + (row["n"] if has_ratio else 0),
                weighted_sum=_add(s.weighted_sum, row["weighted_sum"]),
                weight_sum=_add(s.weight_sum, row["weight_sum"] or None),
                answered=s.answered + row["answered"],
                done=s.done + row["done_n"],
            )
            graded = row.get("graded_from")
            if graded is not None and (tally.graded_from is None or graded < tally.graded_from):
                tally.graded_from = graded
    return tallies


@dataclass
class Cell:
    target: Target
    quarter: int
    rolled: Rolled
    goal: Goal
    expected: int
    submitted: int
    on_time: int
    late: int  # submitted late, or not submitted after the deadline
    deadline: date | None
    region_result: Result | None = None
    carried: list[Carried] = field(default_factory=list)  # units' earlier figures counted in (ยกยอด)
    regrade: CellRegrade | None = None  # counted results graded under a revision changed since

    @property
    def completeness(self) -> Decimal | None:
        return _pct(self.submitted, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return _pct(self.on_time, self.submitted)

    @property
    def carried_label(self) -> str:
        """ "ยกยอด 2 หน่วยงาน": how many units' earlier figures the value counts (empty when none)."""
        return f"{CARRIED} {len(self.carried)} หน่วยงาน" if self.carried else ""

    @property
    def value(self) -> Decimal | None:
        """The roll-up; where no unit result counts yet, the region's own accepted figure (the paper form's)."""
        if self.rolled.value is not None:
            return self.rolled.value
        r = self.region_result
        if r is not None and r.status == S.ACCEPTED:
            return r.value if r.value is not None else (Decimal(1) if r.done else None)
        return None

    @property
    def own_figure(self) -> bool:
        """The cell shows the region's own accepted figure (the paper form's): no unit's result counts yet."""
        r = self.region_result
        return self.rolled.value is None and r is not None and r.status == S.ACCEPTED

    @property
    def own_goal(self) -> Goal:
        """The goal the region's own figure is held against: one reporting unit's (the paper's "target 6, done
        6" of a 6-a-quarter-per-office count is one unit's figure), never the sum over the expected units."""
        return goal_for(self.target, self.quarter)

    @property
    def region_note(self) -> str:
        """The region's own narrative beside the cell's figure; a paper-form narrative states the paper's figure,
        so it is left out once the units' roll-up gives the cell its figure (one figure per cell)."""
        r = self.region_result
        if r is None or (r.is_historical and not self.own_figure):
            return ""
        return r.narrative

    @property
    def shown_goal(self) -> Goal:
        """The goal beside the figure the cell shows."""
        return self.own_goal if self.own_figure else self.goal

    @property
    def status(self) -> str:
        if self.own_figure:
            r = self.region_result
            if r.value is None and r.done is None:
                return Standing.REPORTED
            return standing(self.target, self.quarter, r.value, r.done, goal=self.own_goal)
        return self.rolled.status


@dataclass(frozen=True)
class CellRegrade:
    """ "เป้าหมายปรับในฉบับที่ 2": the cell's roll-up graded with the goals of the revision its earliest counted
    result was graded under (each unit's own value and baseline then), and today."""

    changed_in: int
    graded_under: int
    old_goal: Decimal | None
    old_status: str
    new_goal: Decimal | None
    new_status: str


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * min(part, whole) / whole).quantize(Decimal("0.1"))


@dataclass
class GridRow:
    target: Target
    cells: dict[int, Cell] = field(default_factory=dict)


def plan_grid(scope: Scope, quarters: list[int], *, basis: str = "accepted", today: date) -> list[GridRow]:
    """Every target x cumulative quarter: roll-up value, goal, status, completeness, lateness. Two queries."""
    plan = scope.plan
    target_ids = [t.pk for t in scope.targets]
    rows = (
        scope.results(quarters)
        .filter(target_id__in=target_ids, quarter__in=quarters, status__in=SUBMITTED_OR_LATER)
        .values("target_id", "quarter", "status", "on_time")
        .annotate(**AGGREGATES, graded_from=Min("graded_revision"))
        .order_by()
    )
    tallies = _fold(rows, BASIS[basis])
    if "_regrades" not in scope.__dict__:  # one query (the plan's revisions), kept by a narrowed scope
        scope.__dict__["_regrades"] = revisions.regrades(scope.targets, plan)
    regraded = scope.__dict__["_regrades"]
    figures = _figures_to_carry(scope, quarters, BASIS[basis])
    region_results = {
        (r.target_id, r.quarter): r
        for r in Result.objects.filter(unit_id=plan.owner_id, quarter__in=quarters, target_id__in=target_ids)
    }
    grid = []
    for target in scope.targets:
        row = GridRow(target)
        for quarter in quarters:
            expected_units = scope.expected(target, quarter)
            expected = len(expected_units)
            goal = scope.goal(target, quarter, expected_units)
            tally = tallies.get((target.pk, quarter)) or Tally()
            deadline = office_deadline(plan, target, quarter)
            submitted = min(tally.submitted, expected)
            late = tally.late + (expected - submitted if deadline and today > deadline else 0)
            # carried only into a quarter that has begun: a future Q1..Qn holds no figure yet
            begun = quarter_of(plan, quarter).start <= today
            carried = (
                carried_into(target, quarter, figures.get(target.pk, {}), expected_units) if begun else []
            )
            sums = tally.sums.plus(Sums.of(c.figure for c in carried)) if carried else tally.sums
            row.cells[quarter] = Cell(
                target=target,
                quarter=quarter,
                rolled=roll_up_sums(target, quarter, sums, expected, goal),
                goal=goal,
                expected=expected,
                submitted=submitted,
                on_time=tally.on_time,
                late=late,
                deadline=deadline,
                region_result=region_results.get((target.pk, quarter)),
                carried=carried,
            )
            if regraded and tally.graded_from:
                row.cells[quarter].regrade = _cell_regrade(
                    scope, row.cells[quarter], sums, expected_units, tally.graded_from, regraded
                )
        grid.append(row)
    return grid


def _cell_regrade(
    scope: Scope, cell: Cell, sums: Sums, expected_units: set[int], graded_under: int, found: dict
) -> CellRegrade | None:
    """How the cell read under the revision its earliest counted result was graded under, when the target's
    goal has changed since: the same figures rolled up against that revision's goals (no query)."""
    change = revisions.regrade_for(cell.target, 0, graded_under, found)
    if change is None or cell.own_figure:
        return None
    _changed_in, snapshots = found[cell.target.pk]
    cache = scope.__dict__.setdefault("_goals_then", {})
    if graded_under not in cache:
        cache[graded_under] = revisions.goals_as_of(snapshots.get(graded_under, {}), scope.goals.baselines)
    then = change.then or cell.target
    goal = scope.goal(then, cell.quarter, expected_units, cache[graded_under])
    rolled = roll_up_sums(then, cell.quarter, sums, len(expected_units), goal)
    return CellRegrade(
        change.changed_in, graded_under, goal.target, rolled.status, cell.goal.target, cell.status
    )


def _figures_to_carry(
    scope: Scope, quarters: list[int], statuses: tuple[str, ...]
) -> dict[int, dict[int, dict[int, Figure]]]:
    """target -> unit -> quarter -> figure, of the targets whose figures are carried (rollups.carries), for the
    quarters before the latest asked: one query, none when nothing can be carried."""
    last = max(quarters, default=1)
    target_ids = [t.pk for t in scope.targets if carries(t)]
    if not target_ids or last <= 1:
        return {}
    found: dict[int, dict[int, dict[int, Figure]]] = defaultdict(lambda: defaultdict(dict))
    for target_id, unit_id, quarter, value, numerator, denominator in (
        scope.results(range(1, last + 1))
        .filter(target_id__in=target_ids, quarter__lte=last, status__in=statuses)
        .values_list("target_id", "unit_id", "quarter", "value", "numerator", "denominator")
    ):
        found[target_id][unit_id][quarter] = Figure(value, numerator, denominator)
    return found


STATUS_LABELS = dict(S.choices)  # lazy labels: translated when shown
MATRIX_CELL_FIELDS = (
    "pk",
    "status",
    "value",
    "numerator",
    "denominator",
    "done",
    "on_time",
    "submitted_at",
)


@dataclass(slots=True)
class MatrixCell:
    """A result as the matrix shows it: read as a tuple, not built as a model (a page holds 5,000, and a
    Result instance costs ~40 µs to build)."""

    pk: int
    status: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    done: bool | None
    on_time: bool | None
    submitted_at: object  # datetime | None

    def get_status_display(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))


@dataclass
class UnitLine:
    unit: Unit
    expected: int
    submitted: int
    on_time: int
    cells: dict[int, MatrixCell | None] = field(default_factory=dict)
    goals: dict[int, Decimal | None] = field(default_factory=dict)  # target -> the unit's own goal at Qn

    @property
    def completeness(self) -> Decimal | None:
        return _pct(self.submitted, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return _pct(self.on_time, self.submitted)


@dataclass
class Matrix:
    quarter: int
    targets: list[Target]
    lines: list[UnitLine]
    total_units: int
    expected: int
    submitted: int
    on_time: int
    by_target: dict[int, tuple[int, int, int]]  # target -> (expected, submitted, on time)

    @property
    def completeness(self) -> Decimal | None:
        return _pct(self.submitted, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return _pct(self.on_time, self.submitted)


def unit_matrix(scope: Scope, quarter: int, *, page_units: list[Unit] | None = None) -> Matrix:
    """Who has reported what in one quarter, with completeness and timeliness per unit, target and region.

    Three queries: counts per unit, counts per target, and the cells of the units on this page.
    """
    target_ids = [t.pk for t in scope.targets]
    expected_by_target = {t.pk: scope.expected(t, quarter) for t in scope.targets}
    expected_by_unit: dict[int, set[int]] = defaultdict(set)
    for target_id, unit_ids in expected_by_target.items():
        for unit_id in unit_ids:
            expected_by_unit[unit_id].add(target_id)
    counted = scope.results([quarter]).filter(
        target_id__in=target_ids, quarter=quarter, status__in=SUBMITTED_OR_LATER
    )
    per_unit = {
        r["unit_id"]: r
        for r in counted.values("unit_id")
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(on_time=True)))
        .order_by()
    }
    per_target = {
        r["target_id"]: r
        for r in counted.values("target_id")
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(on_time=True)))
        .order_by()
    }
    page_units = page_units if page_units is not None else scope.units
    page_ids = [u.pk for u in page_units]
    cells: dict[int, dict[int, MatrixCell]] = defaultdict(dict)
    for unit_id, target_id, *values in Result.objects.filter(
        target_id__in=target_ids, quarter=quarter, unit_id__in=page_ids
    ).values_list("unit_id", "target_id", *MATRIX_CELL_FIELDS):
        cells[unit_id][target_id] = MatrixCell(*values)
    lines = []
    targets_by_id = {t.pk: t for t in scope.targets}
    for unit in page_units:
        expected = len(expected_by_unit.get(unit.pk, ()))
        stats = per_unit.get(unit.pk, {"n": 0, "ok": 0})
        lines.append(
            UnitLine(
                unit,
                expected,
                min(stats["n"], expected),
                stats["ok"],
                {t: cells[unit.pk].get(t) for t in expected_by_unit.get(unit.pk, ())},
                {
                    t: scope.unit_goal(targets_by_id[t], quarter, unit.pk).target
                    for t in expected_by_unit.get(unit.pk, ())
                },
            )
        )
    by_target = {
        t: (len(units), min(per_target.get(t, {"n": 0})["n"], len(units)), per_target.get(t, {"ok": 0})["ok"])
        for t, units in expected_by_target.items()
    }
    return Matrix(
        quarter=quarter,
        targets=scope.targets,
        lines=lines,
        total_units=len(scope.units),
        expected=sum(e for e, _, _ in by_target.values()),
        submitted=sum(s for _, s, _ in by_target.values()),
        on_time=sum(o for _, _, o in by_target.values()),
        by_target=by_target,
    )


def units_not_reported(scope: Scope, quarter: int) -> dict[int, list[Target]]:
    """Unit id -> the expected targets it has not submitted for Q1..Qn."""
    target_ids = [t.pk for t in scope.targets]
    done = set(
        Result.objects.filter(
            target_id__in=target_ids,
            quarter=quarter,
            unit_id__in=scope.unit_ids,
            status__in=SUBMITTED_OR_LATER,
        ).values_list("unit_id", "target_id")
    )
    missing: dict[int, list[Target]] = defaultdict(list)
    for target in scope.targets:
        for unit_id in scope.expected(target, quarter):
            if (unit_id, target.pk) not in done:
                missing[unit_id].append(target)
    return dict(missing)


def units_overdue(
    scope: Scope, quarter: int, today: date, missing: dict[int, list[Target]] | None = None
) -> dict[int, list[Target]]:
    """Unit id -> the expected targets it has not submitted for Q1..Qn although their deadline has passed (the
    unit's own deadline: a consolidating unit has longer). ``missing`` is ``units_not_reported``, when known."""
    if missing is None:
        missing = units_not_reported(scope, quarter)
    units = {u.pk: u for u in scope.units}
    overdue = {}
    for unit_id, targets in missing.items():
        late = [
            t
            for t in targets
            if (deadline := deadline_for(scope.plan, t, units[unit_id], quarter)) is not None
            and today > deadline
        ]
        if late:
            overdue[unit_id] = late
    return overdue


def completeness_by_region(year: int, quarter: int) -> list[dict]:
    """Per region (one plan each): expected, submitted and on-time results for Q1..Qn of the plan year."""
    plans = list(Plan.objects.filter(year=year).select_related("owner").order_by("owner__code"))
    if not plans:
        return []
    targets = list(targets_with_assignments(plans))
    units = list(Unit.objects.filter(region_id__in=[p.owner_id for p in plans]))
    condition = Q()
    for plan in plans:
        condition |= Q(unit__region_id=plan.owner_id) & _active_in_quarter(plan, [quarter])
    counts = {
        r["unit__region_id"]: r
        for r in Result.objects.filter(
            condition, target_id__in=[t.pk for t in targets], quarter=quarter, status__in=SUBMITTED_OR_LATER
        )
        .exclude(unit_id__in=[p.owner_id for p in plans])
        .values("unit__region_id")
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(on_time=True)))
        .order_by()
    }
    rows = []
    for plan in plans:
        plan_targets = [t for t in targets if t.activity.workplan.objective.perspective.plan_id == plan.pk]
        plan_units = [u for u in units if u.region_id == plan.owner_id and u.pk != plan.owner_id]
        scope = Scope(plan, plan_targets, plan_units, assignments_for(plan_targets, plan_units))
        expected = sum(len(scope.expected(t, quarter)) for t in plan_targets)
        got = counts.get(plan.owner_id, {"n": 0, "ok": 0})
        submitted = min(got["n"], expected)
        rows.append(
            {
                "region": plan.owner,
                "plan": plan,
                "expected": expected,
                "submitted": submitted,
                "on_time": got["ok"],
                "completeness": _pct(submitted, expected),
                "timeliness": _pct(got["ok"], submitted),
            }
        )
    return rows


def last_year_values(
    plan: Plan, targets: Iterable[Target], quarters: list[int]
) -> dict[tuple[int, int], Decimal | None]:
    """(this year's target, n) -> last year's Q1..Qn figure of the same target (its lineage), rolled up by this
    year's rule from last year's accepted results, else the region's own accepted figure. Two queries, and
    none when no target has a lineage."""
    lineage = {t.lineage_id: t for t in targets if t.lineage_id}
    if not lineage:
        return {}
    rows = (
        Result.objects.filter(
            target_id__in=list(lineage), quarter__in=quarters, status__in=SUBMITTED_OR_LATER
        )
        .exclude(unit_id=plan.owner_id)
        .values("target_id", "quarter", "status", "on_time")
        .annotate(**AGGREGATES)
        .order_by()
    )
    tallies = _fold(rows, BASIS["accepted"])
    own = {
        (r.target_id, r.quarter): r
        for r in Result.objects.filter(
            target_id__in=list(lineage), quarter__in=quarters, unit_id=plan.owner_id, status=S.ACCEPTED
        )
    }
    found: dict[tuple[int, int], Decimal | None] = {}
    for old_id, target in lineage.items():
        for q in quarters:
            tally = tallies.get((old_id, q))
            value = roll_up_sums(target, q, tally.sums, 0).value if tally else None
            if value is None and (old_id, q) in own:
                value = own[(old_id, q)].value
            found[(target.pk, q)] = value
    return found
