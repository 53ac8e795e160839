"""The complaints' API: bulk creates that are all or nothing, name the item, and are idempotent by reference."""

from datetime import datetime

import pytest

from complaints.models import Complaint
from kpiplan.lib.thaidate import BANGKOK
from tests.helpers import api

pytestmark = pytest.mark.django_db


def complaint(ref, **kw):
    return {
        "reference": ref,
        "received_at": "2021-03-01T09:00:00+07:00",
        "channel": "call_center",
        "unit": "กฟฟ.ชบ.",
        "type": "OP3",
        "description": "ไฟตก",
    } | kw


def test_a_bulk_create_with_one_bad_item_creates_nothing_and_names_the_item(branch_user, seed_plan):
    client = api(branch_user)
    body = {"items": [complaint("A-1"), complaint("A-2", type="NOPE"), complaint("A-3")]}
    response = client.post("/api/v1/complaints/bulk/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"item": 1, "field": "type", "message": response.json()["errors"][0]["message"]}
    ]
    assert not Complaint.objects.exists()
    other_unit = {"items": [complaint("B-1"), complaint("B-2", unit="กฟฟ.มดพ.")]}
    response = client.post("/api/v1/complaints/bulk/", other_unit, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["item"] == 1
    assert not Complaint.objects.exists()


def test_a_code_with_a_nul_character_is_an_error_on_its_field_not_a_server_error(branch_user, seed_plan):
    # PostgreSQL cannot compare text holding NUL; the lookup must not reach it
    response = api(branch_user).post(
        "/api/v1/complaints/bulk/", {"items": [complaint("N-1", unit="กฟฟ.\x00ชบ.")]}, format="json"
    )
    assert response.status_code == 400
    assert [(e["item"], e["field"]) for e in response.json()["errors"]] == [(0, "unit")]
    assert not Complaint.objects.exists()


def test_bulk_creates_are_idempotent_by_reference(branch_user, seed_plan):
    client = api(branch_user)
    body = {"items": [complaint("A-1"), complaint("A-2")]}
    assert client.post("/api/v1/complaints/bulk/", body, format="json").json() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    assert client.post("/api/v1/complaints/bulk/", body, format="json").json() == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
    }
    assert Complaint.objects.count() == 2


def test_the_api_list_filters_with_the_pages_filterset(branch_user, region_reviewer, seed_plan):
    """``ComplaintFilter`` serves the page and the API: the same names (unit, status, q, queue...)."""
    writer = api(branch_user)
    body = {"items": [complaint("F-1", description="หม้อแปลงดัง"), complaint("F-2", description="ไฟดับ")]}
    assert writer.post("/api/v1/complaints/bulk/", body, format="json").status_code == 200
    reader = api(region_reviewer)
    office = Complaint.objects.get(reference="F-1").unit_id
    found = reader.get("/api/v1/complaints/", {"q": "หม้อแปลง", "unit": office}).json()["results"]
    assert [c["reference"] for c in found] == ["F-1"]
    assert reader.get("/api/v1/complaints/", {"status": "closed"}).json()["results"] == []
    assert reader.get("/api/v1/complaints/", {"unit": "abc"}).status_code == 400


def test_api_dates_are_read_as_the_forms_and_imports_read_them(branch_user, seed_plan):
    body = {
        "items": [
            complaint("D-1", received_at="2564-03-01T10:00:00"),  # B.E. year first: 2021, not the year 2564
            complaint("D-2", received_at="2021-03-01T03:00:00Z"),  # an offset: Bangkok time
            complaint("D-3", received_at="01/03/2564 10:00"),
        ]
    }
    assert api(branch_user).post("/api/v1/complaints/bulk/", body, format="json").status_code == 200
    assert {c.received_at for c in Complaint.objects.all()} == {datetime(2021, 3, 1, 10, 0, tzinfo=BANGKOK)}


@pytest.mark.parametrize(
    ("received_at", "message"),
    [
        ("2574-03-01T10:00:00", "นอกช่วงปีของแผน"),  # outside the plan's years
        ("2021-02-30T10:00:00", "เดือน ก.พ. ไม่มีวันที่ 30"),
        ("tomorrow", "อ่านเป็นวันที่ไม่ได้"),
    ],
)
def test_an_api_date_that_is_no_date_of_the_plan_is_a_400_on_its_field(
    branch_user, seed_plan, received_at, message
):
    response = api(branch_user).post(
        "/api/v1/complaints/bulk/", {"items": [complaint("E-1", received_at=received_at)]}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["item"], error["field"]) == (0, "received_at") and message in error["message"]
    assert not Complaint.objects.exists()
