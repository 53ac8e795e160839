"""Imports of CRM exports: key accounts and their activities (CSV/XLSX); all or nothing, errors by row and
field, idempotent by customer number / activity id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kpiplan.lib.periods import Span
from kpiplan.lib.tabular import Column, clean, guess_mapping, read_frame
from plans.models import User
from plans.selectors import plan_years_span

from .models import Activity, ExecLevel, KeyAccount, Kind, Segment


@dataclass
class ImportOutcome:
    created: int
    updated: int
    rows: int


ACCOUNT_YEARS_MARGIN = 10


def _choices(enum) -> dict:
    return {v: v for v in enum.values} | {str(label): v for v, label in enum.choices}


def import_accounts(upload, *, allowed_units, filename: str | None = None) -> ImportOutcome:
    """Raises TableError listing every problem of the file (nothing written), or imports every row."""
    frame = read_frame(upload, filename)
    units = {u.code: u.pk for u in allowed_units}
    users = {u.username: u.pk for u in User.objects.filter(unit_id__in=units.values())}
    # An account may have been served long before the plan and stay on after it: ten years either side.
    allowed = plan_years_span(margin_years=ACCOUNT_YEARS_MARGIN)
    cols = [
        Column("customer_number", "หมายเลขผู้ใช้ไฟ", max_length=30, aliases=("customer_no", "ca")),
        Column("name", "ชื่อลูกค้า", max_length=200),
        Column("segment", "กลุ่มลูกค้า", kind="choice", choices=_choices(Segment)),
        Column("office", "หน่วยงาน", kind="choice", choices=units, aliases=("unit", "office_code")),
        Column("kamr", "KAMR", kind="choice", choices=users, required=False, aliases=("kamr_username",)),
        Column("revenue_band", "ระดับรายได้", required=False, max_length=30),
        Column("active_from", "เริ่ม", kind="date", required=False, allowed=allowed),
        Column("active_to", "สิ้นสุด", kind="date", required=False, allowed=allowed),
    ]
    table = clean(frame, cols, guess_mapping(list(frame.columns), cols))
    rows = table.records()
    numbers = table.frame["customer_number"]
    for i in table.frame.index[numbers.notna() & numbers.duplicated(keep=False)]:
        table.error(i, "หมายเลขผู้ใช้ไฟ", "หมายเลขผู้ใช้ไฟซ้ำกันในไฟล์", numbers[i])
    elsewhere = dict(
        KeyAccount.objects.filter(customer_number__in=[r["customer_number"] for r in rows])
        .exclude(office_id__in=units.values())
        .values_list("customer_number", "office__code")
    )
    for index, row in zip(table.frame.index, rows, strict=True):
        if row["customer_number"] in elsewhere:
            table.error(index, "หมายเลขผู้ใช้ไฟ", f"เป็นลูกค้ารายสำคัญของ {elsewhere[row['customer_number']]} อยู่แล้ว")
        if row["active_from"] and row["active_to"] and row["active_to"] < row["active_from"]:
            table.error(index, "สิ้นสุด", "วันสิ้นสุดอยู่ก่อนวันเริ่ม")
    table.raise_errors()
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            fields = {
                "name": row["name"],
                "segment": row["segment"],
                "office_id": row["office"],
                "kamr_id": row["kamr"],
                "revenue_band": row["revenue_band"] or "",
                "active_from": row["active_from"],
                "active_to": row["active_to"],
            }
            _obj, was_created = KeyAccount.objects.update_or_create(
                customer_number=row["customer_number"], defaults=fields
            )
            created += was_created
            updated += not was_created
    return ImportOutcome(created, updated, len(rows))


def import_activities(upload, *, allowed_units, user: User, filename: str | None = None) -> ImportOutcome:
    """Raises TableError listing every problem of the file (nothing written), or imports every row.

    The logging time is the file's own (the CRM's "logged at"), or none: the import time would flag every
    imported activity as logged late."""
    frame = read_frame(upload, filename)
    allowed_offices = {u.pk for u in allowed_units}
    allowed = plan_years_span()
    cols = [
        Column("external_id", "รหัสกิจกรรม", max_length=80, aliases=("activity_id", "id")),
        Column("customer_number", "หมายเลขผู้ใช้ไฟ", max_length=30, aliases=("customer_no", "ca")),
        Column("kind", "ประเภทกิจกรรม", kind="choice", choices=_choices(Kind)),
        Column("exec_level", "ระดับผู้บริหาร", kind="choice", choices=_choices(ExecLevel), required=False),
        Column("date", "วันที่", kind="date", allowed=allowed),
        Column("participants", "ผู้เข้าร่วม", required=False, max_length=300),
        Column("notes", "บันทึก", required=False, max_length=5000),
        Column(
            "logged_at",
            "วันที่บันทึก",
            kind="datetime",
            required=False,
            aliases=("logged", "บันทึกเมื่อ", "วันเวลาที่บันทึก"),
            allowed=allowed and Span(allowed.start, allowed.end + timedelta(days=366)),
        ),
    ]
    table = clean(frame, cols, guess_mapping(list(frame.columns), cols))
    rows = table.records()
    accounts = {
        a.customer_number: a
        for a in KeyAccount.objects.filter(customer_number__in=[r["customer_number"] for r in rows])
    }
    for index, row in zip(table.frame.index, rows, strict=True):
        account = accounts.get(row["customer_number"])
        if row["customer_number"] is None:
            pass
        elif account is None:
            table.error(index, "หมายเลขผู้ใช้ไฟ", "ไม่พบลูกค้ารายสำคัญนี้", row["customer_number"])
        elif account.office_id not in allowed_offices:
            table.error(index, "หมายเลขผู้ใช้ไฟ", "เป็นลูกค้ารายสำคัญของหน่วยงานอื่น", row["customer_number"])
        # The form's rules (kam.services.activity_log) and the database's constraint.
        if row["kind"] == Kind.EXEC_VISIT and not row["exec_level"] and not table.failed("ระดับผู้บริหาร")[index]:
            table.error(index, "ระดับผู้บริหาร", "การเยี่ยมของผู้บริหารต้องระบุระดับ")
        if row["logged_at"] and row["date"] and timezone.localtime(row["logged_at"]).date() < row["date"]:
            table.error(index, "วันที่บันทึก", "บันทึกก่อนวันที่ทำกิจกรรม")
    ids = table.frame["external_id"]
    for i in table.frame.index[ids.notna() & ids.duplicated(keep=False)]:
        table.error(i, "รหัสกิจกรรม", "รหัสซ้ำกันในไฟล์", ids[i])
    table.raise_errors()
    existing = dict(
        Activity.objects.filter(external_id__in=[r["external_id"] for r in rows]).values_list(
            "external_id", "pk"
        )
    )
    created = updated = 0
    with transaction.atomic():
        new = []
        for row in rows:
            account = accounts[row["customer_number"]]
            fields = {
                "account": account,
                "office_id": account.office_id,
                "kind": row["kind"],
                "exec_level": row["exec_level"] or "",
                "date": row["date"],
                "participants": row["participants"] or "",
                "notes": row["notes"] or "",
                "logged_at": row["logged_at"],
            }
            if row["external_id"] in existing:
                Activity.objects.filter(pk=existing[row["external_id"]]).update(**fields)
                updated += 1
            else:
                new.append(Activity(external_id=row["external_id"], logged_by=user, **fields))
        Activity.objects.bulk_create(new, batch_size=2000)
        created = len(new)
    return ImportOutcome(created, updated, len(rows))
