"""Review pages for the division and head office: progress grid, unit x target matrix, drill-down, national
completeness, exports and reminders."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpiplan.lib.charts import Bar, percent_bars, progress_chart, year_on_year_chart
from kpiplan.lib.periods import quarter_label
from kpiplan.lib.queries import parse_period_query
from kpiplan.lib.redirects import next_or
from plans import access, measures, revisions
from plans.models import Plan, Target, Unit, User
from plans.selectors import targets_with_assignments

from . import exports, grids, reminders, selectors
from .filters import GridFilter, MatrixFilter, cleaned, groups_of
from .models import Result
from .scoring import Standing, standing
from .tables import GridTable, MatrixTable

MATRIX_PAGE = 50


def _require_reviewer(user: User) -> None:
    if not access.can_see_region(user):
        raise PermissionDenied


class NoPlan(Exception):
    pass


def _chosen_plan(request) -> tuple[Plan, list[Plan]]:
    plans = list(
        access.plans_visible_to(request.user).select_related("owner").order_by("-year", "owner__code")
    )
    if not plans:
        raise NoPlan
    wanted = request.GET.get("plan")
    plan = next((p for p in plans if str(p.pk) == wanted), plans[0])
    return plan, plans


def _shown_filters(request, plan: Plan):
    """The filter as the page applies it: the plan and quarter it falls back on are bound too, so that the form
    shows the quarter the heading and the cells are about (an unbound select shows its first choice)."""
    data = request.GET.copy()
    data.setdefault("plan", str(plan.pk))
    if not data.get("quarter"):
        data["quarter"] = str(selectors.default_quarter(plan, timezone.localdate()))
    return data


@dataclass
class _ReviewPage:
    """What the grid and the matrix both start from: the plan chosen, its targets, units and groups."""

    plan: Plan
    plans: list[Plan]
    targets: list[Target]
    region_units: list[Unit]
    groups: list
    workplans: list

    @classmethod
    def load(cls, request) -> _ReviewPage:
        plan, plans = _chosen_plan(request)
        targets = list(targets_with_assignments(plan))
        region_units = list(
            Unit.objects.filter(region_id=plan.owner_id).exclude(pk=plan.owner_id).order_by("code")
        )
        workplans = sorted(
            {t.activity.workplan for t in targets}, key=lambda w: (w.objective.order, w.number)
        )
        return cls(plan, plans, targets, region_units, groups_of(targets), workplans)

    def __iter__(self):
        return iter((self.plan, self.plans, self.targets, self.region_units, self.groups, self.workplans))


@login_required
def grid(request):
    """Every target x cumulative quarter for the region, a unit or a group, with status colours."""
    _require_reviewer(request.user)
    try:
        page = _ReviewPage.load(request)
    except NoPlan:
        return render(request, "quarters/no_plan.html")
    plan, plans, targets, region_units = page.plan, page.plans, page.targets, page.region_units
    today = timezone.localdate()
    filterset = GridFilter.for_plan(
        _shown_filters(request, plan),
        plan=plan,
        plans=plans,
        targets=targets,
        region_units=region_units,
        today=today,
    )
    quarter = filterset.chosen_quarter
    unit_ids = filterset.unit_ids()
    # Every filter (status and lateness too) keeps rows in SQL; the grid draws the rows kept.
    scope = filterset.scope().narrowed(filterset.targets(targets))
    quarters = [1, 2, 3, 4]
    grid_rows = grids.plan_grid(scope, quarters, basis=filterset.chosen_basis, today=today)
    last_year = grids.last_year_values(plan, [r.target for r in grid_rows], quarters)
    records = [
        {
            "target": r.target,
            "cells": r.cells,
            "last_year": {q: last_year[(r.target.pk, q)] for q in quarters if (r.target.pk, q) in last_year},
            "objective": r.target.activity.workplan.objective.code,
            "workplan": f"{_('Workplan')} {r.target.activity.workplan.number} {r.target.activity.workplan.title}",
            "activity": r.target.activity.number,
            "label": r.target.label,
            "goal_text": r.target.text_with_value() if r.target.value is not None else "",
        }
        for r in grid_rows
    ]
    export = request.GET.get("export")
    if export in exports.FORMATS:
        return exports.grid_export(grid_rows, quarters, export, plan=plan).response()
    table = GridTable(records, quarters, plan_id=plan.pk)
    return render(
        request,
        "quarters/grid.html",
        {
            "plan": plan,
            "filter": filterset,
            "table": table,
            "quarter": quarter,
            "rows": grid_rows,
            "query": request.GET.urlencode(),
            "unit_ids": unit_ids,
        },
    )


@login_required
def matrix(request):
    """Units x targets for one quarter: who has reported, value, status; completeness and timeliness."""
    _require_reviewer(request.user)
    try:
        page = _ReviewPage.load(request)
    except NoPlan:
        return render(request, "quarters/no_plan.html")
    plan, plans, targets, region_units, groups, workplans = page
    filterset = MatrixFilter(
        _shown_filters(request, plan),
        plans=plans,
        workplans=workplans,
        groups=groups,
        units=region_units,
        queryset=Target.objects.filter(activity__workplan__objective__perspective__plan=plan),
    )
    data = cleaned(filterset)
    quarter = data.get("quarter") or selectors.default_quarter(plan, timezone.localdate())
    scope = grids.scope_for(
        plan, filterset.unit_ids(), targets=filterset.targets(targets), region_units=region_units
    )
    units = sorted(scope.units, key=lambda u: u.code)
    if data.get("missing") or data.get("overdue"):
        missing = grids.units_not_reported(scope, quarter)
        if data.get("overdue"):
            missing = grids.units_overdue(scope, quarter, timezone.localdate(), missing)
        units = [u for u in units if u.pk in missing]
    export = request.GET.get("export")
    if export in exports.FORMATS:
        page_units = units
        page = None
    else:
        page = Paginator(units, MATRIX_PAGE).get_page(request.GET.get("page"))
        page_units = list(page.object_list)
    result = grids.unit_matrix(scope, quarter, page_units=page_units)
    records = [
        {
            "unit": line.unit,
            "completeness": line.completeness,
            "timeliness": line.timeliness,
            "cells": line.cells,
            "goals": line.goals,
            "quarter": quarter,
        }
        for line in result.lines
    ]
    if export in exports.FORMATS:
        return exports.matrix_export(result, scope.targets, export, plan=plan).response()
    table = MatrixTable(records, scope.targets)
    return render(
        request,
        "quarters/matrix.html",
        {
            "plan": plan,
            "filter": filterset,
            "table": table,
            "matrix": result,
            "quarter": quarter,
            "statuses": Result.Status.choices,
            "page": page,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def cell(request, plan_pk, target_pk, quarter):
    """A grid cell opened: the target's progress across the quarters, and every expected unit's result."""
    _require_reviewer(request.user)
    plan = get_object_or_404(access.plans_visible_to(request.user).select_related("owner"), pk=plan_pk)
    target = get_object_or_404(targets_with_assignments(plan), pk=target_pk)
    scope = grids.scope_for(plan, targets=[target])
    row = grids.plan_grid(scope, [1, 2, 3, 4], today=timezone.localdate())[0]
    expected = scope.expected(target, quarter)
    results = {
        r.unit_id: r
        for r in Result.objects.filter(target=target, quarter=quarter, unit_id__in=scope.unit_ids)
    }
    span = selectors.quarter_of(plan, quarter).cumulative
    carried = {c.unit_id: c for c in row.cells[quarter].carried}
    found = revisions.regrades([target], plan)  # each office's result as graded under its own revision
    lines = []
    for unit in sorted(scope.units, key=lambda u: u.code):
        if unit.pk not in expected:
            continue
        result = results.get(unit.pk)
        status = Standing.NOT_REPORTED
        own = scope.unit_goal(target, quarter, unit.pk)
        regrade = None
        if result is not None and result.status in grids.SUBMITTED_OR_LATER:
            status = standing(target, quarter, result.value, result.done, goal=own)
            if found:
                baseline = scope.goals.baseline(target, unit.pk)
                regrade = selectors.regraded(target, result, unit, quarter, found, baseline, (own, status))
        lines.append(
            {
                "unit": unit,
                "result": result,
                "status": status,
                "regrade": regrade,
                "goal": own.target,
                "carried": carried.get(unit.pk),
                "records_url": measures.records_url(target.measure_key, unit.pk, span.start, span.end)
                if target.measure_key
                else "",
            }
        )
    if request.GET.get("status"):
        lines = [line for line in lines if line["status"] == request.GET["status"]]
    chart = progress_chart(
        [
            Bar(
                quarter_label(n),
                row.cells[n].value,
                row.cells[n].status,
                row.cells[n].shown_goal.target,
            )
            for n in (1, 2, 3, 4)
        ],
        title=target.label_th,
        unit=target.unit_of_measure,
    )
    last_year = grids.last_year_values(plan, [target], [1, 2, 3, 4])
    year_chart = ""
    if last_year:
        year_chart = year_on_year_chart(
            [quarter_label(n) for n in (1, 2, 3, 4)],
            [row.cells[n].value for n in (1, 2, 3, 4)],
            [last_year.get((target.pk, n)) for n in (1, 2, 3, 4)],
            title=f"{target.label_th}: ปี {plan.year - 1} เทียบกับปี {plan.year}",
            years=(str(plan.year - 1), str(plan.year)),
            unit=target.unit_of_measure,
        )
    return render(
        request,
        "quarters/cell.html",
        {
            "plan": plan,
            "target": target,
            "quarter": quarter,
            "cells": row.cells,
            "this": row.cells[quarter],
            "lines": lines,
            "chart": mark_safe(chart),
            "year_chart": mark_safe(year_chart),
            "last_year": [(n, last_year.get((target.pk, n)), row.cells[n].value) for n in (1, 2, 3, 4)]
            if last_year
            else [],
        },
    )


@login_required
def national(request):
    """Head office: completeness and timeliness per region for one plan year and quarter."""
    if not access.can_see_nation(request.user):
        raise PermissionDenied
    years = sorted(set(Plan.objects.values_list("year", flat=True)), reverse=True)
    today = timezone.localdate()
    query = parse_period_query(request.GET, today=today, year=years[0] if years else None, quarter=1)
    year, quarter = query.year, query.quarter
    rows = grids.completeness_by_region(year, quarter)
    chart = percent_bars(
        [(r["region"].code, r["completeness"]) for r in rows], title=_("Completeness per region")
    )
    return render(
        request,
        "quarters/national.html",
        {
            "rows": rows,
            "year": year,
            "years": years,
            "quarter": quarter,
            "quarters": [1, 2, 3, 4],
            "chart": mark_safe(chart),
        },
    )


@login_required
@require_POST
def remind(request):
    """One click: e-mail the reporters of the units that have not reported the quarter."""
    _require_reviewer(request.user)
    try:
        plan, _plans = _chosen_plan(request)
    except NoPlan as exc:
        raise Http404 from exc
    quarter = parse_period_query(request.POST, today=timezone.localdate(), quarter=1).quarter
    sent = reminders.remind_missing(
        plan=plan, quarter=quarter, sender=request.user, today=timezone.localdate()
    )
    if sent.emails:
        messages.success(
            request,
            _("Reminders sent to %(people)s people in %(units)s units.")
            % {"people": sent.emails, "units": sent.units},
        )
    else:
        messages.info(
            request, _("Nobody to remind: every unit has reported, or has no reporter with an e-mail.")
        )
    return redirect(next_or(request, "/"))
