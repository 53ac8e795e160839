"""draft -> submitted -> approved -> accepted, or returned with a reason; locks; who may do what."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from plans.models import Unit
from quarters import services
from quarters.models import PeriodLock, Result, Transition
from quarters.selectors import locked_unit_ids

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


def test_head_office_locks_a_quarter_and_reopens_it_with_a_reason(
    client, hq_user, branch_user, seed_plan, office, pr_target
):
    client.force_login(hq_user)
    locks_url = reverse("quarters:locks", args=[seed_plan.pk])
    assert (
        client.post(locks_url, {"quarter": "2", "locked": "1", "reason": "ปิดรอบไตรมาส 2"}).status_code == 302
    )
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    html = client.get(url).content.decode()
    assert "ปิดการบันทึกไตรมาสนี้" in html and "บันทึกร่าง" not in html
    assert client.post(url, {"action": "save"}).status_code == 403
    client.force_login(hq_user)
    response = client.post(locks_url, {"quarter": "2", "unit": office.pk, "locked": "0", "reason": ""})
    assert response.status_code == 200  # a reopening needs a reason
    client.post(
        locks_url, {"quarter": "2", "unit": office.pk, "locked": "0", "reason": "กฟฟ.ชบ. ขอแก้ไขตัวเลข"}
    )
    assert PeriodLock.objects.get(unit=office).locked is False
    client.force_login(branch_user)
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "save"}
    assert client.post(url, data).status_code == 302
    other = Unit.objects.get(code="กฟฟ.รย.")
    assert locked_unit_ids(seed_plan, 2, [office.pk, other.pk]) == {
        other.pk
    }  # the plan-wide lock still holds


def test_only_head_office_manages_locks(client, region_reviewer, branch_user, seed_plan):
    for user in (region_reviewer, branch_user):
        client.force_login(user)
        assert client.get(reverse("quarters:locks", args=[seed_plan.pk])).status_code == 403


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


def test_a_bulk_action_with_one_wrong_result_changes_none(region_reviewer, office, pr_target, dmsx_target):
    a = make_result(pr_target, office, 2, Decimal(2), status=S.APPROVED)
    b = make_result(dmsx_target, office, 2, Decimal(95), status=S.DRAFT)
    with pytest.raises(services.ResultError):
        services.results_transition(results=[a, b], action="accept", user=region_reviewer, now=timezone.now())
    assert Result.objects.get(pk=a.pk).status == S.APPROVED


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


def test_the_result_page_shows_every_change_with_before_and_after(
    client, branch_user, region_reviewer, seed_plan, office, pr_target
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    client.post(
        url,
        page_form(client, url)
        | {f"t{pr_target.pk}-value": "1", f"t{pr_target.pk}-narrative": "ครั้งแรก", "action": "save"},
    )
    client.post(url, page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "submit"})
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    client.force_login(region_reviewer)
    html = client.get(reverse("quarters:result", args=[result.pk])).content.decode()
    assert "1 → 2" in html and "branch_user" in html
    assert "ส่งแล้ว" in html or "submitted" in html


def test_a_unit_draft_stays_with_the_unit(client, region_reviewer, branch_user, draft):
    client.force_login(region_reviewer)
    assert client.get(reverse("quarters:result", args=[draft.pk])).status_code == 404
    client.force_login(branch_user)
    assert client.get(reverse("quarters:result", args=[draft.pk])).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("reporter", 200),
        ("approver", 200),
        ("unit_admin", 200),
        ("other_reporter", 404),
        ("reviewer", 200),
        ("outside_reviewer", 404),
        ("head_office", 200),
        ("admin", 200),
    ],
)
def test_who_sees_a_units_quarter_form(client, users_by_role, seed_plan, office, role, status):
    client.force_login(users_by_role[role])
    assert client.get(entry_url(seed_plan, office, 2)).status_code == status


def test_a_reviewer_reads_but_cannot_post_a_units_form(client, region_reviewer, seed_plan, office, pr_target):
    client.force_login(region_reviewer)
    url = entry_url(seed_plan, office, 2)
    assert "บันทึกร่าง" not in client.get(url).content.decode()
    assert client.post(url, {f"t{pr_target.pk}-value": "2", "action": "save"}).status_code == 403
    assert not Result.objects.filter(unit=office, quarter=2).exists()


def test_quarters_outside_1_to_4_are_not_found(client, branch_user, seed_plan, office):
    client.force_login(branch_user)
    for bad in ("5", "0", "99999999999999999999", "zz"):
        assert client.get(f"/results/{seed_plan.pk}/unit/{office.pk}/q{bad}/").status_code == 404


def test_a_returned_result_e_mails_the_reporters_with_the_reason(
    client, branch_user, region_reviewer, office, pr_target, django_capture_on_commit_callbacks
):
    result = Result.objects.create(target=pr_target, unit=office, quarter=2, value=2, status="approved")
    client.force_login(region_reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("quarters:result_action", args=[result.pk]),
            {"action": "return", "reason": "ขอหนังสือนำส่งฉบับจริง"},
        )
    assert [m.to for m in mail.outbox] == [[branch_user.email]]
    assert "ขอหนังสือนำส่งฉบับจริง" in mail.outbox[0].body and "1.1" in mail.outbox[0].body
