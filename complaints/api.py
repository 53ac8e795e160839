"""The complaints' API: list what the user may see; create or update by reference, all or nothing."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from kpiplan.lib.api.bulk import BulkOutcomeSerializer, bulk_serializer, bulk_write
from kpiplan.lib.api.errors import ERRORS

from . import services
from .filters import ComplaintFilter
from .models import Complaint, ComplaintEvent
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
        holidays = services.holiday_days()

        def write(item):
            if not services.can_handle(user, item["unit"]):
                raise PermissionDenied
            due = services.complaint_due(item["received_at"], item["type"], holidays)
            complaint, created = Complaint.objects.update_or_create(
                reference=item["reference"],
                defaults={**item, "due_at": due, "status": item.get("status", "open")},
            )
            if created:
                complaint.created_by = user
                complaint.save(update_fields=["created_by"])
                ComplaintEvent.objects.create(
                    complaint=complaint, at=now, by=user, to_status=complaint.status, note="API"
                )
            return created

        return bulk_write(request, ComplaintSerializer, write)


routes = [("complaints", ComplaintViewSet, "complaint")]
