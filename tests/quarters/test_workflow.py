"""draft -> submitted -> approved -> accepted, or returned with a reason; locks; who may do what."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from operations.synthetic import synthetic_region
from quarters import services
from quarters.models import Result, Transition
from quarters.validation import RowValues
from tests.entering import on_deadline_day, staff

from .conftest import entry_url, make_result, page_form

pytestmark = pytest.mark.django_db
S = Result.Status


@pytest.fixture
def draft(office, pr_target) -> Result:
    return make_result(pr_target, office, 2, Decimal(2), status=S.DRAFT)


def act(client, result, action, reason=""):
    return client.post(
        reverse("quarters:result_action", args=[result.pk]), {"action": action, "reason": reason}
    )


def test_the_full_round_trip(client, branch_user, branch_approver, region_reviewer, draft):
    client.force_login(branch_user)
    act(client, draft, "submit")
    client.force_login(branch_approver)
    act(client, draft, "approve")
    client.force_login(region_reviewer)
    act(client, draft, "return", "ขอหลักฐานการจัดกิจกรรม")
    draft.refresh_from_db()
    assert (draft.status, draft.return_reason) == (S.RETURNED, "ขอหลักฐานการจัดกิจกรรม")
    client.force_login(branch_user)
    html = client.get(
        entry_url(draft.target.activity.workplan.objective.perspective.plan, draft.unit, 2)
    ).content.decode()
    assert "ขอหลักฐานการจัดกิจกรรม" in html  # the reporter sees why
    act(client, draft, "submit")
    client.force_login(branch_approver)
    act(client, draft, "approve")
    client.force_login(region_reviewer)
    act(client, draft, "accept")
    draft.refresh_from_db()
    assert draft.status == S.ACCEPTED and draft.accepted_at
    steps = list(Transition.objects.filter(result=draft).values_list("to_status", "by__username", "reason"))
    assert [s[0] for s in steps] == ["submitted", "approved", "returned", "submitted", "approved", "accepted"]
    assert steps[2] == ("returned", "region_reviewer", "ขอหลักฐานการจัดกิจกรรม")


def test_a_reporter_cannot_approve(client, branch_user, draft):
    draft.status = S.SUBMITTED
    draft.save()
    client.force_login(branch_user)
    assert act(client, draft, "approve").status_code == 403
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_a_reporter_cannot_accept_and_an_approver_cannot_accept(client, branch_user, branch_approver, draft):
    draft.status = S.APPROVED
    draft.save()
    for user in (branch_user, branch_approver):
        client.force_login(user)
        assert act(client, draft, "accept").status_code == 403
    draft.refresh_from_db()
    assert draft.status == S.APPROVED


def test_a_reviewer_of_another_region_cannot_even_see_it(client, outside_reviewer, draft):
    draft.status = S.APPROVED
    draft.save()
    client.force_login(outside_reviewer)
    assert act(client, draft, "accept").status_code == 404
    assert client.get(reverse("quarters:result", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == S.APPROVED


def test_a_draft_cannot_be_approved_or_accepted(client, branch_approver, draft):
    client.force_login(branch_approver)
    response = act(client, draft, "approve")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("ไม่สามารถ" in m for m in messages)


def test_returning_needs_a_reason(client, region_reviewer, draft):
    draft.status = S.APPROVED
    draft.save()
    client.force_login(region_reviewer)
    act(client, draft, "return", "  ")
    draft.refresh_from_db()
    assert draft.status == S.APPROVED


def test_an_empty_result_cannot_be_submitted(branch_user, office, pr_target):
    empty = make_result(pr_target, office, 3, None, status=S.DRAFT)
    with pytest.raises(services.ResultError, match="กรุณากรอกผลก่อนส่ง"):
        services.results_transition(results=[empty], action="submit", user=branch_user, now=timezone.now())


def test_an_accepted_result_is_locked_against_edits(client, branch_user, seed_plan, office, pr_target):
    accepted = make_result(pr_target, office, 2, Decimal(2), status=S.ACCEPTED)
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    html = client.get(url).content.decode()
    assert (
        f'name="t{pr_target.pk}-value"' in html
        and "disabled" in html.split(f'name="t{pr_target.pk}-value"')[1][:200]
    )
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "7", "action": "save"}
    client.post(url, data)
    accepted.refresh_from_db()
    assert accepted.value == 2
    # and through the service, too
    row = services.RowSave(pr_target, services.RowValues(value=Decimal(7)), accepted.version, True)
    with pytest.raises(services.ResultError):
        services.results_save(
            plan=seed_plan, unit=office, quarter=2, rows=[row], user=branch_user, now=timezone.now()
        )


def test_a_bulk_action_with_one_wrong_result_changes_none(region_reviewer, office, pr_target, dmsx_target):
    a = make_result(pr_target, office, 2, Decimal(2), status=S.APPROVED)
    b = make_result(dmsx_target, office, 2, Decimal(95), status=S.DRAFT)
    with pytest.raises(services.ResultError):
        services.results_transition(results=[a, b], action="accept", user=region_reviewer, now=timezone.now())
    assert Result.objects.get(pk=a.pk).status == S.APPROVED


def test_a_returned_result_e_mails_the_reporters_with_the_reason(
    client, branch_user, region_reviewer, office, pr_target, django_capture_on_commit_callbacks
):
    result = make_result(pr_target, office, 2, 2, status=S.APPROVED)
    client.force_login(region_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("quarters:result_action", args=[result.pk]),
            {"action": "return", "reason": "ขอหนังสือนำส่งฉบับจริง"},
        )
    assert [m.to for m in mail.outbox] == [[branch_user.email]]
    assert "ขอหนังสือนำส่งฉบับจริง" in mail.outbox[0].body and "1.1" in mail.outbox[0].body


def test_submitting_stores_whether_it_was_on_time_and_the_grid_counts_it(
    client, branch_user, region_reviewer, seed_plan, office, pr_target, dmsx_target
):
    """1.1 and 1.2 report within 10 days after the quarter: Q1-2 is due 10 July 2564. Submitting on 10 July is
    on time, on 11 July late; the grid's timeliness is then 1 of 2 = 50.0 % for the two targets' cells."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from quarters.grids import plan_grid, scope_for

    bkk = ZoneInfo("Asia/Bangkok")
    on_time = make_result(
        pr_target,
        office,
        2,
        Decimal(2),
        status=S.SUBMITTED,
        at=datetime.combine(datetime(2021, 7, 10).date(), time(16), tzinfo=bkk),
    )
    late = make_result(
        dmsx_target,
        office,
        2,
        status=S.SUBMITTED,
        numerator=95,
        denominator=100,
        at=datetime.combine(datetime(2021, 7, 11).date(), time(9), tzinfo=bkk),
    )
    assert (on_time.on_time, late.on_time) == (True, False)
    rows = {r.target.pk: r for r in plan_grid(scope_for(seed_plan), [2], today=datetime(2021, 8, 1).date())}
    assert rows[pr_target.pk].cells[2].timeliness == Decimal("100.0")
    assert rows[dmsx_target.pk].cells[2].timeliness == Decimal("0.0")


STEPS_BEFORE = {
    "submit": [],
    "approve": ["submit"],
    "accept": ["submit", "approve"],
    "return": ["submit"],
    "reopen": ["submit", "approve", "accept"],
}
ACTOR = {
    "submit": "reporter",
    "approve": "approver",
    "accept": "reviewer",
    "return": "approver",
    "reopen": "reviewer",
}


@pytest.mark.parametrize("action", list(STEPS_BEFORE))
def test_a_bulk_step_takes_the_same_queries_for_3_or_30_results(action):
    """One UPDATE for all the results, the permission asked once per unit and status, the reporters told in one
    INSERT: a step over 30 results costs the queries of a step over 3."""
    counts = []
    for n in (3, 30):
        world = synthetic_region(f"WB{n}", 1, n, 2571, kinds=[("count", "sum", Decimal(1), "per_period")])
        office, people = world.offices[0], staff(world.offices[0])
        at = on_deadline_day(world.targets[0], office, 1)
        rows = [services.RowSave(t, RowValues(value=Decimal(1)).normalised(t)) for t in world.targets]
        services.results_save(
            plan=world.plan, unit=office, quarter=1, rows=rows, user=people["reporter"], now=at
        )
        results = list(Result.objects.filter(unit=office, quarter=1))
        for step in STEPS_BEFORE[action]:
            services.results_transition(results=results, action=step, user=people[ACTOR[step]], now=at)
        with CaptureQueriesContext(connection) as queries:
            moved = services.results_transition(
                results=results, action=action, user=people[ACTOR[action]], now=at, reason="ขอหลักฐานเพิ่ม"
            )
        assert moved == n
        assert set(Result.objects.filter(unit=office, quarter=1).values_list("version", flat=True)) == {
            len(STEPS_BEFORE[action]) + 2  # saved (1), then each step adds one
        }
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
