"""The seed's own figures (the paper form's Q1 and Q1-2 columns) are graded as what they are and never print
beside a second figure once the offices report (issue 14, defect 7)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from plans.models import Target
from quarters.grids import plan_grid, scope_for
from quarters.reports import build_report
from quarters.scoring import Standing
from tests.entering import enter_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_visits(seed_plan) -> Target:
    """CR2 1.2, third target: the office manager visits 6 key accounts a quarter per class 1-3 office."""
    return Target.objects.get(
        activity__number="1.2",
        activity__workplan__objective__code="CR2",
        measure_key="kam.exec_visits_manager",
    )


def cells(plan, target):
    return plan_grid(scope_for(plan, targets=[target]), [1, 2], today=timezone.localdate())[0].cells


def region_lines(plan, target, quarter):
    report = build_report(plan, quarter, variant="region", today=timezone.localdate())
    row = next(r for s in report.sections for r in s.rows if r.activity == target.activity)
    return row.cells[quarter - 1].lines


def test_the_paper_forms_six_of_six_is_graded_against_one_units_goal(seed_plan, manager_visits):
    """The paper says "target 6, done 6" (Q1) and "target 12, done 12" (Q1-2): one unit's 6 a quarter, 12 by
    Q1-2. Held against 6 x the expected offices (96 and more) it read "behind"; against its own goal it is
    achieved: 6 >= 6, 12 >= 12."""
    grid = cells(seed_plan, manager_visits)
    assert (grid[1].value, grid[1].shown_goal.target, grid[1].status) == (6, 6, Standing.ACHIEVED)
    assert (grid[2].value, grid[2].shown_goal.target, grid[2].status) == (12, 12, Standing.ACHIEVED)
    assert grid[1].goal.target > 6  # the offices' goal stays the offices' (6 x the offices expected)


def test_once_an_office_reports_the_region_cell_prints_one_figure(seed_plan, manager_visits, office):
    """กฟฟ.ชบ. reports 4 visits for Q1 (accepted): the region's Q1 figure is the offices' roll-up, 4 (one of the
    expected offices reported), graded against the offices' goal; the paper's 6 no longer prints beside it."""
    enter_result(manager_visits, office, 1, Decimal(4), narrative="เยี่ยมลูกค้า 4 ราย ยังไม่ครบ")
    grid = cells(seed_plan, manager_visits)
    assert grid[1].value == 4 and grid[1].status == Standing.BEHIND  # 4 < 6 x the offices expected
    lines = [line for line in region_lines(seed_plan, manager_visits, 1) if manager_visits.label_th in line]
    assert len(lines) == 1 and ": 4 ราย (รายงาน 1/" in lines[0], lines
    text = "\n".join(region_lines(seed_plan, manager_visits, 1))
    assert "ดำเนินการได้ จำนวน 6 ราย" not in text and ": 6 ราย" not in text


def test_the_seed_figures_still_print_on_the_region_report(seed_plan, manager_visits):
    """Before any office reports, the region report prints the paper's figures as the paper had them."""
    q2 = "\n".join(region_lines(seed_plan, manager_visits, 2))
    assert ": 12 ราย" in q2 and "ดำเนินการได้ จำนวน 12 ราย" in q2
