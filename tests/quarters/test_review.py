"""The review queue: what waits for the approver (submitted) and the reviewer (approved and submitted), in a
bounded number of queries; who may open it."""

import pytest
from django.urls import reverse

from plans.models import User
from quarters.models import Result

from .conftest import entry_url, page_form

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


@pytest.mark.parametrize(
    ("role", "status"),
    [("reporter", 403), ("approver", 200), ("reviewer", 200), ("head_office", 200), ("unit_admin", 403)],
)
def test_who_opens_the_review_queue(client, users_by_role, seed_plan, role, status):
    client.force_login(users_by_role[role])
    assert client.get(reverse("quarters:review", args=[seed_plan.pk, 2])).status_code == status
