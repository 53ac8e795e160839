"""The KAM API: key-account activities the user may see; log them in bulk by id, all or nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from kpiplan.lib.api.bulk import BulkOutcomeSerializer, bulk_serializer, bulk_write
from kpiplan.lib.api.errors import ERRORS
from plans import access

from . import services
from .models import Activity as KamActivity
from .models import KeyAccount
from .serializers import KamActivitySerializer


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

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = [{**KamActivitySerializer(a).data, "customer_number": a.account.customer_number} for a in page]
        return self.get_paginated_response(data)

    @extend_schema(
        request=bulk_serializer(KamActivitySerializer), responses={200: BulkOutcomeSerializer, **ERRORS}
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Log key-account activities by their id (only for the accounts of one's own office)."""
        user, now = request.user, timezone.now()

        def write(item):
            account = (
                KeyAccount.objects.filter(customer_number=item["customer_number"])
                .select_related("office")
                .first()
            )
            if account is None:
                raise ValidationError({"customer_number": "ไม่พบลูกค้ารายสำคัญนี้"})
            fields = {
                k: v for k, v in item.items() if k not in ("customer_number", "external_id", "kind", "date")
            }
            existing = KamActivity.objects.filter(external_id=item["external_id"]).first()
            if existing:
                if not services.can_write(user, account.office) or existing.office_id != account.office_id:
                    raise PermissionDenied
                KamActivity.objects.filter(pk=existing.pk).update(
                    kind=item["kind"], date=item["date"], **fields
                )
                return False
            services.activity_log(
                user=user,
                office=account.office,
                account=account,
                kind=item["kind"],
                day=item["date"],
                now=now,
                external_id=item["external_id"],
                **fields,
            )
            return True

        return bulk_write(request, KamActivitySerializer, write)


routes = [("kam-activities", KamActivityViewSet, "kam-activity")]
