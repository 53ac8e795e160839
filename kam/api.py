"""The KAM API: key-account activities the user may see; log them in bulk by id, all or nothing."""

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
from .models import Activity as KamActivity
from .serializers import KamActivitySerializer, KamActivityWriteSerializer


class KamActivityViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = KamActivity.objects.none()
    serializer_class = KamActivitySerializer

    def get_queryset(self):
        return (
            KamActivity.objects.filter(
                office__in=access.units_visible_to(self.request.user), account__isnull=False
            )
            .select_related("account")
            .order_by("pk")
        )

    @extend_schema(
        request=bulk_serializer(KamActivityWriteSerializer), responses={200: BulkOutcomeSerializer, **ERRORS}
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Log key-account activities by their id (only for the accounts of one's own office)."""
        user, now = request.user, timezone.now()

        def write(items):
            rows = [
                {k: v for k, v in item.items() if k != "account"}
                | {"customer_number": item["account"]["customer_number"]}
                for item in items
            ]
            return services.activity_upsert_many(user=user, rows=rows, now=now, via=Via.API)

        return bulk_upsert(request, KamActivityWriteSerializer, write)


routes = [("kam-activities", KamActivityViewSet, "kam-activity")]
