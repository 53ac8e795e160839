"""Writes: intake, status changes (closing needs a resolution), holidays and types from the plan file."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans import access
from plans.models import Unit, User

from . import sla
from .models import Complaint, ComplaintEvent, ComplaintType, Holiday

S = Complaint.Status


def holiday_days() -> list:
    return list(Holiday.objects.values_list("date", flat=True))


def complaint_due(received_at: datetime, complaint_type: ComplaintType, holidays=None) -> datetime:
    return sla.due_at(
        received_at,
        complaint_type.sla_value,
        complaint_type.sla_unit,
        complaint_type.day_kind,
        holidays if holidays is not None else holiday_days(),
    )


def can_handle(user: User, unit: Unit) -> bool:
    """Staff of the unit (and the region's reviewers, head office) log and close its complaints."""
    return access.can_write_records(user, unit)


@transaction.atomic
def complaint_create(*, user: User, now: datetime, **fields) -> Complaint:
    unit = fields["unit"]
    if not can_handle(user, unit):
        raise PermissionDenied
    complaint = Complaint(**fields, created_by=user)
    complaint.due_at = complaint_due(complaint.received_at, complaint.type)
    complaint.full_clean()
    complaint.save()
    ComplaintEvent.objects.create(
        complaint=complaint, at=now, by=user, to_status=complaint.status, note=_("received")
    )
    return complaint


@transaction.atomic
def complaint_change_status(
    *,
    complaint: Complaint,
    user: User,
    to_status: str,
    now: datetime,
    resolution: str = "",
    closed_at: datetime | None = None,
    note: str = "",
) -> Complaint:
    if not can_handle(user, complaint.unit):
        raise PermissionDenied
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if to_status not in S.values:
        raise ValidationError({"status": _("Unknown status.")})
    if to_status == S.CLOSED:
        if not resolution.strip():
            raise ValidationError({"resolution": _("Say how the complaint was resolved.")})
        closed_at = closed_at or now
        if closed_at < complaint.received_at:
            raise ValidationError({"closed_at": _("A complaint cannot be closed before it was received.")})
        if closed_at > now:
            raise ValidationError({"closed_at": _("The closing time cannot be in the future.")})
        complaint.closed_at = closed_at
        complaint.resolution = resolution.strip()
    elif complaint.status == S.CLOSED:
        complaint.closed_at = None  # reopened
    before = complaint.status
    complaint.status = to_status
    complaint.save(update_fields=["status", "closed_at", "resolution"])
    ComplaintEvent.objects.create(
        complaint=complaint, at=now, by=user, from_status=before, to_status=to_status, note=note or resolution
    )
    return complaint


@transaction.atomic
def types_and_holidays_load(document: dict) -> int:
    """The plan file's complaint_types and holidays sections (idempotent: natural keys code and date)."""
    count = 0
    for order, row in enumerate(document.get("complaint_types") or []):
        ComplaintType.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_th": row["name_th"],
                "name_en": row.get("name_en", ""),
                "category": row["category"],
                "sla_value": row["sla_value"],
                "sla_unit": row.get("sla_unit", "days"),
                "day_kind": row.get("day_kind", "calendar"),
                "counted": row.get("counted", True),
                "order": order,
            },
        )
        count += 1
    for row in document.get("holidays") or []:
        Holiday.objects.update_or_create(date=row["date"], defaults={"name_th": row["name_th"]})
        count += 1
    return count
