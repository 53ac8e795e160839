"""Plan revisions: head office publishes a revision (ครั้งที่ N) with a date, a reason and the approval letter;
every change to a target's goal between revisions is recorded (who, when, old -> new, why) and published with
the next revision. A plan as loaded is revision 1. Each revision keeps every target's goal as it then stood, so
results graded under it can show how they read then, and the printed form of an earlier revision comes out as
it was.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from . import access, history
from .goals import UnitGoals, unit_goals
from .models import HistoryEntry, Plan, PlanRevision, Target, Unit, User
from .selectors import targets_with_assignments

# The fields whose change re-grades results: what the goal is and how it reads.
GOAL_FIELDS = ("label_th", "kind", "comparator", "value", "basis", "frequency", "relative_to")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def plan_of(target: Target) -> Plan:
    return target.activity.workplan.objective.perspective.plan


def snapshot(plan: Plan) -> dict:
    """Every target's goal, each unit's own value and each unit's baseline as they stand now."""
    targets = list(targets_with_assignments(plan))
    goals = unit_goals(targets, Unit.objects.filter(region_id=plan.owner_id))
    return {
        str(t.pk): {
            **{name: _text(getattr(t, name)) for name in GOAL_FIELDS},
            "units": {str(u): _text(v) for u, v in goals.by_target.get(t.pk, {}).items()},
            "baselines": {str(u): _text(v) for u, v in goals.baselines.get(t.pk, {}).items()},
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


def require_reason(changed, reason: str) -> None:
    """A change of a goal needs a reason: a Thai ValidationError on ``change_reason`` (nothing is written)."""
    if changed and not reason.strip():
        raise ValidationError({"change_reason": _("ระบุเหตุผลของการเปลี่ยนเป้าหมาย (บันทึกในประวัติการปรับแผน)")})


def changes_goal(changes: dict) -> bool:
    """Whether a target edit's changes touch its goal (and so are a change of the plan)."""
    return any(name in GOAL_FIELDS for name in changes)


def log_plan_change(
    *,
    target: Target,
    changes: dict,
    reason: str,
    user: User,
    now: datetime,
    via: str = history.Via.FORM,
    first_needs_reason: bool = True,
) -> HistoryEntry | None:
    """One entry of the one history (plans.history) for a change of a target's goal, values per office or
    baselines: the target's history shows it, and it is published with the plan's next revision. Refused
    without a reason. ``first_needs_reason=False`` (baselines): a value filled in where there was none only
    completes the plan - logged, needing no reason, not a revision's change - and only a change of a value
    already set revises it. Call inside the transaction that writes the change, before writing it."""
    if not changes:
        return None
    revised = changes if first_needs_reason else {k: v for k, v in changes.items() if v[0]}
    require_reason(revised, reason)
    plan = plan_of(target) if revised else None
    if plan is not None:
        ensure_first_revision(plan, on=now.date())  # the plan as it was before its first change
    return history.log(
        target,
        by=user,
        at=now,
        action=history.Action.CHANGED,
        changes=changes,
        reason=reason.strip(),
        via=via,
        plan=plan,
    )


def snapshot_fill_baselines(plan: Plan, target: Target, values: dict[int, Decimal]) -> None:
    """Baselines filled in where a unit had none complete the plan rather than revise it: the current
    revision's snapshot gains them (a revision not yet written down will take them when it is)."""
    latest = plan.revisions.order_by("-number").first()
    if latest is None or str(target.pk) not in latest.snapshot:
        return
    kept = latest.snapshot[str(target.pk)].setdefault("baselines", {})
    for unit_id, value in values.items():
        kept.setdefault(str(unit_id), _text(value))
    latest.save(update_fields=["snapshot"])


def goal_fields(target: Target) -> dict[str, str]:
    return {name: _text(getattr(target, name)) for name in GOAL_FIELDS}


def plan_changes(plan: Plan, *, revision: PlanRevision | None = None, pending: bool = False) -> list[dict]:
    """The plan's goal changes as the revision page and the printed revision list them (newest first): all of
    them, those one revision published, or those not yet published; each with its target."""
    entries = HistoryEntry.objects.filter(plan=plan).select_related("by", "revision").order_by("-at", "-pk")
    if revision is not None:
        entries = entries.filter(revision=revision)
    elif pending:
        entries = entries.filter(revision__isnull=True)
    rows = history.labelled(list(entries))
    targets = Target.objects.select_related("activity").in_bulk([r["entry"].object_id for r in rows])
    for row in rows:
        row["target"] = targets.get(row["entry"].object_id)
    return rows


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
        HistoryEntry.objects.filter(plan=plan, revision__isnull=True).update(revision=revision)
    return revision


@dataclass(frozen=True)
class Regrade:
    """A result graded under an earlier revision whose target has changed since."""

    changed_in: int  # the revision that changed the target's goal
    graded_under: int
    old_value: Decimal | None  # the unit's goal value under the revision it was graded under
    old_baseline: Decimal | None = None  # and its baseline then (a target graded against baselines)
    then: Target | None = None  # the target (in memory) with the goal that revision gave it
    baselines_kept: bool = False  # whether that revision's snapshot holds baselines (older ones do not)


def regrades(targets: list[Target], plan: Plan) -> dict[int, tuple[int, dict]]:
    """target id -> (the last revision that changed its goal for some unit, the snapshots by revision
    number): one query, the plan's revisions, whose snapshots say what each revision changed."""
    snapshots = {r.number: r.snapshot for r in plan.revisions.only("number", "snapshot")}
    numbers = sorted(snapshots)
    found = {}
    for target in targets:
        key = str(target.pk)
        for earlier, later in itertools.pairwise(numbers):
            if key in snapshots[later] and snapshots[later][key] != snapshots[earlier].get(key):
                found[target.pk] = (later, snapshots)
    return found


def regrade_for(target: Target, unit_id: int, graded_under: int | None, found: dict) -> Regrade | None:
    if graded_under is None or target.pk not in found:
        return None
    changed_in, snapshots = found[target.pk]
    if changed_in <= graded_under:
        return None
    old = snapshots.get(graded_under, {}).get(str(target.pk), {})
    text = old.get("units", {}).get(str(unit_id)) or old.get("value") or ""
    baseline = old.get("baselines", {}).get(str(unit_id)) or ""
    then = copy.copy(target)
    as_of([then], snapshots.get(graded_under, {}))
    return Regrade(
        changed_in,
        graded_under,
        Decimal(text) if text else None,
        Decimal(baseline) if baseline else None,
        then,
        "baselines" in old,
    )


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
    """The units' own values and baselines as a revision had them (a snapshot written before baselines were
    part of revisions has none: ``baselines``, today's, stand in)."""
    then = dict(baselines or {})
    for t, old in snapshot.items():
        if "baselines" in old:
            then[int(t)] = {int(u): Decimal(v) for u, v in old["baselines"].items() if v}
    return UnitGoals(
        by_target={
            int(t): {int(u): Decimal(v) for u, v in old.get("units", {}).items() if v}
            for t, old in snapshot.items()
        },
        baselines=then,
    )
