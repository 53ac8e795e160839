"""Errors as JSON that name the item and the field: {"errors": [{"item": 3, "field": "value", "message": "..."}]}."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from kpiplan.lib.queries import BadQuery


def flatten(detail, item=None, field=None) -> list[dict]:
    """DRF error details (nested dicts and lists) as a flat list of {item, field, message}."""
    out = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == "items" and isinstance(value, list) and all(isinstance(v, dict) for v in value):
                for index, sub in enumerate(value):
                    if sub:
                        out += flatten(sub, item=index, field=None)
            elif key == "items" and isinstance(value, dict) and all(str(k).isdigit() for k in value):
                for index, sub in value.items():  # newer DRF reports a list's errors by index
                    out += flatten(sub, item=int(index), field=None)
            else:
                out += flatten(value, item=item, field=None if key in ("non_field_errors", "detail") else key)
    elif isinstance(detail, list):
        for value in detail:
            out += flatten(value, item=item, field=field)
    else:
        out.append({"item": item, "field": field, "message": str(detail)})
    return out


def exception_handler(exc, context):
    if isinstance(exc, BadQuery):
        return error_response([{"item": None, "field": exc.field, "message": exc.message}])
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None:
        return None
    response.data = {"errors": flatten(response.data)}
    return response


def error_response(errors: list[dict], code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"errors": errors}, status=code)


class ErrorItemSerializer(serializers.Serializer):
    item = serializers.IntegerField(allow_null=True)
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    errors = ErrorItemSerializer(many=True)


# The error responses every endpoint documents in the schema.
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
