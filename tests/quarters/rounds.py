"""Results made the way people make them: a reporter saves and submits, an approver approves, the region
accepts, all through the workflow service (no status or derived field set by hand)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from quarters import conversation, services
from quarters.models import Result
from quarters.validation import RowValues


def plan_of(target):
    return target.activity.workplan.objective.perspective.plan


def reported(
    target,
    unit,
    quarter: int,
    value,
    *,
    reporter,
    approver=None,
    reviewer=None,
    narrative: str = "-",
    now: datetime | None = None,
    action: dict | None = None,
    **extra,
) -> Result:
    """Save (and, given the people, submit / approve / accept) one result; returns it fresh. ``action``: the
    obstacle and corrective action (obstacle, what, owner, due) recorded before submitting."""
    now = now or timezone.now()
    values = RowValues(
        value=None if value is None else Decimal(value), narrative=narrative, **extra
    ).normalised(target)
    services.results_save(
        plan=plan_of(target),
        unit=unit,
        quarter=quarter,
        rows=[services.RowSave(target, values)],
        user=reporter,
        now=now,
    )
    result = Result.objects.get(target=target, unit=unit, quarter=quarter)
    if action:  # a result behind target carries its obstacle and corrective action before it is submitted
        conversation.action_add(result=result, user=reporter, now=now, **action)
    steps = [("submit", reporter)] if (approver or reviewer) else []
    if approver:
        steps.append(("approve", approver))
    if reviewer:
        steps.append(("accept", reviewer))
    for action, user in steps:
        services.results_transition(results=[result], action=action, user=user, now=now)
    result.refresh_from_db()
    return result


RAIN = {
    "obstacle": "ฝนตกหนักเดือนมิถุนายน จัดกิจกรรมกลางแจ้งไม่ได้",
    "what": "จัดกิจกรรมชดเชยที่ห้างสรรพสินค้าในเดือนกรกฎาคม",
    "owner": "แผนกบริการลูกค้า",
    "due": date(2021, 7, 31),
}


def with_actions(results, reporter, now) -> None:
    """Give each result behind target its obstacle and corrective action (submission asks for them)."""
    for result in results:
        if conversation.needs_action(result):
            conversation.action_add(result=result, user=reporter, now=now, **RAIN)
