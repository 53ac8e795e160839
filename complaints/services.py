"""Writes: intake, status changes (closing needs a resolution), holidays and types from the plan file."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from plans import access
from plans.history import Via
from plans.models import Unit, User
from plans.upserts import Outcome, RecordType, RowsRefused, missing_on_create, upsert_many

from . import sla
from .models import Complaint, ComplaintType, Holiday

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


COMPLAINT = RecordType(
    model=Complaint,
    key="reference",
    unit_path="unit",
    fields=(
        "received_at",
        "channel",
        "unit",
        "type",
        "urgent",
        "description",
        "contact_name",
        "contact_phone",
        "status",
        "due_at",
        "closed_at",
        "resolution",
        "voc_reference",
    ),
    unit_of=lambda row: row.get("unit"),
    derived=(
        "due_15d_at",
        "due_30d_at",
        "due_month_at",
        "in_sla",
        "in_15d",
        "in_30d",
        "in_month",
        "time_to_close",
    ),
)
RULE_DEADLINES = ("due_15d_at", "due_30d_at", "due_month_at")
# what an update row may leave out and keeps from the record (field, attribute)
KEPT = [
    (name, Complaint._meta.get_field(name).attname)
    for name in ("received_at", "type", "unit", "status", "closed_at", "resolution")
]


def complaint_upsert_many(
    *, user: User, rows: list[dict], now: datetime, via: str, reason: str = "", dry_run: bool = False
) -> Outcome:
    """Create or update complaints by reference: the one write of the form, the closing form, the import and
    the API. A row may leave out what it does not change (a closing row: reference, status, resolution).

    The rules: the status is one of the three; a closed complaint has a resolution and a closing time, not
    before it was received and not in the future; the due date follows from the type's SLA at intake (and
    again when the received time or the type changes)."""
    types = {t.pk: t for t in ComplaintType.objects.all()}
    due_at = sla.DueDates(holiday_days())
    statuses = set(S.values)

    def derive(row: dict, old: Complaint | None) -> dict:
        out = {}
        if old is not None:
            for name, attname in KEPT:
                if name not in row:
                    out[name] = getattr(old, attname)
        merged = {**row, **out}
        if not merged.get("status"):  # a file without a status: closed when it says when
            merged["status"] = out["status"] = S.CLOSED if merged.get("closed_at") else S.OPEN
        if merged.get("status") != S.CLOSED:
            out["closed_at"] = None  # open or reopened: not closed
        for text in ("resolution", "description", "contact_name", "contact_phone", "voc_reference"):
            if isinstance(merged.get(text), str):
                out[text] = merged[text].strip()
            elif text in row and merged.get(text) is None:
                out[text] = ""
        if "urgent" in row:
            out["urgent"] = bool(row["urgent"])
        received, type_pk = merged.get("received_at"), merged.get("type")
        changed = old is None or received != old.received_at or type_pk != old.type_id
        if received is not None and type_pk in types and changed:
            t = types[type_pk]
            out["due_at"] = due_at(received, t.sla_value, t.sla_unit, t.day_kind)
        # Its standing, fixed now so that the KPIs count rows (complaint_standings_refresh re-fixes it when its
        # type's SLA or the holiday calendar changes).
        if received is not None:
            if old is None or received != old.received_at:
                out |= due_at.rules(received)
            deadlines = {"received_at": received, "due_at": out.get("due_at", old and old.due_at)}
            for name in RULE_DEADLINES:
                deadlines[name] = out.get(name, old and getattr(old, name))
            closed = merged.get("closed_at") if merged.get("status") == S.CLOSED else None
            out |= sla.closing_standing(closed, deadlines)
        return out

    def check(row: dict, old: Complaint | None) -> dict:
        errors = missing_on_create(
            row,
            old,
            {"received_at": "วันที่รับเรื่อง", "channel": "ช่องทาง", "type": "ประเภท", "description": "รายละเอียด"},
        )
        if row.get("status") not in statuses:
            errors["status"] = "สถานะไม่ถูกต้อง"
        if row.get("status") == S.CLOSED:
            if not row.get("resolution"):
                errors["resolution"] = "เรื่องที่ปิดต้องระบุผลการแก้ไข"
            closed = row.get("closed_at")
            if closed is None:
                errors["closed_at"] = "เรื่องที่ปิดแล้วต้องมีวันที่ปิดเรื่อง"
            elif row.get("received_at") and closed < row["received_at"]:
                errors["closed_at"] = "ปิดเรื่องก่อนวันที่รับเรื่อง"
            elif closed > now:
                errors["closed_at"] = "วันที่ปิดเรื่องอยู่ในอนาคต"
        return errors

    return upsert_many(
        COMPLAINT,
        user=user,
        rows=rows,
        now=now,
        via=via,
        check=check,
        derive=derive,
        on_create={"created_by": user},
        reason=reason,
        dry_run=dry_run,
    )


def complaint_create(*, user: User, now: datetime, via: str = Via.FORM, **fields) -> Complaint:
    """The intake form: one complaint (ValidationError by field)."""
    if not can_handle(user, fields["unit"]):
        raise PermissionDenied
    try:
        outcome = complaint_upsert_many(user=user, rows=[fields], now=now, via=via, reason=_("received"))
    except RowsRefused as exc:
        raise exc.validation_error() from exc
    return Complaint.objects.get(pk=outcome.rows[0].obj.pk)


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
    """The complaint page's buttons: close (with the resolution; no time means now), reopen, in progress."""
    if not can_handle(user, complaint.unit):
        raise PermissionDenied
    row = {"reference": complaint.reference, "status": to_status}
    if to_status == S.CLOSED:
        row |= {"resolution": resolution, "closed_at": closed_at or now}
    try:
        complaint_upsert_many(user=user, rows=[row], now=now, via=Via.FORM, reason=note or resolution)
    except RowsRefused as exc:
        raise exc.validation_error() from exc
    return Complaint.objects.get(pk=complaint.pk)


SLA_FIELDS = ("sla_value", "sla_unit", "day_kind")


def complaint_standing_fix(complaint: Complaint) -> None:
    """Set an unsaved complaint's due date and standing from its fields (the admin's edit form, which writes
    past the service)."""
    complaint.due_at = complaint_due(complaint.received_at, complaint.type)
    deadlines = sla.rule_deadlines(complaint.received_at)
    closed = complaint.closed_at if complaint.status == S.CLOSED else None
    standing = sla.closing_standing(
        closed, {**deadlines, "received_at": complaint.received_at, "due_at": complaint.due_at}
    )
    for name, value in (deadlines | standing).items():
        setattr(complaint, name, value)


def complaint_standings_refresh(*, types=None, holidays_changed: bool = False) -> int:
    """Re-fix the due dates and SLA standings of the complaints of ``types`` (their SLA changed) and, when the
    holiday calendar changed, of every working-day type; every type when neither is given. The one function
    behind the plan loader and the admin pages that edit types and holidays. Returns the complaints changed."""
    if types is None and not holidays_changed:
        chosen = list(ComplaintType.objects.all())
    else:
        chosen = {t.pk: t for t in types or ()}
        if holidays_changed:
            chosen |= {t.pk: t for t in ComplaintType.objects.filter(day_kind=ComplaintType.DayKind.WORKING)}
        chosen = list(chosen.values())
    holidays = holiday_days()
    changed = 0
    for complaint_type in chosen:
        batch = []
        rows = Complaint.objects.filter(type=complaint_type).only(
            "pk", "received_at", "closed_at", "due_at", "in_sla"
        )
        for complaint in rows.iterator(chunk_size=5000):
            due = complaint_due(complaint.received_at, complaint_type, holidays)
            in_sla = None if complaint.closed_at is None else complaint.closed_at <= due
            if due != complaint.due_at or in_sla != complaint.in_sla:
                complaint.due_at, complaint.in_sla = due, in_sla
                batch.append(complaint)
            if len(batch) == 5000:
                Complaint.objects.bulk_update(batch, ["due_at", "in_sla"])
                changed, batch = changed + len(batch), []
        Complaint.objects.bulk_update(batch, ["due_at", "in_sla"])
        changed += len(batch)
    return changed


@transaction.atomic
def types_and_holidays_load(document: dict) -> int:
    """The plan file's complaint_types and holidays sections (idempotent: natural keys code and date). A type
    whose SLA changed, or a changed calendar, re-fixes the standings of the complaints concerned."""
    count = 0
    resla = []
    for order, row in enumerate(document.get("complaint_types") or []):
        before = ComplaintType.objects.filter(code=row["code"]).values(*SLA_FIELDS).first()
        complaint_type, _created = ComplaintType.objects.update_or_create(
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
        if before is not None and before != {f: getattr(complaint_type, f) for f in SLA_FIELDS}:
            resla.append(complaint_type)
        count += 1
    holidays_changed = False
    for row in document.get("holidays") or []:
        _holiday, created = Holiday.objects.update_or_create(
            date=row["date"], defaults={"name_th": row["name_th"]}
        )
        holidays_changed |= created
        count += 1
    if resla or holidays_changed:
        complaint_standings_refresh(types=resla, holidays_changed=holidays_changed)
    return count
