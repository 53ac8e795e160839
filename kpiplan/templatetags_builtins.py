"""Template filters available in every template (registered as builtins in settings)."""

import re
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kpiplan.lib.periods import quarter_label
from kpiplan.lib.tabular import MAX_ERRORS, import_limits
from kpiplan.lib.thaidate import thai_date

register = template.Library()


@register.filter
def thdate(value, style="short"):
    """{{ day|thdate }} -> "1 เม.ย. 2564"; {{ day|thdate:"long" }}; {{ moment|thdate:"time" }}."""
    if style == "time":
        return thai_date(value, with_time=True)
    return thai_date(value, style=style)


@register.simple_tag
def import_limits_text() -> str:
    """The import pages state how big a file may be: its size and its rows (settings)."""
    size, rows = import_limits()
    return f"ไฟล์หนึ่งไม่เกิน {size // (1024 * 1024)} เมกะไบต์ และไม่เกิน {rows:,} แถว (ใหญ่กว่านั้น: แบ่งเป็นหลายไฟล์)"


@register.simple_tag
def import_error_cap() -> int:
    """How many problems of a refused file the import pages list."""
    return MAX_ERRORS


@register.filter
def quarter(number, year=None):
    """{{ 2|quarter }} -> "ไตรมาส 1-2"; {{ 2|quarter:plan.year }} -> "ไตรมาส 1-2/2564" (a number, or "2" from a
    loop). The one name of a cumulative quarter on a page (Q1-2 in English)."""
    if number in (None, ""):
        return ""
    return quarter_label(int(number), year or None)


@register.filter
def num(value, places=None):
    """A Decimal without trailing zeros and with thousands separators: 12.5000 -> "12.5", 3000 -> "3,000"."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-int(places)))
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def period_label(activity, plan_year):
    """{{ activity|period_label:plan_year }} -> "ม.ค.-ธ.ค.2564"."""
    return activity.period_label(plan_year)


@register.filter
def goal_at(target, quarter):
    """The target a cumulative Q1..Qn figure is held against, as a plain number for data attributes."""
    value = target.target_for(int(quarter))
    return "" if value is None else f"{value.normalize():f}"


@register.filter
def plain_num(value):
    """A Decimal as a plain number for data attributes ("" for none)."""
    return "" if value is None else f"{value.normalize():f}"


@register.filter
def expected_at(target, quarter):
    value = target.expected_by(int(quarter))
    return "" if value is None else f"{value.normalize():f}"


@register.filter
def result_figure(result):
    """A result's figure as people read it: the value (n/d for percentages), or done / not done."""
    if result is None:
        return "—"
    if result.done is not None and result.value is None:
        return _("done") if result.done else _("not done")
    if result.value is None:
        return "—"
    text = num(result.value)
    if result.numerator is not None and result.denominator:
        text += f" ({num(result.numerator)}/{num(result.denominator)})"
    return text


_REFERENCE = re.compile(r"([\d-]+/\d{4})")


@register.filter(needs_autoescape=True)
def keep_refs(text, autoescape=True):
    """Keep letter numbers such as "800/2564" on one line when printed."""
    escaped = conditional_escape(text) if autoescape else str(text)
    return mark_safe(_REFERENCE.sub(r'<span class="nw">\1</span>', str(escaped)))


@register.filter
def board_cell(cells, segment):
    """{{ row.cells|board_cell:"Star"|get_item:"FMS" }}: the board's cells are keyed by (segment, kind)."""
    return {kind: cell for (seg, kind), cell in cells.items() if seg == segment}


@register.filter
def person(user):
    """A user as people read it: full name, else username, else a dash."""
    if user is None:
        return "—"
    return user.display_name


@register.simple_tag(takes_context=True)
def refusal(context) -> str:
    """Placed where a page shows why something was not saved (the error box, a field's error): marks the request
    as refused, so that a POST answered with this page carries HTTP 400 rather than 200
    (kpiplan.middleware.RefusalStatusMiddleware). Prints nothing."""
    request = context.get("request")
    if request is not None:
        request.kpiplan_refused = True
    return ""
