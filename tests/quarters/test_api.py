"""The results' API: the pages' permissions and draft rule, the entry form's validation, conflicts, the
workflow, and the grid and completeness for reviewers."""

from datetime import date
from decimal import Decimal

import pytest

from plans.models import Unit
from quarters.models import CorrectiveAction, Result
from tests.entering import enter_result
from tests.helpers import api

pytestmark = pytest.mark.django_db


def test_a_reporters_token_cannot_read_another_units_drafts(branch_user, office, pr_target):
    other = Unit.objects.get(code="กฟฟ.มดพ.")
    draft = enter_result(pr_target, other, 2, 1, "draft")
    mine = enter_result(pr_target, office, 2, 2, "draft")
    client = api(branch_user)
    ids = [r["id"] for r in client.get("/api/v1/results/").json()["results"]]
    assert mine.pk in ids and draft.pk not in ids
    assert client.get(f"/api/v1/results/{draft.pk}/").status_code == 404


def test_a_reviewer_reads_submitted_results_of_the_region_but_not_drafts(region_reviewer, office, pr_target):
    draft = enter_result(pr_target, office, 2, 1, "draft")
    submitted = enter_result(pr_target, office, 3, 3, "submitted")
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
    enter_result(pr_target, office, 1, 3)
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
    result = enter_result(pr_target, office, 2, 1, "draft", narrative="-")
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
    result = enter_result(pr_target, office, 2, 2, "submitted")
    assert (
        api(branch_user).post(f"/api/v1/results/{result.pk}/transition/", {"action": "approve"}).status_code
        == 403
    )
    response = api(branch_approver).post(f"/api/v1/results/{result.pk}/transition/", {"action": "approve"})
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_the_grid_and_completeness_for_reviewers_only(
    branch_user, region_reviewer, seed_plan, office, pr_target
):
    enter_result(pr_target, office, 2, Decimal(2))  # on the deadline day: on time
    assert api(branch_user).get("/api/v1/grid/", {"plan": seed_plan.pk, "quarter": 2}).status_code == 403
    grid = api(region_reviewer).get("/api/v1/grid/", {"plan": seed_plan.pk, "quarter": 2}).json()
    row = next(r for r in grid if r["target"] == pr_target.pk)
    assert row["cells"][1]["value"] == "2.0000" and row["cells"][1]["submitted"] == 1
    completeness = (
        api(region_reviewer).get("/api/v1/completeness/", {"plan": seed_plan.pk, "quarter": 2}).json()
    )
    assert any(line["unit"] == "กฟฟ.ชบ." and line["submitted"] == 1 for line in completeness)


def test_the_grid_api_filters_with_the_pages_filterset(region_reviewer, seed_plan, dmsx_target, pr_target):
    """``GridFilter`` serves /results/grid/ and /api/v1/grid/: the same names, the same SQL filters."""
    client = api(region_reviewer)
    rows = client.get("/api/v1/grid/", {"plan": seed_plan.pk, "quarter": 2, "q": "DMSx"}).json()
    assert dmsx_target.pk in {r["target"] for r in rows} and {r["activity"] for r in rows} == {"1.2"}
    workplan = pr_target.activity.workplan_id
    rows = client.get("/api/v1/grid/", {"plan": seed_plan.pk, "quarter": 2, "workplan": workplan}).json()
    assert pr_target.pk in {r["target"] for r in rows} and {r["activity"][:2] for r in rows} == {"1."}
    refused = client.get("/api/v1/grid/", {"plan": seed_plan.pk, "quarter": 2, "workplan": "abc"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "workplan"


def test_a_letter_date_through_the_api_is_read_as_on_the_form(branch_user, seed_plan, office, pr_target):
    body = {
        "plan": seed_plan.pk,
        "unit": office.pk,
        "quarter": 2,
        "items": [
            {"target": pr_target.pk, "value": "2", "letter_no": "ก.2 1637/2564", "letter_date": "2564-06-30"}
        ],
    }
    saved = api(branch_user).post("/api/v1/results/save/", body, format="json")
    assert saved.status_code == 200 and saved.json()["results"][0]["letter_date"] == "2021-06-30"  # B.E. read


API_ACTION = {
    "obstacle": "ฝนตกหนักทั้งเดือน จัดกิจกรรมกลางแจ้งไม่ได้",
    "action_what": "จัดกิจกรรมประชาสัมพันธ์ในสำนักงานแทน",
    "action_owner": "แผนกบริการลูกค้า",
    "action_due": "31/07/2564",
}


def test_a_behind_result_is_submitted_through_the_api_with_its_obstacle_and_action(
    branch_user, seed_plan, office, pr_target
):
    # 1.1 asks for one PR activity a quarter: 2 by Q1-2; 1 is behind, so it needs an obstacle and an action.
    client = api(branch_user)
    body = {
        "plan": seed_plan.pk,
        "unit": office.pk,
        "quarter": 2,
        "submit": True,
        "items": [{"target": pr_target.pk, "value": "1", "narrative": "จัดได้ 1 ครั้ง"}],
    }
    refused = client.post("/api/v1/results/save/", body, format="json")
    assert refused.status_code == 400
    assert "1.1 กฟฟ.ชบ.: ผลต่ำกว่าเป้าหมาย กรุณาระบุปัญหาอุปสรรคและการแก้ไข" in refused.json()["errors"][0]["message"]
    assert not Result.objects.filter(target=pr_target, unit=office).exists()  # nothing written

    # Missing who: the field is named, nothing written.
    partial = {k: v for k, v in API_ACTION.items() if k != "action_owner"}
    body["items"][0] |= partial
    refused = client.post("/api/v1/results/save/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == [{"item": 0, "field": "action_owner", "message": "กรุณากรอกผู้รับผิดชอบ"}]
    assert not Result.objects.filter(target=pr_target, unit=office).exists()
    assert not CorrectiveAction.objects.exists()

    # A date that is no date: refused before anything is read.
    body["items"][0] |= API_ACTION | {"action_due": "31/13/2564"}
    refused = client.post("/api/v1/results/save/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == [{"item": 0, "field": "action_due", "message": "ไม่มีเดือนที่ 13"}]
    assert not Result.objects.filter(target=pr_target, unit=office).exists()
    assert not CorrectiveAction.objects.exists()

    body["items"][0] |= API_ACTION
    saved = client.post("/api/v1/results/save/", body, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["saved"] == 1 and saved.json()["submitted"] == 1
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    assert result.status == Result.Status.SUBMITTED
    action = CorrectiveAction.objects.get(result=result)
    # stored as sent; 31/07/2564 B.E. is 31 July 2021 C.E.
    assert (action.obstacle, action.what, action.owner, action.due) == (
        API_ACTION["obstacle"],
        API_ACTION["action_what"],
        API_ACTION["action_owner"],
        date(2021, 7, 31),
    )
