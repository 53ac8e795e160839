"""Plan pages: list, tree with filters, activity, and head office's editing forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpiplan.lib.periods import PlanYear

from . import access, exports, goals, history, importers, revisions, schedule, selectors, services
from .forms import ActivityForm, ChangeReason, PlanFilterForm, PlanSettingsForm, RevisionForm, TargetForm
from .models import Activity, Notification, NotificationPreference, Plan, Target, UnitGroup


def _visible_plan(user, pk) -> Plan:
    return get_object_or_404(access.plans_visible_to(user).select_related("owner"), pk=pk)


def _visible_activity(user, pk) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("workplan__objective__perspective__plan__owner").filter(
            workplan__objective__perspective__plan__in=access.plans_visible_to(user)
        ),
        pk=pk,
    )


def _require_plan_manager(user) -> None:
    if not access.can_manage_plans(user):
        raise PermissionDenied(_("Only head office edits the plan."))


@login_required
def plan_list(request):
    plans = access.plans_visible_to(request.user).select_related("owner")
    return render(
        request, "plans/plan_list.html", {"plans": plans, "can_manage": access.can_manage_plans(request.user)}
    )


@login_required
def plan_tree(request, pk):
    plan = _visible_plan(request.user, pk)
    units = access.units_visible_to(request.user).filter(Q(region_id=plan.owner_id) | Q(pk=plan.owner_id))
    groups = UnitGroup.objects.filter(Q(region_id=plan.owner_id) | Q(region__isnull=True))
    initial = {}
    if "unit" not in request.GET and access.starts_on_own_unit(request.user):
        initial = {"unit": request.user.unit_id}  # a branch office sees its own part first
    data = request.GET if request.GET else (initial or None)
    form = PlanFilterForm(data, units=units.order_by("code"), groups=groups)
    filters = form.cleaned_data if form.is_valid() else {}
    tree = selectors.plan_tree(
        plan, unit=filters.get("unit"), group=filters.get("group"), text=filters.get("q") or ""
    )
    return render(
        request,
        "plans/plan_tree.html",
        {
            "plan": plan,
            "form": form,
            "tree": tree,
            "plan_year": plan.plan_year,
            "can_manage": access.can_manage_plans(request.user),
        },
    )


@login_required
def plan_edit(request, pk):
    """Head office's settings of a plan: titles, and how many days after its deadline a quarter closes."""
    plan = _visible_plan(request.user, pk)
    _require_plan_manager(request.user)
    form = PlanSettingsForm(request.POST or None, instance=plan)
    why = ChangeReason(request.POST or None)
    if request.method == "POST" and form.is_valid() and why.is_valid():
        services.plan_item_save(
            item=form.save(commit=False),
            user=request.user,
            now=timezone.now(),
            fields=_plain_fields(form),
            reason=why.cleaned_data["change_reason"],
        )
        messages.success(request, _("Plan saved."))
        return redirect(plan.get_absolute_url())
    return render(
        request,
        "plans/plan_form.html",
        {"form": form, "plan": plan, "why": why, "history": history.labelled(history.history_of(plan))},
    )


@login_required
def activity_detail(request, pk):
    activity = _visible_activity(request.user, pk)
    plan = activity.workplan.objective.perspective.plan
    targets = list(
        activity.targets.select_related("consolidating_unit").prefetch_related(
            "assigned_units", "assigned_groups"
        )
    )
    for t in targets:
        t.activity = activity  # the schedule reads the plan's first month through it
    plan_year = PlanYear(plan.year, plan.start_month)
    deadlines = [
        {
            "target": t,
            "months": schedule.months_label(schedule.target_periods(t), plan_year),
            "due": (
                plan_year.month(schedule.due_index(t, plan.start_month)).end
                if t.kind == Target.Kind.MILESTONE
                else None
            ),
            "quarters": [
                (
                    q,
                    schedule.expected_in(t, q.number, plan.start_month),
                    schedule.deadline(t, q, t.report_days),
                    q.deadline(t.consolidate_days),
                    [due for _end, due in schedule.month_deadlines(t, q, t.report_days)],
                )
                for q in plan_year.quarters()
            ],
        }
        for t in targets
    ]
    return render(
        request,
        "plans/activity_detail.html",
        {
            "activity": activity,
            "plan": plan,
            "plan_year": plan_year,
            "deadlines": deadlines,
            "children": activity.children.all(),
            "can_manage": access.can_manage_plans(request.user),
            # the activity's and its targets' edits: a target's new goal shows where the target is read
            "history": history.labelled(
                history.history_of_many(
                    [(activity, activity.pk)] + [(Target, row["target"].pk) for row in deadlines]
                ).order_by("at", "pk")
            ),
        },
    )


@login_required
def activity_edit(request, pk):
    activity = _visible_activity(request.user, pk)
    _require_plan_manager(request.user)
    form = ActivityForm(request.POST or None, instance=activity)
    why = ChangeReason(request.POST or None)
    if request.method == "POST" and form.is_valid() and why.is_valid():
        services.plan_item_save(
            item=form.save(commit=False),
            user=request.user,
            now=timezone.now(),
            fields=_plain_fields(form),
            reason=why.cleaned_data["change_reason"],
            m2m=_chosen(form),
        )
        messages.success(request, _("Activity saved."))
        return redirect(activity.get_absolute_url())
    return render(request, "plans/activity_form.html", {"form": form, "activity": activity, "why": why})


@login_required
def target_create(request, activity_pk):
    activity = _visible_activity(request.user, activity_pk)
    _require_plan_manager(request.user)
    form = TargetForm(
        request.POST or None, instance=Target(activity=activity, order=services.target_next_order(activity))
    )
    if request.method == "POST" and form.is_valid():
        services.plan_item_save(
            item=form.save(commit=False),
            user=request.user,
            now=timezone.now(),
            fields=_plain_fields(form),
            m2m=_chosen(form),
        )
        messages.success(request, _("Target added."))
        return redirect(activity.get_absolute_url())
    return render(request, "plans/target_form.html", {"form": form, "activity": activity})


@login_required
def target_edit(request, pk):
    target = get_object_or_404(Target, pk=pk)
    activity = _visible_activity(request.user, target.activity_id)
    _require_plan_manager(request.user)
    form = TargetForm(request.POST or None, instance=target)
    why = ChangeReason(request.POST or None)
    if request.method == "POST" and form.is_valid() and why.is_valid():
        try:
            with transaction.atomic():
                services.plan_item_save(
                    item=form.save(commit=False),
                    user=request.user,
                    now=timezone.now(),
                    fields=_plain_fields(form),
                    reason=why.cleaned_data["change_reason"],
                    m2m=_chosen(form),
                )
        except ValidationError as exc:  # a goal changed without a reason (plans.revisions): nothing was saved
            why.add_error("change_reason", exc.message_dict.get("change_reason", exc.messages))
        else:
            messages.success(request, _("Target saved."))
            return redirect(activity.get_absolute_url())
    return render(
        request,
        "plans/target_form.html",
        {
            "form": form,
            "activity": activity,
            "target": target,
            "why": why,
            "history": history.labelled(history.history_of(target)),
        },
    )


def _plain_fields(form) -> list[str]:
    """The form's fields that are columns of its model (the many-to-many ones are saved after)."""
    meta = form._meta.model._meta
    return [n for n in form.fields if not meta.get_field(n).many_to_many]


def _chosen(form) -> dict[str, list]:
    """The units and groups chosen in the form's many-to-many fields (plan_item_save sets and logs them)."""
    meta = form._meta.model._meta
    return {n: list(form.cleaned_data.get(n) or []) for n in form.fields if meta.get_field(n).many_to_many}


@login_required
@require_POST
def plan_copy(request, pk):
    plan = _visible_plan(request.user, pk)
    _require_plan_manager(request.user)
    try:
        new_plan = services.plan_copy_to_next_year(plan=plan)
    except ValueError:
        messages.error(request, _("A plan for %(year)s already exists.") % {"year": plan.year + 1})
        return redirect(plan.get_absolute_url())
    messages.success(request, _("Plan copied to %(year)s.") % {"year": new_plan.year})
    return redirect(new_plan.get_absolute_url())


def _visible_target(user, pk) -> Target:
    return get_object_or_404(
        Target.objects.select_related("activity__workplan__objective__perspective__plan__owner").filter(
            activity__workplan__objective__perspective__plan__in=access.plans_visible_to(user)
        ),
        pk=pk,
    )


@login_required
def target_values(request, pk):
    """A target's values per office class and per unit: seen by whoever sees the plan, set by head office
    here or from an XLSX file (the same service: all rows checked, nothing saved on a refusal)."""
    target = _visible_target(request.user, pk)
    lines = goals.value_sheet(target)
    typed: dict[str, str] = {}
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        _require_plan_manager(request.user)
        try:
            if request.FILES.get("file"):
                rows, baselines = importers.target_values_read(request.FILES["file"], lines)
                services.target_sheet_set(
                    target=target,
                    values=rows,
                    baselines=baselines,
                    user=request.user,
                    source="imported",
                    reason=request.POST.get("change_reason", ""),
                )
            elif request.POST.get("action") == "baselines":
                typed = {line.baseline_key: request.POST.get(line.baseline_key, "").strip() for line in lines}
                rows = importers.baselines_from_form(typed, lines)
                services.baselines_set(
                    target=target, rows=rows, user=request.user, reason=request.POST.get("change_reason", "")
                )
            else:
                typed = {line.key: request.POST.get(line.key, "").strip() for line in lines}
                rows = importers.target_values_from_form(typed, lines)
                services.target_values_set(
                    target=target, rows=rows, user=request.user, reason=request.POST.get("change_reason", "")
                )
        except ValidationError as exc:
            problems, status = exc.messages, 400
            typed["change_reason"] = request.POST.get("change_reason", "")  # kept, as what was typed
        else:
            messages.success(request, _("บันทึกแล้ว"))
            return redirect("plans:target_values", pk=target.pk)
    return render(
        request,
        "plans/target_values.html",
        {
            "target": target,
            "activity": target.activity,
            "plan": target.activity.workplan.objective.perspective.plan,
            "lines": lines,
            "typed": typed,
            "problems": problems,
            "can_manage": access.can_manage_plans(request.user),
            # its edits, goal changes with the revision that published them (plans.revisions)
            "history": history.labelled(history.history_of(target)),
        },
        status=status,
    )


@login_required
def target_values_xlsx(request, pk):
    """The values page as a spreadsheet to fill in and upload again."""
    target = _visible_target(request.user, pk)
    return exports.target_values_xlsx(target, goals.value_sheet(target)).response()


@login_required
def plan_revisions(request, pk):
    """The plan's revisions (ครั้งที่ N) with every target change, the changes not yet published, and head
    office's form to publish the next revision."""
    plan = _visible_plan(request.user, pk)
    can_manage = access.can_manage_plans(request.user)
    form = RevisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        _require_plan_manager(request.user)
        if form.is_valid():
            try:
                revision = revisions.revision_publish(plan=plan, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error("reason", exc.messages)
            else:
                messages.success(request, _("ประกาศแผนปรับครั้งที่ %(n)s แล้ว") % {"n": revision.number})
                return redirect("plans:revisions", pk=plan.pk)
        status = 400
    changes = revisions.plan_changes(plan)  # the goal changes in the one history, each with its revision
    published = list(plan.revisions.select_related("published_by").order_by("-number"))
    return render(
        request,
        "plans/revisions.html",
        {
            "plan": plan,
            "form": form,
            "can_manage": can_manage,
            "current": revisions.current_number(plan),
            "revisions": [(r, [c for c in changes if c["entry"].revision_id == r.pk]) for r in published],
            "pending": [c for c in changes if c["entry"].revision_id is None],
        },
        status=status,
    )


@login_required
def notifications(request):
    """The user's notifications (newest first, the last 100), marked read once seen; and how they want their
    e-mail: one per event or a daily digest."""
    user = request.user
    preference = NotificationPreference.objects.filter(user=user).first()
    mode = preference.mode if preference else NotificationPreference.Mode.EVENT
    if request.method == "POST":
        chosen = request.POST.get("mode", "")
        if chosen not in NotificationPreference.Mode.values:
            messages.error(request, "กรุณาเลือกรูปแบบอีเมล: ทันทีทุกเรื่อง หรือ สรุปวันละครั้ง")
        else:
            services.notification_preference_set(user=user, mode=chosen)
            messages.success(request, "บันทึกรูปแบบการรับอีเมลแล้ว")
            return redirect(request.path)
    notes = list(Notification.objects.filter(user=user)[:100])
    unread = [n.pk for n in notes if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(
        request,
        "plans/notifications.html",
        {"notes": notes, "unread": set(unread), "mode": mode, "modes": NotificationPreference.Mode.choices},
    )
