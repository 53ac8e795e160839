"""The review grids as django-tables2 tables, as the pages draw them (quarters/exports.py writes their data)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kpiplan.lib.periods import quarter_label_lazy
from kpiplan.templatetags_builtins import num, result_figure
from plans.models import Target
from quarters.templatetags.results import cell_figure

from .scoring import Standing


class QuarterColumn(tables.Column):
    """One cumulative quarter of the progress grid: value against goal, status colour, completeness."""

    def __init__(self, quarter: int, **kwargs):
        self.quarter = quarter
        label = quarter_label_lazy(quarter)
        super().__init__(
            verbose_name=label, accessor="target", orderable=False, attrs={"td": {"class": "cell"}}, **kwargs
        )

    def render(self, record):
        # format_html, not a template per cell: a national grid has 400 cells and a matrix thousands.
        cell = record["cells"][self.quarter]
        target = cell.target
        url = reverse(
            "quarters:cell",
            args=[target.activity.workplan.objective.perspective.plan_id, target.pk, self.quarter],
        )
        if cell.value is not None:
            shown = cell_figure(cell)
        else:
            shown = _("reported") if cell.status == Standing.REPORTED else _("not reported")
        goal = (
            format_html('<span class="g">/ {}</span>', num(cell.goal.target))
            if cell.goal.target is not None
            else ""
        )
        late = format_html(' · <span class="late">{} {}</span>', _("late"), cell.late) if cell.late else ""
        last_year = record.get("last_year", {})
        before = (
            format_html(
                '<span class="ly">ปีที่แล้ว {}</span>',
                num(last_year[self.quarter]) if last_year[self.quarter] is not None else "—",
            )
            if self.quarter in last_year
            else ""
        )
        return format_html(
            '<a class="gridcell st-{}" href="{}" title="{}"><span class="v">{}</span> {}'
            '<span class="meta">{}/{}{}</span>{}</a>',
            cell.status,
            url,
            Standing(cell.status).label,
            shown,
            goal,
            cell.submitted,
            cell.expected,
            late,
            before,
        )


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


def matrix_head(target: Target) -> str:
    """A matrix column's head: the objective and activity number, and the target's own words (an activity such as
    3.3.2 has several targets), clamped to a few lines on the page with the whole label in the title."""
    return format_html(
        '<span class="mh-n">{} {}</span><span class="mh-l">{}</span>',
        target.activity.workplan.objective.code,
        target.activity.number,
        target.label,
    )


class MatrixColumn(tables.Column):
    def __init__(self, target: Target, **kwargs):
        self.target = target
        super().__init__(
            verbose_name=matrix_head(target),
            accessor="unit",
            orderable=False,
            attrs={"th": {"title": target.label, "class": "mh"}, "td": {"class": "cell"}},
            **kwargs,
        )

    def render(self, record):
        if self.target.pk not in record["cells"]:
            return format_html('<span class="muted" title="{}">·</span>', _("not assigned"))
        result = record["cells"][self.target.pk]
        goal = record.get("goals", {}).get(self.target.pk)
        goal_note = format_html(" · เป้าหมาย {}", num(goal)) if goal is not None else ""
        if result is None:
            return format_html(
                '<span class="mcell st-not_reported" title="{}{}">–</span>', _("not reported"), goal_note
            )
        late = (
            format_html('<span class="late" title="{}">!</span>', _("late"))
            if result.on_time is False
            else ""
        )
        return format_html(
            '<a class="mcell wf-{}" href="{}" title="{}{}">{}</a>{}',
            result.status,
            reverse("quarters:result", args=[result.pk]),
            result.get_status_display(),
            goal_note,
            result_figure(result),
            late,
        )


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

    def render_completeness(self, value):
        return "—" if value is None else num(value)

    def render_timeliness(self, value):
        return "—" if value is None else num(value)
