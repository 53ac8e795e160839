"""The complaints' API: list what the user may see; create or update by reference, all or nothing."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action

from kpiplan.lib.api.bulk import BulkOutcomeSerializer, bulk_serializer, bulk_upsert
from kpiplan.lib.api.errors import ERRORS
from plans.history import Via

from . import services
from .filters import ComplaintFilter
from .models import Complaint
from .selectors import complaints_visible_to
from .serializers import ComplaintSerializer


class ComplaintViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Complaint.objects.none()
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilter

    def get_queryset(self):
        return complaints_visible_to(self.request.user).select_related("unit", "type").order_by("pk")

    @extend_schema(
        request=bulk_serializer(ComplaintSerializer), responses={200: BulkOutcomeSerializer, **ERRORS}
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Create or update complaints by reference number."""
        user, now = request.user, timezone.now()
        return bulk_upsert(
            request,
            ComplaintSerializer,
            lambda rows: services.complaint_upsert_many(user=user, rows=rows, now=now, via=Via.API),
        )


routes = [("complaints", ComplaintViewSet, "complaint")]
