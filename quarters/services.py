"""Writes to results: saving a unit's quarter, workflow transitions, evidence, locks, corrections.

Every write is one transaction: a form or file with one bad row changes nothing. Saves are guarded against
lost updates: the rows being written are locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
transactions serialise writers) and each carries the version the person loaded, so a second person saving
the same result over a newer version gets a conflict, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kpiplan.lib.bulk import update_objects
from plans import access, history, revisions
from plans import services as plan_services
from plans.goals import BaselineRow, responsible_units
from plans.history import Via
from plans.models import Baseline, HistoryEntry, Plan, Target, Unit, User
from plans.notify import notify_many

from . import notices
from .models import (
    Comment,
    CorrectiveAction,
    Evidence,
    PendingEvidence,
    PeriodLock,
    ReportBatch,
    Result,
    Transition,
)
from .scoring import Standing, goal_for, standing
from .selectors import deadline_for, locked_unit_ids
from .tasks import build_report_batch

# the result page's own reading of a history value (a status by its name, B.E. dates, numbers)
from .templatetags.results import change_value
from .validation import VALUE_FIELDS, RowValues, row_standing

S = Result.Status

EVIDENCE_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}


class ResultError(Exception):
    """A write was refused; nothing was saved. ``messages`` are for the person."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


class PeriodLocked(ResultError):
    pass


@dataclass
class Conflict:
    target: Target
    current: Result


class ResultConflict(ResultError):
    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        super().__init__(
            [
                _(
                    "%(activity)s %(target)s was changed by %(who)s while you were editing; check the new value "
                    "%(value)s and save again."
                )
                % {
                    "activity": c.target.activity.number,
                    "target": c.target.label[:60],
                    "who": (c.current.updated_by.get_full_name() or c.current.updated_by.username)
                    if c.current.updated_by
                    else "-",
                    "value": _display(c.current),
                }
                for c in conflicts
            ]
        )


def _display(result: Result) -> str:
    if result.value is not None:
        return f"{result.value.normalize():f}"
    if result.done is not None:
        return _("done") if result.done else _("not done")
    return "-"


@dataclass
class RowSave:
    """One row of a quarter form as submitted: its values, the version loaded, whether it was touched."""

    target: Target
    values: RowValues
    version: int | None = None
    touched: bool = True
    files: list[UploadedFile] = field(default_factory=list)
    measured: Decimal | None = None  # what the records gave, kept beside what was reported
    pending: list[int] = field(default_factory=list)  # files kept from a refused save, still ticked
    remove_evidence: list[int] = field(default_factory=list)  # attached evidence to take off

    @property
    def has_files(self) -> bool:
        return bool(self.files or self.pending or self.remove_evidence)


def _snapshot(result: Result) -> dict:
    return {
        name: getattr(result, name) for name in (*VALUE_FIELDS, "override_reason", "measured_value", "status")
    }


def _jsonable(value):
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _diff(before: dict, after: dict) -> dict:
    return {
        name: [_jsonable(before.get(name)), _jsonable(after.get(name))]
        for name in after
        if before.get(name) != after.get(name)
    }


def _logged(
    result: Result, fields: dict, *, user: User, now: datetime, reason: str = "", via: str = Via.FORM
) -> HistoryEntry:
    """A result's change for the one history: each field's before and after as the result page shows them."""
    with translation.override("th"):
        changes = {
            name: [str(change_value(before, name)), str(change_value(after, name))]
            for name, (before, after) in fields.items()
        }
    return history.entry(
        result, by=user, at=now, action=history.Action.CHANGED, changes=changes, reason=reason, via=via
    )


def _check_entry_allowed(
    user: User, plan: Plan, unit: Unit, quarter: int, target_ids: list[int] | None = None
) -> None:
    """The unit's staff write while the quarter is open; in a locked quarter only results reopened for
    correction (``target_ids`` the rows written)."""
    if not access.can_enter_results(user, unit):
        raise PermissionDenied
    if locked_unit_ids(plan, quarter, [unit.pk]):
        if target_ids:
            reopened = set(
                Result.objects.filter(
                    unit=unit,
                    quarter=quarter,
                    target_id__in=target_ids,
                    reopened_at__isnull=False,
                    status__in=[S.DRAFT, S.RETURNED],
                ).values_list("target_id", flat=True)
            )
            if reopened >= set(target_ids):
                return
        raise PeriodLocked(
            _("Q%(q)s/%(year)s is locked for %(unit)s by head office.")
            % {"q": quarter, "year": plan.year, "unit": unit.code}
        )


def results_save(
    *,
    plan: Plan,
    unit: Unit,
    quarter: int,
    rows: list[RowSave],
    user: User,
    now: datetime,
    via: str = "form",
) -> int:
    """Write the touched rows of a unit's quarter form; returns how many results changed.

    The rows must already have passed ``validation.check_row``. Raises ResultConflict, PeriodLocked or
    ResultError (a row that is no longer editable); nothing is written then.
    """
    with transaction.atomic():
        return _results_save(plan=plan, unit=unit, quarter=quarter, rows=rows, user=user, now=now, via=via)


def _results_save(
    *, plan: Plan, unit: Unit, quarter: int, rows: list[RowSave], user: User, now: datetime, via: str
) -> int:
    """results_save's work, inside the caller's transaction (results_save_and_submit opens one for both steps:
    a nested atomic block would add a savepoint and its release to every save)."""
    rows = [r for r in rows if r.touched or r.has_files]
    _check_entry_allowed(user, plan, unit, quarter, [r.target.pk for r in rows])
    if not rows:
        _pending_drop(user=user, unit=unit, quarter=quarter)
        return 0
    existing = {
        r.target_id: r
        for r in Result.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(unit=unit, quarter=quarter, target_id__in=[r.target.pk for r in rows])
    }
    conflicts, problems = [], []
    to_create, to_update, changes = [], [], []
    for row in rows:
        current = existing.get(row.target.pk)
        after = row.values.as_dict() | {"override_reason": row.values.override_reason}
        if row.target.measure_key:
            after["measured_value"] = row.measured
        if current is None:
            if row.version is not None:
                problems.append(
                    _("%(activity)s: the result was removed meanwhile; reload the page.")
                    % {"activity": row.target.activity.number}
                )
                continue
            if row.values.is_empty and not row.files and not row.pending:
                continue
            result = Result(
                target=row.target,
                unit=unit,
                quarter=quarter,
                status=S.DRAFT,
                updated_by=user,
                version=1,
                **after,
            )
            to_create.append((result, _diff({}, after)))
            continue
        before = _snapshot(current)
        changed = _diff(before, after)
        if not changed and not row.has_files:
            continue
        if row.version != current.version:
            if changed:
                conflicts.append(Conflict(row.target, current))
                continue
        if not current.is_editable_status:
            problems.append(
                _("%(activity)s %(target)s is %(status)s and can no longer be changed.")
                % {
                    "activity": row.target.activity.number,
                    "target": row.target.label[:60],
                    "status": current.get_status_display(),
                }
            )
            continue
        if changed:
            for name, value in after.items():
                setattr(current, name, value)
            if current.status == S.RETURNED:
                current.status = S.DRAFT
                changed["status"] = [S.RETURNED, S.DRAFT]
            current.version += 1
            current.updated_by = user
            current.updated_at = now
            to_update.append(current)
            changes.append((current, changed))
    if conflicts:
        raise ResultConflict(conflicts)
    if problems:
        raise ResultError(problems)
    try:
        if to_create:
            with transaction.atomic():
                Result.objects.bulk_create([r for r, _ in to_create])
    except IntegrityError as exc:
        # Someone created the same result between our read and our write.
        raced = Result.objects.filter(
            unit=unit, quarter=quarter, target_id__in=[r.target_id for r, _ in to_create]
        )
        raise ResultConflict(
            [Conflict(r.target, r) for r in raced.select_related("target__activity", "updated_by")]
        ) from exc
    if to_update:
        update_objects(
            to_update,
            [
                *VALUE_FIELDS,
                "override_reason",
                "measured_value",
                "status",
                "version",
                "updated_by",
                "updated_at",
            ],
        )
    history.log_many(_logged(r, d, user=user, now=now, via=via) for r, d in [*to_create, *changes])
    by_target = {r.target_id: r for r, _ in to_create} | {r.target_id: r for r in to_update} | existing
    kept = {
        p.pk: p
        for p in PendingEvidence.objects.filter(
            user=user, unit=unit, quarter=quarter, pk__in=[pk for row in rows for pk in row.pending]
        )
    }
    for row in rows:
        result = by_target.get(row.target.pk)
        if result is None:
            continue
        for upload in row.files:
            evidence_add(result=result, upload=upload, user=user, now=now)
        for pk in row.pending:
            if pk in kept and kept[pk].target_id == row.target.pk:
                evidence_add_pending(result=result, pending=kept[pk], user=user, now=now)
        if row.remove_evidence:
            evidence_remove(result=result, ids=row.remove_evidence, user=user, now=now)
    _pending_drop(user=user, unit=unit, quarter=quarter)
    return len(to_create) + len(to_update)


# --- workflow -------------------------------------------------------------------------------------------------


def _may_return(user: User, result: Result) -> bool:
    return access.can_return(user, result.unit, submitted=result.status == S.SUBMITTED)


ACTIONS = {
    # action: (allowed from, to, permission)
    "submit": ({S.DRAFT, S.RETURNED}, S.SUBMITTED, lambda user, r: access.can_enter_results(user, r.unit)),
    "approve": ({S.SUBMITTED}, S.APPROVED, lambda user, r: access.can_approve(user, r.unit)),
    # A unit whose chain has no approval step (a sub-office) goes from submitted straight to the region.
    "accept": ({S.SUBMITTED, S.APPROVED}, S.ACCEPTED, lambda user, r: access.can_review(user, r.unit)),
    "return": ({S.SUBMITTED, S.APPROVED}, S.RETURNED, _may_return),
    "reopen": ({S.ACCEPTED}, S.RETURNED, lambda user, r: access.can_reopen(user, r.unit)),
}
# Steps that need a reason the unit reads.
NEEDS_REASON = {
    "return": "กรุณาระบุเหตุผลที่ส่งกลับ ผู้รายงานจะเห็นเหตุผลนี้",
    "reopen": "กรุณาระบุเหตุผลที่เปิดแก้ไขผลที่รับรองแล้ว ผู้รายงานจะเห็นเหตุผลนี้",
}
# Separation of duties: who already acted on a result (the statuses they moved it to) does not take this step
# while the unit (approve) or region (accept) has another person who can.
EARLIER_STEPS = {"approve": (S.SUBMITTED,), "accept": (S.SUBMITTED, S.APPROVED)}


def _skips_a_step(result: Result, action: str, chains: dict) -> bool:
    """Accepting a submitted result whose unit's chain asks for an approver first."""
    if action != "accept" or result.status != S.SUBMITTED:
        return False
    if result.unit.kind not in chains:
        chains[result.unit.kind] = access.needs_approval(result.unit)
    return chains[result.unit.kind]


def available_actions(user: User, result: Result) -> dict[str, bool]:
    """The steps the user may take on the result now (the buttons of the result page)."""
    return {
        name: permitted(user, result) and result.status in allowed and not _skips_a_step(result, name, {})
        for name, (allowed, _to, permitted) in ACTIONS.items()
    }


def _earlier_actors(results: list[Result], action: str) -> dict[int, set[int]]:
    """Per result, who moved it to the earlier steps of its current round (since it was last returned)."""
    steps = EARLIER_STEPS.get(action)
    actors: dict[int, set[int]] = {r.pk: set() for r in results}
    if not steps:
        return actors
    rows = Transition.objects.filter(result__in=results).order_by("result_id", "at", "pk")
    for t in rows.values("result_id", "to_status", "by_id"):
        if t["to_status"] in (S.RETURNED, S.DRAFT):
            actors[t["result_id"]] = set()  # a new round starts
        elif t["to_status"] in steps:
            actors[t["result_id"]].add(t["by_id"])
    return actors


def _locked_pairs(results: list[Result]) -> set[tuple[int, int]]:
    """(unit, quarter) pairs among the results that head office has locked: one query per plan and quarter."""
    groups: dict[tuple[int, int], tuple[Plan, set[int]]] = {}
    for result in results:
        plan = result.target.activity.workplan.objective.perspective.plan
        groups.setdefault((plan.pk, result.quarter), (plan, set()))[1].add(result.unit_id)
    return {
        (unit_id, quarter)
        for (_plan_id, quarter), (plan, unit_ids) in groups.items()
        for unit_id in locked_unit_ids(plan, quarter, list(unit_ids))
    }


def _second_person_problem(
    user: User, result: Result, action: str, acted: set[int], cache: dict
) -> str | None:
    if user.pk not in acted:
        return None
    key = (action, result.unit_id)
    if key not in cache:
        others = access.approvers_of(result.unit) if action == "approve" else access.reviewers_of(result.unit)
        cache[key] = access.needs_second_person(user, acted=acted, others=others)
    if not cache[key]:
        return None
    return _(
        "%(activity)s %(unit)s: you submitted or approved this result yourself; another person of the unit "
        "or region must %(action)s it."
    ) % {
        "activity": result.target.activity.number,
        "unit": result.unit.code,
        "action": ACTION_VERBS[action],
    }


def results_transition(
    *, results: list[Result], action: str, user: User, now: datetime, reason: str = ""
) -> int:
    """Move results one workflow step, all or none. Raises PermissionDenied or ResultError."""
    if action not in ACTIONS:
        raise ResultError(_("Unknown action."))
    allowed_from, to_status, permitted = ACTIONS[action]
    if action == "return" and not reason.strip():
        raise ResultError(_("Say why the result goes back: the reporter sees the reason."))
    if action in NEEDS_REASON and not reason.strip():
        raise ResultError(NEEDS_REASON[action])
    if not results:
        raise ResultError(_("Choose at least one result."))
    with transaction.atomic():
        locked = list(
            Result.objects.select_for_update(of=("self",))
            .select_related("unit", "updated_by", "target__activity__workplan__objective__perspective__plan")
            .filter(pk__in=[r.pk for r in results])
            .order_by("pk")
        )
        problems = []
        earlier, duties, chains = _earlier_actors(locked, action), {}, {}
        frozen = _locked_pairs(locked)
        # Who may take a step depends on the unit and (returning) the status, not on the result: asked once
        # per pair, so a bulk step over a unit's 100 results costs what one result does.
        allowed: dict[tuple[int, str], bool] = {}
        with_actions = (
            set(CorrectiveAction.objects.filter(result__in=locked).values_list("result_id", flat=True))
            if action == "submit"
            else set()
        )
        for result in locked:
            key = (result.unit_id, result.status)
            if key not in allowed:
                allowed[key] = permitted(user, result)
            if not allowed[key]:
                raise PermissionDenied
            if result.status not in allowed_from:
                problems.append(
                    _("%(activity)s %(unit)s: a %(status)s result cannot be %(action)s.")
                    % {
                        "activity": result.target.activity.number,
                        "unit": result.unit.code,
                        "status": result.get_status_display(),
                        "action": ACTION_LABELS[action],
                    }
                )
            if _skips_a_step(result, action, chains):
                problems.append(
                    "%(activity)s %(unit)s: ผลนี้ต้องผ่านการอนุมัติของหน่วยงานก่อนจึงจะรับรองได้"
                    % {"activity": result.target.activity.number, "unit": result.unit.code}
                )
            # A locked quarter stops every step but reopening (region or head office), and a reopened result
            # goes its round again until accepted; anything else waits for head office to open the quarter.
            if (
                (result.unit_id, result.quarter) in frozen
                and action != "reopen"
                and result.reopened_at is None
            ):
                problems.append(
                    _("Q%(q)s is locked for %(unit)s by head office.")
                    % {"q": result.quarter, "unit": result.unit.code}
                )
            second = _second_person_problem(user, result, action, earlier[result.pk], duties)
            if second:
                problems.append(second)
            judged = (
                row_standing(result.target, result.quarter, _values_of(result)) if action == "submit" else ""
            )
            if judged == "behind" and result.pk not in with_actions:
                problems.append(
                    "%(activity)s %(unit)s: ผลต่ำกว่าเป้าหมาย กรุณาระบุปัญหาอุปสรรคและการแก้ไข (ทำอะไร ผู้รับผิดชอบ "
                    "กำหนดเสร็จ) ในแบบบันทึกหรือที่หน้าผลการดำเนินงานก่อนส่ง"
                    % {"activity": result.target.activity.number, "unit": result.unit.code}
                )
            if judged == "not_reported":
                problems.append(
                    _("%(activity)s: enter a result before submitting.")
                    % {"activity": result.target.activity.number}
                )
        if problems:
            raise ResultError(problems)
        transitions = []
        revision_numbers: dict[int, int] = {}
        for result in locked:
            transitions.append(
                Transition(
                    result=result,
                    from_status=result.status,
                    to_status=to_status,
                    by=user,
                    at=now,
                    reason=reason,
                )
            )
            result.status = to_status
            result.version += 1
            result.updated_by = user
            result.updated_at = now
            if to_status == S.SUBMITTED:
                plan = result.target.activity.workplan.objective.perspective.plan
                deadline = deadline_for(plan, result.target, result.unit, result.quarter)
                result.submitted_at = now
                result.on_time = None if deadline is None else timezone.localtime(now).date() <= deadline
                if plan.pk not in revision_numbers:
                    revision_numbers[plan.pk] = revisions.current_number(plan)
                result.graded_revision = revision_numbers[plan.pk]
                result.return_reason = ""
            elif to_status == S.ACCEPTED:
                result.accepted_at = now
            elif to_status == S.RETURNED:
                result.return_reason = reason
            if action == "reopen":
                result.reopened_at = now
        update_objects(  # one statement for all the results
            locked,
            [
                "status",
                "version",
                "updated_by",
                "updated_at",
                "submitted_at",
                "on_time",
                "accepted_at",
                "return_reason",
                "graded_revision",
                "reopened_at",
            ],
        )
        Transition.objects.bulk_create(transitions)
        history.log_many(
            _logged(
                t.result,
                {"status": [t.from_status, t.to_status]},
                user=user,
                now=now,
                reason=f"เปิดแก้ไขผลที่รับรองแล้ว: {reason}" if action == "reopen" else reason,
            )
            for t in transitions
        )
        if action in ("return", "reopen"):
            # The reason starts (or continues) the result's thread, and the unit's reporters find it in-app
            # (the e-mail goes by notices.results_returned).
            kind = Comment.Kind.REOPEN if action == "reopen" else Comment.Kind.RETURN
            Comment.objects.bulk_create(
                [
                    Comment(result=r, author=user, kind=kind, body=reason.strip(), created_at=now)
                    for r in locked
                ]
            )
            reporters: dict[int, list[User]] = {}
            for person in access.reporters_of({r.unit_id for r in locked}):
                reporters.setdefault(person.unit_id, []).append(person)
            notify_many(
                [
                    (
                        reporters.get(result.unit_id, []),
                        f"{Comment.Kind(kind).label}: {result.target.activity.number} {result.unit.code} "
                        f"ไตรมาส 1-{result.quarter}",
                        reason.strip(),
                        result.get_absolute_url(),
                    )
                    for result in locked
                ],
                now=now,
            )
            transaction.on_commit(lambda: notices.results_returned(locked, reason, user))
    return len(locked)


ACTION_LABELS = {
    "submit": gettext_lazy("submitted"),
    "approve": gettext_lazy("approved"),
    "accept": gettext_lazy("accepted"),
    "return": gettext_lazy("returned"),
    "reopen": "เปิดแก้ไข",
}
ACTION_VERBS = {"approve": gettext_lazy("approve"), "accept": gettext_lazy("accept")}


@dataclass
class Saved:
    saved: int
    submitted: int


def results_save_and_submit(
    *,
    plan: Plan,
    unit: Unit,
    quarter: int,
    rows: list[RowSave],
    user: User,
    now: datetime,
    submit: bool,
    via: str = "form",
    after_save: Callable[[], None] | None = None,
) -> Saved:
    """Save a unit's quarter form and, when asked, submit its drafts and returned results among the rows, in
    one transaction: the quarter form and the API both call this. ``after_save`` runs between the two, in the
    same transaction (the form's obstacles and corrective actions, quarters.conversation.entry_save)."""
    with transaction.atomic():
        saved = _results_save(plan=plan, unit=unit, quarter=quarter, rows=rows, user=user, now=now, via=via)
        if after_save is not None:
            after_save()
        submitted = 0
        if submit:
            pending = list(
                Result.objects.filter(
                    unit=unit,
                    quarter=quarter,
                    target__in=[r.target for r in rows],
                    status__in=[S.DRAFT, S.RETURNED],
                ).select_related("target", "unit")
            )
            if pending:
                submitted = results_transition(results=pending, action="submit", user=user, now=now)
    return Saved(saved, submitted)


def _values_of(result: Result) -> RowValues:
    return RowValues(**{name: getattr(result, name) for name in VALUE_FIELDS}).normalised(result.target)


# --- corrections, evidence, locks ----------------------------------------------------------------------------


def result_allow_decrease(
    *, target: Target, unit: Unit, quarter: int, user: User, reason: str, now: datetime
) -> Result:
    """A reviewer lets a cumulative count fall below last quarter's (a correction), with a reason."""
    if not access.can_review(user, unit):
        raise PermissionDenied
    if not reason.strip():
        raise ResultError(_("Say why the cumulative figure may fall."))
    plan = target.activity.workplan.objective.perspective.plan
    if locked_unit_ids(plan, quarter, [unit.pk]):
        raise PeriodLocked(
            _("Q%(q)s/%(year)s is locked for %(unit)s by head office.")
            % {"q": quarter, "year": plan.year, "unit": unit.code}
        )
    with transaction.atomic():
        result, _created = Result.objects.select_for_update(of=("self",)).get_or_create(
            target=target, unit=unit, quarter=quarter, defaults={"status": S.DRAFT, "updated_by": user}
        )
        before = result.decrease_allowed_reason
        result.decrease_allowed_reason = reason
        result.version += 1
        result.save(update_fields=["decrease_allowed_reason", "version", "updated_at"])
        _logged(result, {"decrease_allowed_reason": [before, reason]}, user=user, now=now).save()
    return result


def evidence_check(upload: UploadedFile) -> str:
    """The content type of an acceptable evidence file, judged by its bytes; ValidationError otherwise."""
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "name": upload.name,
                "size": round(upload.size / 1048576, 1),
                "limit": round(settings.EVIDENCE_MAX_BYTES / 1048576),
            }
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in EVIDENCE_TYPES:
        raise ValidationError(
            _("%(name)s is not a PDF, image or XLSX file (judged by its content, not its name).")
            % {"name": upload.name}
        )
    return kind.mime


def evidence_add(*, result: Result, upload: UploadedFile, user: User, now: datetime) -> Evidence:
    mime = evidence_check(upload)
    evidence = Evidence(
        result=result,
        original_name=upload.name[:255],
        content_type=mime,
        size=upload.size,
        uploaded_by=user,
        uploaded_at=now,
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    _logged(result, {"evidence": [None, upload.name]}, user=user, now=now).save()
    return evidence


def evidence_hold(
    *, user: User, unit: Unit, target: Target, quarter: int, upload: UploadedFile, now: datetime
) -> PendingEvidence:
    """Keep a file chosen on a quarter form whose save was refused, so the person need not choose it again:
    checked like evidence; it becomes evidence when the form is saved (``results_save``)."""
    if not access.can_enter_results(user, unit):
        raise PermissionDenied
    mime = evidence_check(upload)
    pending = PendingEvidence(
        user=user,
        unit=unit,
        target=target,
        quarter=quarter,
        original_name=upload.name[:255],
        content_type=mime,
        size=upload.size,
        at=now,
    )
    pending.file.save(upload.name, upload, save=False)
    pending.save()
    return pending


def evidence_add_pending(*, result: Result, pending: PendingEvidence, user: User, now: datetime) -> Evidence:
    """A kept file becomes the result's evidence, under a new generated name of the result's folder."""
    evidence = Evidence(
        result=result,
        original_name=pending.original_name,
        content_type=pending.content_type,
        size=pending.size,
        uploaded_by=user,
        uploaded_at=now,
    )
    with pending.file.open("rb") as content:
        evidence.file.save(pending.original_name, content, save=False)
    evidence.save()
    _logged(result, {"evidence": [None, pending.original_name]}, user=user, now=now).save()
    return evidence


def evidence_remove(*, result: Result, ids: list[int], user: User, now: datetime) -> int:
    """Take evidence off an editable result (the caller has checked that the user writes it); the history
    keeps its name."""
    if not result.is_editable_status:
        raise ResultError(
            _("%(activity)s: evidence can only be removed while the result is a draft or returned.")
            % {"activity": result.target.activity.number}
        )
    gone = list(Evidence.objects.filter(result=result, pk__in=ids))
    for evidence in gone:
        _logged(result, {"evidence": [evidence.original_name, None]}, user=user, now=now).save()
        name, storage = evidence.file.name, evidence.file.storage
        evidence.delete()
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    return len(gone)


def _pending_drop(*, user: User, unit: Unit, quarter: int) -> None:
    """After a save, the files kept for it are evidence or were unticked: none stays pending."""
    for pending in PendingEvidence.objects.filter(user=user, unit=unit, quarter=quarter):
        name, storage = pending.file.name, pending.file.storage
        pending.delete()
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))


def period_set_lock(
    *, plan: Plan, quarter: int, unit: Unit | None, locked: bool, user: User, reason: str, now: datetime
) -> PeriodLock:
    """Head office locks a quarter (for one unit, or the whole plan), or reopens it with a reason."""
    if not access.can_lock(user):
        raise PermissionDenied
    if not 1 <= quarter <= 4:
        raise ResultError(_("A quarter is 1 to 4."))
    if not locked and not reason.strip():
        raise ResultError(_("Say why the period is reopened."))
    lock, _created = PeriodLock.objects.update_or_create(
        plan=plan,
        quarter=quarter,
        unit=unit,
        defaults={"locked": locked, "reason": reason, "by": user, "at": now},
    )
    return lock


def report_batch_start(*, plan: Plan, quarter: int, fmt: str, user: User, now: datetime) -> ReportBatch:
    """Every unit's report of the region, built by the task worker; the batch shows its progress."""
    batch = ReportBatch.objects.create(
        plan=plan, quarter=quarter, fmt=fmt, requested_by=user, requested_at=now
    )
    build_report_batch.enqueue(batch.pk)
    return batch


# --- baselines from last year ----------------------------------------------------------------------------------


def baselines_from_last_year(*, target: Target, user: User) -> int:
    """Each unit's baseline for a target graded against one: its accepted Q1-4 figure for the same target last
    year, found through the plan's lineage (the copy to the next year keeps it). Checked and written by the
    plan's baseline service: a unit no longer responsible is left out, nothing else is skipped."""
    if target.lineage_id is None:
        raise ValidationError([_("เป้าหมายนี้ไม่มีเป้าหมายเดียวกันของปีที่แล้ว จึงดึงข้อมูลฐานไม่ได้")])
    plan = target.activity.workplan.objective.perspective.plan
    previous = Target.objects.select_related("activity__workplan__objective__perspective__plan").get(
        pk=target.lineage_id
    )
    last_year = previous.activity.workplan.objective.perspective.plan
    region_units = list(Unit.objects.filter(region_id=plan.owner_id))
    responsible = responsible_units(target, region_units)
    note = _("ผล%(quarter)s") % {"quarter": last_year.plan_year.quarter(4).label_th}
    rows = [
        BaselineRow(unit=r.unit, value=r.value, where=r.unit.code, note=note)
        for r in Result.objects.filter(target=previous, quarter=4, status=S.ACCEPTED, value__isnull=False)
        .select_related("unit")
        .order_by("unit__code")
        if r.unit_id in responsible
    ]
    if not rows:
        raise ValidationError(
            [
                _("ยังไม่มีผล%(quarter)s ที่รับรองแล้วของเป้าหมายนี้")
                % {"quarter": last_year.plan_year.quarter(4).label_th}
            ]
        )
    plan_services.baselines_set(
        target=target,
        rows=rows,
        user=user,
        source=Baseline.Source.LINEAGE,
        reason=_("ข้อมูลฐานจาก%(note)s ของเป้าหมายเดียวกันปีที่แล้ว") % {"note": note},
    )
    return len(rows)


def results_regraded(*, target: Target, before: Target, user: User, now: datetime, reason: str = "") -> int:
    """After a target edit (plans.services.plan_item_save): every accepted result of the target gets an entry
    in its history saying the goal it is now held against and how it stands, before -> after (the result's
    own figure is not touched). Registered in QuartersConfig.ready()."""
    results = list(Result.objects.filter(target=target, status=S.ACCEPTED).order_by("pk"))
    entries = []
    with translation.override("th"):
        for result in results:
            old_goal, new_goal = (
                goal_for(before, result.quarter).target,
                goal_for(target, result.quarter).target,
            )
            old = standing(before, result.quarter, result.value, result.done)
            new = standing(target, result.quarter, result.value, result.done)
            changes = {}
            if old_goal != new_goal:
                changes["เป้าหมาย"] = [
                    str(change_value(old_goal, "value")),
                    str(change_value(new_goal, "value")),
                ]
            if old != new:
                changes["ผลเทียบเป้าหมาย"] = [str(Standing(old).label), str(Standing(new).label)]
            if not changes:
                continue
            entries.append(
                history.entry(
                    result,
                    by=user,
                    at=now,
                    action=history.Action.CHANGED,
                    changes=changes,
                    reason=f"แก้ไขเป้าหมาย{': ' + reason if reason else ''}",
                    via=Via.SYSTEM,
                )
            )
    history.log_many(entries)
    return len(entries)
