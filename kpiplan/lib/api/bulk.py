"""Bulk creates: every item validated, then handed to the record type's write service (all or nothing,
idempotent: the service finds an existing row by its key, among the rows the user may write)."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework import serializers
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
