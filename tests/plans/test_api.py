"""The plan's API: units, plans and targets within the user's reach; bad filters are 400s."""

import pytest

from tests.helpers import api

pytestmark = pytest.mark.django_db


def test_a_token_reads_the_plan_and_units(branch_user, seed_plan):
    client = api(branch_user)
    plans = client.get("/api/v1/plans/").json()
    assert plans["count"] == 1 and plans["results"][0]["year"] == 2564
    targets = client.get("/api/v1/targets/", {"plan": seed_plan.pk}).json()
    assert targets["count"] == 59
    units = client.get("/api/v1/units/").json()
    assert [u["code"] for u in units["results"]] == ["กฟฟ.ชบ."]  # a reporter's reach is their unit


@pytest.mark.parametrize("plan", ["-27502937187476975616", "99999999999999999999", "0", "x"])
def test_an_out_of_range_plan_filter_is_a_bad_request(branch_user, seed_plan, plan):
    client = api(branch_user)
    for url in ("/api/v1/targets/", "/api/v1/results/"):
        response = client.get(url, {"plan": plan})
        assert response.status_code == 400
        assert [e["field"] for e in response.json()["errors"]] == ["plan"]
    assert client.get("/api/v1/targets/", {"plan": seed_plan.pk}).status_code == 200
