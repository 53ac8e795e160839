"""API serializers: reads of the plan and results, and the payloads of result saves and bulk record creation."""

from __future__ import annotations

from datetime import timedelta

from rest_framework import serializers

from complaints.models import Complaint, ComplaintType
from kam.models import Activity as KamActivity
from kam.models import ExecLevel, Kind
from kpiplan.api_fields import ThaiDateField, ThaiDateTimeField
from kpiplan.lib.periods import Span
from plans.models import ApiToken, Plan, Target, Unit
from plans.selectors import plan_years_span
from voc.models import Category, Channel, JobType, Mechanism, Method, SurveyResponse, VocRecord

from ..models import Result


def _letter_years():
    """Letters of a plan year's results are dated in that year or the next (quarters.validation.letter_dates)."""
    span = plan_years_span()
    return span and Span(span.start, span.end + timedelta(days=366))


class CodeField(serializers.SlugRelatedField):
    """A related object by its code; text the database cannot hold (a NUL character) is refused as invalid."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class ErrorItemSerializer(serializers.Serializer):
    item = serializers.IntegerField(allow_null=True)
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    errors = ErrorItemSerializer(many=True)


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


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = [
            "id",
            "target",
            "unit",
            "quarter",
            "value",
            "numerator",
            "denominator",
            "done",
            "narrative",
            "letter_no",
            "letter_date",
            "status",
            "return_reason",
            "version",
            "submitted_at",
            "on_time",
            "accepted_at",
            "updated_at",
        ]


class ResultRowSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=16, decimal_places=4, required=False, allow_null=True)
    numerator = serializers.DecimalField(max_digits=16, decimal_places=4, required=False, allow_null=True)
    denominator = serializers.DecimalField(max_digits=16, decimal_places=4, required=False, allow_null=True)
    done = serializers.BooleanField(required=False, allow_null=True)
    narrative = serializers.CharField(required=False, allow_blank=True, default="")
    letter_no = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    letter_date = ThaiDateField(required=False, allow_null=True, allowed=_letter_years)
    override_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="The version you read; leave out for a new result.",
    )


class ResultSaveSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    unit = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    submit = serializers.BooleanField(default=False)
    items = ResultRowSerializer(many=True, allow_empty=False, max_length=500)


class SaveOutcomeSerializer(serializers.Serializer):
    saved = serializers.IntegerField()
    submitted = serializers.IntegerField()
    results = ResultSerializer(many=True)


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["submit", "approve", "accept", "return"])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class BulkOutcomeSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()


class ComplaintSerializer(serializers.ModelSerializer):
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

    def validate(self, data):
        if data.get("status") == "closed" and not data.get("closed_at"):
            raise serializers.ValidationError({"closed_at": "เรื่องที่ปิดแล้วต้องมีวันที่ปิดเรื่อง"})
        if data.get("closed_at") and data["closed_at"] < data["received_at"]:
            raise serializers.ValidationError({"closed_at": "ปิดเรื่องก่อนวันที่รับเรื่อง"})
        return data


class VocRecordSerializer(serializers.ModelSerializer):
    date = ThaiDateField(allowed=plan_years_span)
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
    date = ThaiDateField(allowed=plan_years_span)
    unit = CodeField(slug_field="code", queryset=Unit.objects.all())
    method = serializers.ChoiceField(choices=Method.choices)
    job_type = serializers.ChoiceField(choices=JobType.choices, required=False, allow_blank=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=3, min_value=1, max_value=5)

    class Meta:
        model = SurveyResponse
        fields = ["external_id", "method", "job_type", "unit", "date", "score"]
        extra_kwargs = {"external_id": {"validators": []}}


class KamActivitySerializer(serializers.ModelSerializer):
    customer_number = serializers.CharField(max_length=30)
    kind = serializers.ChoiceField(choices=Kind.choices)
    exec_level = serializers.ChoiceField(choices=ExecLevel.choices, required=False, allow_blank=True)
    date = ThaiDateField(allowed=plan_years_span)

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


def bulk_serializer(item_serializer):
    class Bulk(serializers.Serializer):
        items = item_serializer(many=True, allow_empty=False, max_length=5000)

    Bulk.__name__ = f"Bulk{item_serializer.__name__.removesuffix('Serializer')}"
    return Bulk


class GridCellSerializer(serializers.Serializer):
    quarter = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    goal = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    status = serializers.CharField()
    submitted = serializers.IntegerField()
    expected = serializers.IntegerField()
    late = serializers.IntegerField()


class GridRowSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    activity = serializers.CharField()
    label = serializers.CharField()
    cells = GridCellSerializer(many=True)


class CompletenessSerializer(serializers.Serializer):
    unit = serializers.CharField()
    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()
    on_time = serializers.IntegerField()
    completeness = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    timeliness = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class TokenIssuedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    key = serializers.CharField(help_text="Shown once: keep it.")
