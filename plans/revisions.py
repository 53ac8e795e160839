"""Plan revisions: head office publishes a revision (ครั้งที่ N) with a date, a reason and the approval letter;
every change to a target's goal between revisions is recorded (who, when, old -> new, why) and published with
the next revision. A plan as loaded is revision 1. Each revision keeps every target's goal as it then stood, so
results graded under it can show how they read then, and the printed form of an earlier revision comes out as
it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from . import access
from .goals import UnitGoals, unit_goals
from .models import Plan, PlanRevision, Target, TargetChange, Unit, User
from .selectors import targets_with_assignments

# The fields whose change re-grades results: what the goal is and how it reads.
GOAL_FIELDS = ("label_th", "kind", "comparator", "value", "basis", "frequency", "relative_to")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def snapshot(plan: Plan) -> dict:
    """Every target's goal and each unit's own value as they stand now."""
    targets = list(targets_with_assignments(plan))
    goals = unit_goals(targets, Unit.objects.filter(region_id=plan.owner_id))
    return {
        str(t.pk): {
            **{name: _text(getattr(t, name)) for name in GOAL_FIELDS},
            "units": {str(u): _text(v) for u, v in goals.by_target.get(t.pk, {}).items()},
        }
        for t in targets
    }


def current_number(plan: Plan) -> int:
    """The revision the plan stands at: 1 until head office publishes the first change."""
    return plan.revisions.aggregate(n=Max("number"))["n"] or 1


def ensure_first_revision(plan: Plan, *, on: date) -> PlanRevision:
    """Revision 1 is the plan as loaded; it is written down before the first change touches it."""
    first = plan.revisions.filter(number=1).first()
    if first is None:
        first = PlanRevision.objects.create(
            plan=plan, number=1, published_on=on, reason=_("แผนฉบับแรก"), snapshot=snapshot(plan)
        )
    return first


def record_changes(
    *, target: Target, before: dict, after: dict, reason: str, user: User, now: datetime
) -> list[TargetChange]:
    """The goal fields that changed, as history; a change needs a reason (a Thai ValidationError, nothing
    written). Call inside the transaction that saves the target, with ``before`` read before the edit."""
    changed = {
        k: (before.get(k, ""), after.get(k, "")) for k in after if before.get(k, "") != after.get(k, "")
    }
    if not changed:
        return []
    if not reason.strip():
        raise ValidationError({"change_reason": _("ระบุเหตุผลของการเปลี่ยนเป้าหมาย (บันทึกในประวัติการปรับแผน)")})
    plan = target.activity.workplan.objective.perspective.plan
    ensure_first_revision(plan, on=now.date())
    return TargetChange.objects.bulk_create(
        [
            TargetChange(target=target, field=name, old=old, new=new, reason=reason.strip(), by=user, at=now)
            for name, (old, new) in changed.items()
        ]
    )


def goal_fields(target: Target) -> dict[str, str]:
    return {name: _text(getattr(target, name)) for name in GOAL_FIELDS}


def revision_publish(
    *,
    plan: Plan,
    reason: str,
    published_on: date,
    letter_no: str = "",
    letter_date: date | None = None,
    user: User,
) -> PlanRevision:
    """Publish the plan's next revision: the changes recorded since the last one go with it."""
    if not access.can_manage_plans(user):
        raise PermissionDenied(_("Only head office edits the plan."))
    if not reason.strip():
        raise ValidationError({"reason": _("ระบุเหตุผลของการปรับแผน")})
    with transaction.atomic():
        ensure_first_revision(plan, on=published_on)
        revision = PlanRevision(
            plan=plan,
            number=current_number(plan) + 1,
            published_on=published_on,
            reason=reason.strip(),
            letter_no=letter_no.strip(),
            letter_date=letter_date,
            published_by=user,
            snapshot=snapshot(plan),
        )
        revision.full_clean()
        revision.save()
        TargetChange.objects.filter(
            target__activity__workplan__objective__perspective__plan=plan, revision__isnull=True
        ).update(revision=revision)
    return revision


@dataclass(frozen=True)
class Regrade:
    """A result graded under an earlier revision whose target has changed since."""

    changed_in: int  # the revision that changed the target's goal
    graded_under: int
    old_value: Decimal | None  # the unit's goal value under the revision it was graded under


def regrades(targets: list[Target], plan: Plan) -> dict[int, tuple[int, dict]]:
    """target id -> (the last revision that changed it, the snapshots by revision number): one query each."""
    changed = {
        row["target_id"]: row["n"]
        for row in TargetChange.objects.filter(target__in=targets, revision__isnull=False)
        .values("target_id")
        .annotate(n=Max("revision__number"))
        .order_by()
    }
    if not changed:
        return {}
    snapshots = {r.number: r.snapshot for r in plan.revisions.all()}
    return {t: (n, snapshots) for t, n in changed.items()}


def regrade_for(target: Target, unit_id: int, graded_under: int | None, found: dict) -> Regrade | None:
    if graded_under is None or target.pk not in found:
        return None
    changed_in, snapshots = found[target.pk]
    if changed_in <= graded_under:
        return None
    old = snapshots.get(graded_under, {}).get(str(target.pk), {})
    text = old.get("units", {}).get(str(unit_id)) or old.get("value") or ""
    return Regrade(changed_in, graded_under, Decimal(text) if text else None)


def as_of(targets, snapshot: dict) -> None:
    """Give each target (in memory only) the goal a revision's snapshot holds: printing an earlier revision."""
    for target in targets:
        old = snapshot.get(str(target.pk))
        if not old:
            continue
        for name in GOAL_FIELDS:
            if name == "value":
                target.value = Decimal(old["value"]) if old.get("value") else None
            elif name in old:
                setattr(target, name, old[name])


def goals_as_of(snapshot: dict, baselines: dict | None = None) -> UnitGoals:
    """The units' own values as a revision had them (baselines are not part of a revision: today's)."""
    return UnitGoals(
        by_target={
            int(t): {int(u): Decimal(v) for u, v in old.get("units", {}).items() if v}
            for t, old in snapshot.items()
        },
        baselines=baselines or {},
    )
