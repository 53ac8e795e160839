"""Form widgets: a 1,000-office select rendered in one pass, not a template per option; Thai date inputs;
numbers without trailing zeros."""

from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.utils.html import format_html, format_html_join

from kpiplan.lib.periods import BE_OFFSET


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs or {})
        current = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(v), " selected" if str(v) == current else "", label) for v, label in self.choices),
        )
        attrs_html = format_html_join(
            "", ' {}="{}"', ((k, v) for k, v in final.items() if v not in (None, False))
        )
        return format_html('<select name="{}"{}>{}</select>', name, attrs_html, options)


class ThaiDateInput(forms.TextInput):
    """A date typed as Thai people write it, shown as 30/06/2564 (B.E.). Not ``<input type=date>``: the
    browser would refuse that value and send the field back empty."""

    with_time = False

    def __init__(self, attrs=None):
        defaults = {"placeholder": "วว/ดด/ปปปป", "autocomplete": "off", "class": "thai-date", "size": 12}
        if self.with_time:
            defaults |= {"placeholder": "วว/ดด/ปปปป ชช:นน", "size": 17}
        super().__init__(defaults | (attrs or {}))

    def format_value(self, value):
        if isinstance(value, datetime):
            return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET} {value:%H:%M}"
        if isinstance(value, date):
            return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
        return super().format_value(value)  # what the person typed, shown back as typed


class ThaiDateTimeInput(ThaiDateInput):
    """A date and time, shown as 30/06/2564 14:30 (Bangkok time)."""

    with_time = True


class NumberInput(forms.TextInput):
    """A stored number shown as people write it: 2, 92.5 (not 2.0000, the database's four places); what the
    person typed is shown back as typed."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return super().format_value(value)
