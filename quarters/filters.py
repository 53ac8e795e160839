"""Filters of the review grids (django-filter). Choices come from what the page has already loaded."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from kpiplan.lib.periods import quarter_label_lazy
from kpiplan.widgets import FastSelect

from .scoring import Standing

QUARTER_CHOICES = [(n, quarter_label_lazy(n)) for n in (1, 2, 3, 4)]
BASIS_CHOICES = [("accepted", _("Accepted results only")), ("submitted", _("Everything submitted"))]


class GridFilter(django_filters.FilterSet):
    """The plan progress grid: which rows, which units' values, judged at which quarter."""

    plan = django_filters.ChoiceFilter(label=_("Plan year"), empty_label=None, method="keep")
    objective = django_filters.ChoiceFilter(label=_("Objective"), empty_label="—", method="keep")
    workplan = django_filters.ChoiceFilter(label=_("Workplan"), empty_label="—", method="keep")
    unit = django_filters.ChoiceFilter(label=_("Unit"), empty_label="—", method="keep", widget=FastSelect)
    group = django_filters.ChoiceFilter(label=_("Unit group"), empty_label="—", method="keep")
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter (for status and late)"), choices=QUARTER_CHOICES, empty_label=None, method="keep"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Standing.choices, empty_label="—", method="keep"
    )
    late = django_filters.BooleanFilter(label=_("Late units only"), widget=forms.CheckboxInput, method="keep")
    basis = django_filters.ChoiceFilter(
        label=_("Values from"), choices=BASIS_CHOICES, empty_label=None, method="keep"
    )
    q = django_filters.CharFilter(label=_("Text"), method="keep")

    def __init__(self, data=None, *, plans, objectives, workplans, units, groups, **kwargs):
        super().__init__(data, **kwargs)
        f = self.form.fields
        f["plan"].choices = [(p.pk, f"{p.year} · {p.owner.code}") for p in plans]
        f["objective"].choices = [(o.pk, o.code) for o in objectives]
        f["workplan"].choices = [(w.pk, f"{w.objective.code} · {w.number} {w.title}") for w in workplans]
        f["unit"].choices = [(u.pk, f"{u.code} {u.name_th}") for u in units]
        f["group"].choices = [(g.pk, g.name) for g in groups]

    def keep(self, queryset, name, value):
        # The grid is filtered after it is computed (see views.grid); the FilterSet gives form and validation.
        return queryset


class MatrixFilter(django_filters.FilterSet):
    plan = django_filters.ChoiceFilter(label=_("Plan year"), empty_label=None, method="keep")
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"), choices=QUARTER_CHOICES, empty_label=None, method="keep"
    )
    workplan = django_filters.ChoiceFilter(label=_("Workplan"), empty_label="—", method="keep")
    group = django_filters.ChoiceFilter(label=_("Unit group"), empty_label="—", method="keep")
    missing = django_filters.BooleanFilter(
        label=_("Units not fully reported only"), widget=forms.CheckboxInput, method="keep"
    )

    def __init__(self, data=None, *, plans, workplans, groups, **kwargs):
        super().__init__(data, **kwargs)
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
