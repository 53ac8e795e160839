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
        # read: an activity logged on its page has no id of another system (null)
        extra_kwargs = {"external_id": {"validators": [], "read_only": True}}


class KamActivityWriteSerializer(KamActivitySerializer):
    """What a bulk write sends: every activity by its id in the other system (the key a re-send meets)."""

    external_id = serializers.CharField(max_length=80)

    class Meta(KamActivitySerializer.Meta):
        extra_kwargs = {}
