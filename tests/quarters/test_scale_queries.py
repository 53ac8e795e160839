"""The review pages take a constant number of queries, whatever the number of units: the grid, the grid
filtered by status and lateness, and the matrix, over worlds of 10 and 150 offices built once for this module
(``national_worlds``: every office reports Q1 through the quarter form and the workflow, office 0 a day late).
"""

import pytest
from django.urls import reverse

from .conftest import give_unit_values

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # a minute to build the worlds
NATIONAL_WORLDS = (10, 150)


@pytest.mark.parametrize("unit_values", [False, True])
@pytest.mark.parametrize("n_units", NATIONAL_WORLDS)
def test_the_region_grid_takes_the_same_few_queries_for_10_or_1000_units(
    client, national_worlds, n_units, unit_values, query_budget
):
    plan, reviewer = national_worlds[n_units]
    if unit_values:  # values per office class and per office: two more queries, whatever the number of units
        give_unit_values(plan)
    client.force_login(reviewer)
    # session, user, the user's unit, plans, targets + 6 prefetches, units, the aggregate, region results
    with query_budget("quarters:grid"):
        response = client.get(reverse("quarters:grid"), {"plan": plan.pk, "quarter": 1})
    assert response.status_code == 200
    assert f"{n_units}/{n_units}" in response.content.decode()


@pytest.mark.parametrize("unit_values", [False, True])
@pytest.mark.parametrize("n_units", NATIONAL_WORLDS)
def test_the_status_and_late_filters_take_the_same_few_queries_for_any_number_of_units(
    client, national_worlds, n_units, unit_values, query_budget
):
    plan, reviewer = national_worlds[n_units]
    if unit_values:  # the offices' own goals: read once for the filter and the grid
        give_unit_values(plan)
    client.force_login(reviewer)
    # the unfiltered grid's 14 (15 with the units' own goals), and for the filters: the ids kept (one query,
    # status and late together), the Q1 aggregate and the region's own results they judge
    with query_budget("quarters:grid filtered"):
        response = client.get(
            reverse("quarters:grid"), {"plan": plan.pk, "quarter": 1, "status": "achieved", "late": "on"}
        )
    assert response.status_code == 200
    # Every office reported 2 (9/10, done), office 0 a day late, so every row is late. Achieved: the
    # percentage (9n/10n = 90 % >= 90 %), the milestone (all done) and, without own goals, the count of 1 per
    # office (2n >= 1n); behind: the score (2 < 4) and the count of 3 per office (2n < 3n). With own goals
    # (class 1, 2, 3 by a group each; 7 for the first three offices, of classes 1, 2, 3) both counts are held
    # against their sum: 10 offices i = 0..9 of class 1 + i % 3 give 4 x 1 + 3 x 2 + 3 x 3 = 19, and the first
    # three at 7 add 6 + 5 + 4 = 15: 34 > 2 x 10 = 20; 150 offices give 50 x (1 + 2 + 3) + 15 = 315 > 300.
    assert len(response.context["rows"]) == (2 if unit_values else 3)


@pytest.mark.parametrize("unit_values", [False, True])
@pytest.mark.parametrize("n_units", NATIONAL_WORLDS)
def test_the_matrix_takes_the_same_few_queries_for_10_or_1000_units(
    client, national_worlds, n_units, unit_values, query_budget
):
    plan, reviewer = national_worlds[n_units]
    if unit_values:  # values per office class and per office: two more queries, whatever the number of units
        give_unit_values(plan)
    client.force_login(reviewer)
    with query_budget("quarters:matrix"):
        response = client.get(reverse("quarters:matrix"), {"plan": plan.pk, "quarter": 1})
    assert response.status_code == 200
    assert "100" in response.content.decode()
