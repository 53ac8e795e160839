"""The unit x target matrix page: a bounded number of queries, exports."""

import pytest
from django.urls import reverse

from .conftest import give_unit_values

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("unit_values", [False, True])
@pytest.mark.parametrize("n_units", [10, 150])
def test_the_matrix_takes_the_same_few_queries_for_10_or_1000_units(
    client, national_region, n_units, unit_values, query_budget
):
    plan, reviewer = national_region(n_units)
    if unit_values:  # values per office class and per office: two more queries, whatever the number of units
        give_unit_values(plan)
    client.force_login(reviewer)
    with query_budget("quarters:matrix"):
        response = client.get(reverse("quarters:matrix"), {"plan": plan.pk, "quarter": 1})
    assert response.status_code == 200
    assert "100" in response.content.decode()


def test_the_matrix_exports_to_csv(client, region_reviewer, seed_plan):
    client.force_login(region_reviewer)
    response = client.get(reverse("quarters:matrix"), {"plan": seed_plan.pk, "quarter": 2, "export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv") and "กฟฟ.ชบ." in text and "ยังไม่รายงาน" in text


def test_the_matrix_filters_targets_by_workplan_in_the_database_and_units_by_group(
    client, region_reviewer, seed_plan, pr_target
):
    import re

    from plans.models import UnitGroup

    def columns_and_units(params):
        html = client.get(reverse("quarters:matrix"), {"plan": seed_plan.pk, "quarter": 2} | params).content
        head, body = html.decode().split("<tbody", 1)
        # each head: the objective, the activity number, and the target's words
        columns = re.findall(r'<span class="mh-n">CR\d ([\d.]+)</span>', head)
        return columns, re.findall(r'<td class="sticky-col"><strong>([^<]+)</strong>', body)

    client.force_login(region_reviewer)
    columns, units = columns_and_units({"workplan": pr_target.activity.workplan_id})
    assert columns == ["1.1", "1.2", "1.2"]  # workplan 1 of CR1: activities 1.1 and 1.2 (two targets)
    group = UnitGroup.objects.get(code="ก2-รอยต่อ")
    _columns, in_group = columns_and_units({"group": group.pk})
    assert len(in_group) == 4 and set(in_group) < set(units)  # the four boundary-area units
