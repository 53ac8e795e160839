"""Bulk creates: every item validated, then all written in one transaction, or nothing; idempotent because each
app's write finds an existing row by its external id."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from .errors import error_response


class BulkOutcomeSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField(required=False)  # rows that already held what was sent


def bulk_serializer(item_serializer):
    class Bulk(serializers.Serializer):
        items = item_serializer(many=True, allow_empty=False, max_length=5000)

    Bulk.__name__ = f"Bulk{item_serializer.__name__.removesuffix('Serializer')}"
    return Bulk


def bulk_write(request, serializer_class, write: Callable[[dict], bool]) -> Response:
    """Validate every item, then write them all in one transaction, or nothing. write(item) -> created?"""
    payload = bulk_serializer(serializer_class)(data=request.data)
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


def bulk_upsert(request, serializer_class, write_rows: Callable[[list[dict]], object]) -> Response:
    """Validate every item, then hand them all to the record type's write service (the one the form and the
    import call): ``write_rows(items)`` returns an outcome with ``created`` and ``updated``, or raises an error
    whose ``refusals`` name each item and field (nothing written)."""
    payload = bulk_serializer(serializer_class)(data=request.data)
    payload.is_valid(raise_exception=True)
    try:
        outcome = write_rows(list(payload.validated_data["items"]))
    except Exception as exc:
        refusals = getattr(exc, "refusals", None)
        if refusals is None:
            raise
        return error_response([{"item": r.row, "field": r.field, "message": r.message} for r in refusals])
    return Response({"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged})
