"""API serializers of VOC records and satisfaction survey responses."""

from __future__ import annotations

from rest_framework import serializers

from kpiplan.lib.api.fields import CodeField, ThaiDateField
from plans.models import Unit
from plans.selectors import plan_years_span

from .models import (
    SMS_JOBS,
    Category,
    Channel,
    JobType,
    Mechanism,
    Method,
    SmsSurveyJob,
    SurveyResponse,
    VocRecord,
)


class VocRecordSerializer(serializers.ModelSerializer):
    date = ThaiDateField(allowed=plan_years_span)  # as the import reads it
    unit = CodeField(slug_field="code", queryset=Unit.objects.all())
    channel = CodeField(slug_field="code", queryset=Channel.objects.all())
    mechanism = CodeField(
        slug_field="code", queryset=Mechanism.objects.all(), required=False, allow_null=True
    )
    category = serializers.ChoiceField(choices=Category.choices)

    class Meta:
        model = VocRecord
        fields = [
            "reference",
            "date",
            "unit",
            "channel",
            "mechanism",
            "segment",
            "category",
            "text",
            "significant",
            "resolved",
            "action_taken",
            "complaint_reference",
        ]
        extra_kwargs = {"reference": {"validators": []}}


class SurveyResponseSerializer(serializers.ModelSerializer):
    date = ThaiDateField(allowed=plan_years_span)  # as the import reads it
    unit = CodeField(slug_field="code", queryset=Unit.objects.all())
    method = serializers.ChoiceField(choices=Method.choices)
    job_type = serializers.ChoiceField(choices=JobType.choices, required=False, allow_blank=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=3, min_value=1, max_value=5)

    class Meta:
        model = SurveyResponse
        fields = ["external_id", "method", "job_type", "unit", "date", "score"]
        extra_kwargs = {"external_id": {"validators": []}}


class SmsSurveyJobSerializer(serializers.ModelSerializer):
    unit = CodeField(slug_field="code", queryset=Unit.objects.all())
    job_type = serializers.ChoiceField(choices=[(j.value, j.label) for j in SMS_JOBS])
    completed_on = ThaiDateField(allowed=plan_years_span)  # as the import reads it
    sms_sent_on = ThaiDateField(allowed=plan_years_span, required=False, allow_null=True)
    developer_project = serializers.BooleanField(required=False)

    class Meta:
        model = SmsSurveyJob
        fields = ["reference", "unit", "job_type", "completed_on", "sms_sent_on", "developer_project"]
        extra_kwargs = {"reference": {"validators": []}}
