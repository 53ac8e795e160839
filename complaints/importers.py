"""Importing complaints exported by other systems (CSV or XLSX) with pandas: all or nothing, every bad cell
named by row and column, and idempotent by the reference number (a second import updates, never duplicates)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from kpiplan.lib.periods import Span
from kpiplan.lib.tabular import Column, clean, guess_mapping, read_frame
from plans import access
from plans.history import Via
from plans.models import User
from plans.selectors import plan_years_span
from plans.upserts import Outcome, import_table

from . import services
from .models import Complaint, ComplaintType


def columns(
    units: dict[str, int], types: dict[str, ComplaintType], allowed: Span | None = None
) -> list[Column]:
    """The fields of a complaint export; ``allowed``: the days its dates may fall on (the plan's years)."""
    channels = {v: v for v in Complaint.Channel.values} | {
        str(label): v for v, label in Complaint.Channel.choices
    }
    statuses = (
        {v: v for v in Complaint.Status.values}
        | {str(label): v for v, label in Complaint.Status.choices}
        | {"เปิด": "open", "กำลังดำเนินการ": "in_progress", "ปิด": "closed", "ปิดแล้ว": "closed"}
    )
    return [
        Column("reference", "เลขที่ข้อร้องเรียน", max_length=60, aliases=("ref", "reference_no", "เลขที่")),
        Column(
            "received_at",
            "วันที่รับเรื่อง",
            kind="datetime",
            aliases=("received", "วันเวลารับเรื่อง"),
            allowed=allowed,
        ),
        Column("channel", "ช่องทาง", kind="choice", choices=channels),
        Column("unit", "หน่วยงาน", kind="choice", choices=units, aliases=("unit_code", "รหัสหน่วยงาน")),
        Column(
            "type",
            "ประเภท",
            kind="choice",
            choices={k: v.pk for k, v in types.items()},
            aliases=("type_code", "รหัสประเภท"),
        ),
        Column("description", "รายละเอียด", max_length=5000, aliases=("detail",)),
        Column("urgent", "เร่งด่วน", kind="bool", required=False),
        Column("contact_name", "ชื่อผู้ร้องเรียน", required=False, max_length=120),
        Column("contact_phone", "โทรศัพท์", required=False, max_length=30),
        Column("status", "สถานะ", kind="choice", choices=statuses, required=False),
        Column(
            "closed_at", "วันที่ปิดเรื่อง", kind="datetime", required=False, aliases=("closed",), allowed=allowed
        ),
        Column("resolution", "ผลการแก้ไข", required=False, max_length=5000),
    ]


def import_complaints(
    upload,
    *,
    user: User,
    allowed_units,
    mapping: dict[str, str] | None = None,
    filename: str | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Raises TableError listing every problem of the file (nothing written), or imports every row in one
    transaction through ``complaint_upsert_many`` (with ``dry_run``: says what it would write)."""
    now = now or timezone.now()
    frame = read_frame(upload, filename)
    units = {u.code: u.pk for u in allowed_units}
    types = {t.code: t for t in ComplaintType.objects.all()}
    cols = columns(units, types, plan_years_span())
    if mapping is None:
        mapping = guess_mapping(list(frame.columns), cols)
    table = clean(frame, cols, mapping)

    def write(rows, dry_run):
        return services.complaint_upsert_many(
            user=user, rows=rows, now=now, via=Via.IMPORT, reason="นำเข้าจากไฟล์", dry_run=dry_run
        )

    return import_table(table, cols, mapping, write, dry_run=dry_run)


def allowed_units_for(user: User):
    """The units whose complaints a user may import: their own, or the region's for reviewers."""
    return access.record_units_for(user)
