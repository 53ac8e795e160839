"""The results' API: read results (the pages' draft rule), save a unit's quarter with the entry form's rules,
all or nothing, move results through the workflow, and the region's grid and completeness."""

from __future__ import annotations

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

from kpiplan.lib.api.errors import ERRORS, ErrorSerializer, error_response, flatten
from kpiplan.lib.api.fields import IdFilter
from kpiplan.lib.queries import BadQuery, parse_period_query
from plans import access
from plans.models import Plan, Unit
from plans.selectors import targets_with_assignments

from . import conversation, grids, selectors, services
from .filters import GridFilter
from .models import Result
from .serializers import (
    CommentSerializer,
    CompletenessSerializer,
    GridRowSerializer,
    ResultSaveSerializer,
    ResultSerializer,
    SaveOutcomeSerializer,
    TransitionSerializer,
)
from .validation import RowValues, check_row

# action_problems' names -> the payload's (the quarter form's) names
ACTION_FIELDS = {"obstacle": "obstacle", "what": "action_what", "owner": "action_owner", "due": "action_due"}


class ResultFilter(filters.FilterSet):
    plan = IdFilter(field_name="target__activity__workplan__objective__perspective__plan")

    class Meta:
        model = Result
        fields = ["plan", "unit", "quarter", "status", "target"]


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Result.objects.none()
    serializer_class = ResultSerializer
    filterset_class = ResultFilter

    def get_queryset(self):
        return selectors.results_readable_by(self.request.user).order_by("pk")

    @extend_schema(
        request=ResultSaveSerializer,
        responses={200: SaveOutcomeSerializer, 409: ErrorSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"])
    def save(self, request):
        """Save (and optionally submit) a unit's results for a quarter: the entry form's rules, all or nothing.
        A behind-target row is submitted with its obstacle and corrective action (obstacle, action_what,
        action_owner, action_due), as on the form."""
        payload = ResultSaveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        plan = access.plans_visible_to(request.user).filter(pk=data["plan"]).first()
        unit = access.units_visible_to(request.user).filter(pk=data["unit"]).first()
        if plan is None or unit is None:
            raise NotFound("ไม่พบแผนหรือหน่วยงาน (plan or unit not found)")
        if not access.can_enter_results(request.user, unit):
            raise PermissionDenied("บันทึกผลของหน่วยงานนี้ไม่ได้ (not your unit)")
        form = selectors.entry_form(
            plan,
            unit,
            data["quarter"],
            timezone.localdate(),
            drafts=access.can_read_drafts(request.user, unit),
        )
        rows_by_target = {row.target.pk: row for row in form.rows}
        errors, saves, actions = [], [], {}
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
                previous=row.previous,
                later=row.later,
                decrease_allowed=bool(row.result and row.result.decrease_allowed_reason),
                measured=row.measured,
                goal=row.goal,
            )
            errors += [{"item": index, "field": f, "message": m} for f, m in problems.items()]
            action = conversation.ActionInput(
                obstacle=item.get("obstacle", "").strip(),
                what=item.get("action_what", "").strip(),
                owner=item.get("action_owner", "").strip(),
                due=item.get("action_due"),
            )
            if not action.is_blank:
                actions[row.target.pk] = action
                found = conversation.action_problems(
                    obstacle=action.obstacle, what=action.what, owner=action.owner, due=action.due
                )
                errors += [{"item": index, "field": ACTION_FIELDS[f], "message": m} for f, m in found.items()]
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
            outcome = conversation.entry_save(
                plan=plan,
                unit=unit,
                quarter=data["quarter"],
                rows=saves,
                actions=actions,
                user=request.user,
                now=timezone.now(),
                submit=data["submit"],
                via="api",
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
                "saved": outcome.saved,
                "submitted": outcome.submitted,
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

    @extend_schema(
        request=CommentSerializer,
        responses={200: CommentSerializer(many=True), 201: CommentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # the whole thread, not a page
    def comments(self, request, pk=None):
        """The result's thread (GET), or add a comment to it (POST ``body``), through the page's service."""
        result = self.get_object()
        if request.method == "GET":
            return Response(CommentSerializer(result.comments.select_related("author"), many=True).data)
        payload = CommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            comment = conversation.comment_add(
                result=result, user=request.user, body=payload.validated_data["body"], now=timezone.now()
            )
        except services.ResultError as exc:
            return error_response([{"item": None, "field": "body", "message": m} for m in exc.messages])
        return Response(CommentSerializer(comment).data, status=201)


PLAN_QUARTER = [OpenApiParameter("plan", int, required=True), OpenApiParameter("quarter", int, required=True)]


def _plan_and_quarter(request) -> tuple[Plan, int]:
    if not access.can_see_region(request.user):
        raise PermissionDenied
    query = parse_period_query(request.query_params, today=timezone.localdate(), quarter=None)
    plan_id = (request.query_params.get("plan") or "").strip()
    if not plan_id.isdigit() or len(plan_id) > 9:
        raise BadQuery("plan", "ระบุแผนเป็นตัวเลข (plan is a number)")
    if query.quarter is None:
        raise BadQuery("quarter", "ระบุไตรมาส 1-4 (quarter is 1..4)")
    return get_object_or_404(access.plans_visible_to(request.user), pk=int(plan_id)), query.quarter


GRID_FILTERS = [
    OpenApiParameter(name, kind, description=text)
    for name, kind, text in [
        ("objective", int, "objective id"),
        ("workplan", int, "workplan id"),
        ("unit", int, "one unit's values instead of the region's"),
        ("group", int, "a unit group's values"),
        ("status", str, "rows whose cell at the quarter has this status"),
        ("late", bool, "rows with late units at the quarter"),
        ("basis", str, "accepted (default) or submitted"),
        ("q", str, "text in the activity number, the target or the activity title"),
    ]
]


class GridView(APIView):
    @extend_schema(
        parameters=PLAN_QUARTER + GRID_FILTERS, responses={200: GridRowSerializer(many=True), **ERRORS}
    )
    def get(self, request):
        """The region's progress grid for Q1..Qn: roll-up of accepted results, goal, status, completeness."""
        plan, quarter = _plan_and_quarter(request)
        targets = list(targets_with_assignments(plan))
        region_units = list(
            Unit.objects.filter(region_id=plan.owner_id).exclude(pk=plan.owner_id).order_by("code")
        )
        today = timezone.localdate()
        filterset = GridFilter.for_plan(
            request.query_params,
            plan=plan,
            plans=[plan],
            targets=targets,
            region_units=region_units,
            today=today,
        )
        if not filterset.is_valid():
            return error_response(flatten(filterset.errors))
        scope = filterset.scope().narrowed(filterset.targets(targets))
        rows = grids.plan_grid(scope, list(range(1, quarter + 1)), basis=filterset.chosen_basis, today=today)
        units = {u.pk: u.code for u in region_units}
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
                                "goal": c.shown_goal.target,
                                "status": c.status,
                                "submitted": c.submitted,
                                "expected": c.expected,
                                "late": c.late,
                                "carried": len(c.carried),
                                "carried_from": [
                                    {"unit": units[k.unit_id], "quarter": k.from_quarter} for k in c.carried
                                ],
                                "carried_label": c.carried_label,
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
