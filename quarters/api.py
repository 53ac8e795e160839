"""The results' API: read results (the pages' draft rule), save a unit's quarter with the entry form's rules,
all or nothing, move results through the workflow, and the region's grid and completeness."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from kpiplan.lib.api.errors import ERRORS, ErrorSerializer, error_response
from kpiplan.lib.api.fields import IdFilter
from plans import access
from plans.models import Plan, User
from plans.selectors import targets_with_assignments

from . import grids, selectors, services
from .models import Result
from .serializers import (
    CompletenessSerializer,
    GridRowSerializer,
    ResultSaveSerializer,
    ResultSerializer,
    SaveOutcomeSerializer,
    TransitionSerializer,
)
from .validation import RowValues, check_row


class ResultFilter(filters.FilterSet):
    plan = IdFilter(field_name="target__activity__workplan__objective__perspective__plan")

    class Meta:
        model = Result
        fields = ["plan", "unit", "quarter", "status", "target"]


def results_readable_by(user: User):
    """The pages' rule: a unit's drafts and returned results stay with the units a user may enter for."""
    visible = selectors.results_visible_to(user)
    if user.sees_everything:
        return visible
    own = [u.pk for u in access.units_visible_to(user) if access.can_enter_results(user, u)]
    return visible.filter(~Q(status__in=[Result.Status.DRAFT, Result.Status.RETURNED]) | Q(unit_id__in=own))


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Result.objects.none()
    serializer_class = ResultSerializer
    filterset_class = ResultFilter

    def get_queryset(self):
        return results_readable_by(self.request.user).order_by("pk")

    @extend_schema(
        request=ResultSaveSerializer,
        responses={200: SaveOutcomeSerializer, 409: ErrorSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"])
    def save(self, request):
        """Save (and optionally submit) a unit's results for a quarter: the entry form's rules, all or nothing."""
        payload = ResultSaveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        plan = access.plans_visible_to(request.user).filter(pk=data["plan"]).first()
        unit = access.units_visible_to(request.user).filter(pk=data["unit"]).first()
        if plan is None or unit is None:
            raise NotFound("ไม่พบแผนหรือหน่วยงาน (plan or unit not found)")
        if not access.can_enter_results(request.user, unit):
            raise PermissionDenied("บันทึกผลของหน่วยงานนี้ไม่ได้ (not your unit)")
        form = selectors.entry_form(plan, unit, data["quarter"], timezone.localdate())
        rows_by_target = {row.target.pk: row for row in form.rows}
        errors, saves = [], []
        for index, item in enumerate(data["items"]):
            row = rows_by_target.get(item["target"])
            if row is None:
                errors.append({"item": index, "field": "target", "message": "เป้าหมายนี้ไม่ได้มอบหมายให้หน่วยงาน"})
                continue
            values = RowValues(
                value=item.get("value"),
                numerator=item.get("numerator"),
                denominator=item.get("denominator"),
                done=item.get("done"),
                narrative=item.get("narrative", "").strip(),
                letter_no=item.get("letter_no", ""),
                letter_date=item.get("letter_date"),
                override_reason=item.get("override_reason", ""),
            ).normalised(row.target)
            problems = check_row(
                row.target,
                data["quarter"],
                values,
                previous_value=row.previous.value if row.previous else None,
                decrease_allowed=bool(row.result and row.result.decrease_allowed_reason),
                measured=row.measured,
            )
            errors += [{"item": index, "field": f, "message": m} for f, m in problems.items()]
            version = (
                item.get("version")
                if item.get("version") is not None
                else (None if row.result is None else -1)
            )  # a result exists but no version was read: a conflict
            saves.append(
                services.RowSave(
                    row.target, values, version, True, measured=row.measured.value if row.measured else None
                )
            )
        if errors:
            return error_response(errors)
        try:
            with transaction.atomic():
                saved = services.results_save(
                    plan=plan,
                    unit=unit,
                    quarter=data["quarter"],
                    rows=saves,
                    user=request.user,
                    now=timezone.now(),
                )
                submitted = 0
                if data["submit"]:
                    pending = list(
                        Result.objects.filter(
                            unit=unit,
                            quarter=data["quarter"],
                            target__in=[r.target for r in saves],
                            status__in=[Result.Status.DRAFT, Result.Status.RETURNED],
                        ).select_related("target", "unit")
                    )
                    if pending:
                        submitted = services.results_transition(
                            results=pending, action="submit", user=request.user, now=timezone.now()
                        )
        except services.ResultConflict as exc:
            return error_response(
                [{"item": None, "field": "version", "message": m} for m in exc.messages], 409
            )
        except services.ResultError as exc:
            return error_response([{"item": None, "field": None, "message": m} for m in exc.messages])
        results = Result.objects.filter(
            unit=unit, quarter=data["quarter"], target__in=[r.target for r in saves]
        )
        return Response(
            {
                "saved": saved,
                "submitted": submitted,
                "results": ResultSerializer(results.order_by("pk"), many=True).data,
            }
        )

    @extend_schema(request=TransitionSerializer, responses={200: ResultSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Submit, approve, accept, or return (with a reason) one result."""
        result = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.results_transition(
                results=[result],
                action=payload.validated_data["action"],
                user=request.user,
                reason=payload.validated_data["reason"],
                now=timezone.now(),
            )
        except services.ResultError as exc:
            return error_response([{"item": None, "field": "action", "message": m} for m in exc.messages])
        result.refresh_from_db()
        return Response(ResultSerializer(result).data)


PLAN_QUARTER = [OpenApiParameter("plan", int, required=True), OpenApiParameter("quarter", int, required=True)]


def _plan_and_quarter(request) -> tuple[Plan, int]:
    try:
        plan_id, quarter = (
            int(request.query_params.get("plan", "")),
            int(request.query_params.get("quarter", "")),
        )
    except ValueError as exc:
        raise NotFound("plan and quarter are numbers") from exc
    if not 1 <= quarter <= 4:
        raise NotFound("quarter is 1..4")
    if not (request.user.sees_everything or request.user.role == User.Role.REVIEWER):
        raise PermissionDenied
    return get_object_or_404(access.plans_visible_to(request.user), pk=plan_id), quarter


class GridView(APIView):
    @extend_schema(parameters=PLAN_QUARTER, responses={200: GridRowSerializer(many=True), **ERRORS})
    def get(self, request):
        """The region's progress grid for Q1..Qn: roll-up of accepted results, goal, status, completeness."""
        plan, quarter = _plan_and_quarter(request)
        scope = grids.scope_for(plan, targets=list(targets_with_assignments(plan)))
        rows = grids.plan_grid(scope, list(range(1, quarter + 1)), today=timezone.localdate())
        return Response(
            GridRowSerializer(
                [
                    {
                        "target": r.target.pk,
                        "activity": r.target.activity.number,
                        "label": r.target.label_th,
                        "cells": [
                            {
                                "quarter": q,
                                "value": c.value,
                                "goal": c.goal.target,
                                "status": c.status,
                                "submitted": c.submitted,
                                "expected": c.expected,
                                "late": c.late,
                            }
                            for q, c in r.cells.items()
                        ],
                    }
                    for r in rows
                ],
                many=True,
            ).data
        )


class CompletenessView(APIView):
    @extend_schema(parameters=PLAN_QUARTER, responses={200: CompletenessSerializer(many=True), **ERRORS})
    def get(self, request):
        """Completeness and timeliness per unit for one quarter."""
        plan, quarter = _plan_and_quarter(request)
        matrix = grids.unit_matrix(grids.scope_for(plan), quarter)
        return Response(
            CompletenessSerializer(
                [
                    {
                        "unit": line.unit.code,
                        "expected": line.expected,
                        "submitted": line.submitted,
                        "on_time": line.on_time,
                        "completeness": line.completeness,
                        "timeliness": line.timeliness,
                    }
                    for line in matrix.lines
                ],
                many=True,
            ).data
        )


routes = [("results", ResultViewSet, "result")]
urlpatterns = [
    path("grid/", GridView.as_view(), name="api-grid"),
    path("completeness/", CompletenessView.as_view(), name="api-completeness"),
]
