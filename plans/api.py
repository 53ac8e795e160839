"""The plan's API: units, plans and targets, as far as the user may see them (read only)."""

from __future__ import annotations

from django_filters import rest_framework as filters
from rest_framework import viewsets

from kpiplan.lib.api.fields import IdFilter

from . import access
from .models import Plan, Target, Unit
from .serializers import PlanSerializer, TargetSerializer, UnitSerializer


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Unit.objects.none()  # for the schema; get_queryset applies the user's reach
    serializer_class = UnitSerializer
    filterset_fields = ["kind", "region", "office_class"]

    def get_queryset(self):
        return access.units_visible_to(self.request.user).order_by("code")


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Plan.objects.none()
    serializer_class = PlanSerializer
    filterset_fields = ["year"]

    def get_queryset(self):
        return (
            access.plans_visible_to(self.request.user)
            .select_related("owner")
            .order_by("-year", "owner__code")
        )


class TargetFilter(filters.FilterSet):
    plan = IdFilter(field_name="activity__workplan__objective__perspective__plan")

    class Meta:
        model = Target
        fields = ["plan", "kind"]


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Target.objects.none()
    serializer_class = TargetSerializer
    filterset_class = TargetFilter

    def get_queryset(self):
        return (
            Target.objects.filter(
                activity__workplan__objective__perspective__plan__in=access.plans_visible_to(
                    self.request.user
                )
            )
            .select_related("activity__workplan__objective")
            .order_by(
                "activity__workplan__objective__order",
                "activity__workplan__number",
                "activity__sort_key",
                "order",
            )
        )


routes = [
    ("units", UnitViewSet, "unit"),
    ("plans", PlanViewSet, "plan"),
    ("targets", TargetViewSet, "target"),
]
