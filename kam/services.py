"""Writes: key accounts, activities (only for one's own office's accounts), visit plans, segment targets."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans import access
from plans.models import Unit, User

from .models import Activity, KeyAccount, Kind, SegmentTarget, VisitPlan


def can_write(user: User, office: Unit) -> bool:
    return access.can_write_records(user, office)


def account_save(*, account: KeyAccount, user: User) -> KeyAccount:
    if not can_write(user, account.office):
        raise PermissionDenied
    account.full_clean()
    account.save()
    return account


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
    if not can_write(user, office):
        raise PermissionDenied
    if account is not None and account.office_id != office.pk:
        raise ValidationError(
            {
                "account": _("%(account)s is a key account of %(office)s, not of %(mine)s.")
                % {"account": account.customer_number, "office": account.office.code, "mine": office.code}
            }
        )
    if kind != Kind.BOI and account is None:
        raise ValidationError({"account": _("Choose the key account.")})
    if kind == Kind.EXEC_VISIT and not fields.get("exec_level"):
        raise ValidationError({"exec_level": _("Say which executive visited.")})
    if day > now.date():
        raise ValidationError({"date": _("An activity cannot be logged before it happens.")})
    activity = Activity(
        account=account, office=office, kind=kind, date=day, logged_at=now, logged_by=user, **fields
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
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
    if not done and not reason.strip():
        raise ValidationError({"reason": _("Say why the visit was cancelled.")})
    plan.state = VisitPlan.State.DONE if done else VisitPlan.State.CANCELLED
    plan.reason = reason.strip()
    plan.activity = activity
    plan.save(update_fields=["state", "reason", "activity"])
    return plan


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
