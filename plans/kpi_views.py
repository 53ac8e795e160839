"""The KPI dictionary (a page per measure and per target kind) and the records behind a computed value."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from kpiplan.lib.downloads import XLSX, Download
from kpiplan.lib.queries import BadQuery, query_id, query_number
from kpiplan.lib.spreadsheets import rows_to_xlsx
from kpiplan.lib.thaidate import thai_date

from . import access, measures
from .kpi import COMMON, KIND_BY_CODE, KINDS
from .models import Plan, Target, Unit
from .selectors import measure_scope

# "counted": a count's or an average's record (no pass or fail of its own); the others a share's.
STATES_TH = {"in_time": "นับ: ผ่าน", "missed": "นับ: ไม่ผ่าน", "counted": "นับ", "left_out": "ไม่นับ"}


@login_required
def kpi_list(request):
    return render(
        request, "plans/kpi_list.html", {"entries": measures.dictionary(), "kinds": KINDS, "common": COMMON}
    )


@login_required
def kpi_detail(request, key):
    entry = measures.definition(key)
    if entry is None:
        raise Http404
    targets = (
        Target.objects.filter(
            measure_key__startswith=key,
            activity__workplan__objective__perspective__plan__in=access.plans_visible_to(request.user),
        )
        .select_related("activity__workplan__objective__perspective__plan")
        .order_by("activity__sort_key", "order")[:50]
    )
    return render(
        request, "plans/kpi_detail.html", {"key": key, "entry": entry, "targets": targets, "common": COMMON}
    )


@login_required
def kpi_kind(request, kind):
    entry = KIND_BY_CODE.get(kind)
    if entry is None:
        raise Http404
    return render(
        request,
        "plans/kpi_kind.html",
        {"entry": entry, "common": COMMON, "carried_kinds": ("count", "percentage", "score")},
    )


@login_required
def kpi_explain(request, key):
    """?plan=&quarter=&unit=: the records a unit's value for Q1..Qn counts and leaves out, with reasons; the
    viewer sees only the records of units they may see (a branch office its own)."""
    if measures.definition(key) is None:
        raise Http404
    plan = get_object_or_404(access.plans_visible_to(request.user), pk=query_id(request.GET, "plan"))
    quarter = query_number(request.GET, "quarter", None, 1, 4, "ไตรมาสต้องเป็น 1 ถึง 4")
    unit_id = query_id(request.GET, "unit")
    if quarter is None or unit_id is None:
        raise BadQuery("ระบุไตรมาสและหน่วยงาน")
    unit = get_object_or_404(Unit, pk=unit_id)
    if not access.can_see_unit(request.user, unit):
        raise Http404
    scope = measure_scope(unit)
    visible = set(
        access.units_visible_to(request.user).filter(pk__in=scope.unit_ids).values_list("pk", flat=True)
    )
    span = plan.plan_year.quarter(quarter).cumulative
    explained = measures.explain(key, sorted(visible), span.start, span.end)
    if explained is None:  # a family that lists its records on its own pages
        url = measures.records_url(key, unit.pk, span.start, span.end)
        if not url:
            raise Http404
        return redirect(url)
    for line in explained.lines:
        line["state_th"] = STATES_TH[line["state"]]
        # the fifth column: a moment (closed, SMS sent, first activity) or a family's own text (a score)
        closed = line.get("closed")
        line["closed_th"] = thai_date(closed, with_time=True) if closed else (line.get("detail") or "—")
    context = {
        "key": key,
        "entry": measures.definition(key),
        "plan": plan,
        "quarter": plan.plan_year.quarter(quarter),
        "unit": unit,
        "scope": scope,
        "partial": len(visible) < len(scope.unit_ids),
        "explained": explained,
        "states": STATES_TH,
        "counts": {state: explained.count(state) for state in STATES_TH},
    }
    if request.GET.get("format") == "xlsx":
        return _xlsx(context).response()
    return render(request, "plans/kpi_explain.html", context)


def _xlsx(context) -> Download:
    explained = context["explained"]
    rows = [[*explained.columns, "ผล", "เหตุผล"]]
    for line in explained.lines:
        rows.append(
            [
                line["reference"],
                line["unit"],
                line["kind"],
                thai_date(line["date"], with_time=True) if line["date"] else "",
                line["closed_th"],
                STATES_TH[line["state"]],
                line["reason"],
            ]
        )
    value = explained.value
    rows.append([])
    rows.append(
        [
            "ค่าที่ได้",
            value.value if value.value is not None else "ไม่มีข้อมูล",
            "ตัวตั้ง",
            value.numerator,
            "ตัวหาร",
            value.denominator,
        ]
    )
    name = f"kpi-{context['key']}-{context['unit'].pk}-Q{context['quarter'].number}"
    return Download(rows_to_xlsx(rows, "ระเบียน"), f"{name}.xlsx", XLSX)


def explain_url(key: str, plan: Plan, quarter: int, unit: Unit | int) -> str:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return f"{reverse('plans:kpi_explain', args=[key])}?plan={plan.pk}&quarter={quarter}&unit={unit_id}"
