"""Key-account pages: the account list, an account's timeline, the office coverage board, executive visits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from kpiplan.lib import importviews
from kpiplan.lib.forms import add_service_errors
from kpiplan.lib.queries import query_id
from plans import access, history
from plans.models import User
from plans.selectors import RecordsPeriod, records_period, unit_ids_of

from . import importers, selectors, services
from .filters import AccountFilter
from .forms import AccountForm, ActivityForm, KamImportForm, PlanForm
from .measures import COVERED_KINDS
from .models import Activity, Segment, VisitPlan
from .tables import AccountTable


def _offices(user: User):
    return access.units_visible_to(user).filter(kind__in=["office", "sub_office"]).order_by("code")


def _writable_offices(user: User):
    return _offices(user).filter(pk__in=access.record_units_for(user))


def _kamrs(user: User):
    return User.objects.filter(unit__in=access.units_visible_to(user), is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def _period(request) -> RecordsPeriod:
    """?year=&quarter= or a drill-down link's ?date_from=&date_to=; the plan in focus by default."""
    return records_period(request.user, request.GET, timezone.localdate())


@login_required
def account_list(request):
    qs = (
        selectors.accounts_visible_to(request.user)
        .select_related("office", "kamr")
        .annotate(n_activities=Count("activities"))
    )
    if request.GET.get("uncovered"):
        span = _period(request).span
        office = get_object_or_404(_offices(request.user), pk=query_id(request.GET, "office"))
        qs = qs.filter(
            pk__in=selectors.uncovered(
                office, request.GET.get("segment", ""), request.GET["uncovered"], span.start, span.end
            ).values("pk")
        )
    filterset = AccountFilter(
        request.GET or None, queryset=qs, offices=_offices(request.user), kamrs=_kamrs(request.user)
    )
    table = AccountTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "kam/list.html", {"filter": filterset, "table": table})


@login_required
def account_edit(request, pk=None):
    account = get_object_or_404(selectors.accounts_visible_to(request.user), pk=pk) if pk else None
    offices = _writable_offices(request.user)
    if not offices.exists() or (account and not services.can_write(request.user, account.office)):
        raise PermissionDenied
    form = AccountForm(
        request.POST or None,
        instance=account,
        offices=offices,
        kamrs=_kamrs(request.user),
        initial={"office": request.user.unit_id},
    )
    if account:  # the customer number is the account's identity: the import finds it by it
        form.fields["customer_number"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.account_save(
                account=form.save(commit=False), user=request.user, now=timezone.now()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(saved.get_absolute_url())
    return render(request, "kam/account_form.html", {"form": form, "account": account})


@login_required
def account_detail(request, pk):
    account = get_object_or_404(
        selectors.accounts_visible_to(request.user).select_related("office", "kamr"), pk=pk
    )
    can_write = services.can_write(request.user, account.office)
    activity_form = ActivityForm(
        request.POST if request.POST.get("form") == "activity" else None,
        initial={"date": timezone.localdate()},
    )
    plan_form = PlanForm(request.POST if request.POST.get("form") == "plan" else None)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        form_name = request.POST.get("form")
        try:
            if form_name == "activity" and activity_form.is_valid():
                data = activity_form.cleaned_data
                services.activity_log(
                    user=request.user,
                    office=account.office,
                    account=account,
                    kind=data["kind"],
                    day=data["date"],
                    now=timezone.now(),
                    exec_level=data["exec_level"],
                    participants=data["participants"],
                    notes=data["notes"],
                    voc_reference=data["voc_reference"],
                )
                messages.success(request, _("Activity logged."))
                return redirect(account.get_absolute_url())
            if form_name == "plan" and plan_form.is_valid():
                services.plan_create(
                    user=request.user, account=account, now=timezone.now(), **plan_form.cleaned_data
                )
                return redirect(account.get_absolute_url())
            if form_name == "close_plan":
                plan = get_object_or_404(VisitPlan, pk=request.POST.get("plan"), account=account)
                services.plan_close(
                    plan=plan,
                    user=request.user,
                    done=request.POST.get("done") == "1",
                    now=timezone.now(),
                    reason=request.POST.get("reason", ""),
                )
                return redirect(account.get_absolute_url())
        except ValidationError as exc:
            if form_name == "close_plan":
                messages.error(request, " ".join(exc.messages))
                return redirect(account.get_absolute_url())
            add_service_errors(activity_form if form_name == "activity" else plan_form, exc)
    return render(
        request,
        "kam/account.html",
        {
            "account": account,
            "activities": account.activities.select_related("logged_by"),
            "plans": account.plans.all(),
            "activity_form": activity_form,
            "plan_form": plan_form,
            "can_write": can_write,
            # the account's changes, its activities' and its visit plans', in one list
            "history": history.labelled(
                history.history_of_many(
                    [(account, account.pk)]
                    + [(Activity, pk) for pk in account.activities.values_list("pk", flat=True)]
                    + [(VisitPlan, pk) for pk in account.plans.values_list("pk", flat=True)]
                ).order_by("at", "pk")
            ),
        },
    )


@login_required
def board(request):
    period = _period(request)
    year, quarter, span = period.year, period.quarter, period.span
    offices = list(_offices(request.user))
    named = unit_ids_of(request.GET, "office")
    if named:
        offices = [o for o in offices if o.pk in named]
    rows, total = selectors.coverage_board(offices, span.start, span.end, year)
    return render(
        request,
        "kam/board.html",
        {
            "rows": rows,
            "total": total,
            "segments": Segment.values,
            "kinds": COVERED_KINDS,
            "period": period,
            "year": year,
            "quarter": quarter,
            "quarters": [1, 2, 3, 4],
            "exec_lines": selectors.exec_visits(offices, span.start, span.end, quarter),
            "levels": list(selectors.EXEC_QUOTA),
            "quota": selectors.EXEC_QUOTA,
        },
    )


def _import(request, kind: str, file, filename: str, offices, *, dry_run: bool):
    run = importers.import_accounts if kind == "accounts" else importers.import_activities
    return run(file, allowed_units=offices, user=request.user, filename=filename, dry_run=dry_run)


@login_required
def upload(request):
    """Upload, see what it would write (new, changed old -> new, unchanged, refused), then confirm."""
    offices = _writable_offices(request.user)
    if not offices.exists():
        raise PermissionDenied
    return importviews.preview_then_confirm(
        request,
        form_class=KamImportForm,
        kinds=("accounts", "activities"),
        run=lambda kind, file, filename, *, dry_run: _import(
            request, kind, file, filename, offices, dry_run=dry_run
        ),
        template="kam/upload.html",
        done=lambda kind: "kam:list",
        context={
            "column_groups": [
                (_("Key accounts"), importers.account_columns()),
                (_("Activities"), importers.activity_columns()),
            ],
        },
    )
