"""Record pages open on the plan in focus, and a drill-down link shows exactly the records behind its number.

Over the demo data (2564 is the only plan, and it is long over), a region reviewer opens the records pages with
no year in the address, then follows the "records" links of the grid's cells: the page each link opens counts
the same records the measure counted for that unit and those days.
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from complaints.models import Complaint
from plans import measures
from plans.models import Plan, Target, Unit
from quarters.selectors import quarter_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # the demo data, loaded once a module


@pytest.mark.parametrize(
    "name",
    ["voc:summary", "voc:satisfaction", "kam:board", "accounts:usage"],
)
def test_record_pages_open_on_the_year_of_the_plan_in_focus(demo_reviewer, name):
    html = demo_reviewer.get(reverse(name)).content.decode()
    assert "2564" in html and "2569" not in html and "2570" not in html


def test_the_monthly_complaint_summary_opens_on_the_plans_last_month(demo_reviewer):
    html = demo_reviewer.get(reverse("complaints:summary")).content.decode()
    assert "12/2564" in html


def records_link(client, plan: Plan, target: Target, quarter: int, unit: Unit) -> str:
    """The "records" link of one unit on the grid cell's page."""
    html = client.get(reverse("quarters:cell", args=[plan.pk, target.pk, quarter])).content.decode()
    row = next(r for r in re.findall(r"<tr class=\"st-row-.*?</tr>", html, re.S) if unit.code in r)
    return re.search(r'<a href="([^"]+)">[^<]+</a></td>\s*</tr>', row).group(1).replace("&amp;", "&")


def measured(target: Target, unit: Unit, plan: Plan, quarter: int):
    span = quarter_of(plan, quarter).cumulative
    return measures.compute([target.measure_key], [unit.pk], span.start, span.end)[target.measure_key][
        unit.pk
    ]


def target_with(plan: Plan, key: str) -> Target:
    return Target.objects.get(measure_key=key, activity__workplan__objective__perspective__plan=plan)


def listed(html: str) -> int:
    return int(re.search(r'<p class="list-count muted">(\d+)', html).group(1))


def test_the_unresolved_voc_link_lists_exactly_the_records_counted(demo_reviewer, demo_plan):
    target = target_with(demo_plan, "voc.unresolved_logged")
    for unit in Unit.objects.filter(code__in=["กฟฟ.ชบ.", "กฟฟ.จบ."]):
        value = measured(target, unit, demo_plan, 2)
        url = records_link(demo_reviewer, demo_plan, target, 2, unit)
        query = parse_qs(urlsplit(url).query)
        assert query["unit"] == [str(unit.pk)] and query["date_from"] == ["2021-01-01"]
        html = demo_reviewer.get(url).content.decode()
        assert value.value > 0 and listed(html) == value.value


def test_the_satisfaction_link_shows_the_units_average_over_the_days_counted(demo_reviewer, demo_plan):
    target = target_with(demo_plan, "voc.satisfaction_avg_smilebox")
    unit = Unit.objects.get(code="กฟฟ.ชบ.")
    value = measured(target, unit, demo_plan, 2)
    html = demo_reviewer.get(records_link(demo_reviewer, demo_plan, target, 2, unit)).content.decode()
    rows = re.findall(r"<tr><td>(กฟ[^<]+)</td>.*?</tr>", html, re.S)
    assert rows == [unit.code]  # the unit of the link only, not every office with zeros
    assert "1 ม.ค. 2564 – 30 มิ.ย. 2564" in html  # the days of the link
    smilebox = re.findall(r'<td class="num">([\d.]+) <span class="muted small">\((\d+)', html)[-1]
    assert (
        Decimal(smilebox[0]) == value.value.quantize(Decimal("0.01"))
        and int(smilebox[1]) == value.denominator
    )


def test_the_complaint_link_lists_the_complaints_of_the_type_received_in_the_period(demo_reviewer, demo_plan):
    target = target_with(demo_plan, "complaints.closed_within_sla_pct.OP1")
    unit = Unit.objects.get(code="กฟฟ.ชบ.")
    value = measured(target, unit, demo_plan, 2)
    span = quarter_of(demo_plan, 2).cumulative
    received = Complaint.objects.filter(
        unit=unit, type__code="OP1", received_at__date__gte=span.start, received_at__date__lte=span.end
    )
    html = demo_reviewer.get(records_link(demo_reviewer, demo_plan, target, 2, unit)).content.decode()
    # the list holds the OP1 complaints the unit received in Q1-2
    assert listed(html) == received.count() >= 1
    assert sorted(re.findall(r">(DEMO-\d+)<", html)) == sorted(received.values_list("reference", flat=True))
    # the explanation lists the same complaints, those counted giving the value's denominator
    explain = reverse("plans:kpi_explain", args=[target.measure_key])
    page = demo_reviewer.get(f"{explain}?plan={demo_plan.pk}&quarter=2&unit={unit.pk}").content.decode()
    op1 = set(received.values_list("reference", flat=True))
    assert op1 <= set(re.findall(r">(DEMO-\d+)<", page))
    counted = len(re.findall(r'<tr class="state-(?:in_time|missed)">', page))
    assert counted == value.denominator


def test_the_key_account_link_opens_the_board_of_the_office_over_the_days_counted(demo_reviewer, demo_plan):
    target = target_with(demo_plan, "kam.fms_coverage_strategic_pct")
    unit = next(
        u
        for u in Unit.objects.filter(region=demo_plan.owner, kind="office").order_by("code")
        if measured(target, u, demo_plan, 2).value is not None
    )
    value = measured(target, unit, demo_plan, 2)
    html = demo_reviewer.get(records_link(demo_reviewer, demo_plan, target, 2, unit)).content.decode()
    rows = re.findall(r'<td class="sticky-col"><strong>([^<]+)</strong>', html)
    assert rows == [unit.code]
    # the Strategic segment's FMS cell: covered / accounts, as the measure counted them
    cell = re.search(
        r'<a class="mcell st-\w+" href="[^"]*uncovered=FMS&(?:amp;)?segment=Strategic[^"]*" title="(\d+)/(\d+)">([\d.]+)%',
        html,
    )
    assert (int(cell[1]), int(cell[2])) == (value.numerator, value.denominator)
    assert Decimal(cell[3]) == value.value.quantize(Decimal("0.1"))
