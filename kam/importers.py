"""Imports of CRM exports: key accounts and their activities (CSV/XLSX); all or nothing, errors by row and
field, idempotent by customer number / activity id."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kpiplan.lib.tabular import Column, RowError, TableError, clean, guess_mapping, read_frame
from plans.models import User

from .models import Activity, ExecLevel, KeyAccount, Kind, Segment


@dataclass
class ImportOutcome:
    created: int
    updated: int
    rows: int


def _choices(enum) -> dict:
    return {v: v for v in enum.values} | {str(label): v for v, label in enum.choices}


def import_accounts(upload, *, allowed_units, filename: str | None = None) -> ImportOutcome:
    frame = read_frame(upload, filename)
    units = {u.code: u.pk for u in allowed_units}
    users = {u.username: u.pk for u in User.objects.filter(unit_id__in=units.values())}
    cols = [
        Column("customer_number", "หมายเลขผู้ใช้ไฟ", max_length=30, aliases=("customer_no", "ca")),
        Column("name", "ชื่อลูกค้า", max_length=200),
        Column("segment", "กลุ่มลูกค้า", kind="choice", choices=_choices(Segment)),
        Column("office", "หน่วยงาน", kind="choice", choices=units, aliases=("unit", "office_code")),
        Column("kamr", "KAMR", kind="choice", choices=users, required=False, aliases=("kamr_username",)),
        Column("revenue_band", "ระดับรายได้", required=False, max_length=30),
        Column("active_from", "เริ่ม", kind="date", required=False),
        Column("active_to", "สิ้นสุด", kind="date", required=False),
    ]
    table = clean(frame, cols, guess_mapping(list(frame.columns), cols))
    df, rows = table.frame, table.rows
    duplicated = df["customer_number"].duplicated(keep=False)
    errors = [RowError(int(rows[i]), "หมายเลขผู้ใช้ไฟ", "หมายเลขผู้ใช้ไฟซ้ำกันในไฟล์") for i in df.index[duplicated]]
    elsewhere = dict(
        KeyAccount.objects.filter(customer_number__in=list(df["customer_number"]))
        .exclude(office_id__in=units.values())
        .values_list("customer_number", "office__code")
    )
    errors += [
        RowError(
            int(rows[i]), "หมายเลขผู้ใช้ไฟ", f"เป็นลูกค้ารายสำคัญของ {elsewhere[df['customer_number'][i]]} อยู่แล้ว"
        )
        for i in df.index
        if df["customer_number"][i] in elsewhere
    ]
    if errors:
        raise TableError(sorted(errors, key=lambda e: e.row or 0))
    created = updated = 0
    with transaction.atomic():
        for i in df.index:
            fields = {
                "name": df["name"][i],
                "segment": df["segment"][i],
                "office_id": int(df["office"][i]),
                "kamr_id": int(df["kamr"][i]) if df["kamr"][i] else None,
                "revenue_band": df["revenue_band"][i] or "",
                "active_from": df["active_from"][i].date() if df["active_from"][i] is not None else None,
                "active_to": df["active_to"][i].date() if df["active_to"][i] is not None else None,
            }
            _obj, was_created = KeyAccount.objects.update_or_create(
                customer_number=df["customer_number"][i], defaults=fields
            )
            created += was_created
            updated += not was_created
    return ImportOutcome(created, updated, len(df))


def import_activities(upload, *, allowed_units, user: User, filename: str | None = None) -> ImportOutcome:
    frame = read_frame(upload, filename)
    allowed = {u.pk for u in allowed_units}
    cols = [
        Column("external_id", "รหัสกิจกรรม", max_length=80, aliases=("activity_id", "id")),
        Column("customer_number", "หมายเลขผู้ใช้ไฟ", max_length=30, aliases=("customer_no", "ca")),
        Column("kind", "ประเภทกิจกรรม", kind="choice", choices=_choices(Kind)),
        Column("exec_level", "ระดับผู้บริหาร", kind="choice", choices=_choices(ExecLevel), required=False),
        Column("date", "วันที่", kind="date"),
        Column("participants", "ผู้เข้าร่วม", required=False, max_length=300),
        Column("notes", "บันทึก", required=False, max_length=5000),
    ]
    table = clean(frame, cols, guess_mapping(list(frame.columns), cols))
    df, rows = table.frame, table.rows
    accounts = {
        a.customer_number: a
        for a in KeyAccount.objects.filter(customer_number__in=list(df["customer_number"]))
    }
    errors = []
    for i in df.index:
        account = accounts.get(df["customer_number"][i])
        if account is None:
            errors.append(RowError(int(rows[i]), "หมายเลขผู้ใช้ไฟ", "ไม่พบลูกค้ารายสำคัญนี้"))
        elif account.office_id not in allowed:
            errors.append(RowError(int(rows[i]), "หมายเลขผู้ใช้ไฟ", "เป็นลูกค้ารายสำคัญของหน่วยงานอื่น"))
        if df["kind"][i] == Kind.EXEC_VISIT and not df["exec_level"][i]:
            errors.append(RowError(int(rows[i]), "ระดับผู้บริหาร", "การเยี่ยมของผู้บริหารต้องระบุระดับ"))
    duplicated = df["external_id"].duplicated(keep=False)
    errors += [RowError(int(rows[i]), "รหัสกิจกรรม", "รหัสซ้ำกันในไฟล์") for i in df.index[duplicated]]
    if errors:
        raise TableError(sorted(errors, key=lambda e: e.row or 0))
    now = timezone.now()
    existing = dict(
        Activity.objects.filter(external_id__in=list(df["external_id"])).values_list("external_id", "pk")
    )
    created = updated = 0
    with transaction.atomic():
        new = []
        for i in df.index:
            account = accounts[df["customer_number"][i]]
            fields = {
                "account": account,
                "office_id": account.office_id,
                "kind": df["kind"][i],
                "exec_level": df["exec_level"][i] or "",
                "date": df["date"][i].date(),
                "participants": df["participants"][i] or "",
                "notes": df["notes"][i] or "",
            }
            if df["external_id"][i] in existing:
                Activity.objects.filter(pk=existing[df["external_id"][i]]).update(**fields)
                updated += 1
            else:
                new.append(
                    Activity(external_id=df["external_id"][i], logged_at=now, logged_by=user, **fields)
                )
        Activity.objects.bulk_create(new, batch_size=2000)
        created = len(new)
    return ImportOutcome(created, updated, len(df))
