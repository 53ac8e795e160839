"""Completeness and timeliness (issue 14) from results typed into the quarter form and taken through the
workflow by the units' people, never by setting status, ``submitted_at`` or ``on_time``; each expected figure
is derived by hand in the comments.

1.1 (PR activity, once a quarter per office) is owed by the group "กฟฟ.ชั้น 1-3": the seed lists 16 class 1-3
offices, so 16 results are expected for Q1/2564. Offices report within 10 days after the quarter: Q1 ends
31 Mar 2564, the deadline is the end of 10 Apr 2564.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Unit
from quarters.grids import plan_grid, scope_for, unit_matrix
from quarters.selectors import office_deadline
from tests.entering import enter_result
from tests.helpers import api

pytestmark = pytest.mark.django_db
BKK = ZoneInfo("Asia/Bangkok")


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@pytest.fixture
def q1_round(seed_plan, pr_target, office):
    """ชบ. submits at 23:00 on the deadline day (on time) and is accepted; รย. submits at 08:00 the next day
    (late) and is accepted; มดพ. submits on time but is returned (not a report until sent again); ฉช. keeps a
    draft (not a report). The other 12 offices send nothing."""
    enter_result(pr_target, office, 1, Decimal(1), at=datetime(2021, 4, 10, 23, 0, tzinfo=BKK))
    enter_result(pr_target, unit("กฟฟ.รย."), 1, Decimal(1), at=datetime(2021, 4, 11, 8, 0, tzinfo=BKK))
    enter_result(pr_target, unit("กฟฟ.มดพ."), 1, Decimal(1), "returned", at=datetime(2021, 4, 5, tzinfo=BKK))
    enter_result(pr_target, unit("กฟฟ.ฉช."), 1, Decimal(1), "draft", at=datetime(2021, 4, 5, tzinfo=BKK))


def test_the_deadline_is_ten_days_after_the_quarter(seed_plan, pr_target):
    assert office_deadline(seed_plan, pr_target, 1) == date(2021, 4, 10)


def test_completeness_and_timeliness_of_a_target(seed_plan, pr_target, q1_round):
    """Submitted (submitted, approved or accepted): ชบ. and รย. = 2 of 16 -> completeness 2/16 = 12.5 %.
    On time: ชบ. only -> timeliness 1/2 = 50.0 %. Late: รย.'s late submission, plus the 14 offices with no
    submission once 10 Apr has passed (today is after it) -> 1 + 14 = 15."""
    cell = plan_grid(scope_for(seed_plan, targets=[pr_target]), [1], today=timezone.localdate())[0].cells[1]
    assert (cell.expected, cell.submitted, cell.on_time, cell.late) == (16, 2, 1, 15)
    assert cell.completeness == Decimal("12.5") and cell.timeliness == Decimal("50.0")


def test_the_matrix_counts_the_same(seed_plan, pr_target, q1_round):
    """The unit x target matrix: 1.1 expected 16, submitted 2, on time 1 (as the grid)."""
    matrix = unit_matrix(scope_for(seed_plan, targets=[pr_target]), 1)
    assert matrix.by_target[pr_target.pk] == (16, 2, 1)
    assert (matrix.expected, matrix.submitted, matrix.on_time) == (16, 2, 1)
    lines = {line.unit.code: line for line in matrix.lines}
    # ชบ. owes 1 (1.1) and sent it on time: 100 % / 100 %; รย. sent it late: 100 % / 0 %; มดพ. returned: 0 %
    assert (lines["กฟฟ.ชบ."].completeness, lines["กฟฟ.ชบ."].timeliness) == (Decimal(100), Decimal(100))
    assert (lines["กฟฟ.รย."].completeness, lines["กฟฟ.รย."].timeliness) == (Decimal(100), Decimal(0))
    assert lines["กฟฟ.มดพ."].completeness == Decimal(0) and lines["กฟฟ.มดพ."].timeliness is None


def test_a_returned_result_sent_again_late_counts_as_late(seed_plan, pr_target, q1_round):
    """มดพ. corrects and sends again on 12 Apr (after the deadline): submitted 3 of 16 = 18.8 %, on time still
    1 of 3 = 33.3 % (the last submission decides)."""
    enter_result(
        pr_target, unit("กฟฟ.มดพ."), 1, Decimal(1), "submitted", at=datetime(2021, 4, 12, tzinfo=BKK)
    )
    cell = plan_grid(scope_for(seed_plan, targets=[pr_target]), [1], today=timezone.localdate())[0].cells[1]
    assert (cell.submitted, cell.on_time) == (3, 1)
    assert cell.completeness == Decimal("18.8") and cell.timeliness == Decimal("33.3")


def test_the_api_and_the_matrix_page_say_the_same(client, region_reviewer, seed_plan, pr_target, q1_round):
    grid = api(region_reviewer).get("/api/v1/grid/", {"plan": seed_plan.pk, "quarter": 1}).json()
    cell = next(r for r in grid if r["target"] == pr_target.pk)["cells"][0]
    assert (cell["expected"], cell["submitted"], cell["late"]) == (16, 2, 15)
    rows = api(region_reviewer).get("/api/v1/completeness/", {"plan": seed_plan.pk, "quarter": 1}).json()
    mine = next(r for r in rows if r["unit"] == "กฟฟ.รย.")
    assert mine["submitted"] >= 1 and Decimal(mine["timeliness"]) < 100  # its one 1.1 result was late
    client.force_login(region_reviewer)
    page = client.get(reverse("quarters:matrix"), {"plan": seed_plan.pk, "quarter": 1})
    assert page.status_code == 200
