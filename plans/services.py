"""Writes to units, users and plans."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kpiplan.lib.periods import ce_year

from . import access, history, revisions
from .goals import BaselineRow, ValueRow, baseline_problems, target_values_problems
from .models import (
    Activity,
    ApprovalChain,
    Baseline,
    NotificationPreference,
    Objective,
    Perspective,
    Plan,
    Target,
    TargetValue,
    Unit,
    User,
    Workplan,
)
from .models.chains import steps_problems


def user_create(
    *,
    username: str,
    unit: Unit | None,
    role: str,
    email: str = "",
    password: str | None = None,
    first_name: str = "",
    position: str = "",
) -> tuple[User, str | None]:
    """Create a user; returns the user and the generated password when none was given."""
    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(12)
    user = User(
        username=username, unit=unit, role=role, email=email, first_name=first_name, position=position
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user, generated


@transaction.atomic
def plan_copy_to_next_year(*, plan: Plan) -> Plan:
    """Copy a plan, its tree and its targets to the next year; every activity and target keeps its lineage."""
    if Plan.objects.filter(owner=plan.owner, year=plan.year + 1).exists():
        raise ValueError("exists")
    new_plan = Plan.objects.create(
        owner=plan.owner,
        year=plan.year + 1,
        start_month=plan.start_month,
        title_th=plan.title_th.replace(str(plan.year), str(plan.year + 1)),
        title_en=plan.title_en.replace(str(ce_year(plan.year)), str(ce_year(plan.year + 1))),
        previous=plan,
    )
    for perspective in plan.perspectives.all():
        new_perspective = Perspective.objects.create(
            plan=new_plan,
            code=perspective.code,
            name_th=perspective.name_th,
            name_en=perspective.name_en,
            order=perspective.order,
        )
        for objective in perspective.objectives.all():
            new_objective = Objective.objects.create(
                perspective=new_perspective,
                code=objective.code,
                name_th=objective.name_th,
                name_en=objective.name_en,
                order=objective.order,
            )
            for workplan in objective.workplans.all():
                new_workplan = Workplan.objects.create(
                    objective=new_objective,
                    number=workplan.number,
                    title_th=workplan.title_th,
                    title_en=workplan.title_en,
                )
                copied: dict[int, Activity] = {}
                for activity in workplan.activities.order_by("sort_key"):
                    new_activity = Activity.objects.create(
                        workplan=new_workplan,
                        parent=copied.get(activity.parent_id),
                        number=activity.number,
                        sort_key=activity.sort_key,
                        title_th=activity.title_th,
                        title_en=activity.title_en,
                        description_th=activity.description_th,
                        period_start=activity.period_start,
                        period_end=activity.period_end,
                        periods=activity.periods,
                        lead_text=activity.lead_text,
                        lineage=activity,
                    )
                    copied[activity.pk] = new_activity
                    new_activity.lead_units.set(activity.lead_units.all())
                    new_activity.lead_groups.set(activity.lead_groups.all())
                    new_activity.supporting_units.set(activity.supporting_units.all())
                    for target in activity.targets.all():
                        units = list(target.assigned_units.all())
                        groups = list(target.assigned_groups.all())
                        previous_pk = target.pk
                        target.pk = None
                        target._state.adding = True
                        target.activity = new_activity
                        target.lineage_id = previous_pk
                        target.save()
                        target.assigned_units.set(units)
                        target.assigned_groups.set(groups)
    revisions.ensure_first_revision(new_plan, on=new_plan.plan_year.start)
    return new_plan


def target_next_order(activity: Activity) -> int:
    last = activity.targets.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def target_values_set(
    *,
    target: Target,
    rows: list[ValueRow],
    user: User,
    reason: str = "",
    now: datetime | None = None,
    via: str = history.Via.FORM,
) -> int:
    """Set a target's values per unit group (office class) and per unit, from the page or an XLSX file alike.

    Every row is checked before anything is written: a unit outside the units the target is about, a group
    with none of them, or a value the target's kind refuses (a percentage of 140) is a Thai message naming the
    row, and nothing is saved. Returns how many values the target now holds."""
    if not access.can_manage_plans(user):
        raise PermissionDenied(_("Only head office edits the plan."))
    plan = target.activity.workplan.objective.perspective.plan
    region_units = list(Unit.objects.filter(region_id=plan.owner_id))
    problems = target_values_problems(target, rows, region_units)
    if problems:
        raise ValidationError(problems)
    current = {(v.group_id, v.unit_id): v.value for v in TargetValue.objects.filter(target=target)}
    changes = {}
    for row in rows:
        name = _("ค่าเป้าหมาย %(who)s") % {"who": row.group.code if row.group else row.unit.code}
        key = (row.group.pk if row.group else None, row.unit.pk if row.unit else None)
        old, new = revisions._text(current.get(key)), revisions._text(row.value)
        if old != new:
            changes[name] = [old, new]
    with transaction.atomic():
        now = now or timezone.now()
        # one entry of the target's history, and a change of the plan published with its next revision
        revisions.log_plan_change(target=target, changes=changes, reason=reason, user=user, now=now, via=via)
        for row in rows:
            key = {"group": row.group} if row.group is not None else {"unit": row.unit}
            if row.value is None:
                TargetValue.objects.filter(target=target, **key).delete()
            else:
                TargetValue.objects.update_or_create(target=target, **key, defaults={"value": row.value})
    return TargetValue.objects.filter(target=target).count()


def baselines_set(
    *,
    target: Target,
    rows: list[BaselineRow],
    user: User,
    source: str = Baseline.Source.TYPED,
    reason: str = "",
    now: datetime | None = None,
) -> int:
    """Set units' baselines for a target graded against them; every row checked first, all or nothing. A
    changed baseline changes the unit's goal: it is a change of the plan (the target's history and the next
    revision, whose snapshot keeps the baselines) and needs a reason."""
    if not access.can_manage_plans(user):
        raise PermissionDenied(_("Only head office edits the plan."))
    plan = target.activity.workplan.objective.perspective.plan
    region_units = list(Unit.objects.filter(region_id=plan.owner_id))
    problems = baseline_problems(target, rows, region_units)
    if problems:
        raise ValidationError(problems)
    current = {b.unit_id: b.value for b in Baseline.objects.filter(target=target)}
    changes = {}
    for row in rows:
        old, new = revisions._text(current.get(row.unit.pk)), revisions._text(row.value)
        if old != new:
            changes[_("ข้อมูลฐาน %(who)s") % {"who": row.unit.code}] = [old, new]
    with transaction.atomic():
        revisions.log_plan_change(
            target=target,
            changes=changes,
            reason=reason,
            user=user,
            now=now or timezone.now(),
            via=history.Via.IMPORT if source == Baseline.Source.IMPORTED else history.Via.FORM,
            first_needs_reason=False,
        )
        for row in rows:
            if row.value is None:
                Baseline.objects.filter(target=target, unit=row.unit).delete()
            else:
                Baseline.objects.update_or_create(
                    target=target,
                    unit=row.unit,
                    defaults={"value": row.value, "source": source, "note": row.note},
                )
        filled = {r.unit.pk: r.value for r in rows if r.value is not None and r.unit.pk not in current}
        if filled:  # filled in where there was none: part of the plan as its current revision stands
            revisions.snapshot_fill_baselines(plan, target, filled)
    return Baseline.objects.filter(target=target).count()


def target_sheet_set(
    *,
    target: Target,
    values: list[ValueRow],
    baselines: list[BaselineRow],
    user: User,
    source: str,
    reason: str,
) -> None:
    """A values file: its values and its baselines, both or neither."""
    via = history.Via.IMPORT if source == Baseline.Source.IMPORTED else history.Via.FORM
    with transaction.atomic():
        target_values_set(target=target, rows=values, user=user, reason=reason, via=via)
        if baselines:
            baselines_set(target=target, rows=baselines, user=user, source=source, reason=reason)


# Re-grading: a target edit changes how its results stand. quarters (which grades) registers here from its
# AppConfig.ready() what it logs on those results; plans does not import quarters.
TARGET_EDITED: list[Callable[..., None]] = []


@transaction.atomic
def plan_item_save(
    *,
    item: Plan | Activity | Target,
    user: User,
    now: datetime,
    fields: list[str],
    reason: str = "",
    m2m: dict[str, list] | None = None,
):
    """Save a plan's settings, an activity or a target edited on head office's forms (the form has set its
    fields; ``m2m`` holds the chosen units and groups of its many-to-many fields, set here), and log the change
    in the one history (who, when, before -> after, why). A change of a target's goal is also a change of the plan, published with
    its next revision (plans.revisions), and needs a reason (a ValidationError on change_reason, nothing
    saved); the target's accepted results get the re-grade in their history."""
    model = type(item)
    before = model.objects.filter(pk=item.pk).first() if item.pk else None
    values = {name: getattr(item, model._meta.get_field(name).attname) for name in fields}
    changes = history.diff(before, values, fields, model)
    goal_changed = isinstance(item, Target) and before is not None and revisions.changes_goal(changes)
    if goal_changed:
        revisions.require_reason(changes, reason)
        # revision 1 is the plan as it was before its first change
        revisions.ensure_first_revision(revisions.plan_of(item), on=now.date())
    item.save()
    for name in changes:
        field = model._meta.get_field(name)
        if field.is_relation:
            old = getattr(before, field.attname) if before else None
            related = field.related_model.objects.in_bulk([v for v in (old, values[name]) if v])
            changes[name] = [history.shown(field, old, related), history.shown(field, values[name], related)]
    changes |= _m2m_set(item, m2m or {}, created=before is None)
    if changes or before is None:
        history.log(
            item,
            by=user,
            at=now,
            action=history.Action.CREATED if before is None else history.Action.CHANGED,
            changes=changes,
            reason=reason.strip(),
            plan=revisions.plan_of(item) if goal_changed else None,
        )
    if isinstance(item, Target) and before is not None and changes:
        for hook in TARGET_EDITED:
            hook(target=item, before=before, user=user, now=now, reason=reason)
    return item


def _m2m_set(item, chosen: dict[str, list], *, created: bool) -> dict:
    """Set the item's many-to-many fields (responsible units and groups) and say what changed, as the page
    names them: {field: [before, after]}, each the chosen names joined in code order."""
    changes = {}
    for name, objects in chosen.items():
        manager = getattr(item, name)
        old = [] if created else list(manager.all())
        new = list(objects)
        if {o.pk for o in old} != {o.pk for o in new}:
            changes[name] = [_names(old), _names(new)]
        manager.set(new)
    return changes


def _names(objects) -> str:
    return ", ".join(sorted((getattr(o, "code", "") or str(o)) for o in objects))


def approval_chain_set(*, kind: str, steps: list[str], user: User, now: datetime) -> ApprovalChain:
    """Head office sets the approval steps of a kind of unit; a chain without its final (accepting) step, or
    with an unknown step, is refused with the reason in Thai and nothing is saved."""
    if not access.can_manage_plans(user):
        raise PermissionDenied
    if kind not in Unit.Kind.values:
        raise ValidationError("ไม่รู้จักประเภทหน่วยงาน %(kind)s" % {"kind": kind})
    problems = steps_problems(steps)
    if problems:
        raise ValidationError(problems)
    chain, _created = ApprovalChain.objects.update_or_create(
        kind=kind, defaults={"steps": list(steps), "updated_at": now}
    )
    return chain


def notification_preference_set(*, user: User, mode: str) -> NotificationPreference:
    """A person chooses e-mail per event or one digest a day."""
    if mode not in NotificationPreference.Mode.values:
        raise ValidationError("กรุณาเลือกรูปแบบอีเมล: ทันทีทุกเรื่อง หรือ สรุปวันละครั้ง")
    preference, _created = NotificationPreference.objects.update_or_create(user=user, defaults={"mode": mode})
    return preference
