from datetime import date

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from kpiplan.lib.thaidate import thai_date
from kpiplan.templatetags_builtins import num
from plans.models import Target
from quarters.models import Result
from quarters.scoring import Standing

register = template.Library()


@register.filter
def standing_label(code):
    """ "behind" -> the translated label of a status."""
    try:
        return Standing(code).label
    except ValueError:
        return code


# History entries that are not fields of a result.
HISTORY_LABELS = {"comment": "ความเห็น", "action": "การแก้ไข (แผนแก้ไข)"}


ENTRY_STATE_LABELS = {
    "": _lazy("All targets"),
    "unfilled": _lazy("Not filled yet"),
    "draft": _lazy("Drafts"),
    "returned": _lazy("Returned"),
}


@register.filter
def entry_state_label(state):
    """A quarter form row's state (``selectors.entry_state``) as the switch names it."""
    return ENTRY_STATE_LABELS.get(state, state)


@register.filter
def field_label(name):
    """A result field's name as its form labels it."""
    if name == "evidence":
        return _("Evidence")
    if name in HISTORY_LABELS:
        return HISTORY_LABELS[name]
    try:
        return Result._meta.get_field(name).verbose_name
    except Exception:
        return name


@register.filter
def change_value(value, name):
    """A value of a result's history as people read it: a workflow step by its name, a date in B.E., done /
    not done, a number without trailing zeros; "—" for nothing."""
    if value in (None, ""):
        return "—"
    if name == "status":
        try:
            return Result.Status(value).label
        except ValueError:
            return value
    if name == "done" or isinstance(value, bool):
        return _("done") if value else _("not done")
    if name == "letter_date":
        try:
            return thai_date(date.fromisoformat(value))
        except (TypeError, ValueError):
            return value
    if name in VALUE_NUMBERS:
        return num(value)
    return value


VALUE_NUMBERS = {"value", "numerator", "denominator", "measured_value"}


@register.filter
def cell_figure(cell):
    """A grid cell's figure as people read it: a milestone by how many units have done it ("ดำเนินการแล้ว 8
    หน่วยงาน", or "ดำเนินการแล้ว" for the region's own), any other target by its number; "" when none."""
    value = cell.value
    if value is None:
        return ""
    if cell.target.kind == Target.Kind.MILESTONE:
        if cell.rolled.value is None:  # the region's own result: done, or not
            return _("done") if value else _("not done")
        return ngettext("done by %(n)s unit", "done by %(n)s units", int(value)) % {"n": num(value)}
    return num(value)
