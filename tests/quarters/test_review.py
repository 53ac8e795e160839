"""The review queue: what waits for the approver (submitted) and the reviewer (approved and submitted), in a
bounded number of queries; who may open it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import User
from quarters.models import Result

from .conftest import entry_url, make_result, page_form

S = Result.Status
pytestmark = pytest.mark.django_db


def submit_everything(client, plan, unit, reporter):
    client.force_login(reporter)
    url = entry_url(plan, unit, 1)
    data = page_form(client, url)
    for name in list(data):
        if name.endswith("-value"):
            data[name] = "1"
    assert client.post(url, data | {"action": "submit"}).status_code == 302


@pytest.mark.parametrize("n_targets", [5, 60])
def test_the_approvers_queue_takes_the_same_queries_for_few_or_many_results(
    client, synthetic_plan, query_budget, n_targets
):
    plan, unit = synthetic_plan(n_targets)
    reporter = User.objects.create_user("rq", password="x", unit=unit, role="reporter")
    approver = User.objects.create_user("aq", password="x", unit=unit, role="approver")
    submit_everything(client, plan, unit, reporter)
    assert Result.objects.filter(unit=unit, status="submitted").count() == n_targets
    client.force_login(approver)
    with query_budget("quarters:review"):
        response = client.get(reverse("quarters:review", args=[plan.pk, 1]))
    assert response.status_code == 200
    assert response.content.decode().count('name="result"') == n_targets


def test_bulk_accept_from_the_review_queue(
    client, region_reviewer, seed_plan, office, pr_target, dmsx_target
):
    a = make_result(pr_target, office, 2, Decimal(2), status=S.APPROVED)
    b = make_result(dmsx_target, office, 2, Decimal(95), status=S.APPROVED, numerator=95, denominator=100)
    client.force_login(region_reviewer)
    url = reverse("quarters:review", args=[seed_plan.pk, 2])
    html = client.get(url).content.decode()
    assert pr_target.activity.number in html
    client.post(url, {"result": [a.pk, b.pk], "action": "accept"})
    assert set(Result.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {S.ACCEPTED}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("reporter", 403),
        ("other_reporter", 403),
        ("approver", 200),
        ("reviewer", 200),
        ("head_office", 200),
        ("outside_reviewer", 200),
    ],
)
def test_who_sees_the_review_queue(client, users_by_role, seed_plan, role, status):
    client.force_login(users_by_role[role])
    response = client.get(reverse("quarters:review", args=[seed_plan.pk, 2]))
    expected = 404 if role == "outside_reviewer" else status
    assert response.status_code == expected


def test_the_review_list_shows_goal_standing_and_evidence(
    client, branch_user, branch_approver, seed_plan, office, pr_target, dmsx_target
):
    """1.1 asks for one PR activity a quarter: 2 by Q1-2 is achieved; 1.2 asks >= 90 %: 80/100 is behind."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_files import PDF

    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {
        f"t{pr_target.pk}-value": "2",
        f"t{pr_target.pk}-evidence": SimpleUploadedFile("ภาพกิจกรรม.pdf", PDF),
        f"t{dmsx_target.pk}-numerator": "80",
        f"t{dmsx_target.pk}-denominator": "100",
        f"t{dmsx_target.pk}-narrative": "ระบบ DMSx ขัดข้องเดือนพฤษภาคม",
        "action": "submit",
    }
    assert client.post(url, data).status_code == 302
    client.force_login(branch_approver)
    html = client.get(reverse("quarters:review", args=[seed_plan.pk, 2])).content.decode()
    rows = html.split('name="result"')[1:]
    assert len(rows) == 2
    pr_row = next(r for r in rows if "ภาพกิจกรรม.pdf" in r)
    assert "status-achieved" in pr_row and "≥ 2" in pr_row.replace("&ge;", "≥")
    dmsx_row = next(r for r in rows if r is not pr_row)
    assert "status-behind" in dmsx_row and "ไม่มี" in dmsx_row and "90" in dmsx_row
