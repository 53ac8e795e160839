"""API serializers of the plan: units, plans and targets."""

from __future__ import annotations

from rest_framework import serializers

from .models import Plan, Target, Unit


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name_th",
            "name_en",
            "kind",
            "office_class",
            "parent",
            "region",
            "province",
            "is_active",
            "active_from",
            "active_to",
        ]


class TargetSerializer(serializers.ModelSerializer):
    activity_number = serializers.CharField(source="activity.number", read_only=True)
    objective = serializers.CharField(source="activity.workplan.objective.code", read_only=True)
    workplan = serializers.IntegerField(source="activity.workplan.number", read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "objective",
            "workplan",
            "activity_number",
            "order",
            "label_th",
            "label_en",
            "kind",
            "comparator",
            "value",
            "scale_min",
            "scale_max",
            "unit_of_measure",
            "scope",
            "segment",
            "segment_accounts",
            "frequency",
            "basis",
            "report_days",
            "consolidate_days",
            "rollup",
            "rollup_n",
            "measure_key",
        ]


class PlanSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.code", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "owner", "year", "start_month", "title_th", "title_en"]
