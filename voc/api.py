"""The VOC API: VOC records and survey responses the user may see; create or update in bulk, all or nothing."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action

from kpiplan.lib.api.bulk import BulkOutcomeSerializer, bulk_serializer, bulk_upsert
from kpiplan.lib.api.errors import ERRORS
from plans import access
from plans.history import Via

from . import services
from .filters import SmsJobFilter, VocFilter
from .models import SmsSurveyJob, SurveyResponse, VocRecord
from .serializers import SmsSurveyJobSerializer, SurveyResponseSerializer, VocRecordSerializer


class VocRecordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = VocRecord.objects.none()
    serializer_class = VocRecordSerializer
    filterset_class = VocFilter

    def get_queryset(self):
        return (
            VocRecord.objects.filter(unit__in=access.units_visible_to(self.request.user))
            .select_related("unit", "channel", "mechanism")
            .order_by("pk")
        )

    @extend_schema(
        request=bulk_serializer(VocRecordSerializer), responses={200: BulkOutcomeSerializer, **ERRORS}
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Create or update VOC records by reference."""
        user, now = request.user, timezone.now()
        return bulk_upsert(
            request,
            VocRecordSerializer,
            lambda rows: services.voc_upsert_many(user=user, rows=rows, now=now, via=Via.API),
        )


class SurveyResponseViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = SurveyResponse.objects.none()
    serializer_class = SurveyResponseSerializer

    def get_queryset(self):
        return (
            SurveyResponse.objects.filter(unit__in=access.units_visible_to(self.request.user))
            .select_related("unit")
            .order_by("pk")
        )

    @extend_schema(
        request=bulk_serializer(SurveyResponseSerializer),
        responses={200: BulkOutcomeSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Create or update survey responses by their id; each score must lie within its method's scale."""
        user, now = request.user, timezone.now()
        return bulk_upsert(
            request,
            SurveyResponseSerializer,
            lambda rows: services.survey_upsert_many(user=user, rows=rows, now=now, via=Via.API),
        )


class SmsSurveyJobViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = SmsSurveyJob.objects.none()
    serializer_class = SmsSurveyJobSerializer
    filterset_class = SmsJobFilter

    def get_queryset(self):
        return (
            SmsSurveyJob.objects.filter(unit__in=access.units_visible_to(self.request.user))
            .select_related("unit")
            .order_by("pk")
        )

    @extend_schema(
        request=bulk_serializer(SmsSurveyJobSerializer), responses={200: BulkOutcomeSerializer, **ERRORS}
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Create or update the jobs owed an SMS survey (3.3.1) by their job number."""
        user, now = request.user, timezone.now()
        return bulk_upsert(
            request,
            SmsSurveyJobSerializer,
            lambda rows: services.sms_job_upsert_many(user=user, rows=rows, now=now, via=Via.API),
        )


routes = [
    ("voc-records", VocRecordViewSet, "voc-record"),
    ("survey-responses", SurveyResponseViewSet, "survey-response"),
    ("sms-survey-jobs", SmsSurveyJobViewSet, "sms-survey-job"),
]
