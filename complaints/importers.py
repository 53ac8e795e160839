"""Importing complaints exported by other systems (CSV or XLSX) with pandas: all or nothing, every bad cell
named by row and column, and idempotent by the reference number (a second import updates, never duplicates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone

from kpiplan.lib.bulk import BATCH, db_datetimes, insert_rows
from kpiplan.lib.periods import Span
from kpiplan.lib.tabular import Column, clean, guess_mapping, read_frame
from plans import access
from plans.models import User
from plans.selectors import plan_years_span

from .models import Complaint, ComplaintEvent, ComplaintType, Holiday
from .sla import due_dates_vectorised


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


@dataclass
class ImportOutcome:
    created: int
    updated: int
    rows: int


def import_complaints(
    upload,
    *,
    user: User,
    allowed_units,
    mapping: dict[str, str] | None = None,
    filename: str | None = None,
    now: datetime | None = None,
) -> ImportOutcome:
    """Raises TableError listing every problem of the file (nothing written), or imports every row in one
    transaction."""
    now = now or timezone.now()
    frame = read_frame(upload, filename)
    units = {u.code: u.pk for u in allowed_units}
    types = {t.code: t for t in ComplaintType.objects.all()}
    cols = columns(units, types, plan_years_span())
    if mapping is None:
        mapping = guess_mapping(list(frame.columns), cols)
    table = clean(frame, cols, mapping)
    df = table.frame
    references = df["reference"]
    duplicated = references.notna() & references.duplicated(keep=False)
    for i in df.index[duplicated]:
        table.error(i, "เลขที่ข้อร้องเรียน", "เลขที่ซ้ำกันในไฟล์", references[i])
    received, closed = df["received_at"], df["closed_at"]
    status = df["status"].where(df["status"].notna(), np.where(closed.notna(), "closed", "open"))
    for i in df.index[closed.notna() & received.notna() & (closed < received)]:
        table.error(i, "วันที่ปิดเรื่อง", "ปิดเรื่องก่อนวันที่รับเรื่อง")
    for i in df.index[(status == "closed") & closed.isna() & ~table.failed("วันที่ปิดเรื่อง")]:
        table.error(i, "วันที่ปิดเรื่อง", "เรื่องที่ปิดแล้วต้องมีวันที่ปิดเรื่อง")
    table.raise_errors()
    tz = timezone.get_current_timezone()
    type_rows = {t.pk: t for t in types.values()}
    sla_days = df["type"].map(lambda pk: type_rows[pk].sla_value).to_numpy()
    hours = df["type"].map(lambda pk: type_rows[pk].sla_unit == "hours").to_numpy()
    working = df["type"].map(lambda pk: type_rows[pk].day_kind == "working").to_numpy()
    local_days = (
        received.dt.tz_convert(tz).dt.tz_localize(None).dt.normalize().to_numpy().astype("datetime64[D]")
    )
    due_days = due_dates_vectorised(
        local_days,
        np.where(hours, 0, sla_days),
        working & ~hours,
        Holiday.objects.values_list("date", flat=True),
    )
    end_of_day = (
        pd.to_datetime(due_days).tz_localize(tz) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    )
    due = pd.Series(end_of_day, index=df.index).where(~hours, received + pd.to_timedelta(sla_days, unit="h"))
    values = {
        "reference": df["reference"].tolist(),
        "received_at": db_datetimes(received),
        "channel": df["channel"].tolist(),
        "unit": df["unit"].astype(int).tolist(),
        "type": df["type"].astype(int).tolist(),
        "urgent": [v is True for v in df["urgent"]],
        "description": df["description"].tolist(),
        "contact_name": df["contact_name"].fillna("").tolist(),
        "contact_phone": df["contact_phone"].fillna("").tolist(),
        "status": status.tolist(),
        "due_at": db_datetimes(due),
        "closed_at": db_datetimes(closed),
        "resolution": df["resolution"].fillna("").tolist(),
    }
    with transaction.atomic():
        existing = _existing(values["reference"])
        is_new = [ref not in existing for ref in values["reference"]]
        now_db = db_datetimes(pd.Series([pd.Timestamp(now)]))[0]
        fields = [*IMPORTED_FIELDS, "voc_reference", "created_by", "created_at"]
        insert_rows(
            Complaint,
            fields,
            (
                (*(values[f][i] for f in IMPORTED_FIELDS), "", user.pk, now_db)
                for i in range(len(is_new))
                if is_new[i]
            ),
        )
        old = [
            Complaint(
                pk=existing[ref],
                **{
                    f if f not in ("unit", "type") else f"{f}_id": _python(
                        f, received, due, closed, values, i
                    )
                    for f in IMPORTED_FIELDS
                    if f != "reference"
                },
            )
            for i, ref in enumerate(values["reference"])
            if not is_new[i]
        ]
        if old:
            Complaint.objects.bulk_update(
                old,
                [f if f not in ("unit", "type") else f"{f}_id" for f in IMPORTED_FIELDS if f != "reference"],
                batch_size=BATCH,
            )
        new_refs = [ref for ref, fresh in zip(values["reference"], is_new, strict=True) if fresh]
        created_ids = _existing(new_refs) if new_refs else {}
        insert_rows(
            ComplaintEvent,
            ["complaint", "at", "by", "from_status", "to_status", "note"],
            (
                (created_ids[ref], now_db, user.pk, "", values["status"][i], "นำเข้าจากไฟล์")
                for i, ref in enumerate(values["reference"])
                if is_new[i]
            ),
        )
    return ImportOutcome(created=len(new_refs), updated=len(old), rows=len(is_new))


IMPORTED_FIELDS = [
    "reference",
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
]


def _python(field, received, due, closed, values, i):
    """A re-imported row's value as the ORM wants it (bulk_update prepares values itself)."""
    series = {"received_at": received, "due_at": due, "closed_at": closed}.get(field)
    if series is not None:
        value = series.iat[i]
        return None if pd.isna(value) else value.to_pydatetime()
    return values[field][i]


def _existing(references: list[str]) -> dict[str, int]:
    found = {}
    for start in range(0, len(references), 5000):
        chunk = references[start : start + 5000]
        found.update(Complaint.objects.filter(reference__in=chunk).values_list("reference", "pk"))
    return found


def allowed_units_for(user: User):
    """The units whose complaints a user may import: their own, or the region's for reviewers."""
    return access.record_units_for(user)
