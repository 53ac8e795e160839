"""The REST API: tokens, the pages' permissions, the entry form's validation, all-or-nothing bulk creates."""

from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import Complaint
from plans import onboarding
from plans.models import ApiToken, Target, Unit
from quarters.models import Result

pytestmark = pytest.mark.django_db


def api(user):
    _token, key = onboarding.token_issue(user=user, name="test", now=timezone.now())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def pr_target(seed_plan):
    return Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.1")


@pytest.fixture
def office(seed_plan):
    return Unit.objects.get(code="กฟฟ.ชบ.")


def test_a_token_reads_the_plan_and_units(branch_user, seed_plan):
    client = api(branch_user)
    plans = client.get("/api/v1/plans/").json()
    assert plans["count"] == 1 and plans["results"][0]["year"] == 2564
    targets = client.get("/api/v1/targets/", {"plan": seed_plan.pk}).json()
    assert targets["count"] == 59
    units = client.get("/api/v1/units/").json()
    assert [u["code"] for u in units["results"]] == ["กฟฟ.ชบ."]  # a reporter's reach is their unit


def test_no_token_no_access(db):
    assert APIClient().get("/api/v1/plans/").status_code in (401, 403)


def test_a_reporters_token_cannot_read_another_units_drafts(branch_user, office, pr_target):
    other = Unit.objects.get(code="กฟฟ.มดพ.")
    draft = Result.objects.create(target=pr_target, unit=other, quarter=2, value=1, status="draft")
    mine = Result.objects.create(target=pr_target, unit=office, quarter=2, value=2, status="draft")
    client = api(branch_user)
    ids = [r["id"] for r in client.get("/api/v1/results/").json()["results"]]
    assert mine.pk in ids and draft.pk not in ids
    assert client.get(f"/api/v1/results/{draft.pk}/").status_code == 404


def test_a_reviewer_reads_submitted_results_of_the_region_but_not_drafts(region_reviewer, office, pr_target):
    draft = Result.objects.create(target=pr_target, unit=office, quarter=2, value=1, status="draft")
    submitted = Result.objects.create(target=pr_target, unit=office, quarter=3, value=3, status="submitted")
    ids = [r["id"] for r in api(region_reviewer).get("/api/v1/results/").json()["results"]]
    assert submitted.pk in ids and draft.pk not in ids


def test_a_reporters_token_cannot_write_another_units_results(
    branch_user, region_reviewer, seed_plan, pr_target
):
    other = Unit.objects.get(code="กฟฟ.มดพ.")
    body = {
        "plan": seed_plan.pk,
        "unit": other.pk,
        "quarter": 2,
        "items": [{"target": pr_target.pk, "value": "2"}],
    }
    assert api(branch_user).post("/api/v1/results/save/", body, format="json").status_code == 404
    assert api(region_reviewer).post("/api/v1/results/save/", body, format="json").status_code == 403
    assert not Result.objects.filter(unit=other).exists()


def test_saving_through_the_api_uses_the_forms_rules(branch_user, seed_plan, office, pr_target):
    client = api(branch_user)
    Result.objects.create(target=pr_target, unit=office, quarter=1, value=3, status="accepted")
    body = {
        "plan": seed_plan.pk,
        "unit": office.pk,
        "quarter": 2,
        "items": [{"target": pr_target.pk, "value": "2"}],
    }
    response = client.post("/api/v1/results/save/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0] | {"message": ""} == {"item": 0, "field": "value", "message": ""}
    body["items"][0]["value"] = "4"
    body["submit"] = True
    saved = client.post("/api/v1/results/save/", body, format="json").json()
    assert saved["saved"] == 1 and saved["submitted"] == 1 and saved["results"][0]["status"] == "submitted"


def test_two_writers_of_the_same_result_get_a_conflict(
    branch_user, branch_approver, seed_plan, office, pr_target
):
    result = Result.objects.create(
        target=pr_target, unit=office, quarter=2, value=1, status="draft", narrative="-"
    )
    body = {
        "plan": seed_plan.pk,
        "unit": office.pk,
        "quarter": 2,
        "items": [{"target": pr_target.pk, "value": "2", "narrative": "-", "version": result.version}],
    }
    assert api(branch_user).post("/api/v1/results/save/", body, format="json").status_code == 200
    body["items"][0]["value"] = "3"
    assert api(branch_approver).post("/api/v1/results/save/", body, format="json").status_code == 409
    assert Result.objects.get(pk=result.pk).value == 2


def test_workflow_transitions_through_the_api(branch_approver, branch_user, office, pr_target):
    result = Result.objects.create(target=pr_target, unit=office, quarter=2, value=2, status="submitted")
    assert (
        api(branch_user).post(f"/api/v1/results/{result.pk}/transition/", {"action": "approve"}).status_code
        == 403
    )
    response = api(branch_approver).post(f"/api/v1/results/{result.pk}/transition/", {"action": "approve"})
    assert response.status_code == 200 and response.json()["status"] == "approved"


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


def test_bulk_creates_are_idempotent_by_external_id(branch_user, seed_plan):
    client = api(branch_user)
    body = {"items": [complaint("A-1"), complaint("A-2")]}
    assert client.post("/api/v1/complaints/bulk/", body, format="json").json() == {"created": 2, "updated": 0}
    assert client.post("/api/v1/complaints/bulk/", body, format="json").json() == {"created": 0, "updated": 2}
    assert Complaint.objects.count() == 2
    surveys = {
        "items": [
            {
                "external_id": "S1",
                "method": "smile_box",
                "unit": "กฟฟ.ชบ.",
                "date": "2021-02-01",
                "score": "3",
            },
            {
                "external_id": "S2",
                "method": "smile_box",
                "unit": "กฟฟ.ชบ.",
                "date": "2021-02-01",
                "score": "4",
            },
        ]
    }
    response = client.post("/api/v1/survey-responses/bulk/", surveys, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["item"] == 1
    voc = {
        "items": [
            {
                "reference": "V1",
                "date": "2021-02-01",
                "unit": "กฟฟ.ชบ.",
                "channel": "PIGEON",
                "category": "service",
                "text": "x",
            }
        ]
    }
    response = client.post("/api/v1/voc-records/bulk/", voc, format="json")
    assert response.json()["errors"][0]["field"] == "channel"


def test_a_deactivated_users_token_is_refused(branch_user, seed_plan):
    client = api(branch_user)
    assert client.get("/api/v1/plans/").status_code == 200
    branch_user.is_active = False
    branch_user.save()
    assert client.get("/api/v1/plans/").status_code == 401


def test_users_issue_and_revoke_their_own_tokens_and_admins_anyones(branch_user, admin_user, seed_plan):
    client = APIClient()
    client.force_authenticate(branch_user)
    issued = client.post("/api/v1/tokens/", {"name": "สคริปต์รายงาน"}).json()
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {issued['key']}")
    assert token_client.get("/api/v1/plans/").status_code == 200
    assert ApiToken.objects.get(pk=issued["id"]).key_hash != issued["key"]  # only the hash is kept
    admin = APIClient()
    admin.force_authenticate(admin_user)
    assert admin.delete(f"/api/v1/tokens/{issued['id']}/").status_code == 204
    assert token_client.get("/api/v1/plans/").status_code == 401
    other = APIClient()
    other.force_authenticate(admin_user)
    mine = other.post("/api/v1/tokens/", {"name": "admin"}).json()
    assert client.delete(f"/api/v1/tokens/{mine['id']}/").status_code == 404  # not theirs to see


def test_the_grid_and_completeness_for_reviewers_only(
    branch_user, region_reviewer, seed_plan, office, pr_target
):
    Result.objects.create(
        target=pr_target, unit=office, quarter=2, value=Decimal(2), status="accepted", on_time=True
    )
    assert api(branch_user).get("/api/v1/grid/", {"plan": seed_plan.pk, "quarter": 2}).status_code == 403
    grid = api(region_reviewer).get("/api/v1/grid/", {"plan": seed_plan.pk, "quarter": 2}).json()
    row = next(r for r in grid if r["target"] == pr_target.pk)
    assert row["cells"][1]["value"] == "2.0000" and row["cells"][1]["submitted"] == 1
    completeness = (
        api(region_reviewer).get("/api/v1/completeness/", {"plan": seed_plan.pk, "quarter": 2}).json()
    )
    assert any(line["unit"] == "กฟฟ.ชบ." and line["submitted"] == 1 for line in completeness)


def test_throttling_per_token(branch_user, seed_plan, monkeypatch):
    from django.core.cache import cache

    from quarters.api.auth import TokenRateThrottle

    cache.clear()
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/min"})
    client = api(branch_user)
    codes = [client.get("/api/v1/plans/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert api(branch_user).get("/api/v1/plans/").status_code == 200  # another token has its own budget
    cache.clear()


def test_the_schema_and_the_browsable_docs(client, branch_user):
    client.force_login(branch_user)
    schema = client.get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200 and "/api/v1/results/save/" in schema.json()["paths"]
    docs = client.get("/api/v1/docs/")
    assert (
        docs.status_code == 200
        and "swagger-ui" in docs.content.decode()
        and "cdn" not in docs.content.decode()
    )


@pytest.mark.parametrize("plan", ["-27502937187476975616", "99999999999999999999", "0", "x"])
def test_an_out_of_range_plan_filter_is_a_bad_request(branch_user, seed_plan, plan):
    client = api(branch_user)
    for url in ("/api/v1/targets/", "/api/v1/results/"):
        response = client.get(url, {"plan": plan})
        assert response.status_code == 400
        assert [e["field"] for e in response.json()["errors"]] == ["plan"]
    assert client.get("/api/v1/targets/", {"plan": seed_plan.pk}).status_code == 200


def test_api_dates_are_read_as_the_forms_and_imports_read_them(branch_user, seed_plan, office, pr_target):
    client = api(branch_user)
    body = {
        "items": [
            complaint("D-1", received_at="2564-03-01T10:00:00"),  # B.E. year first: 2021, not the year 2564
            complaint("D-2", received_at="2021-03-01T03:00:00Z"),  # an offset: Bangkok time
            complaint("D-3", received_at="01/03/2564 10:00"),
        ]
    }
    assert client.post("/api/v1/complaints/bulk/", body, format="json").status_code == 200
    expected = timezone.datetime(2021, 3, 1, 10, 0, tzinfo=timezone.get_current_timezone())
    assert {c.received_at for c in Complaint.objects.all()} == {expected}
    saved = client.post(
        "/api/v1/results/save/",
        {
            "plan": seed_plan.pk,
            "unit": office.pk,
            "quarter": 2,
            "items": [
                {
                    "target": pr_target.pk,
                    "value": "2",
                    "letter_no": "ก.2 1637/2564",
                    "letter_date": "2564-06-30",
                }
            ],
        },
        format="json",
    )
    assert saved.status_code == 200 and saved.json()["results"][0]["letter_date"] == "2021-06-30"


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
