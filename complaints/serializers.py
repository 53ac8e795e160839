"""API serializers of complaints."""

from __future__ import annotations

from rest_framework import serializers

from kpiplan.lib.api.fields import CodeField, ThaiDateTimeField
from plans.models import Unit
from plans.selectors import plan_years_span

from .models import Complaint, ComplaintType


class ComplaintSerializer(serializers.ModelSerializer):
    # Dates as the import reads them, held to the plan's years as the import holds them.
    received_at = ThaiDateTimeField(allowed=plan_years_span)
    closed_at = ThaiDateTimeField(required=False, allow_null=True, allowed=plan_years_span)
    unit = CodeField(slug_field="code", queryset=Unit.objects.all())
    type = CodeField(slug_field="code", queryset=ComplaintType.objects.all())

    class Meta:
        model = Complaint
        fields = [
            "reference",
            "received_at",
            "channel",
            "unit",
            "type",
            "urgent",
            "description",
            "contact_name",
            "contact_phone",
            "status",
            "closed_at",
            "resolution",
            "voc_reference",
            "due_at",
        ]
        read_only_fields = ["due_at"]
        extra_kwargs = {"reference": {"validators": []}}
