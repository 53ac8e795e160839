"""Printed report forms: download one (PDF/XLSX), or every unit of a region as a ZIP built in the background."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kpiplan.lib.downloads import ZIP, stored_file_response
from kpiplan.lib.queries import parse_period_query, query_number
from plans import access
from plans.models import Plan, Unit, User

from . import services
from .models import ReportBatch
from .reports import VARIANTS, ReportError, build_report
from .reports import render as render_report

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def report(request, plan_pk):
    """?quarter=2&variant=unit|region|summary&unit=<id>&format=pdf|xlsx[&revision=N: an earlier revision]"""
    plan = get_object_or_404(access.plans_visible_to(request.user).select_related("owner"), pk=plan_pk)
    query = parse_period_query(request.GET, today=timezone.localdate(), quarter=1, unit=request.user.unit_id)
    quarter = query.quarter
    variant = request.GET.get("variant", "unit")
    fmt = request.GET.get("format", "pdf")
    if variant not in VARIANTS or fmt not in CONTENT_TYPES:
        raise Http404
    unit = None
    if variant == "unit":
        unit = get_object_or_404(access.units_visible_to(request.user), pk=query.unit or 0)
    elif not access.can_see_region(request.user):
        raise PermissionDenied
    revision = query_number(request.GET, "revision", None, 1, 99, "ครั้งที่ของแผนต้องเป็นตัวเลข 1-99")
    try:
        built = build_report(
            plan,
            quarter,
            variant=variant,
            unit=unit,
            today=timezone.localdate(),
            prepared_by=request.user,
            revision=revision,
        )
        content = render_report(built, fmt)
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{built.filename}.{fmt}"'
    return response


@login_required
@require_POST
def batch_start(request, plan_pk):
    plan = get_object_or_404(access.plans_visible_to(request.user), pk=plan_pk)
    if not access.can_see_region(request.user):
        raise PermissionDenied
    quarter = parse_period_query(request.POST, today=timezone.localdate(), quarter=1).quarter
    fmt = request.POST.get("format", "pdf")
    if fmt not in CONTENT_TYPES:
        raise Http404
    batch = services.report_batch_start(
        plan=plan, quarter=quarter, fmt=fmt, user=request.user, now=timezone.now()
    )
    return redirect(batch.get_absolute_url())


def _visible_batch(user, pk) -> ReportBatch:
    batch = get_object_or_404(ReportBatch.objects.select_related("plan__owner"), pk=pk)
    if not (access.can_see_region(user) and access.plans_visible_to(user).filter(pk=batch.plan_id).exists()):
        raise Http404
    return batch


@login_required
def batch_detail(request, pk):
    batch = _visible_batch(request.user, pk)
    template = (
        "quarters/_partials/batch_progress.html"
        if request.headers.get("HX-Request")
        else "quarters/batch.html"
    )
    return render(request, template, {"batch": batch})


@login_required
def batch_download(request, pk):
    batch = _visible_batch(request.user, pk)
    if batch.state != ReportBatch.State.DONE or not batch.file:
        raise Http404
    return stored_file_response(batch.file, filename=batch.download_name, content_type=ZIP)


def plans_for_reports(user: User) -> list[Plan]:
    return list(access.plans_visible_to(user).select_related("owner"))


@login_required
def reports_home(request):
    plans = plans_for_reports(request.user)
    units = (
        access.units_visible_to(request.user).order_by("code")
        if request.user.unit_id
        else Unit.objects.none()
    )
    batches = ReportBatch.objects.filter(requested_by=request.user)[:10]
    return render(
        request,
        "quarters/reports.html",
        {
            "plans": plans,
            "units": units[:2000],
            "batches": batches,
            "can_region": access.can_see_region(request.user),
            "quarters": [1, 2, 3, 4],
        },
    )
