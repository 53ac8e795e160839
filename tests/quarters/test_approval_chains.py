"""Approval chains per kind of unit: a sub-office goes straight to the region, a unit without its own approver
falls back to its parent office's, a chain without its final step is refused, and head office sees the
submitted results nobody can act on (page and ``manage.py check --database default``)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from plans import access
from plans import services as plan_services
from plans.models import ApprovalChain, Unit, User
from quarters import services
from quarters.models import Result, Transition

from ..conftest import make_user
from .rounds import reported

pytestmark = pytest.mark.django_db
S = Result.Status
CHAINS = reverse("quarters:chains")


@pytest.fixture
def sub_office(seed_plan) -> Unit:
    """กฟส.บบ., a sub-office under กฟฟ.ชบ. (the office of branch_approver)."""
    return Unit.objects.get(code="กฟส.บบ.")


@pytest.fixture
def sub_reporter(sub_office) -> User:
    return make_user("sub_reporter", sub_office.code, User.Role.REPORTER)


def act(client, result, action, reason=""):
    return client.post(
        reverse("quarters:result_action", args=[result.pk]), {"action": action, "reason": reason}
    )


def set_chain(client, kind, approval, final):
    return client.post(CHAINS, {"kind": kind, "approval": approval, "final": final})


def test_a_sub_office_goes_straight_to_the_region(
    client, sub_office, sub_reporter, branch_approver, region_reviewer, pr_target
):
    result = reported(pr_target, sub_office, 2, 2, reporter=sub_reporter)
    services.results_transition(results=[result], action="submit", user=sub_reporter, now=timezone.now())
    # The parent office's approver has no step in the sub-office's default chain: they do not even see it.
    client.force_login(branch_approver)
    assert act(client, result, "approve").status_code == 404
    client.force_login(region_reviewer)
    page = client.get(result.get_absolute_url()).content.decode()
    assert 'value="accept"' in page
    act(client, result, "accept")
    steps = list(Transition.objects.filter(result=result).values_list("from_status", "to_status"))
    assert steps == [("draft", "submitted"), ("submitted", "accepted")]


def test_an_office_result_needs_its_approver_before_the_region(
    client, office, branch_user, region_reviewer, pr_target
):
    result = reported(pr_target, office, 2, 2, reporter=branch_user)
    services.results_transition(results=[result], action="submit", user=branch_user, now=timezone.now())
    client.force_login(region_reviewer)
    assert 'value="accept"' not in client.get(result.get_absolute_url()).content.decode()
    response = act(client, result, "accept")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("ต้องผ่านการอนุมัติของหน่วยงานก่อน" in m for m in messages)
    result.refresh_from_db()
    assert result.status == S.SUBMITTED


def test_a_unit_without_its_own_approver_falls_back_to_its_parent_office(
    client, hq_user, sub_office, sub_reporter, branch_approver, region_reviewer, pr_target
):
    client.force_login(hq_user)
    set_chain(client, "sub_office", "unit_approver", "region")
    assert ApprovalChain.objects.get(kind="sub_office").steps == ["unit_approver", "region"]
    result = reported(pr_target, sub_office, 2, 2, reporter=sub_reporter)
    services.results_transition(results=[result], action="submit", user=sub_reporter, now=timezone.now())
    # กฟส.บบ. has no approver: กฟฟ.ชบ.'s approver finds it in their queue and approves it.
    client.force_login(branch_approver)
    plan = pr_target.activity.workplan.objective.perspective.plan
    queue = client.get(reverse("quarters:review", args=[plan.pk, 2])).content.decode()
    assert sub_office.code in queue
    act(client, result, "approve")
    client.force_login(region_reviewer)
    act(client, result, "accept")
    result.refresh_from_db()
    assert result.status == S.ACCEPTED
    # Once the sub-office has an approver of its own, the parent office's approver no longer approves it.
    own = make_user("sub_approver", sub_office.code, User.Role.APPROVER)
    assert list(access.approvers_of(sub_office)) == [own]
    assert not access.can_approve(branch_approver, sub_office)


@pytest.mark.parametrize(
    ("approval", "final"), [("unit_approver", ""), ("", ""), ("region", "unit_approver")]
)
def test_a_chain_without_a_final_step_is_refused(client, hq_user, approval, final):
    client.force_login(hq_user)
    response = set_chain(client, "office", approval, final)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "สายการอนุมัติต้องจบด้วยขั้นรับรองผลของเขตหรือสำนักงานใหญ่ (ขั้นสุดท้าย)" in messages
    assert not ApprovalChain.objects.exists()


def test_the_service_refuses_the_same_for_everyone(hq_user):
    with pytest.raises(Exception, match="ขั้นสุดท้าย"):
        plan_services.approval_chain_set(
            kind="office", steps=["unit_approver"], user=hq_user, now=timezone.now()
        )
    assert not ApprovalChain.objects.exists()


def test_head_office_sees_the_results_nobody_can_act_on(client, hq_user, pr_target, seed_plan):
    # กฟส.บค. under กฟฟ.รย.: neither has an approver; its chain asks for the parent office's approver.
    client.force_login(hq_user)
    set_chain(client, "sub_office", "parent_approver", "region")
    unit = Unit.objects.get(code="กฟส.บค.")
    reporter = make_user("bk_reporter", unit.code, User.Role.REPORTER)
    result = reported(pr_target, unit, 2, 2, reporter=reporter)
    services.results_transition(results=[result], action="submit", user=reporter, now=timezone.now())
    page = client.get(CHAINS).content.decode()
    assert "ผลที่ส่งแล้วแต่ไม่มีผู้ดำเนินการขั้นต่อไป (1 รายการ)" in page
    assert "อนุมัติ: ไม่มีผู้อนุมัติของหน่วยงานหรือสำนักงานต้นสังกัด" in page
    out = StringIO()
    call_command("check", "--database", "default", stdout=out, stderr=out)
    assert "quarters.W001" in out.getvalue() and "กฟส.บค." in out.getvalue()
    # Give กฟฟ.รย. an approver: nothing is stranded any more.
    make_user("ry_approver", "กฟฟ.รย.", User.Role.APPROVER)
    assert "ทุกผลที่ส่งแล้วมีผู้ดำเนินการขั้นต่อไป" in client.get(CHAINS).content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("reporter", 403),
        ("approver", 403),
        ("unit_admin", 403),
        ("reviewer", 403),
        ("head_office", 200),
        ("admin", 200),
    ],
)
def test_only_head_office_opens_the_chains_page(client, users_by_role, who, status):
    client.force_login(users_by_role[who])
    assert client.get(CHAINS).status_code == status
