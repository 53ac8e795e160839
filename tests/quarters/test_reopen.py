"""Reopening: the region's reviewer or head office sends an accepted result back to the unit with a reason;
the correction goes the usual round (in a locked quarter too) and the page and the printed form say so."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from quarters import services
from quarters.models import Result, Transition
from quarters.reports import build_report, render_html
from tests.helpers import api

from .conftest import entry_url, page_form
from .rounds import plan_of, reported

pytestmark = pytest.mark.django_db
S = Result.Status
REASON = "ตัวเลขกิจกรรมประชาสัมพันธ์นับซ้ำ 1 ครั้ง กรุณาแก้ไข"


@pytest.fixture
def accepted(pr_target, office, branch_user, branch_approver, region_reviewer) -> Result:
    # 1.1 counts PR activities; Q1-2 reported 3, accepted by the region.
    return reported(
        pr_target, office, 2, 3, reporter=branch_user, approver=branch_approver, reviewer=region_reviewer
    )


def act(client, result, action, reason=""):
    return client.post(
        reverse("quarters:result_action", args=[result.pk]), {"action": action, "reason": reason}
    )


def cell_lines(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(r'<div class="cell-line">(.*?)</div>', html, re.S)
    ]


def test_it_reopens_and_the_correction_goes_the_round_again(
    client, accepted, branch_user, branch_approver, region_reviewer, pr_target, office
):
    client.force_login(region_reviewer)
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert 'value="reopen"' in page
    act(client, accepted, "reopen", REASON)
    accepted.refresh_from_db()
    assert (accepted.status, accepted.return_reason) == (S.RETURNED, REASON)
    assert accepted.reopened_at is not None

    # The reporter sees why on the quarter form and corrects 3 to 2 there.
    client.force_login(branch_user)
    url = entry_url(plan_of(pr_target), office, 2)
    assert REASON in client.get(url).content.decode()
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "submit"}
    client.post(url, data)
    accepted.refresh_from_db()
    assert (accepted.status, accepted.value) == (S.SUBMITTED, 2)
    for user, action in ((branch_approver, "approve"), (region_reviewer, "accept")):
        client.force_login(user)
        act(client, accepted, action)
    accepted.refresh_from_db()
    assert accepted.status == S.ACCEPTED

    steps = list(Transition.objects.filter(result=accepted).values_list("from_status", "to_status"))
    assert steps == [
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("approved", "accepted"),
        ("accepted", "returned"),
        ("draft", "submitted"),  # the correction saved the returned result as a draft first
        ("submitted", "approved"),
        ("approved", "accepted"),
    ]
    # History on the result page, and the printed form of the unit, say it was corrected.
    history = client.get(accepted.get_absolute_url()).content.decode()
    assert f"เปิดแก้ไขผลที่รับรองแล้ว: {REASON}" in history
    assert "แก้ไขหลังรับรอง" in history
    lines = cell_lines(
        render_html(
            build_report(plan_of(pr_target), 2, variant="unit", unit=office, today=timezone.localdate())
        )
    )
    assert "- 2 ครั้ง" in lines
    assert any(line.startswith("- แก้ไขหลังรับรอง (เปิดแก้ไขเมื่อ") for line in lines)


def test_a_reopen_needs_a_reason(client, accepted, region_reviewer):
    client.force_login(region_reviewer)
    response = act(client, accepted, "reopen", "   ")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "กรุณาระบุเหตุผลที่เปิดแก้ไขผลที่รับรองแล้ว ผู้รายงานจะเห็นเหตุผลนี้" in messages
    accepted.refresh_from_db()
    assert (accepted.status, accepted.reopened_at) == (S.ACCEPTED, None)


@pytest.mark.parametrize("who", ["reporter", "approver", "unit_admin", "other_reporter"])
def test_unit_staff_cannot_reopen(client, accepted, users_by_role, who):
    client.force_login(users_by_role[who])
    assert act(client, accepted, "reopen", REASON).status_code in (403, 404)
    accepted.refresh_from_db()
    assert accepted.status == S.ACCEPTED


def test_a_reviewer_of_another_region_cannot_reopen(client, accepted, outside_reviewer):
    client.force_login(outside_reviewer)
    assert act(client, accepted, "reopen", REASON).status_code == 404


def test_head_office_reopens_in_a_locked_quarter_and_only_that_result_is_corrected(
    client, accepted, hq_user, branch_user, pr_target, dmsx_target, office
):
    plan = plan_of(pr_target)
    services.period_set_lock(
        plan=plan, quarter=2, unit=None, locked=True, user=hq_user, reason="", now=timezone.now()
    )
    client.force_login(hq_user)
    act(client, accepted, "reopen", REASON)
    accepted.refresh_from_db()
    assert accepted.status == S.RETURNED

    # The reopened row is open on the form; another row of the locked quarter is not.
    client.force_login(branch_user)
    url = entry_url(plan, office, 2)
    data = page_form(client, url)
    assert f"t{pr_target.pk}-value" in data
    assert f"t{dmsx_target.pk}-numerator" not in data
    client.post(url, data | {f"t{pr_target.pk}-value": "2", "action": "submit"})
    accepted.refresh_from_db()
    assert (accepted.status, accepted.value) == (S.SUBMITTED, 2)
    # The service refuses a row that was not reopened, whoever calls it.
    row = services.RowSave(dmsx_target, services.RowValues(numerator=1, denominator=2))
    with pytest.raises(services.PeriodLocked):
        services.results_save(
            plan=plan, unit=office, quarter=2, rows=[row], user=branch_user, now=timezone.now()
        )
    assert not Result.objects.filter(target=dmsx_target, unit=office, quarter=2).exists()


def test_the_api_reopens_through_the_same_service(accepted, region_reviewer):
    url = f"/api/v1/results/{accepted.pk}/transition/"
    refused = api(region_reviewer).post(url, {"action": "reopen", "reason": ""}, format="json")
    assert refused.status_code == 400
    assert "กรุณาระบุเหตุผลที่เปิดแก้ไข" in refused.content.decode()
    done = api(region_reviewer).post(url, {"action": "reopen", "reason": REASON}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "returned"
