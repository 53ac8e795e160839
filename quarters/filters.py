"""Filters of the review grids (django-filter), for the pages and the API. Choices come from what the page has
already loaded."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpiplan.lib.periods import quarter_label_lazy
from kpiplan.widgets import FastSelect
from plans.models import Target
from plans.selectors import group_members

from . import grids
from .scoring import Standing
from .selectors import default_quarter

QUARTER_CHOICES = [(n, quarter_label_lazy(n)) for n in (1, 2, 3, 4)]
BASIS_CHOICES = [("accepted", _("Accepted results only")), ("submitted", _("Everything submitted"))]


def groups_of(targets) -> list:
    """The unit groups the targets are assigned to (or led by), for the group filter."""
    seen = {}
    for target in targets:
        for group in [*target.assigned_groups.all(), *target.activity.lead_groups.all()]:
            seen.setdefault(group.pk, group)
    return sorted(seen.values(), key=lambda g: g.code)


class PlanRows:
    """What the grid and the matrix filters share: the target rows kept by the SQL filters, and the units whose
    results count (one unit, a group's members, or the whole region)."""

    ROW_FILTERS: tuple[str, ...] = ("workplan",)  # the filters of target rows, run in SQL

    def targets(self, loaded: list[Target]) -> list[Target]:
        """The rows shown: the targets the SQL filters keep, taken from those the page has loaded (with their
        assignments) so that a filter costs one query of ids, not a second load of the plan."""
        data = cleaned(self)
        if not any(data.get(name) for name in self.ROW_FILTERS):
            return loaded
        kept = set(self.qs.values_list("pk", flat=True))
        return [t for t in loaded if t.pk in kept]

    def unit_ids(self) -> set[int] | None:
        """The units whose results the grid sums: one unit, a group's members, or (None) the whole region."""
        data = cleaned(self)
        if data.get("unit"):
            return {data["unit"]}
        if data.get("group"):
            group = self.groups.get(data["group"])
            return group_members(group, self.units) if group else set()
        return None


class GridFilter(PlanRows, django_filters.FilterSet):
    """The plan progress grid, for the page, its exports and the API: which target rows, filtered in SQL on
    the plan's targets (objective, workplan, text, and the status or lateness of a row's cell at the quarter),
    which units' values (``unit`` or ``group``: the scope), judged at which quarter."""

    ROW_FILTERS = ("objective", "workplan", "q", "status", "late")

    plan = django_filters.ChoiceFilter(label=_("Plan year"), empty_label=None, method="keep")
    objective = django_filters.ChoiceFilter(
        label=_("Objective"), empty_label="—", field_name="activity__workplan__objective_id"
    )
    workplan = django_filters.ChoiceFilter(
        label=_("Workplan"), empty_label="—", field_name="activity__workplan_id"
    )
    unit = django_filters.ChoiceFilter(label=_("Unit"), empty_label="—", method="keep", widget=FastSelect)
    group = django_filters.ChoiceFilter(label=_("Unit group"), empty_label="—", method="keep")
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter (for status and late)"), choices=QUARTER_CHOICES, empty_label=None, method="keep"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Standing.choices, empty_label="—", method="filter_status"
    )
    late = django_filters.BooleanFilter(
        label=_("Late units only"), widget=forms.CheckboxInput, method="filter_late"
    )
    basis = django_filters.ChoiceFilter(
        label=_("Values from"), choices=BASIS_CHOICES, empty_label=None, method="keep"
    )
    q = django_filters.CharFilter(label=_("Text"), method="filter_text")

    class Meta:
        model = Target
        fields = []

    @classmethod
    def for_plan(cls, data, *, plan, plans, targets, region_units, today) -> GridFilter:
        """The filter of one plan's grid, its choices taken from the targets and units already loaded (the page
        and the API build it the same way); ``today`` judges lateness."""
        workplans = sorted(
            {t.activity.workplan for t in targets}, key=lambda w: (w.objective.order, w.number)
        )
        return cls(
            data,
            plans=plans,
            objectives=sorted({w.objective for w in workplans}, key=lambda o: o.order),
            workplans=workplans,
            units=region_units,
            groups=groups_of(targets),
            queryset=Target.objects.filter(activity__workplan__objective__perspective__plan=plan),
            plan=plan,
            loaded=targets,
            today=today,
        )

    def __init__(
        self, data=None, *, plans, objectives, workplans, units, groups, plan, loaded, today, **kwargs
    ):
        super().__init__(data, **kwargs)
        self.groups = {g.pk: g for g in groups}
        self.units = units
        self.plan, self.loaded, self.today = plan, loaded, today
        self._scope = self._cells = None
        f = self.form.fields
        f["plan"].choices = [(p.pk, f"{p.year} · {p.owner.code}") for p in plans]
        f["objective"].choices = [(o.pk, o.code) for o in objectives]
        f["workplan"].choices = [(w.pk, f"{w.objective.code} · {w.number} {w.title}") for w in workplans]
        f["unit"].choices = [(u.pk, f"{u.code} {u.name_th}") for u in units]
        f["group"].choices = [(g.pk, g.name) for g in groups]

    def keep(self, queryset, name, value):
        # Not a filter of the target rows: read through ``cleaned``, ``unit_ids`` and ``rows``.
        return queryset

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(activity__number__icontains=value)
            | Q(label_th__icontains=value)
            | Q(label_en__icontains=value)
            | Q(activity__title_th__icontains=value)
        )

    @property
    def chosen_quarter(self) -> int:
        """The quarter the status and late filters (and the page's heading) are about."""
        return cleaned(self).get("quarter") or default_quarter(self.plan, self.today)

    @property
    def chosen_basis(self) -> str:
        return cleaned(self).get("basis") or "accepted"

    def scope(self) -> grids.Scope:
        """The units whose results count, over every loaded target: built once, so that the page's grid (a
        narrower scope of the rows kept) reuses its assignments and the units' own goals."""
        if self._scope is None:
            self._scope = grids.scope_for(
                self.plan, self.unit_ids(), targets=self.loaded, region_units=self.units
            )
        return self._scope

    def _cells_at_quarter(self) -> dict:
        """Target id -> its cell at the quarter. A status is a roll-up judged against goals the plan derives
        per unit (scoring.py), so the filter reads the grid's own SQL aggregates for that one quarter and
        judges them by the same rules as the cell colours; the rows are then kept in SQL by id."""
        if self._cells is None:
            rows = grids.plan_grid(
                self.scope(), [self.chosen_quarter], basis=self.chosen_basis, today=self.today
            )
            self._cells = {row.target.pk: row.cells[self.chosen_quarter] for row in rows}
        return self._cells

    def filter_status(self, queryset, name, value):
        return queryset.filter(pk__in=[pk for pk, c in self._cells_at_quarter().items() if c.status == value])

    def filter_late(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=[pk for pk, c in self._cells_at_quarter().items() if c.late])


class MatrixFilter(PlanRows, django_filters.FilterSet):
    """The unit x target matrix: which targets (workplan, in SQL), which units (group, or not fully reported)."""

    plan = django_filters.ChoiceFilter(label=_("Plan year"), empty_label=None, method="keep")
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"), choices=QUARTER_CHOICES, empty_label=None, method="keep"
    )
    workplan = django_filters.ChoiceFilter(
        label=_("Workplan"), empty_label="—", field_name="activity__workplan_id"
    )
    group = django_filters.ChoiceFilter(label=_("Unit group"), empty_label="—", method="keep")
    missing = django_filters.BooleanFilter(
        label=_("Units not fully reported only"), widget=forms.CheckboxInput, method="keep"
    )
    overdue = django_filters.BooleanFilter(
        label=_("Units past their deadline only"), widget=forms.CheckboxInput, method="keep"
    )

    class Meta:
        model = Target
        fields = []

    def __init__(self, data=None, *, plans, workplans, groups, units, **kwargs):
        super().__init__(data, **kwargs)
        self.groups = {g.pk: g for g in groups}
        self.units = units
        f = self.form.fields
        f["plan"].choices = [(p.pk, f"{p.year} · {p.owner.code}") for p in plans]
        f["workplan"].choices = [(w.pk, f"{w.objective.code} · {w.number} {w.title}") for w in workplans]
        f["group"].choices = [(g.pk, g.name) for g in groups]

    def keep(self, queryset, name, value):
        return queryset


def cleaned(filterset) -> dict:
    """The filter values, with ids and quarters as numbers; {} when the form is not valid."""
    if not filterset.is_valid():
        return {}
    data = dict(filterset.form.cleaned_data)
    for name in ("plan", "objective", "workplan", "unit", "group", "quarter"):
        if data.get(name) not in (None, ""):
            data[name] = int(data[name])
        else:
            data[name] = None
    return data
