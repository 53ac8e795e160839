"""Separation of duties and locks. Rules: who submitted a result does not approve it, and who submitted or
approved it does not accept it, while another person who can take that step exists (a one-approver office
still works); a locked quarter stops every step — submit, approve, accept, return, allow a decrease — until
head office reopens it."""

import pytest
from django.urls import reverse

from quarters.models import Result

from ..conftest import make_user
from .conftest import entry_url, page_form

pytestmark = pytest.mark.django_db
S = Result.Status


def act(client, result, action, reason=""):
    return client.post(
        reverse("quarters:result_action", args=[result.pk]), {"action": action, "reason": reason}
    )


def save_draft(client, person, plan, unit, target, value="2", quarter=2) -> Result:
    client.force_login(person)
    url = entry_url(plan, unit, quarter)
    data = page_form(client, url) | {f"t{target.pk}-value": value, "action": "save"}
    assert client.post(url, data).status_code == 302
    return Result.objects.get(target=target, unit=unit, quarter=quarter)


def lock(client, hq_user, plan, *, locked: bool, reason=""):
    client.force_login(hq_user)
    response = client.post(
        reverse("quarters:locks", args=[plan.pk]),
        {"quarter": "2", "locked": "1" if locked else "0", "reason": reason},
    )
    assert response.status_code == 302


def status_of(result) -> str:
    result.refresh_from_db()
    return result.status


def test_an_approver_does_not_approve_what_they_submitted_when_a_second_approver_exists(
    client, branch_approver, seed_plan, office, pr_target
):
    second = make_user("second_approver", office.code, "approver")
    result = save_draft(client, branch_approver, seed_plan, office, pr_target)
    act(client, result, "submit")
    response = act(client, result, "approve")
    assert status_of(result) == S.SUBMITTED
    assert "อนุมัติ" in client.get(response.url).content.decode()  # the refusal says who must act
    client.force_login(second)
    act(client, result, "approve")
    assert status_of(result) == S.APPROVED


def test_a_lone_approver_approves_their_own_submission(client, branch_approver, seed_plan, office, pr_target):
    result = save_draft(client, branch_approver, seed_plan, office, pr_target)
    act(client, result, "submit")
    act(client, result, "approve")
    assert status_of(result) == S.APPROVED


def test_a_reviewer_does_not_accept_the_divisions_result_they_submitted(
    client, region_reviewer, seed_plan, pr_target
):
    # The reviewer writes the region's consolidated figure (Q3: the seed holds Q1 and Q1-2); an approver of the
    # region approves it; head office exists, so the reviewer does not accept their own figure.
    head_office = make_user("hq_for_accept", "ฝอภ.(ก3)", "head_office")
    region_approver = make_user("region_approver", seed_plan.owner.code, "approver")
    result = save_draft(client, region_reviewer, seed_plan, seed_plan.owner, pr_target, value="6", quarter=3)
    act(client, result, "submit")
    client.force_login(region_approver)
    act(client, result, "approve")
    assert status_of(result) == S.APPROVED
    client.force_login(region_reviewer)
    act(client, result, "accept")
    assert status_of(result) == S.APPROVED
    client.force_login(head_office)
    act(client, result, "accept")
    assert status_of(result) == S.ACCEPTED


@pytest.mark.parametrize(
    ("start", "who", "action"),
    [
        ("draft", "branch_user", "submit"),
        ("submitted", "branch_approver", "approve"),
        ("submitted", "branch_approver", "return"),
        ("approved", "region_reviewer", "accept"),
        ("approved", "region_reviewer", "return"),
    ],
)
def test_a_locked_quarter_stops_every_step_until_reopened(
    client, users_by_role, hq_user, seed_plan, office, pr_target, start, who, action
):
    people = {
        "branch_user": users_by_role["reporter"],
        "branch_approver": users_by_role["approver"],
        "region_reviewer": users_by_role["reviewer"],
    }
    result = save_draft(client, people["branch_user"], seed_plan, office, pr_target)
    if start in ("submitted", "approved"):
        act(client, result, "submit")
    if start == "approved":
        client.force_login(people["branch_approver"])
        act(client, result, "approve")
    assert status_of(result) == start
    lock(client, hq_user, seed_plan, locked=True)
    client.force_login(people[who])
    act(client, result, action, reason="ขอแก้ไข")
    assert status_of(result) == start  # refused
    lock(client, hq_user, seed_plan, locked=False, reason="เปิดให้แก้ไขตามคำขอ")
    client.force_login(people[who])
    act(client, result, action, reason="ขอแก้ไข")
    assert status_of(result) != start


def test_a_decrease_is_not_allowed_in_a_locked_quarter(
    client, branch_user, region_reviewer, hq_user, seed_plan, office, pr_target
):
    result = save_draft(client, branch_user, seed_plan, office, pr_target)
    lock(client, hq_user, seed_plan, locked=True)
    client.force_login(region_reviewer)
    client.post(reverse("quarters:allow_decrease", args=[result.pk]), {"reason": "นับซ้ำ"})
    result.refresh_from_db()
    assert result.decrease_allowed_reason == ""
