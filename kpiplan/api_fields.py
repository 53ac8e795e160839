"""API (DRF) fields that read dates with the one reading the forms and imports use: 2021-06-30 (ISO,
C.E.), 2564-06-30 (B.E.), 30/06/2564; offsets converted to Bangkok time. Output stays ISO 8601, C.E."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from rest_framework import serializers

from kpiplan.lib.thaidate import DateReadError, read_date, read_datetime

from .fields import Allowed, allowed_span


class ThaiDateField(serializers.DateField):
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
