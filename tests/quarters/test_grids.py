"""The grids module: roll-ups by rule, completeness and late flags, computed in SQL."""

from datetime import date
from decimal import Decimal

import pytest

from plans.models import Unit
from quarters.grids import plan_grid, scope_for, unit_matrix

pytestmark = pytest.mark.django_db


def test_grid_values_roll_up_by_rule(national_region):
    plan, _ = national_region(10)
    rows = plan_grid(scope_for(plan), [1], today=date(2028, 1, 1))
    count, pct, score, milestone, count3 = (r.cells[1] for r in rows)
    assert (count.value, count.status) == (Decimal(20), "achieved")  # 2 each against 1 each
    assert (pct.value, pct.status) == (Decimal("90.00"), "achieved")  # 90/100 recomputed
    assert (score.value, score.status) == (Decimal("2.0000"), "behind")  # weighted by 10 responses each
    assert (milestone.value, milestone.status) == (Decimal(10), "achieved")
    assert (count3.value, count3.status) == (Decimal(20), "behind")  # 3 each -> 30
    assert count.completeness == Decimal("100.0") and count.timeliness == Decimal("100.0")


def test_completeness_counts_only_units_open_in_the_period(national_region):
    plan, _ = national_region(10)
    offices = list(Unit.objects.filter(region=plan.owner, kind="office").order_by("code"))
    closed, opened = offices[0], offices[1]
    closed.active_to = date(2027, 12, 31)  # closed before the plan year
    closed.save()
    opened.active_from = date(2028, 5, 1)  # opened in Q2
    opened.save()
    rows = plan_grid(scope_for(plan), [1, 2], today=date(2028, 1, 1))
    q1, q2 = rows[0].cells[1], rows[0].cells[2]
    assert q1.expected == 8 and q1.submitted == 8 and q1.completeness == Decimal("100.0")
    assert q2.expected == 9 and q2.submitted == 0
    matrix = unit_matrix(scope_for(plan), 1)
    assert matrix.expected == 40 and matrix.submitted == 40 and matrix.completeness == Decimal("100.0")


def test_late_flags_count_late_submissions_and_missing_results_after_the_deadline(national_region):
    plan, _ = national_region(10, late=(1,), missing=(2,))  # office 1 submits the day after, office 2 never
    before = plan_grid(scope_for(plan), [1], today=date(2028, 4, 10))[0].cells[1]  # deadline day
    after = plan_grid(scope_for(plan), [1], today=date(2028, 4, 11))[0].cells[1]
    assert before.late == 1 and after.late == 2
    assert after.timeliness == Decimal("88.9")  # 8 of 9 submitted were on time
