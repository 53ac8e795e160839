"""Region roll-ups of cumulative figures (issue 14, defect 10): a unit that reported Q1 but not yet Q1-2 keeps
counting in the region's Q1-2 with its Q1 figure, marked "ยกยอด" (carried) in the grid, the cell page, the
XLSX export, the region report and the API alike. Results are typed into the quarter form and taken through
the workflow; every expected figure is derived by hand in the comments."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Target, Unit
from quarters.grids import plan_grid, scope_for
from quarters.reports import build_report
from tests.entering import enter_result
from tests.helpers import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def rayong(seed_plan) -> Unit:
    return Unit.objects.get(code="กฟฟ.รย.")


@pytest.fixture
def reported(pr_target, office, rayong):
    """1.1 counts PR activities, 1 a quarter per office, adding up (2 by Q1-2).
    กฟฟ.ชบ. reports Q1 = 1 and Q1-2 = 2; กฟฟ.รย. reports Q1 = 1 and nothing yet for Q1-2 (both accepted)."""
    enter_result(pr_target, office, 1, Decimal(1))
    enter_result(pr_target, office, 2, Decimal(2))
    enter_result(pr_target, rayong, 1, Decimal(1))


def grid_cell(plan, target, quarter):
    return plan_grid(scope_for(plan, targets=[target]), [1, 2], today=timezone.localdate())[0].cells[quarter]


def test_the_region_carries_a_units_latest_cumulative_figure(seed_plan, pr_target, rayong, reported):
    """Region Q1 = 1 + 1 = 2. Region Q1-2 = 2 (ชบ.'s Q1-2) + 1 (รย.'s Q1, carried) = 3; without the carry it
    would be 2. Only ชบ. reported Q1-2: completeness counts 1 submitted, the carried figure is no report."""
    q1, q2 = grid_cell(seed_plan, pr_target, 1), grid_cell(seed_plan, pr_target, 2)
    assert q1.value == 2 and not q1.carried
    assert q2.value == 3 and q2.submitted == 1
    assert [(c.unit_id, c.from_quarter, c.figure.value) for c in q2.carried] == [(rayong.pk, 1, 1)]
    assert q2.carried_label == "ยกยอด 1 หน่วยงาน"


def test_a_new_report_replaces_the_carried_figure(seed_plan, pr_target, rayong, reported):
    """รย. now reports Q1-2 = 3: region Q1-2 = 2 + 3 = 5, nothing carried."""
    enter_result(pr_target, rayong, 2, Decimal(3))
    q2 = grid_cell(seed_plan, pr_target, 2)
    assert (q2.value, q2.carried, q2.submitted) == (5, [], 2)


def test_only_accepted_figures_are_carried_on_the_accepted_basis(seed_plan, pr_target, rayong, reported):
    """รย.'s Q1-2 = 3 is only submitted: on the accepted basis its Q1 (1) is still what counts: 2 + 1 = 3."""
    enter_result(pr_target, rayong, 2, Decimal(3), "submitted")
    q2 = grid_cell(seed_plan, pr_target, 2)
    assert q2.value == 3 and len(q2.carried) == 1


def test_a_level_percentage_is_not_carried(seed_plan, dmsx_target, office, rayong):
    """1.2's DMSx share is a level held at every point (basis level): รย.'s Q1 93/100 does not stand for its
    Q1-2. Region Q1-2 = ชบ.'s 45/50 alone = 90 %."""
    enter_result(dmsx_target, office, 1, numerator=90, denominator=100)
    enter_result(dmsx_target, office, 2, numerator=45, denominator=50)
    enter_result(dmsx_target, rayong, 1, numerator=93, denominator=100)
    q2 = grid_cell(seed_plan, dmsx_target, 2)
    assert q2.value == Decimal("90.00") and not q2.carried


def test_a_cumulative_percentage_carries_its_counts(seed_plan, dmsx_target, office, rayong, hq_user, client):
    """A percentage whose counts add up over the year (basis total): ชบ. Q1 9/10, Q1-2 18/20; รย. Q1 8/10 only. Region Q1-2 = (18 + 8) / (20 + 10) = 26/30 = 86.67 %."""
    dmsx_target.basis = "total"
    dmsx_target.save()
    enter_result(dmsx_target, office, 1, numerator=9, denominator=10)
    enter_result(dmsx_target, office, 2, numerator=18, denominator=20)
    enter_result(dmsx_target, rayong, 1, numerator=8, denominator=10)
    q2 = grid_cell(seed_plan, dmsx_target, 2)
    assert (q2.rolled.numerator, q2.rolled.denominator, q2.value) == (26, 30, Decimal("86.67"))


def test_the_grid_page_and_its_export_mark_the_carried_figure(
    client, region_reviewer, seed_plan, pr_target, reported
):
    client.force_login(region_reviewer)
    page = client.get(reverse("quarters:grid"), {"plan": seed_plan.pk})
    assert "ยกยอด 1 หน่วยงาน" in page.content.decode()
    content = client.get(reverse("quarters:grid"), {"plan": seed_plan.pk, "export": "xlsx"}).content
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    line = next(r for r in rows if r[2] == "1.1" and r[3] == pr_target.label and "1-2" in str(r[5]))
    assert header[-1] == "หน่วยงานที่ยกยอด"
    assert line[header.index("ผลสะสม")] == 3 and line[-1] == 1  # 2 + 1 carried


def test_the_cell_page_names_the_unit_whose_figure_is_carried(
    client, region_reviewer, seed_plan, pr_target, reported
):
    client.force_login(region_reviewer)
    html = client.get(reverse("quarters:cell", args=[seed_plan.pk, pr_target.pk, 2])).content.decode()
    assert "ยกยอด 1 หน่วยงาน" in html
    row = next(tr for tr in html.split("<tr") if "กฟฟ.รย." in tr)
    assert "ยกยอดจากไตรมาส 1" in row


def test_the_region_report_says_what_it_carried(seed_plan, pr_target, reported):
    report = build_report(seed_plan, 2, variant="region", today=timezone.localdate())
    row = next(r for s in report.sections for r in s.rows if r.activity == pr_target.activity)
    assert row.cells[1].lines[0].startswith("- 3 ครั้ง (รายงาน 1/")
    assert row.cells[1].lines[0].endswith("; ยกยอด 1 หน่วยงาน)")


def test_the_api_says_what_it_carried(region_reviewer, seed_plan, pr_target, reported):
    grid = api(region_reviewer).get("/api/v1/grid/", {"plan": seed_plan.pk, "quarter": 2}).json()
    cell = next(c for c in next(r for r in grid if r["target"] == pr_target.pk)["cells"] if c["quarter"] == 2)
    assert Decimal(cell["value"]) == 3
    assert cell["carried"] == 1
    assert cell["carried_from"] == [{"unit": "กฟฟ.รย.", "quarter": 1}]
    assert cell["carried_label"] == "ยกยอด 1 หน่วยงาน"


def test_the_kpi_dictionary_states_the_rule(client, branch_user):
    client.force_login(branch_user)
    html = client.get(reverse("plans:kpi_kind", args=["count"])).content.decode()
    assert "ยกยอด" in html and "ไม่นับเป็นการรายงานในความครบถ้วน" in html
    html = client.get(reverse("plans:kpi_kind", args=["duration"])).content.decode()
    assert "data-carried" not in html


def test_nothing_is_carried_into_a_quarter_not_begun(seed_plan, pr_target, reported):
    """Seen on 1 May 2564: Q2 has begun (รย.'s Q1 is carried into Q1-2: 2 + 1 = 3); Q3 starts 1 Jul, so Q1-3
    holds no figure yet, carried or not."""
    cells = plan_grid(scope_for(seed_plan, targets=[pr_target]), [1, 2, 3], today=date(2021, 5, 1))[0].cells
    assert cells[2].value == 3 and len(cells[2].carried) == 1
    assert cells[3].value is None and not cells[3].carried


def test_the_cell_page_leaves_out_the_papers_words_once_units_report(
    client, region_reviewer, seed_plan, office
):
    """CR2 1.2, office-manager visits: the paper's "ดำเนินการได้ จำนวน 6 ราย" shows on the Q1 cell page until
    an office's result gives the cell its figure (4), then only that figure shows."""
    target = Target.objects.get(
        activity__number="1.2",
        activity__workplan__objective__code="CR2",
        measure_key="kam.exec_visits_manager",
    )
    client.force_login(region_reviewer)
    url = reverse("quarters:cell", args=[seed_plan.pk, target.pk, 1])
    assert "ดำเนินการได้ จำนวน 6 ราย" in client.get(url).content.decode()
    enter_result(target, office, 1, Decimal(4), narrative="เยี่ยมลูกค้า 4 ราย ยังไม่ครบ")
    assert "ดำเนินการได้ จำนวน 6 ราย" not in client.get(url).content.decode()
