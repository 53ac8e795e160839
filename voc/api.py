"""The VOC API: VOC records and survey responses the user may see; create or update in bulk, all or nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from kpiplan.lib.api.bulk import BulkOutcomeSerializer, bulk_serializer, bulk_write
from kpiplan.lib.api.errors import ERRORS
from plans import access

from . import services
from .filters import VocFilter
from .models import SCALES, SurveyResponse, VocRecord, on_five_point_scale
from .serializers import SurveyResponseSerializer, VocRecordSerializer


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
        user = request.user

        def write(item):
            existing = VocRecord.objects.filter(reference=item["reference"]).first()
            record = existing or VocRecord()
            for name, value in item.items():
                setattr(record, name, value)
            services.voc_save(record=record, user=user)
            return existing is None

        return bulk_write(request, VocRecordSerializer, write)


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
        user = request.user

        def write(item):
            if not services.can_write(user, item["unit"]):
                raise PermissionDenied
            scale = SCALES[item["method"]]
            if item["score"] > scale:
                raise ValidationError({"score": f"คะแนน {item['score']} อยู่นอกช่วง 1–{scale}"})
            _obj, created = SurveyResponse.objects.update_or_create(
                external_id=item["external_id"],
                defaults={
                    "method": item["method"],
                    "job_type": item.get("job_type", ""),
                    "unit": item["unit"],
                    "quota_unit": item["unit"],
                    "date": item["date"],
                    "answers": {"score": str(item["score"])},
                    "score": item["score"],
                    "score_5": on_five_point_scale(item["score"], scale),
                },
            )
            return created

        return bulk_write(request, SurveyResponseSerializer, write)


routes = [
    ("voc-records", VocRecordViewSet, "voc-record"),
    ("survey-responses", SurveyResponseViewSet, "survey-response"),
]
