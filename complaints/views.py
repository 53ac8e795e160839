"""Complaint pages: queues, intake, a complaint with its history, closing, import, monthly summary."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from kpiplan.lib import importfiles
from kpiplan.lib.forms import add_service_errors
from kpiplan.lib.periods import be_year
from kpiplan.lib.queries import BadQuery
from kpiplan.lib.tabular import TableError, guess_mapping, read_frame, suffix_ok
from kpiplan.lib.thaidate import BE_THRESHOLD, thai_date
from plans import access, history
from plans.selectors import focus_day

from . import exports, importers, selectors, services
from .filters import ComplaintFilter
from .forms import CloseForm, ComplaintForm, ImportForm, mapping_form
from .models import Complaint, ComplaintType
from .tables import ComplaintTable


@login_required
def complaint_list(request):
    data = request.GET.copy()
    data.setdefault("queue", "open" if not {"received_from", "received_to"} & set(data) else "all")
    qs = selectors.complaints_visible_to(request.user).select_related("unit", "type")
    filterset = ComplaintFilter(data, queryset=qs, request=request)
    table = ComplaintTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "complaints/list.html",
        {"filter": filterset, "table": table, "can_log": request.user.unit_id is not None},
    )


@login_required
def complaint_create(request):
    units = services_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = ComplaintForm(
        request.POST or None,
        units=units,
        initial={
            "unit": request.user.unit_id,
            "received_at": timezone.localtime().replace(second=0, microsecond=0),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_create(user=request.user, now=timezone.now(), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Complaint %(ref)s logged; due %(due)s.")
                % {
                    "ref": complaint.reference,
                    "due": thai_date(complaint.due_at, with_time=True),
                },
            )
            return redirect(complaint.get_absolute_url())
    return render(request, "complaints/form.html", {"form": form})


def services_units(user):
    return access.record_units_for(user).order_by("code")


@login_required
def complaint_detail(request, pk):
    complaint = get_object_or_404(
        selectors.complaints_visible_to(request.user).select_related("unit", "type"), pk=pk
    )
    form = CloseForm(request.POST or None)
    if request.method == "POST":
        if not services.can_handle(request.user, complaint.unit):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "close":
                if form.is_valid():
                    services.complaint_change_status(
                        complaint=complaint,
                        user=request.user,
                        to_status="closed",
                        now=timezone.now(),
                        resolution=form.cleaned_data["resolution"],
                        closed_at=form.cleaned_data["closed_at"],
                    )
                    messages.success(request, _("Complaint closed."))
                    return redirect(complaint.get_absolute_url())
            elif action in ("in_progress", "open"):
                services.complaint_change_status(
                    complaint=complaint,
                    user=request.user,
                    to_status=action,
                    now=timezone.now(),
                    note=request.POST.get("note", ""),
                )
                return redirect(complaint.get_absolute_url())
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "history": history.labelled(history.history_of(complaint), Complaint),
            "form": form,
            "can_handle": services.can_handle(request.user, complaint.unit),
            "now": timezone.now(),
        },
    )


@login_required
def complaint_import(request):
    """Upload, match the columns, see what it would write (new, changed old -> new, unchanged, refused),
    then confirm: nothing is written before."""
    allowed = importers.allowed_units_for(request.user)
    if not allowed.exists():
        raise PermissionDenied
    columns = importers.columns({}, {})
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        with importfiles.open_stashed(request.user.pk, token) as handle:
            frame_columns = list(read_frame(handle, token).columns)
        form = mapping_form(frame_columns, columns, request.POST)
        form.is_valid()
        mapping = {
            c.name: form.cleaned_data.get(f"map_{c.name}")
            for c in columns
            if form.cleaned_data.get(f"map_{c.name}")
        }
        confirm = request.POST.get("confirm") == "1"
        try:
            with importfiles.open_stashed(request.user.pk, token) as handle:
                outcome = importers.import_complaints(
                    handle,
                    user=request.user,
                    allowed_units=allowed,
                    mapping=mapping,
                    filename=token,
                    dry_run=not confirm,
                )
        except TableError as exc:
            return render(
                request,
                "complaints/import.html",
                {
                    "step": "mapping",
                    "form": form,
                    "token": token,
                    "errors": exc.errors,
                    "error_total": exc.total,
                },
                status=400,
            )
        if not confirm:
            hidden = [("token", token)] + [(f"map_{name}", source) for name, source in mapping.items()]
            return render(
                request,
                "complaints/import.html",
                {"step": "preview", "preview": outcome, "hidden": hidden, "form": form, "token": token},
                status=400 if outcome.error_total else 200,
            )
        importfiles.discard(request.user.pk, token)
        messages.success(
            request,
            _("Imported %(rows)s rows: %(created)s new, %(updated)s updated.")
            % {"rows": len(outcome.rows), "created": outcome.created, "updated": outcome.updated},
        )
        return redirect("complaints:list")
    upload_form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        if not suffix_ok(upload.name):
            upload_form.add_error("file", _("Upload a CSV or XLSX file."))
        else:
            try:
                frame = read_frame(upload, upload.name)
            except TableError as exc:
                upload_form.add_error("file", "; ".join(str(e) for e in exc.errors))
            else:
                token = importfiles.stash(request.user.pk, upload, timezone.now())
                guessed = guess_mapping(list(frame.columns), columns)
                return render(
                    request,
                    "complaints/import.html",
                    {
                        "step": "mapping",
                        "form": mapping_form(list(frame.columns), columns, initial=guessed),
                        "token": token,
                        "rows": len(frame),
                        "sample": frame.head(3).to_dict("records"),
                    },
                )
    return render(request, "complaints/import.html", {"step": "upload", "form": upload_form})


@login_required
def monthly_summary(request):
    units = list(access.units_visible_to(request.user).order_by("code"))
    day = focus_day(request.user, timezone.localdate())  # this month, within the plan in focus
    try:
        year, month = (int(x) for x in request.GET.get("month", f"{day.year}-{day.month:02d}").split("-"))
        if year > BE_THRESHOLD:  # 2564-04: a Buddhist-era year, as people type it
            year -= 543
        date(year, month, 1)
    except (ValueError, OverflowError) as exc:
        raise BadQuery("month", _("The month must be written as 2564-04 (B.E. year, month).")) from exc
    region = request.GET.get("region")
    if region:
        units = [u for u in units if str(u.region_id) == region or str(u.pk) == region]
    lines, total = selectors.monthly_summary(units, year, month)
    context = {
        "lines": lines,
        "total": total,
        "year": year,
        "month": month,
        "month_label": f"{month:02d}/{be_year(year)}",
        "types": ComplaintType.objects.all(),
        "regions": sorted({u.region for u in units if u.region}, key=lambda r: r.code),
        "region": region,
    }
    fmt = request.GET.get("format")
    if fmt == "pdf":
        return exports.monthly_summary_pdf(context).response(inline=True)
    if fmt == "xlsx":
        return exports.monthly_summary_xlsx(lines, total, year=year, month=month).response()
    return render(request, "complaints/summary.html", context)
