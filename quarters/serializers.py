"""API serializers of results: reads, the payloads of saves and transitions, the grid and completeness."""

from __future__ import annotations

from datetime import timedelta

from rest_framework import serializers

from kpiplan.lib.api.fields import ThaiDateField
from kpiplan.lib.periods import Span
from plans.selectors import plan_years_span

from .models import Result


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


def _letter_years():
    """Letters of a plan year's results are dated in that year or the next (quarters.validation.letter_dates)."""
    span = plan_years_span()
    return span and Span(span.start, span.end + timedelta(days=366))


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
    # A behind-target row is submitted with its obstacle and corrective action (what, who, by when), as on the
    # quarter form (the same names; quarters.conversation.entry_save). Leave all four out when not needed.
    obstacle = serializers.CharField(required=False, allow_blank=True, default="")
    action_what = serializers.CharField(required=False, allow_blank=True, default="")
    action_owner = serializers.CharField(required=False, allow_blank=True, default="")
    action_due = ThaiDateField(required=False, allow_null=True, default=None)


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
    action = serializers.ChoiceField(choices=["submit", "approve", "accept", "return", "reopen"])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class CarriedFromSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="the unit's code")
    quarter = serializers.IntegerField(help_text="the earlier Q1..Qm whose figure is carried")


class GridCellSerializer(serializers.Serializer):
    quarter = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    goal = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    status = serializers.CharField()
    submitted = serializers.IntegerField()
    expected = serializers.IntegerField()
    late = serializers.IntegerField()
    carried = serializers.IntegerField(
        help_text="units whose earlier cumulative figure the value counts (ยกยอด)"
    )
    carried_from = CarriedFromSerializer(many=True)
    carried_label = serializers.CharField(help_text='"ยกยอด 2 หน่วยงาน", or empty')


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


class CommentSerializer(serializers.Serializer):
    """A message of a result's thread; write ``body`` (at most 2,000 characters) to add one."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    author = serializers.CharField(source="author.username", read_only=True, default=None)
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    mentions = serializers.ListField(child=serializers.CharField(), read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
