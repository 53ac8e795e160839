"""The unit x target matrix page: a bounded number of queries, exports."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n_units", [10, 1000])
def test_the_matrix_takes_the_same_few_queries_for_10_or_1000_units(
    client, national_region, n_units, query_budget
):
    plan, reviewer = national_region(n_units)
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
