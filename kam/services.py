"""Writes: key accounts, activities (only for one's own office's accounts), visit plans, segment targets."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from plans import access
from plans.history import Via
from plans.models import Unit, User
from plans.upserts import Outcome, RecordType, RowsRefused, missing_on_create, upsert_many

from .models import Activity, KeyAccount, Kind, Segment, SegmentTarget, VisitPlan


def can_write(user: User, office: Unit) -> bool:
    return access.can_write_records(user, office)


ACCOUNT = RecordType(
    model=KeyAccount,
    key="customer_number",
    unit_path="office",
    fields=("name", "segment", "office", "kamr", "revenue_band", "active_from", "active_to"),
    unit_of=lambda row: row.get("office"),
)


def account_upsert_many(
    *, user: User, rows: list[dict], now: datetime, via: str, dry_run: bool = False
) -> Outcome:
    """Create or update key accounts by customer number: the form and the import. A customer number held by
    another office is refused without naming it; the KAMR works in the account's office (or the region)."""
    kamr_units = dict(
        User.objects.filter(
            pk__in=[getattr(r.get("kamr"), "pk", r.get("kamr")) for r in rows if r.get("kamr")]
        ).values_list("pk", "unit_id")
    )
    visible = set(access.units_visible_to(user).values_list("pk", flat=True))

    def derive(row: dict, old: KeyAccount | None) -> dict:
        out = {}
        for name in ("office", "name", "segment", "active_from", "active_to"):
            if name not in row and old is not None:
                out[name] = getattr(old, KeyAccount._meta.get_field(name).attname)
        for text in ("name", "revenue_band"):
            if text in row:
                out[text] = (row[text] or "").strip()
        return out

    def check(row: dict, old: KeyAccount | None) -> dict:
        errors = missing_on_create(row, old, {"name": "ชื่อลูกค้า", "segment": "กลุ่มลูกค้า"})
        if row.get("segment") and row["segment"] not in Segment.values:
            errors["segment"] = "กลุ่มลูกค้าไม่ถูกต้อง"
        if row.get("kamr") and kamr_units.get(row["kamr"]) not in visible:
            errors["kamr"] = "ไม่พบผู้ดูแลลูกค้ารายนี้ในหน่วยงานของท่าน"
        if row.get("active_from") and row.get("active_to") and row["active_to"] < row["active_from"]:
            errors["active_to"] = "วันสิ้นสุดอยู่ก่อนวันเริ่ม"
        return errors

    return upsert_many(
        ACCOUNT, user=user, rows=rows, now=now, via=via, check=check, derive=derive, dry_run=dry_run
    )


def account_save(*, account: KeyAccount, user: User, now: datetime | None = None) -> KeyAccount:
    """The account form (new or edited; the customer number is the account's identity)."""
    if not can_write(user, account.office):
        raise PermissionDenied
    row = {"customer_number": account.customer_number} | {
        name: getattr(account, KeyAccount._meta.get_field(name).attname) for name in ACCOUNT.fields
    }
    try:
        outcome = account_upsert_many(user=user, rows=[row], now=now or timezone.now(), via=Via.FORM)
    except RowsRefused as exc:
        raise exc.validation_error() from exc
    return KeyAccount.objects.get(pk=outcome.rows[0].obj.pk)


ACTIVITY = RecordType(
    model=Activity,
    key="external_id",
    unit_path="office",
    fields=(
        "account",
        "office",
        "prospect",
        "kind",
        "exec_level",
        "date",
        "participants",
        "notes",
        "voc_reference",
        "logged_at",
    ),
    unit_of=lambda row: row.get("office"),
)
NO_ACCOUNT = "ไม่พบลูกค้ารายสำคัญนี้ในหน่วยงานของท่าน"


def activity_upsert_many(
    *,
    user: User,
    rows: list[dict],
    now: datetime,
    via: str,
    dry_run: bool = False,
    logged_now: bool = True,
) -> Outcome:
    """Log or correct key-account activities by their id (none: a new one): the form, the import and the API.

    A row names its account by ``account`` (object or id) or by ``customer_number``, looked up only among the
    accounts of offices the user may write: another office's customer is "not found", nothing more. The
    activity belongs to its account's office. The rules: an account unless BOI, an executive visit says who
    visited, nothing logged before it happens; the logging time is the row's (an import's file) or now."""
    writable = access.record_units_for(user)
    numbers = [r["customer_number"] for r in rows if r.get("customer_number")]
    ids = [getattr(r.get("account"), "pk", r.get("account")) for r in rows if r.get("account")]
    accounts = {
        a.pk: a
        for a in KeyAccount.objects.filter(office__in=writable).filter(
            Q(customer_number__in=numbers) | Q(pk__in=ids)
        )
    }
    by_number = {a.customer_number: a for a in accounts.values()}

    def derive(row: dict, old: Activity | None) -> dict:
        out = {}
        number = row.pop("customer_number", None)
        if number is not None:
            account = by_number.get(number)
            if account is None:
                raise ValidationError({"customer_number": NO_ACCOUNT})
            out["account"] = account.pk
        account_pk = out.get("account", row.get("account", old.account_id if old else None))
        if account_pk is not None:
            if account_pk not in accounts:
                raise ValidationError({"account": NO_ACCOUNT})
            out["office"] = accounts[account_pk].office_id
        elif "office" not in row and old is not None:
            out["office"] = old.office_id
        for name in ("kind", "date"):
            if name not in row and old is not None:
                out[name] = getattr(old, name)
        for text in ("exec_level", "participants", "notes", "voc_reference", "prospect"):
            if text in row:
                out[text] = (row[text] or "").strip()
        if old is None and "logged_at" not in row:
            # logged now (a form, the API); an import's row is logged when its file says, or unknown
            out["logged_at"] = now if logged_now else None
        return out

    def check(row: dict, old: Activity | None) -> dict:
        errors = {}
        if row.get("kind") not in Kind.values:
            errors["kind"] = "ประเภทกิจกรรมไม่ถูกต้อง"
        elif row["kind"] != Kind.BOI and row.get("account") is None:
            errors["account"] = "เลือกลูกค้ารายสำคัญ"
        if row.get("kind") == Kind.EXEC_VISIT and not row.get("exec_level"):
            errors["exec_level"] = "การเยี่ยมของผู้บริหารต้องระบุระดับ"
        if row.get("date") is None:
            errors["date"] = "ต้องระบุวันที่"
        elif row["date"] > timezone.localtime(now).date():
            errors["date"] = "บันทึกกิจกรรมล่วงหน้าไม่ได้ (วันที่อยู่ในอนาคต)"
        logged = row.get("logged_at")
        if logged and row.get("date") and timezone.localtime(logged).date() < row["date"]:
            errors["logged_at"] = "บันทึกก่อนวันที่ทำกิจกรรม"
        return errors

    return upsert_many(
        ACTIVITY,
        user=user,
        rows=rows,
        now=now,
        via=via,
        check=check,
        derive=derive,
        on_create={"logged_by": user},
        dry_run=dry_run,
    )


def activity_log(
    *,
    user: User,
    office: Unit,
    kind: str,
    day: date,
    now: datetime,
    account: KeyAccount | None = None,
    **fields,
) -> Activity:
    """The account page's activity form (and the demo): one new activity."""
    if not can_write(user, office):
        raise PermissionDenied
    if account is not None and account.office_id != office.pk:
        raise ValidationError({"account": NO_ACCOUNT})
    via = fields.pop("via", Via.FORM)
    row = {"account": account, "office": office, "kind": kind, "date": day, **fields}
    try:
        outcome = activity_upsert_many(user=user, rows=[row], now=now, via=via)
    except RowsRefused as exc:
        raise exc.validation_error() from exc
    return Activity.objects.get(pk=outcome.rows[0].obj.pk)


def plan_upsert_many(
    *, user: User, rows: list[dict], now: datetime, via: str, note: str = "", dry_run: bool = False
) -> Outcome:
    """Visit plans: a new one (no ``pk``) for an account, or one closed (``pk``, done or cancelled with a
    reason). Only for the accounts of offices the user may write."""
    office_of: dict = {}

    def unit_of(row: dict):
        account = row.get("account")
        if account not in office_of:
            office_of[account] = (
                KeyAccount.objects.filter(pk=account).values_list("office_id", flat=True).first()
            )
        return office_of[account]

    def derive(row: dict, old: VisitPlan | None) -> dict:
        out = {}
        for name in ("account", "planned_date", "kind", "state"):
            if name not in row and old is not None:
                out[name] = getattr(old, VisitPlan._meta.get_field(name).attname)
        if "reason" in row:
            out["reason"] = (row["reason"] or "").strip()
        return out

    def check(row: dict, old: VisitPlan | None) -> dict:
        errors = {}
        if row.get("planned_date") is None:
            errors["planned_date"] = "ต้องระบุวันที่นัด"
        if row.get("state") == VisitPlan.State.CANCELLED and not row.get("reason"):
            errors["reason"] = "ระบุเหตุผลที่ยกเลิกการเยี่ยม"
        if row.get("kind") == Kind.EXEC_VISIT and row.get("exec_level") == "" and old is None:
            errors["exec_level"] = "การเยี่ยมของผู้บริหารต้องระบุระดับ"
        return errors

    kind = RecordType(
        model=VisitPlan,
        key=None,
        unit_path="account__office",
        fields=("account", "planned_date", "kind", "exec_level", "state", "reason", "activity"),
        unit_of=unit_of,
    )
    return upsert_many(
        kind, user=user, rows=rows, now=now, via=via, check=check, derive=derive, reason=note, dry_run=dry_run
    )


def plan_create(*, user: User, account: KeyAccount, now: datetime, **fields) -> VisitPlan:
    """The account page's visit-plan form."""
    if not can_write(user, account.office):
        raise PermissionDenied
    try:
        outcome = plan_upsert_many(user=user, rows=[{"account": account, **fields}], now=now, via=Via.FORM)
    except RowsRefused as exc:
        raise exc.validation_error() from exc
    return VisitPlan.objects.get(pk=outcome.rows[0].obj.pk)


def plan_close(
    *,
    plan: VisitPlan,
    user: User,
    done: bool,
    now: datetime,
    reason: str = "",
    activity: Activity | None = None,
) -> VisitPlan:
    if not can_write(user, plan.account.office):
        raise PermissionDenied
    row = {
        "pk": plan.pk,
        "state": VisitPlan.State.DONE if done else VisitPlan.State.CANCELLED,
        "reason": reason,
        "activity": activity,
    }
    try:
        plan_upsert_many(user=user, rows=[row], now=now, via=Via.FORM, note=reason)
    except RowsRefused as exc:
        raise exc.validation_error() from exc
    return VisitPlan.objects.get(pk=plan.pk)


@transaction.atomic
def segment_targets_load(document: dict) -> int:
    """The plan file's kam_segment_targets section (idempotent by year, region, segment, kind)."""
    count = 0
    for row in document.get("kam_segment_targets") or []:
        region = Unit.objects.get(code=row["region"])
        SegmentTarget.objects.update_or_create(
            year=row["year"],
            region=region,
            segment=row["segment"],
            kind=row["kind"],
            defaults={"accounts": row.get("accounts"), "coverage_pct": row["coverage_pct"]},
        )
        count += 1
    return count
