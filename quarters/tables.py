"""The review grids as django-tables2 tables: rendered on the page and exported with the same values."""

from __future__ import annotations

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kpiplan.templatetags_builtins import num
from plans.models import Target

from .scoring import Standing


def _goal_text(target: Target, goal) -> str:
    if goal.target is None:
        return ""
    return f"{target.get_comparator_display()} {num(goal.target)} {target.unit_of_measure}".strip()


class QuarterColumn(tables.Column):
    """One cumulative quarter of the progress grid: value against goal, status colour, completeness."""

    def __init__(self, quarter: int, **kwargs):
        self.quarter = quarter
        label = "Q1" if quarter == 1 else f"Q1-{quarter}"
        super().__init__(
            verbose_name=label, accessor="target", orderable=False, attrs={"td": {"class": "cell"}}, **kwargs
        )

    def render(self, record):
        cell = record["cells"][self.quarter]
        return render_to_string("quarters/_partials/grid_cell.html", {"cell": cell, "q": self.quarter})

    def value(self, record):
        cell = record["cells"][self.quarter]
        value = num(cell.value) if cell.value is not None else "ยังไม่รายงาน"
        return f"{value} | {_goal_text(cell.target, cell.goal)} | {Standing(cell.status).label} | {cell.submitted}/{cell.expected}"


class GridTable(tables.Table):
    objective = tables.Column(verbose_name=_("Objective"), accessor="objective", orderable=False)
    workplan = tables.Column(verbose_name=_("Workplan"), accessor="workplan", orderable=False)
    activity = tables.Column(verbose_name=_("Activity"), accessor="activity", orderable=False)
    label = tables.Column(verbose_name=_("Target"), accessor="label", orderable=False)

    class Meta:
        template_name = "quarters/_partials/grouped_table.html"
        attrs = {"class": "grid progress-grid"}

    def __init__(self, rows, quarters, **kwargs):
        extra = [(f"q{n}", QuarterColumn(n)) for n in quarters]
        super().__init__(rows, extra_columns=extra, **kwargs)

    def render_label(self, record):
        return format_html('{}<div class="muted small">{}</div>', record["label"], record["goal_text"])


class MatrixColumn(tables.Column):
    def __init__(self, target: Target, **kwargs):
        self.target = target
        super().__init__(
            verbose_name=target.activity.number,
            accessor="unit",
            orderable=False,
            attrs={"th": {"title": target.label_th}, "td": {"class": "cell"}},
            **kwargs,
        )

    def render(self, record):
        if self.target.pk not in record["cells"]:
            return format_html('<span class="muted" title="{}">·</span>', _("not assigned"))
        result = record["cells"][self.target.pk]
        return render_to_string(
            "quarters/_partials/matrix_cell.html",
            {"result": result, "target": self.target, "quarter": record["quarter"]},
        )

    def value(self, record):
        if self.target.pk not in record["cells"]:
            return ""
        result = record["cells"][self.target.pk]
        if result is None:
            return "ยังไม่รายงาน"
        figure = (
            num(result.value)
            if result.value is not None
            else ({True: "ดำเนินการแล้ว", False: "ยังไม่แล้วเสร็จ"}.get(result.done, ""))
        )
        return f"{figure} ({result.get_status_display()})"


class MatrixTable(tables.Table):
    unit = tables.Column(
        verbose_name=_("Unit"),
        accessor="unit",
        orderable=False,
        attrs={"td": {"class": "sticky-col"}, "th": {"class": "sticky-col"}},
    )
    completeness = tables.Column(
        verbose_name=_("Completeness %"),
        accessor="completeness",
        orderable=False,
        attrs={"td": {"class": "num"}},
    )
    timeliness = tables.Column(
        verbose_name=_("On time %"), accessor="timeliness", orderable=False, attrs={"td": {"class": "num"}}
    )

    class Meta:
        attrs = {"class": "grid matrix"}
        template_name = "django_tables2/table.html"

    def __init__(self, rows, targets, **kwargs):
        super().__init__(rows, extra_columns=[(f"t{t.pk}", MatrixColumn(t)) for t in targets], **kwargs)

    def render_unit(self, value):
        return format_html("<strong>{}</strong>", value.code)

    def value_unit(self, value):
        return f"{value.code} {value.name_th}"

    def render_completeness(self, value):
        return "—" if value is None else num(value)

    def render_timeliness(self, value):
        return "—" if value is None else num(value)
