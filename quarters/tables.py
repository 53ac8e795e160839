"""The review grids as the pages draw them: the progress grid (target x cumulative quarter) and the matrix
(unit x target). quarters/exports.py writes their data.

They are drawn in Python, a row at a time, not with django-tables2: a matrix page has 5,000 cells and the
table library spends ~100 µs on each (an accessor walk, a signature inspection, the column's attributes and a
template node per cell), twenty times what the cell itself costs. Everything a cell repeats — its status
labels, the link's pattern, the words "late" and "not reported" — is worked out once per page (``_Labels``).
The markup is the one django-tables2 drew (tests/quarters/test_grid_markup.py holds it to that).
"""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kpiplan.lib.periods import quarter_label
from kpiplan.templatetags_builtins import num, result_figure
from plans.models import Target
from quarters.templatetags.results import cell_figure

from .models import Result
from .scoring import Standing

_EMPTY = "—"  # what a cell with no value shows (django-tables2's default, kept)


def _link_pattern(name: str, *args) -> str:
    """A URL of the resolver with its open (None) integer arguments as ``{0}``, ``{1}``…: reversed once per page, then
    formatted per cell (a reverse() costs ~20 µs; a cell's whole markup less)."""
    marks = [987_654_321 + i for i in range(len(args))]
    url = reverse(name, args=[m if a is None else a for m, a in zip(marks, args, strict=True)])
    open_places = [mark for mark, arg in zip(marks, args, strict=True) if arg is None]
    for i, mark in enumerate(open_places):
        url = url.replace(str(mark), f"{{{i}}}")
    return url


def _text(value) -> str:
    """A cell's text as the template language would print it: escaped unless already safe; "—" for nothing."""
    if value is None or value == "":
        return _EMPTY
    return conditional_escape(value)


class _Labels:
    """The words every cell repeats, translated once per page in the language of the request."""

    def __init__(self):
        self.standing = {value: escape(str(label)) for value, label in Standing.choices}
        self.status = {value: escape(str(label)) for value, label in Result.Status.choices}
        self.reported = escape(_("reported"))
        self.not_reported = escape(_("not reported"))
        self.late = escape(_("late"))
        self.not_assigned = escape(_("not assigned"))


class GridTable:
    """Targets (grouped under their objective and workplan) x cumulative quarters, as ``{{ table.as_html }}``."""

    attrs_class = "grid progress-grid"

    def __init__(self, rows: list[dict], quarters: list[int], *, plan_id: int):
        self.rows = rows
        self.quarters = quarters
        self.plan_id = plan_id

    def _head(self) -> str:
        heads = [_("Activity"), _("Target"), *(quarter_label(n) for n in self.quarters)]
        return "".join(f"<th>{escape(str(h))}</th>" for h in heads)

    def _cell(self, cell, labels: _Labels, link: str, quarter: int, last_year: dict) -> str:
        if cell.value is not None:
            shown = escape(cell_figure(cell))
        else:
            shown = labels.reported if cell.status == Standing.REPORTED else labels.not_reported
        target = cell.shown_goal.target
        goal = f'<span class="g">/ {escape(num(target))}</span>' if target is not None else ""
        late = f' · <span class="late">{labels.late} {cell.late}</span>' if cell.late else ""
        if cell.carried:  # units' earlier cumulative figures counted in: said on the cell, never silently
            late += f' · <span class="carried" data-carried>{escape(cell.carried_label)}</span>'
        if cell.regrade:  # graded under an earlier revision whose goal has changed since: old -> new standing
            r = cell.regrade
            late += (
                f' · <span class="regrade" data-regrade>เป้าหมายปรับในฉบับที่ {r.changed_in}: '
                f"{labels.standing.get(r.old_status, '')} → {labels.standing.get(r.new_status, '')}</span>"
            )

        before = ""
        if quarter in last_year:  # last year's figure of the same target (its lineage), under this year's
            figure = last_year[quarter]
            before = f'<span class="ly">ปีที่แล้ว {_EMPTY if figure is None else escape(num(figure))}</span>'
        return (
            f'<td class="cell"><a class="gridcell st-{escape(str(cell.status))}" '
            f'href="{link.format(cell.target.pk)}" title="{labels.standing.get(cell.status, "")}">'
            f'<span class="v">{shown}</span> {goal}<span class="meta">{cell.submitted}/{cell.expected}{late}'
            f"</span>{before}</a></td>"
        )

    @cached_property
    def as_html(self) -> SafeString:
        labels = _Labels()
        links = {n: _link_pattern("quarters:cell", self.plan_id, None, n) for n in self.quarters}
        width = 2 + len(self.quarters)
        out = [
            f'<div class="table-wrap">\n<table class="{self.attrs_class}">\n  <thead><tr>{self._head()}</tr></thead>\n  <tbody>\n'
        ]
        objective = workplan = object()
        for i, record in enumerate(self.rows):
            if record["objective"] != objective:
                objective = record["objective"]
                out.append(
                    f'    <tr class="group objective-row"><th colspan="{width}">{_text(objective)}</th></tr>\n'
                )
            if record["workplan"] != workplan:
                workplan = record["workplan"]
                out.append(
                    f'    <tr class="group workplan-row"><th colspan="{width}">{_text(workplan)}</th></tr>\n'
                )
            label = record["label"]
            label_html = (
                _EMPTY
                if label in (None, "")
                else f'{escape(str(label))}<div class="muted small">{escape(str(record["goal_text"]))}</div>'
            )
            last_year = record.get("last_year", {})
            cells = "".join(
                self._cell(record["cells"][n], labels, links[n], n, last_year) for n in self.quarters
            )
            out.append(
                f'    <tr class="{"odd" if i % 2 else "even"}"><td>{_text(record["activity"])}</td>'
                f"<td>{label_html}</td>{cells}</tr>\n"
            )
        if not self.rows:
            out.append(
                f'    <tr><td colspan="{width}" class="muted">{escape(_("No target matches the filter."))}</td></tr>\n'
            )
        out.append("  </tbody>\n</table>\n</div>\n")
        return mark_safe("".join(out))


def matrix_head(target: Target) -> str:
    """A matrix column's head: the objective and activity number, and the target's own words (an activity such as
    3.3.2 has several targets), clamped to a few lines on the page with the whole label in the title."""
    return format_html(
        '<span class="mh-n">{} {}</span><span class="mh-l">{}</span>',
        target.activity.workplan.objective.code,
        target.activity.number,
        target.label,
    )


class MatrixTable:
    """Units x targets for one quarter: completeness, timeliness and each result's figure, as ``{{ table.as_html }}``."""

    def __init__(self, rows: list[dict], targets: list[Target]):
        self.rows = rows
        self.targets = targets

    def _head(self) -> str:
        heads = [
            f'<th class="sticky-col">{escape(_("Unit"))}</th>',
            f"<th>{escape(_('Completeness %'))}</th>",
            f"<th>{escape(_('On time %'))}</th>",
        ]
        heads += [
            f'<th title="{escape(str(t.label))}" class="mh">{matrix_head(t)}</th>' for t in self.targets
        ]
        return "".join(heads)

    @staticmethod
    def _cell(cells: dict, goals: dict, target_id: int, labels: _Labels, link: str) -> str:
        if target_id not in cells:
            return f'<td class="cell"><span class="muted" title="{labels.not_assigned}">·</span></td>'
        result = cells[target_id]
        goal = goals.get(target_id)  # the unit's own goal (per unit or office class, or its baseline)
        goal_note = f" · เป้าหมาย {escape(num(goal))}" if goal is not None else ""
        if result is None:
            return (
                f'<td class="cell"><span class="mcell st-not_reported" title="{labels.not_reported}{goal_note}">'
                "–</span></td>"
            )
        late = f'<span class="late" title="{labels.late}">!</span>' if result.on_time is False else ""
        status = result.status
        return (
            f'<td class="cell"><a class="mcell wf-{escape(status)}" href="{link.format(result.pk)}" '
            f'title="{labels.status.get(status) or escape(status)}{goal_note}">{escape(result_figure(result))}</a>'
            f"{late}</td>"
        )

    @cached_property
    def as_html(self) -> SafeString:
        labels = _Labels()
        link = _link_pattern("quarters:result", None)
        target_ids = [t.pk for t in self.targets]
        out = [
            '<div class="table-container">\n<table class="grid matrix">\n'
            f"<thead><tr>{self._head()}</tr></thead>\n<tbody>\n"
        ]
        for i, record in enumerate(self.rows):
            cells, goals = record["cells"], record.get("goals", {})
            completeness, timeliness = record["completeness"], record["timeliness"]
            out.append(
                f'<tr class="{"odd" if i % 2 else "even"}">'
                f'<td class="sticky-col"><strong>{escape(str(record["unit"].code))}</strong></td>'
                f'<td class="num">{_EMPTY if completeness is None else escape(num(completeness))}</td>'
                f'<td class="num">{_EMPTY if timeliness is None else escape(num(timeliness))}</td>'
                + "".join(self._cell(cells, goals, t, labels, link) for t in target_ids)
                + "</tr>\n"
            )
        out.append("</tbody>\n</table>\n</div>\n")
        return mark_safe("".join(out))
