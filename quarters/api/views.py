"""The REST API, v1. Every read goes through the same visibility rules as the pages, every write through the
same services and validation as the forms; bulk creates are all or nothing and idempotent by an external id."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services as onboarding
from accounts.models import ApiToken
from complaints import services as complaint_services
from complaints.models import Complaint, ComplaintEvent
from complaints.selectors import complaints_visible_to
from kam import services as kam_services
from kam.models import Activity as KamActivity
from kam.models import KeyAccount
from plans import access
from plans.models import Plan, Target, Unit, User
from plans.selectors import targets_with_assignments
from voc import services as voc_services
from voc.models import SCALES, SurveyResponse, VocRecord, on_five_point_scale

from .. import grids, selectors, services
from ..models import Result
from ..validation import RowValues, check_row
from . import serializers as s
from .errors import error_response

ERRORS = {400: s.ErrorSerializer, 403: s.ErrorSerializer, 404: s.ErrorSerializer}


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Unit.objects.none()  # for the schema; get_queryset applies the user's reach
    serializer_class = s.UnitSerializer
    filterset_fields = ["kind", "region", "office_class"]

    def get_queryset(self):
        return access.units_visible_to(self.request.user).order_by("code")


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Plan.objects.none()
    serializer_class = s.PlanSerializer
    filterset_fields = ["year"]

    def get_queryset(self):
        return (
            access.plans_visible_to(self.request.user)
            .select_related("owner")
            .order_by("-year", "owner__code")
        )


class IdFilter(filters.NumberFilter):
    """A row id: a whole number in the database's range (a larger one is a 400, not a failing query)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**31 - 1, **kwargs)


class TargetFilter(filters.FilterSet):
    plan = IdFilter(field_name="activity__workplan__objective__perspective__plan")

    class Meta:
        model = Target
        fields = ["plan", "kind"]


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Target.objects.none()
    serializer_class = s.TargetSerializer
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
    serializer_class = s.ResultSerializer
    filterset_class = ResultFilter

    def get_queryset(self):
        return results_readable_by(self.request.user).order_by("pk")

    @extend_schema(
        request=s.ResultSaveSerializer,
        responses={200: s.SaveOutcomeSerializer, 409: s.ErrorSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"])
    def save(self, request):
        """Save (and optionally submit) a unit's results for a quarter: the entry form's rules, all or nothing."""
        payload = s.ResultSaveSerializer(data=request.data)
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
                "results": s.ResultSerializer(results.order_by("pk"), many=True).data,
            }
        )

    @extend_schema(request=s.TransitionSerializer, responses={200: s.ResultSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Submit, approve, accept, or return (with a reason) one result."""
        result = self.get_object()
        payload = s.TransitionSerializer(data=request.data)
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
        return Response(s.ResultSerializer(result).data)


def _bulk(request, serializer_class, write) -> Response:
    """Validate every item, then write them all in one transaction, or nothing."""
    payload = s.bulk_serializer(serializer_class)(data=request.data)
    payload.is_valid(raise_exception=True)
    items = payload.validated_data["items"]
    errors = []
    with transaction.atomic():
        created = updated = 0
        for index, item in enumerate(items):
            try:
                was_created = write(item)
            except PermissionDenied:
                errors.append(
                    {"item": index, "field": "unit", "message": "ไม่ใช่หน่วยงานของท่าน (not your unit)"}
                )
            except Exception as exc:
                messages = getattr(exc, "message_dict", None)
                if messages:
                    errors += [
                        {"item": index, "field": f, "message": " ".join(m)} for f, m in messages.items()
                    ]
                else:
                    errors.append({"item": index, "field": None, "message": str(exc)})
            else:
                created += was_created
                updated += not was_created
        if errors:
            transaction.set_rollback(True)
    if errors:
        return error_response(errors)
    return Response({"created": created, "updated": updated})


class ComplaintViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Complaint.objects.none()
    serializer_class = s.ComplaintSerializer
    filterset_fields = ["status", "channel"]

    def get_queryset(self):
        return complaints_visible_to(self.request.user).select_related("unit", "type").order_by("pk")

    @extend_schema(
        request=s.bulk_serializer(s.ComplaintSerializer), responses={200: s.BulkOutcomeSerializer, **ERRORS}
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Create or update complaints by reference number."""
        user, now = request.user, timezone.now()
        holidays = complaint_services.holiday_days()

        def write(item):
            if not complaint_services.can_handle(user, item["unit"]):
                raise PermissionDenied
            due = complaint_services.complaint_due(item["received_at"], item["type"], holidays)
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

        return _bulk(request, s.ComplaintSerializer, write)


class VocRecordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = VocRecord.objects.none()
    serializer_class = s.VocRecordSerializer

    def get_queryset(self):
        return (
            VocRecord.objects.filter(unit__in=access.units_visible_to(self.request.user))
            .select_related("unit", "channel", "mechanism")
            .order_by("pk")
        )

    @extend_schema(
        request=s.bulk_serializer(s.VocRecordSerializer), responses={200: s.BulkOutcomeSerializer, **ERRORS}
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
            voc_services.voc_save(record=record, user=user)
            return existing is None

        return _bulk(request, s.VocRecordSerializer, write)


class SurveyResponseViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = SurveyResponse.objects.none()
    serializer_class = s.SurveyResponseSerializer

    def get_queryset(self):
        return (
            SurveyResponse.objects.filter(unit__in=access.units_visible_to(self.request.user))
            .select_related("unit")
            .order_by("pk")
        )

    @extend_schema(
        request=s.bulk_serializer(s.SurveyResponseSerializer),
        responses={200: s.BulkOutcomeSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Create or update survey responses by their id; each score must lie within its method's scale."""
        user = request.user

        def write(item):
            if not voc_services.can_write(user, item["unit"]):
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

        return _bulk(request, s.SurveyResponseSerializer, write)


class KamActivityViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = KamActivity.objects.none()
    serializer_class = s.KamActivitySerializer

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
        data = [
            {**s.KamActivitySerializer(a).data, "customer_number": a.account.customer_number} for a in page
        ]
        return self.get_paginated_response(data)

    @extend_schema(
        request=s.bulk_serializer(s.KamActivitySerializer), responses={200: s.BulkOutcomeSerializer, **ERRORS}
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
                if (
                    not kam_services.can_write(user, account.office)
                    or existing.office_id != account.office_id
                ):
                    raise PermissionDenied
                KamActivity.objects.filter(pk=existing.pk).update(
                    kind=item["kind"], date=item["date"], **fields
                )
                return False
            kam_services.activity_log(
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

        return _bulk(request, s.KamActivitySerializer, write)


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
    @extend_schema(parameters=PLAN_QUARTER, responses={200: s.GridRowSerializer(many=True), **ERRORS})
    def get(self, request):
        """The region's progress grid for Q1..Qn: roll-up of accepted results, goal, status, completeness."""
        plan, quarter = _plan_and_quarter(request)
        scope = grids.scope_for(plan, targets=list(targets_with_assignments(plan)))
        rows = grids.plan_grid(scope, list(range(1, quarter + 1)), today=timezone.localdate())
        return Response(
            s.GridRowSerializer(
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
    @extend_schema(parameters=PLAN_QUARTER, responses={200: s.CompletenessSerializer(many=True), **ERRORS})
    def get(self, request):
        """Completeness and timeliness per unit for one quarter."""
        plan, quarter = _plan_and_quarter(request)
        matrix = grids.unit_matrix(grids.scope_for(plan), quarter)
        return Response(
            s.CompletenessSerializer(
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


class TokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Tokens: everyone issues and revokes their own; administrators see and revoke anyone's."""

    serializer_class = s.TokenSerializer
    queryset = ApiToken.objects.none()

    def get_queryset(self):
        user = self.request.user
        tokens = ApiToken.objects.order_by("-created_at")
        return tokens if (user.role == User.Role.ADMIN or user.is_superuser) else tokens.filter(user=user)

    @extend_schema(request=s.TokenCreateSerializer, responses={201: s.TokenIssuedSerializer, **ERRORS})
    def create(self, request):
        payload = s.TokenCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        token, key = onboarding.token_issue(
            user=request.user, name=payload.validated_data["name"], now=timezone.now()
        )
        return Response({"id": token.pk, "name": token.name, "key": key}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, pk=None):
        token = self.get_object()
        onboarding.token_revoke(token=token, by=request.user, now=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)
