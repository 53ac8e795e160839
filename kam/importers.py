"""Imports of CRM exports: key accounts and their activities (CSV/XLSX); all or nothing, errors by row and
field, idempotent by customer number / activity id."""

from __future__ import annotations

from datetime import datetime, timedelta

from kpiplan.lib.periods import Span
from kpiplan.lib.tabular import Column
from plans.models import User
from plans.selectors import plan_years_span
from plans.upserts import Outcome, import_file

from . import services
from .models import ExecLevel, Kind, Segment

ACCOUNT_YEARS_MARGIN = 10


def _choices(enum) -> dict:
    return {v: v for v in enum.values} | {str(label): v for v, label in enum.choices}


def account_columns(
    units: dict[str, int] | None = None, users: dict[str, int] | None = None, allowed: Span | None = None
) -> list[Column]:
    """The columns of a key-accounts file (the import page lists them)."""
    return [
        Column("customer_number", "หมายเลขผู้ใช้ไฟ", max_length=30, aliases=("customer_no", "ca")),
        Column("name", "ชื่อลูกค้า", max_length=200),
        Column("segment", "กลุ่มลูกค้า", kind="choice", choices=_choices(Segment)),
        Column("office", "หน่วยงาน", kind="choice", choices=units or {}, aliases=("unit", "office_code")),
        Column(
            "kamr", "KAMR", kind="choice", choices=users or {}, required=False, aliases=("kamr_username",)
        ),
        Column("revenue_band", "ระดับรายได้", required=False, max_length=30),
        Column("active_from", "เริ่ม", kind="date", required=False, allowed=allowed),
        Column("active_to", "สิ้นสุด", kind="date", required=False, allowed=allowed),
    ]


def activity_columns(allowed: Span | None = None) -> list[Column]:
    """The columns of an activities file (the import page lists them)."""
    return [
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


def import_accounts(
    upload,
    *,
    allowed_units,
    user: User,
    filename: str | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Raises TableError listing every problem of the file (nothing written), or imports every row through
    ``account_upsert_many``."""
    units = {u.code: u.pk for u in allowed_units}
    users = {u.username: u.pk for u in User.objects.filter(unit_id__in=units.values())}
    # An account may have been served long before the plan and stay on after it: ten years either side.
    allowed = plan_years_span(margin_years=ACCOUNT_YEARS_MARGIN)
    cols = account_columns(units, users, allowed)
    return import_file(
        upload, filename, cols, services.account_upsert_many, user=user, now=now, dry_run=dry_run
    )


def import_activities(
    upload,
    *,
    allowed_units,
    user: User,
    filename: str | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Raises TableError listing every problem of the file (nothing written), or imports every row through
    ``activity_upsert_many``.

    The logging time is the file's own (the CRM's "logged at"), or none: the import time would flag every
    imported activity as logged late."""
    cols = activity_columns(plan_years_span())
    return import_file(
        upload,
        filename,
        cols,
        services.activity_upsert_many,
        user=user,
        now=now,
        dry_run=dry_run,
        logged_now=False,
    )
