"""Records entered through the front door (the services the pages, imports and API call), for KPI tests."""

from __future__ import annotations

from datetime import datetime

from complaints.models import Complaint, ComplaintType
from complaints.services import complaint_change_status, complaint_create
from plans.models import Unit, User


def clerk(unit: Unit) -> User:
    """A reporter of the unit, who logs and closes its complaints."""
    user = User.objects.filter(username=f"t-clerk-{unit.pk}").first()
    return user or User.objects.create_user(f"t-clerk-{unit.pk}", password="x", unit=unit, role="reporter")


def record_complaint(
    unit: Unit, code: str, received: datetime, closed: datetime | None = None, ref: str | None = None
) -> Complaint:
    """Taken in on the day it was received (its due date set from its type by the service), then closed."""
    user = clerk(unit)
    complaint = complaint_create(
        user=user,
        now=received,
        reference=ref or f"C-{Complaint.objects.count() + 1}",
        received_at=received,
        channel="call_center",
        unit=unit,
        type=ComplaintType.objects.get(code=code),
        description="-",
        status="open",
    )
    if closed is not None:
        complaint = complaint_change_status(
            complaint=complaint,
            user=user,
            to_status="closed",
            now=closed,
            resolution="แก้ไขแล้ว",
            closed_at=closed,
        )
    return complaint
