"""The key-account activities' API: the list for everyone who sees an activity, the bulk write by id."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kam import services
from kam.models import KeyAccount
from tests.helpers import api

pytestmark = pytest.mark.django_db
NOW = datetime(2021, 6, 30, 12, tzinfo=ZoneInfo("Asia/Bangkok"))


@pytest.mark.parametrize("role", ["reporter", "approver", "reviewer", "head_office", "admin"])
def test_every_role_that_sees_an_activity_lists_it(users_by_role, office, role):
    # (it answered 500 for all of them: the serializer read a customer_number the activity does not have)
    account = services.account_save(
        account=KeyAccount(customer_number="020000001", name="บริษัท ก", segment="Star", office=office),
        user=users_by_role["head_office"],
        now=NOW,
    )
    services.activity_log(
        user=users_by_role["head_office"],
        office=office,
        account=account,
        kind="FMS",
        day=date(2021, 3, 1),
        now=NOW,
    )
    response = api(users_by_role[role]).get("/api/v1/kam-activities/")
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert (item["customer_number"], item["kind"], item["external_id"]) == ("020000001", "FMS", None)


def test_a_bulk_write_needs_each_activitys_id(users_by_role, office):
    item = {"customer_number": "020000001", "kind": "FMS", "date": "2021-03-01"}
    response = api(users_by_role["reporter"]).post(
        "/api/v1/kam-activities/bulk/", {"items": [item]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "external_id"
