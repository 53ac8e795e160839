"""Fields and filters that turn what the database cannot hold into a 400 on the field, never a failing query."""

from __future__ import annotations

from django import forms
from django_filters import rest_framework as filters
from rest_framework import serializers


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
