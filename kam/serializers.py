"""API serializers of key-account activities."""

from __future__ import annotations

from rest_framework import serializers

from kpiplan.lib.api.fields import ThaiDateField
from plans.selectors import plan_years_span

from .models import Activity as KamActivity
from .models import ExecLevel, Kind


class KamActivitySerializer(serializers.ModelSerializer):
    # The account by its customer number, read and written (an activity has no such field of its own).
    customer_number = serializers.CharField(max_length=30, source="account.customer_number")
    kind = serializers.ChoiceField(choices=Kind.choices)
    exec_level = serializers.ChoiceField(choices=ExecLevel.choices, required=False, allow_blank=True)
    date = ThaiDateField(allowed=plan_years_span)  # as the import reads it

    class Meta:
        model = KamActivity
        fields = [
            "external_id",
            "customer_number",
            "kind",
            "exec_level",
            "date",
            "participants",
            "notes",
            "voc_reference",
        ]
        extra_kwargs = {"external_id": {"validators": [], "required": True, "allow_null": False}}
