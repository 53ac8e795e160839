"""VOC pages: list and entry, quarterly summary, channel x category pivot, satisfaction and call-backs, import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from kpiplan.lib import importviews
from kpiplan.lib.forms import add_service_errors
from plans import access, history
from plans.models import User
from plans.selectors import RecordsPeriod, records_period, unit_ids_of

from . import importers, selectors, services
from .filters import SmsJobFilter, VocFilter
from .forms import CallBackForm, SmsJobForm, SurveyForm, SurveyImportForm, VocForm
from .models import LOW_RATING, Method, SmsSurveyJob, VocRecord
from .tables import SmsJobTable, VocTable


def _writable_units(user: User):
    return access.record_units_for(user).order_by("code")


def _period(request) -> RecordsPeriod:
    """?year=&quarter= or a drill-down link's ?date_from=&date_to=; the plan in focus by default."""
    return records_period(request.user, request.GET, timezone.localdate())


def _units_named(request, units: list) -> list:
    """A drill-down link's ?unit=: only those units (of the ones the person may see)."""
    wanted = unit_ids_of(request.GET)
    return [u for u in units if u.pk in wanted] if wanted else units


@login_required
def voc_list(request):
    qs = selectors.voc_visible_to(request.user).select_related("unit", "channel")
    filterset = VocFilter(request.GET or None, queryset=qs, request=request)
    table = VocTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "voc/list.html", {"filter": filterset, "table": table})


@login_required
def voc_edit(request, pk=None):
    record = get_object_or_404(selectors.voc_visible_to(request.user), pk=pk) if pk else None
    units = _writable_units(request.user)
    if not units.exists() or (record and not services.can_write(request.user, record.unit)):
        raise PermissionDenied
    form = VocForm(
        request.POST or None,
        instance=record,
        units=units,
        # a new record's defaults; an edited one shows its own date (a ModelForm's initial would override it)
        initial=None if record else {"unit": request.user.unit_id, "date": timezone.localdate()},
    )
    if record:  # the reference is the record's identity: the import and the API find it by it
        form.fields["reference"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.voc_save(
                record=record or VocRecord(), user=request.user, now=timezone.now(), fields=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(saved.get_absolute_url())
    return render(request, "voc/form.html", {"form": form, "record": record})


@login_required
def voc_detail(request, pk):
    record = get_object_or_404(
        selectors.voc_visible_to(request.user).select_related("unit", "channel", "mechanism", "topic"), pk=pk
    )
    return render(
        request,
        "voc/detail.html",
        {
            "record": record,
            "can_write": services.can_write(request.user, record.unit),
            "history": history.labelled(history.history_of(record), VocRecord),
        },
    )


@login_required
def summary(request):
    period = _period(request)
    units = _units_named(request, list(access.units_visible_to(request.user).order_by("code")))
    span = period.span
    records = selectors.voc_visible_to(request.user).filter(
        date__gte=span.start, date__lte=span.end, unit__in=units
    )
    return render(
        request,
        "voc/summary.html",
        {
            "lines": selectors.quarterly_summary(units, span.start, span.end),
            "pivot": selectors.pivot(records),
            "period": period,
            "year": period.year,
            "quarter": period.quarter,
            "quarters": [1, 2, 3, 4],
            "categories": [("product", _("Product")), ("service", _("Service")), ("support", _("Support"))],
        },
    )


@login_required
def satisfaction(request):
    period = _period(request)
    units = _units_named(
        request,
        list(
            access.units_visible_to(request.user).filter(kind__in=["office", "sub_office"]).order_by("code")
        ),
    )
    span, quarter = period.span, period.quarter
    lines = selectors.satisfaction_by_office(units, span.start, span.end, quarter)
    low = (
        selectors.surveys_visible_to(request.user)
        .filter(
            date__gte=span.start,
            date__lte=span.end,
            score__lte=LOW_RATING,
            method__in=["smile_box", "touch_screen"],
            callback__isnull=True,
            unit__in=units,
        )
        .select_related("unit")
        .order_by("date")[:200]
    )
    totals = {job: sum(line.phone[job] for line in lines) for job in selectors.PHONE_JOBS}
    region_targets = selectors.phone_quotas(units, span.end, quarter).region
    return render(
        request,
        "voc/satisfaction.html",
        {
            "lines": lines,
            "low": low,
            "period": period,
            "year": period.year,
            "quarter": quarter,
            "quarters": [1, 2, 3, 4],
            "totals": totals,
            "jobs": list(selectors.PHONE_JOBS),
            "region_targets": region_targets,
        },
    )


@login_required
def callback(request, pk):
    response = get_object_or_404(selectors.surveys_visible_to(request.user).select_related("unit"), pk=pk)
    if not services.can_write(request.user, response.unit):
        raise PermissionDenied
    form = CallBackForm(
        request.POST or None, initial={"called_at": timezone.localtime().replace(second=0, microsecond=0)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.callback_record(
                response=response, user=request.user, now=timezone.now(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Call-back recorded."))
            return redirect("voc:satisfaction")
    entries = history.history_of(response)
    if hasattr(response, "callback"):
        entries = entries | history.history_of(response.callback)
    return render(
        request,
        "voc/callback.html",
        {
            "form": form,
            "response": response,
            # the response's own changes (imports, re-imports) and its call-back's, in one list
            "history": history.labelled(entries.order_by("at", "pk")),
        },
    )


def _import(request, kind: str, file, filename: str, units, *, dry_run: bool):
    if kind == "voc":
        return importers.import_voc(
            file, allowed_units=units, user=request.user, filename=filename, dry_run=dry_run
        )
    if kind == "sms_jobs":
        return importers.import_sms_jobs(
            file, allowed_units=units, user=request.user, filename=filename, dry_run=dry_run
        )
    return importers.import_surveys(
        file,
        user=request.user,
        allowed_units=units,
        filename=filename,
        default_method=None if kind == "any" else kind,
        dry_run=dry_run,
    )


@login_required
def upload(request):
    """Upload, see what it would write (new, changed old -> new, unchanged, refused), then confirm."""
    units = _writable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    return importviews.preview_then_confirm(
        request,
        form_class=SurveyImportForm,
        kinds=dict(SurveyImportForm.base_fields["kind"].choices),
        run=lambda kind, file, filename, *, dry_run: _import(
            request, kind, file, filename, units, dry_run=dry_run
        ),
        template="voc/upload.html",
        done=lambda kind: {"voc": "voc:list", "sms_jobs": "voc:sms_jobs"}.get(kind, "voc:satisfaction"),
        context={
            "column_groups": [
                # the form's choice of method fills a file without one: the column is needed only for "any"
                (_("Survey responses"), importers.survey_columns({}, default_method=Method.SMS)),
                (_("VOC records"), importers.voc_columns({})),
                (_("Jobs owed an SMS survey (3.3.1)"), importers.sms_job_columns({})),
            ],
        },
    )


@login_required
def survey_create(request):
    units = _writable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    quota_units = (
        access.units_visible_to(request.user).filter(kind__in=["office", "sub_office"]).order_by("code")
    )
    form = SurveyForm(
        request.POST or None,
        units=units,
        quota_units=quota_units,
        initial={"unit": request.user.unit_id, "date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.survey_save(
                user=request.user,
                external_id=data["external_id"],
                method=data["method"],
                job_type=data["job_type"],
                unit=data["unit"],
                quota_unit=data["quota_unit"],
                day=data["date"],
                answers=form.answers(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, rename={"score": "q1"})
        else:
            messages.success(request, _("Saved."))
            return redirect("voc:satisfaction")
    return render(request, "voc/survey_form.html", {"form": form})


@login_required
def sms_jobs(request):
    """The jobs owed an SMS survey (3.3.1) the person may see; a drill-down link's ?unit=&date_from=&date_to=."""
    qs = selectors.sms_jobs_visible_to(request.user).select_related("unit")
    filterset = SmsJobFilter(request.GET or None, queryset=qs, request=request)
    table = SmsJobTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "voc/sms_jobs.html",
        {"filter": filterset, "table": table, "can_add": _writable_units(request.user).exists()},
    )


@login_required
def sms_job_edit(request, pk=None):
    job = get_object_or_404(selectors.sms_jobs_visible_to(request.user), pk=pk) if pk else None
    units = _writable_units(request.user)
    if not units.exists() or (job and not services.can_write(request.user, job.unit)):
        raise PermissionDenied
    form = SmsJobForm(
        request.POST or None,
        instance=job,
        units=units,
        # a new job's defaults; an edited one shows its own values (a ModelForm's initial would override them)
        initial=None if job else {"unit": request.user.unit_id, "completed_on": timezone.localdate()},
    )
    if job:  # the job number is its identity: the import and the API find it by it
        form.fields["reference"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.sms_job_save(
                job=job or SmsSurveyJob(), user=request.user, now=timezone.now(), fields=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("voc:sms_jobs")
    return render(request, "voc/sms_job_form.html", {"form": form, "job": job})
