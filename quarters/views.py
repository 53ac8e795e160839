"""Result pages: the quarter entry form, a result, the review queue, region consolidation, locks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpiplan.lib.downloads import stored_file_response
from kpiplan.lib.queries import query_choice
from kpiplan.lib.redirects import next_or
from plans import access, history
from plans import services as plan_services
from plans.models import ApprovalChain, Plan, Target, Unit
from plans.models.chains import APPROVAL_STEPS, FINAL_STEPS, STEP_LABELS, default_steps
from plans.selectors import plan_in_focus

from . import closing, conversation, grids, selectors, services, worklists, xlsx
from .forms import (
    ActionDoneForm,
    AllowDecreaseForm,
    CloseExceptionForm,
    CorrectiveActionForm,
    LockForm,
    ReopenForm,
    ResultRowForm,
    ReturnForm,
)
from .models import (
    ACTION_STATES,
    CloseException,
    Comment,
    CorrectiveAction,
    Evidence,
    PendingEvidence,
    PeriodLock,
    Result,
)
from .scoring import standing
from .validation import letter_dates

S = Result.Status


def _plan(user, pk) -> Plan:
    return get_object_or_404(access.plans_visible_to(user).select_related("owner"), pk=pk)


def _unit(user, pk) -> Unit:
    return get_object_or_404(access.units_visible_to(user), pk=pk)


@login_required
def home(request):
    """The start page: what needs this user's action (``worklists``), each count a link to the page listing it."""
    today = timezone.localdate()
    plans = access.plans_visible_to(request.user).select_related("owner")[:20]
    return render(
        request,
        "quarters/home.html",
        {"plans": plans, "work": worklists.worklist_for(request.user, today), "today": today},
    )


@login_required
def my_results(request):
    """ "My results": the user's unit, the plan of their region, the quarter most likely due."""
    user = request.user
    plan = plan_in_focus(user, timezone.localdate())
    if plan is None or user.unit_id is None:
        messages.info(request, _("There is no plan for your unit yet."))
        return redirect("home")
    quarter = selectors.default_quarter(plan, timezone.localdate())
    return redirect("quarters:entry", plan.pk, user.unit_id, quarter)


def _reopened(row) -> bool:
    """A result the region or head office reopened: corrected even in a locked quarter."""
    return row.result is not None and row.result.reopened_at is not None


def _row_forms(request, form_data, editable, *, data=None, files=None):
    """One form per row, with the row's attached evidence, its corrective actions and the files kept for this
    person from a refused save (three queries)."""
    if request.method == "POST" and data is None:
        data, files = request.POST, request.FILES
    kept = defaultdict(list)
    for pending in PendingEvidence.objects.filter(
        user=request.user, unit=form_data.unit, quarter=form_data.quarter.number
    ):
        kept[pending.target_id].append(pending)
    attached = defaultdict(list)
    for evidence in Evidence.objects.filter(
        result_id__in=[row.result.pk for row in form_data.rows if row.result]
    ).only("pk", "result_id", "original_name", "size", "uploaded_at"):
        attached[evidence.result_id].append(evidence)
    actions = defaultdict(list)
    for action in CorrectiveAction.objects.filter(
        result_id__in=[row.result.pk for row in form_data.rows if row.result]
    ).only("pk", "result_id", "obstacle", "what", "owner", "due", "done_on"):
        actions[action.result_id].append(action)
    return [
        ResultRowForm(
            data,
            files,
            row=row,
            quarter=form_data.quarter.number,
            editable=editable
            and (row.result is None or row.result.is_editable_status)
            and (not form_data.locked or _reopened(row)),
            letters=letter_dates(form_data.quarter.plan_year),
            attached=attached.get(row.result.pk, []) if row.result else [],
            kept=kept.get(row.target.pk, []),
            actions=actions.get(row.result.pk, []) if row.result else [],
        )
        for row in form_data.rows
    ]


def _hold_files(request, unit, quarter, forms, *, report: bool):
    """A refused save keeps the files chosen with it (``services.evidence_hold``): the POST again with their
    ids ticked, to draw the forms from; None when no file was chosen. ``report``: say why a file was refused
    (the service has not said it already)."""
    data, held = request.POST.copy(), False
    for form in forms:
        if not form.editable:
            continue
        for upload in request.FILES.getlist(f"{form.prefix}-evidence"):
            try:
                pending = services.evidence_hold(
                    user=request.user,
                    unit=unit,
                    target=form.row.target,
                    quarter=quarter,
                    upload=upload,
                    now=timezone.now(),
                )
            except ValidationError as exc:
                if report:
                    messages.error(request, " ".join(exc.messages))
                continue
            data.appendlist(f"{form.prefix}-pending", str(pending.pk))
            held = True
    return data if held else None


@dataclass
class Section:
    """A workplan of the quarter form (CR1 · แผนงานที่ 1), its rows, and how many of them are filled."""

    workplan: object
    rows: list  # (EntryRow, ResultRowForm)
    first_of_objective: bool

    @property
    def anchor(self) -> str:
        return f"wp-{self.workplan.pk}"

    @property
    def filled(self) -> int:
        return sum(1 for row, _form in self.rows if row.status != "not_reported")


def _sections(rows) -> list[Section]:
    """The rows under their objective and workplan headings, in the plan's order (the rows come sorted)."""
    sections: list[Section] = []
    for row, form in rows:
        workplan = row.target.activity.workplan
        if not sections or sections[-1].workplan.pk != workplan.pk:
            first = not sections or sections[-1].workplan.objective_id != workplan.objective_id
            sections.append(Section(workplan, [], first))
        sections[-1].rows.append((row, form))
    return sections


def _state_counts(rows) -> list[tuple[str, int]]:
    """The quarter form's switch: every row, then how many rows are in each state the worklist counts."""
    return [("", len(rows))] + [
        (state, sum(1 for r in rows if r.state == state)) for state in selectors.ENTRY_STATES
    ]


@login_required
def entry(request, plan_pk, unit_pk, quarter):
    plan, unit = _plan(request.user, plan_pk), _unit(request.user, unit_pk)
    today = timezone.localdate()
    form_data = selectors.entry_form(
        plan, unit, quarter, today, drafts=access.can_read_drafts(request.user, unit)
    )
    can_enter = access.can_enter_results(request.user, unit)
    editable = can_enter and (not form_data.locked or any(_reopened(row) for row in form_data.rows))
    # Only some rows shown (the worklist's links): the others stay in the form, hidden, so a save sends them
    # untouched and they are not rewritten.
    show = query_choice(
        request.GET, "show", selectors.ENTRY_STATES, _("Show must be unfilled, draft or returned.")
    )
    forms = _row_forms(request, form_data, editable)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        valid = all(f.is_valid() for f in forms)
        if valid:
            rows = [
                services.RowSave(
                    f.row.target,
                    f.row_values(),
                    f.cleaned_data.get("version"),
                    f.touched,
                    f.cleaned_data.get("evidence") or [],
                    f.row.measured.value if f.row.measured else None,
                    pending=f.cleaned_data.get("pending") or [],
                    remove_evidence=f.cleaned_data.get("remove_evidence") or [],
                )
                for f in forms
                if f.editable
            ]
            try:
                outcome = conversation.entry_save(
                    plan=plan,
                    unit=unit,
                    quarter=quarter,
                    rows=rows,
                    actions={f.row.target.pk: f.action_input() for f in forms if f.editable},
                    user=request.user,
                    now=timezone.now(),
                    submit=request.POST.get("action") == "submit",
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            except services.ResultError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                if outcome.submitted:
                    messages.success(
                        request,
                        _("Saved %(saved)s and submitted %(submitted)s results.")
                        % {"saved": outcome.saved, "submitted": outcome.submitted},
                    )
                else:
                    messages.success(
                        request, _("Saved %(saved)s results as drafts.") % {"saved": outcome.saved}
                    )
                return redirect(request.get_full_path())
        # Refused: nothing was saved; the files chosen are kept (shown as attached), the input stays in the page
        # and the page says once what to correct (the box above the form, or the service's messages).
        data = _hold_files(request, unit, quarter, forms, report=not valid)
        if data is not None:
            forms = _row_forms(request, form_data, editable, data=data, files=None)
            for form in forms:
                form.is_valid()
    return render(
        request,
        "quarters/entry.html",
        {
            "plan": plan,
            "unit": unit,
            "quarter": form_data.quarter,
            "rows": list(zip(form_data.rows, forms, strict=True)),
            "sections": _sections(zip(form_data.rows, forms, strict=True)),
            "locked": form_data.locked,
            "scope": form_data.scope,
            "can_enter": can_enter,
            "editable": editable,
            "today": today,
            "quarters": range(1, 5),
            "has_errors": any(f.errors for f in forms),
            "show": show,
            "state_counts": _state_counts(form_data.rows),
        },
    )


@login_required
def entry_xlsx(request, plan_pk, unit_pk, quarter):
    plan, unit = _plan(request.user, plan_pk), _unit(request.user, unit_pk)
    form_data = selectors.entry_form(
        plan, unit, quarter, timezone.localdate(), drafts=access.can_read_drafts(request.user, unit)
    )
    content = xlsx.entry_workbook(form_data)
    response = HttpResponse(content, content_type=xlsx.XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="results-{plan.year}-Q{quarter}-{unit.pk}.xlsx"'
    return response


@login_required
@require_POST
def entry_xlsx_upload(request, plan_pk, unit_pk, quarter):
    plan, unit = _plan(request.user, plan_pk), _unit(request.user, unit_pk)
    if not access.can_enter_results(request.user, unit):
        raise PermissionDenied
    form_data = selectors.entry_form(plan, unit, quarter, timezone.localdate())
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the XLSX file to upload."))
        return redirect("quarters:entry", plan.pk, unit.pk, quarter)
    parsed = xlsx.read_entry_workbook(upload, form_data)
    if parsed.errors:
        return render(
            request,
            "quarters/upload_errors.html",
            {"plan": plan, "unit": unit, "quarter": form_data.quarter, "errors": parsed.errors},
            status=400,
        )
    try:
        saved = services.results_save(
            plan=plan,
            unit=unit,
            quarter=quarter,
            rows=parsed.rows,
            user=request.user,
            now=timezone.now(),
            via="import",
        )
    except services.ResultError as exc:
        return render(
            request,
            "quarters/upload_errors.html",
            {
                "plan": plan,
                "unit": unit,
                "quarter": form_data.quarter,
                "errors": [(None, None, m) for m in exc.messages],
            },
            status=400,
        )
    messages.success(request, _("Uploaded: %(saved)s results saved as drafts.") % {"saved": saved})
    return redirect("quarters:entry", plan.pk, unit.pk, quarter)


def _visible_result(user, pk) -> Result:
    """A result the user may read: a unit's drafts stay with the unit (``access.can_read_drafts``)."""
    return get_object_or_404(
        selectors.results_readable_by(user).select_related(
            "unit", "target__activity__workplan__objective__perspective__plan", "updated_by"
        ),
        pk=pk,
    )


def _writable_result(user, pk) -> Result:
    """A result a write path looks up: the service checks who may act; a draft is not shown by it."""
    return get_object_or_404(
        selectors.results_visible_to(user).select_related(
            "unit", "target__activity__workplan__objective__perspective__plan"
        ),
        pk=pk,
    )


def _after_write(user, result: Result) -> str:
    """Back to the result page, or (a draft the user may not read) to the unit's quarter form."""
    if selectors.result_readable(user, result):
        return result.get_absolute_url()
    plan = result.target.activity.workplan.objective.perspective.plan
    return reverse("quarters:entry", args=[plan.pk, result.unit_id, result.quarter])


@login_required
def result_detail(request, pk):
    result = _visible_result(request.user, pk)
    plan = result.target.activity.workplan.objective.perspective.plan
    user = request.user
    actions = services.available_actions(user, result)
    goal, standing_now, regrade = selectors.result_standing(result)
    return render(
        request,
        "quarters/result_detail.html",
        {
            "result": result,
            "goal": goal,
            "standing": standing_now,
            "regrade": regrade,  # graded under an earlier revision whose goal has changed since
            "plan": plan,
            "target": result.target,
            "comments": result.comments.select_related("author"),
            "corrective_actions": [
                (a, ACTION_STATES[a.state(timezone.localdate())]) for a in result.actions.all()
            ],
            "action_form": CorrectiveActionForm(),
            "done_form": ActionDoneForm(),
            "can_add_action": access.can_enter_results(user, result.unit) and result.status != S.ACCEPTED,
            "needs_action": conversation.needs_action(result),
            "can_follow_up": access.can_enter_results(user, result.unit),
            "comment_max": Comment.MAX_LENGTH,
            "history": history.labelled(history.history_of(result)),
            "evidence": result.evidence.all(),
            "actions": actions,
            "return_form": ReturnForm(),
            "reopen_form": ReopenForm(),
            "allow_form": AllowDecreaseForm(),
            "can_allow_decrease": access.can_review(user, result.unit) and result.target.is_cumulative_count,
        },
    )


@login_required
@require_POST
def result_action(request, pk):
    result = _visible_result(request.user, pk)
    action = request.POST.get("action", "")
    try:
        services.results_transition(
            results=[result],
            action=action,
            user=request.user,
            reason=request.POST.get("reason", ""),
            now=timezone.now(),
        )
    except services.ResultError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Done: %(action)s.") % {"action": services.ACTION_LABELS.get(action, action)}
        )
    return redirect(next_or(request, result.get_absolute_url()))


@login_required
@require_POST
def result_comment(request, pk):
    result = _visible_result(request.user, pk)
    try:
        comment = conversation.comment_add(
            result=result, user=request.user, body=request.POST.get("body", ""), now=timezone.now()
        )
    except services.ResultError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(result.get_absolute_url() + "#thread")
    messages.success(request, "ส่งความเห็นแล้ว")
    return redirect(result.get_absolute_url() + f"#comment-{comment.pk}")


@login_required
@require_POST
def result_action_add(request, pk):
    """The unit records an obstacle and its corrective action (what, who, by when)."""
    result = _visible_result(request.user, pk)
    form = CorrectiveActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(result.get_absolute_url() + "#actions")
    try:
        conversation.action_add(result=result, user=request.user, now=timezone.now(), **form.cleaned_data)
    except services.ResultError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "บันทึกปัญหาอุปสรรคและการแก้ไขแล้ว")
    return redirect(result.get_absolute_url() + "#actions")


@login_required
@require_POST
def corrective_action_done(request, pk):
    action = get_object_or_404(CorrectiveAction.objects.select_related("result__unit"), pk=pk)
    result = _visible_result(request.user, action.result_id)
    form = ActionDoneForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ResultError([m for errors in form.errors.values() for m in errors])
        conversation.action_done(
            action=action, user=request.user, done_on=form.cleaned_data["done_on"], now=timezone.now()
        )
    except services.ResultError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "บันทึกว่าทำเสร็จแล้ว")
    return redirect(result.get_absolute_url() + "#actions")


@login_required
def corrective_actions(request, plan_pk):
    """The region and head office: results behind target with no corrective action, and actions overdue."""
    plan = _plan(request.user, plan_pk)
    if not access.can_see_region(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    followup = selectors.actions_followup(plan, access.units_visible_to(request.user), today)
    return render(request, "quarters/actions.html", {"plan": plan, "today": today, **followup})


@login_required
@require_POST
def result_allow_decrease(request, pk):
    result = _writable_result(request.user, pk)
    form = AllowDecreaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the cumulative figure may fall."))
        return redirect(_after_write(request.user, result))
    try:
        services.result_allow_decrease(
            target=result.target,
            unit=result.unit,
            quarter=result.quarter,
            user=request.user,
            reason=form.cleaned_data["reason"],
            now=timezone.now(),
        )
    except services.ResultError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The reporter may now enter a lower cumulative figure."))
    return redirect(_after_write(request.user, result))


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("result__unit"), pk=pk)
    if not access.can_see_unit(request.user, evidence.result.unit) or not selectors.result_readable(
        request.user, evidence.result
    ):
        raise Http404
    return stored_file_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@login_required
def review(request, plan_pk, quarter):
    """What waits for this user: submitted results for the approver, approved ones for the reviewer."""
    plan = _plan(request.user, plan_pk)
    user = request.user
    is_approver = access.is_unit_approver(user)
    if not access.can_see_review_queue(user):
        raise PermissionDenied
    results = (
        selectors.review_queue(user, plan, quarter)
        .select_related("unit", "target__activity")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.only("pk", "result_id", "original_name"))
        )
        .order_by("unit__code", "target__activity__sort_key", "target__order")
    )
    if request.method == "POST":
        chosen = list(results.filter(pk__in=request.POST.getlist("result")))
        action = request.POST.get("action", "")
        try:
            count = services.results_transition(
                results=chosen,
                action=action,
                user=user,
                reason=request.POST.get("reason", ""),
                now=timezone.now(),
            )
        except services.ResultError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(count)s results %(action)s.")
                % {"count": count, "action": services.ACTION_LABELS.get(action, action)},
            )
            return redirect(request.path)
    return render(
        request,
        "quarters/review.html",
        {
            "plan": plan,
            "quarter": selectors.quarter_of(plan, quarter),
            "results": results,
            "lines": [(r, standing(r.target, r.quarter, r.value, r.done)) for r in results],
            "quarters": range(1, 5),
            "is_approver": is_approver,
        },
    )


@login_required
def locks(request, plan_pk):
    """Head office locks or reopens a quarter, and grants a unit an exception to the quarter's closing."""
    plan = _plan(request.user, plan_pk)
    if not access.can_lock(request.user):
        raise PermissionDenied
    units = Unit.objects.filter(region_id=plan.owner_id).order_by("code")
    posted = request.POST if request.method == "POST" else None
    is_exception = posted is not None and "exception-quarter" in posted
    form = LockForm(None if is_exception else posted, units=units)
    exception_form = CloseExceptionForm(posted if is_exception else None, units=units)
    if is_exception and exception_form.is_valid():
        data = exception_form.cleaned_data
        try:
            closing.close_exception_grant(
                plan=plan,
                quarter=data["quarter"],
                unit=data["unit"],
                until=data["until"],
                reason=data["reason"],
                user=request.user,
                today=timezone.localdate(),
                now=timezone.now(),
            )
        except services.ResultError as exc:
            exception_form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Exception granted."))
            return redirect(request.path)
    if posted is not None and not is_exception and form.is_valid():
        data = form.cleaned_data
        try:
            services.period_set_lock(
                plan=plan,
                quarter=data["quarter"],
                unit=data["unit"],
                locked=data["locked"],
                user=request.user,
                reason=data["reason"],
                now=timezone.now(),
            )
        except services.ResultError as exc:
            form.add_error("reason", " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
            return redirect(request.path)
    rows = PeriodLock.objects.filter(plan=plan).select_related("unit", "by").order_by("quarter", "unit__code")
    exceptions = CloseException.objects.filter(plan=plan).select_related("unit", "by")
    return render(
        request,
        "quarters/locks.html",
        {
            "plan": plan,
            "form": form,
            "exception_form": exception_form,
            "locks": rows,
            "exceptions": exceptions,
            "close_days": closing.close_days(plan) if plan.auto_close_days is not None else [],
            "today": timezone.localdate(),
        },
    )


@login_required
def region(request, plan_pk, quarter):
    """The region's consolidated value per target: the roll-up of accepted unit results, and the division's narrative."""
    plan = _plan(request.user, plan_pk)
    if not access.can_see_region(request.user):
        raise PermissionDenied
    grid = grids.plan_grid(grids.scope_for(plan), [quarter], today=timezone.localdate())
    return render(
        request,
        "quarters/region.html",
        {
            "plan": plan,
            "quarter": selectors.quarter_of(plan, quarter),
            "rows": [row.cells[quarter] for row in grid],
            "quarters": range(1, 5),
            "can_write": access.can_enter_results(request.user, plan.owner),
        },
    )


@login_required
@require_POST
def baselines_from_last_year(request, target_pk):
    """Head office takes each unit's baseline from its accepted Q1-4 result of last year (through lineage)."""
    target = get_object_or_404(
        Target.objects.select_related("activity__workplan__objective__perspective__plan").filter(
            activity__workplan__objective__perspective__plan__in=access.plans_visible_to(request.user)
        ),
        pk=target_pk,
    )
    if not access.can_manage_plans(request.user):
        raise PermissionDenied
    try:
        n = services.baselines_from_last_year(target=target, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("ใช้ผลปีที่แล้วเป็นข้อมูลฐานของ %(n)s หน่วยงาน") % {"n": n})
    return redirect(reverse("plans:target_values", args=[target.pk]) + "#baselines")


@login_required
def approval_chains(request):
    """Head office: the approval chain of each kind of unit, and the submitted results nobody can act on."""
    if not access.can_manage_plans(request.user):
        raise PermissionDenied
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        steps = [s for s in (request.POST.get("approval", ""), request.POST.get("final", "")) if s]
        try:
            plan_services.approval_chain_set(kind=kind, steps=steps, user=request.user, now=timezone.now())
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "บันทึกสายการอนุมัติแล้ว")
            return redirect(request.path)
    chains = {chain.kind: list(chain.steps) for chain in ApprovalChain.objects.all()}
    kinds = []
    for kind, label in Unit.Kind.choices:
        steps = chains.get(kind) or default_steps(kind)
        kinds.append(
            {
                "kind": kind,
                "label": label,
                "steps": [STEP_LABELS.get(step, step) for step in steps],
                "approval": next((step for step in steps if step in APPROVAL_STEPS), ""),
                "final": next((step for step in steps if step in FINAL_STEPS), ""),
                "own": kind in chains,
            }
        )
    return render(
        request,
        "quarters/chains.html",
        {
            "kinds": kinds,
            "approval_choices": [(step, STEP_LABELS[step]) for step in APPROVAL_STEPS],
            "final_choices": [(step, STEP_LABELS[step]) for step in FINAL_STEPS],
            "stranded": selectors.results_nobody_can_act_on(),
        },
    )
