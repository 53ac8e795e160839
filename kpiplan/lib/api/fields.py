"""Fields and filters that turn what the database cannot hold into a 400 on the field, never a failing query;
dates read with the one reading the forms and imports use."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django_filters import rest_framework as filters
from rest_framework import serializers

from kpiplan.lib.thaidate import Allowed, DateReadError, allowed_span, read_date, read_datetime


class CodeField(serializers.SlugRelatedField):
    """A related object by its code; text the database cannot hold (a NUL character) is refused as invalid."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class IdFilter(filters.NumberFilter):
    """A row id: a whole number in the database's range (a larger one is a 400, not a failing query)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**31 - 1, **kwargs)


class ThaiDateField(serializers.DateField):
    """A date as the forms and imports read it: 2021-06-30 (ISO, C.E.), 2564-06-30 (B.E.), 30/06/2564.
    ``allowed``: the days it may fall on (the plan's years). Output stays ISO 8601, C.E."""

    def __init__(self, *, allowed: Allowed = None, **kwargs):
        self.allowed = allowed
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if isinstance(value, datetime):
            self.fail("datetime")
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DD")
        try:
            day = read_date(value, allowed=allowed_span(self.allowed))
        except DateReadError as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from exc
        if day is None:
            self.fail("invalid", format="YYYY-MM-DD")
        return day


class ThaiDateTimeField(serializers.DateTimeField):
    """A moment read like ThaiDateField; an offset is converted to Bangkok time, none means Bangkok time."""

    def __init__(self, *, allowed: Allowed = None, **kwargs):
        self.allowed = allowed
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DDThh:mm[:ss][+HH:MM]")
        try:
            moment = read_datetime(
                value, allowed=allowed_span(self.allowed), tz=timezone.get_current_timezone()
            )
        except DateReadError as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from exc
        if moment is None:
            self.fail("invalid", format="YYYY-MM-DDThh:mm[:ss][+HH:MM]")
        return moment
