"""Results entered through the front door: the quarter form's service (``results_save``) and the workflow
(``results_transition``), by a reporter and approver of the unit and a head-office reviewer, never by setting
status, ``on_time`` or ``submitted_at`` by hand."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from plans.models import Target, Unit, User
from quarters import conversation, services
from quarters.models import Result
from quarters.selectors import deadline_for
from quarters.validation import RowValues

BANGKOK = ZoneInfo("Asia/Bangkok")
S = Result.Status
STEPS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.APPROVED: ["submit", "approve"],
    S.ACCEPTED: ["submit", "approve", "accept"],
    S.RETURNED: ["submit", "return"],
}


def _person(username: str, unit: Unit, role: str) -> User:
    user = User.objects.filter(username=username).first()
    return user or User.objects.create_user(username=username, password="x", unit=unit, role=role)


def staff(unit: Unit) -> dict[str, User]:
    """A reporter and an approver of the unit, and a head-office person who accepts."""
    head_office = Unit.objects.filter(kind="head_office").first() or unit
    return {
        "reporter": _person(f"t-rep-{unit.pk}", unit, User.Role.REPORTER),
        "approver": _person(f"t-app-{unit.pk}", unit, User.Role.APPROVER),
        "reviewer": _person("t-hq", head_office, User.Role.HEAD_OFFICE),
    }


def on_deadline_day(target: Target, unit: Unit, quarter: int) -> datetime:
    """10:00 on the day the unit's result is due (on time), or now when the target has no deadline."""
    plan = target.activity.workplan.objective.perspective.plan
    deadline = deadline_for(plan, target, unit, quarter)
    return datetime.combine(deadline, time(10), tzinfo=BANGKOK) if deadline else timezone.now()


def enter_result(
    target: Target,
    unit: Unit,
    quarter: int,
    value=None,
    status: str = S.ACCEPTED,
    *,
    at: datetime | None = None,
    return_reason: str = "ขอหลักฐานเพิ่ม",
    **values,
) -> Result:
    """Type the values into the unit's quarter form, then take the workflow steps up to ``status``."""
    plan = target.activity.workplan.objective.perspective.plan
    at = at or on_deadline_day(target, unit, quarter)
    people = staff(unit)
    for name in ("numerator", "denominator"):
        if values.get(name) is not None:
            values[name] = Decimal(values[name])
    row = RowValues(value=None if value is None else Decimal(value), **values).normalised(target)
    if row.is_empty:
        row.narrative = "อยู่ระหว่างดำเนินการ"  # a draft with no figure yet: what a reporter saves first
    services.results_save(
        plan=plan,
        unit=unit,
        quarter=quarter,
        rows=[services.RowSave(target=target, values=row)],
        user=people["reporter"],
        now=at,
    )
    result = Result.objects.get(target=target, unit=unit, quarter=quarter)
    if STEPS[status] and conversation.needs_action(result):
        # A result behind target is submitted with its obstacle and corrective action, as the form asks.
        conversation.action_add(
            result=result,
            user=people["reporter"],
            obstacle="ลูกค้าไม่สะดวกเข้าร่วมกิจกรรม",
            what="จัดกิจกรรมชดเชยในไตรมาสถัดไป",
            owner="แผนกบริการลูกค้า",
            due=at.date() + timedelta(days=45) if hasattr(at, "date") else at + timedelta(days=45),
            now=at,
        )
    for action in STEPS[status]:
        actor = {"submit": "reporter", "approve": "approver", "return": "approver", "accept": "reviewer"}[
            action
        ]
        services.results_transition(
            results=[result],
            action=action,
            user=people[actor],
            now=at,
            reason=return_reason if action == "return" else "",
        )
    result.refresh_from_db()
    return result


def save_and_submit(
    plan, unit: Unit, quarter: int, target: Target, row: RowValues, user: User, now: datetime
):
    """What a reporter does on the quarter form: save the row; when it is behind target, give its obstacle and
    corrective action (as the form asks); then submit it (``results_save_and_submit``, the form's service)."""
    rows = [services.RowSave(target, row)]
    services.results_save(plan=plan, unit=unit, quarter=quarter, rows=rows, user=user, now=now)
    result = Result.objects.get(target=target, unit=unit, quarter=quarter)
    if conversation.needs_action(result):
        conversation.action_add(
            result=result,
            user=user,
            obstacle="ลูกค้าไม่สะดวกเข้าร่วมกิจกรรม",
            what="จัดกิจกรรมชดเชยในไตรมาสถัดไป",
            owner="แผนกบริการลูกค้า",
            due=now.date() + timedelta(days=45),
            now=now,
        )
    result.refresh_from_db()
    rows = [services.RowSave(target, row, version=result.version)]
    services.results_save_and_submit(
        plan=plan, unit=unit, quarter=quarter, rows=rows, user=user, now=now, submit=True
    )
