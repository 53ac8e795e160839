"""The progress grid's filters: one FilterSet (quarters.filters.GridFilter) keeps the rows in SQL for the page,
its exports and the API alike, the status and lateness of a row's cell included."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from operations.synthetic import synthetic_region
from plans.models import User
from quarters.models import Result
from tests.entering import enter_result, on_deadline_day
from tests.helpers import api

pytestmark = pytest.mark.django_db
S = Result.Status


@pytest.fixture
def world():
    """Two offices (A, B) and three count targets, each "at least 3 per office" held at every quarter and
    assigned to both offices, so the region's goal at Q1-1 is 3 x 2 offices = 6. Q1 results, entered through
    the quarter form and the workflow:

    - T1 (workplan 1): A 4 and B 3, accepted on time -> 7 >= 6, achieved; nobody late.
    - T2 (workplan 2): A 1 accepted; B 5 only submitted -> accepted basis 1 < 6, behind; submitted basis
      1 + 5 = 6, achieved; nobody late.
    - T3 (workplan 3): A 3 accepted a day after its deadline, B 3 on time -> 6 >= 6, achieved; one unit late.
    """
    w = synthetic_region("GF", 2, 3, 2571, kinds=[("count", "sum", Decimal(3), "level")])
    a, b = w.offices
    t1, t2, t3 = w.targets
    enter_result(t1, a, 1, 4)
    enter_result(t1, b, 1, 3)
    enter_result(t2, a, 1, 1)
    enter_result(t2, b, 1, 5, status=S.SUBMITTED)
    enter_result(t3, a, 1, 3, at=on_deadline_day(t3, a, 1) + timedelta(days=1))
    enter_result(t3, b, 1, 3)
    reviewer = User.objects.create_user("gf-reviewer", password="x", unit=w.division, role="reviewer")
    return w, reviewer


def _page_rows(client, plan, **query) -> set[int]:
    response = client.get(reverse("quarters:grid"), {"plan": plan.pk, "quarter": 1, **query})
    assert response.status_code == 200
    return {row.target.pk for row in response.context["rows"]}


def _api_rows(user, plan, **query) -> set[int]:
    response = api(user).get("/api/v1/grid/", {"plan": plan.pk, "quarter": 1, **query})
    assert response.status_code == 200
    return {row["target"] for row in response.json()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["T1", "T2", "T3"]),
        ({"status": "achieved"}, ["T1", "T3"]),  # 7 >= 6 and 6 >= 6
        ({"status": "behind"}, ["T2"]),  # 1 < 6 (B's 5 is not accepted yet)
        ({"status": "on_track"}, []),  # a level held at every quarter has no "on track" between
        ({"status": "achieved", "basis": "submitted"}, ["T1", "T2", "T3"]),  # T2: 1 + 5 = 6 >= 6
        ({"late": "true"}, ["T3"]),  # A submitted T3 a day after its deadline
        ({"late": "true", "status": "behind"}, []),
        ({"late": "true", "workplan": "T3"}, ["T3"]),
        ({"late": "true", "workplan": "T1"}, []),
        ({"unit": "B", "status": "not_reported"}, ["T2"]),  # B's own T2 is only submitted
        ({"unit": "B", "status": "achieved"}, ["T1", "T3"]),  # B's 3 >= its own 3, twice
        ({"unit": "A", "late": "true"}, ["T3"]),
        ({"unit": "B", "late": "true"}, []),
        ({"q": "เป้าหมาย 2"}, ["T2"]),
    ],
)
def test_each_filter_keeps_the_same_rows_on_the_page_and_the_api(client, world, query, expected):
    w, reviewer = world
    names = {"T1": w.targets[0], "T2": w.targets[1], "T3": w.targets[2]}
    units = {"A": w.offices[0], "B": w.offices[1]}
    query = dict(query)
    if "workplan" in query:
        query["workplan"] = names[query["workplan"]].activity.workplan_id
    if "unit" in query:
        query["unit"] = units[query["unit"]].pk
    wanted = {names[n].pk for n in expected}
    client.force_login(reviewer)
    assert _page_rows(client, w.plan, **query) == wanted
    assert _api_rows(reviewer, w.plan, **query) == wanted


def test_a_filtered_row_keeps_its_cells_for_every_quarter(client, world):
    w, reviewer = world
    client.force_login(reviewer)
    response = client.get(reverse("quarters:grid"), {"plan": w.plan.pk, "quarter": 1, "late": "on"})
    (row,) = response.context["rows"]
    assert row.target == w.targets[2]
    # Q1: 3 + 3 = 6 from both offices; one late, none missing
    assert row.cells[1].value == Decimal(6) and row.cells[1].late == 1 and row.cells[1].submitted == 2
    assert set(row.cells) == {1, 2, 3, 4}


def test_a_bad_status_is_refused_by_the_api_and_ignored_by_the_page(client, world):
    w, reviewer = world
    refused = api(reviewer).get("/api/v1/grid/", {"plan": w.plan.pk, "quarter": 1, "status": "zz"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "status"
    client.force_login(reviewer)
    assert _page_rows(client, w.plan, status="zz") == {t.pk for t in w.targets}
