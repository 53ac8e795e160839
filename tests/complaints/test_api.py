"""The complaints' API: bulk creates that are all or nothing, name the item, and are idempotent by reference."""

import pytest

from complaints.models import Complaint
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
    assert client.post("/api/v1/complaints/bulk/", body, format="json").json() == {"created": 2, "updated": 0}
    assert client.post("/api/v1/complaints/bulk/", body, format="json").json() == {"created": 0, "updated": 2}
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
