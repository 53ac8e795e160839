"""Form fields that read what a person types the way the importers read a file: one reading of Thai dates
(``kpiplan.lib.thaidate``) and numbers (``kpiplan.lib.thainumbers``) for every form of every app.

``allowed`` is the span of days a date may fall on, or a callable that returns it (read when the form is
cleaned, so that a form class can name the plan's years without a query at import time). Record forms
(complaints, VOC, key accounts) leave it open: a complaint received today is a record even before this
year's plan is loaded; imports and the API's bulk endpoints hold dates to the plan's years, where a
misread (2564 taken as C.E., 64 as 2064) would otherwise pass unseen. Without a span a two-digit year is
refused as ambiguous: the person types four digits.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from kpiplan.lib.thaidate import Allowed, DateReadError, allowed_span, read_date, read_datetime, read_month
from kpiplan.lib.thainumbers import NumberReadError, read_decimal

from .widgets import NumberInput, ThaiDateInput, ThaiDateTimeInput


class ThaiDateField(forms.DateField):
    """30/06/2564, 30 มิ.ย. 2564, 2564-06-30 (B.E.) or 2021-06-30 (C.E.): one day, or a Thai message."""

    widget = ThaiDateInput

    def __init__(self, *, allowed: Allowed = None, **kwargs):
        self.allowed = allowed
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return read_date(value, allowed=allowed_span(self.allowed))
        except DateReadError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


class ThaiDateTimeField(forms.DateTimeField):
    """A date and time (Bangkok time unless an offset is typed), read like ThaiDateField."""

    widget = ThaiDateTimeInput

    def __init__(self, *, allowed: Allowed = None, **kwargs):
        self.allowed = allowed
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return read_datetime(
                value, allowed=allowed_span(self.allowed), tz=timezone.get_current_timezone()
            )
        except DateReadError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


class ThaiDecimalField(forms.DecimalField):
    """A number as people type it: Thai digits, thousands commas, a decimal comma (4,5), never "4,5" -> 45.

    A text input (``inputmode=decimal``): a number input would refuse "1,234" and Thai digits in the browser.
    """

    widget = NumberInput

    def widget_attrs(self, widget):
        return {"inputmode": "decimal"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return read_decimal(value, max_digits=self.max_digits, decimal_places=self.decimal_places)
        except NumberReadError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


class ThaiDateFilter(django_filters.DateFilter):
    """A list filter's date, typed and read like ThaiDateField (the page and the API share the filter)."""

    field_class = ThaiDateField


class MonthPeriodsField(forms.CharField):
    """Sub-periods of a plan year as months: "1-3, 4-12", "ม.ค.-มี.ค., เม.ย.-ธ.ค." or "2" -> [[1, 3], [4, 12]].

    Overlaps are the model's to refuse (it knows the plan year's first month)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in value)
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return []
        periods = []
        for part in text.replace("，", ",").split(","):
            ends = [read_month(e) for e in part.strip().split("-") if e.strip()]
            if len(ends) == 1:
                ends = ends * 2
            if len(ends) != 2 or None in ends:
                raise ValidationError(
                    "อ่านช่วงเดือน %(part)r ไม่ได้: เขียนเป็นเลขเดือน 1-12 เช่น 1-3, 4-12 หรือ ม.ค.-มี.ค."
                    % {"part": part.strip()},
                    code="invalid",
                )
            periods.append(ends)
        return periods
