"""Obstacles and corrective actions: a result behind target is submitted only with its obstacle and an action
(what, who, by when); actions are followed up (done on time, done late, overdue); the region and head office
see what is behind with no action and what is overdue; the printed report carries them as an appendix."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Unit
from quarters import conversation, selectors
from quarters.models import CorrectiveAction, Result
from quarters.reports import build_report, render_html

from .conftest import entry_url, page_form
from .rounds import RAIN, plan_of, reported

pytestmark = pytest.mark.django_db
S = Result.Status


def add_action(client, result, **fields):
    return client.post(reverse("quarters:action_add", args=[result.pk]), fields)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_a_behind_result_is_submitted_only_with_its_obstacle_and_action(
    client, branch_user, pr_target, office
):
    # 1.1 asks for one PR activity a quarter: 2 by Q1-2; 1 is behind.
    plan = plan_of(pr_target)
    client.force_login(branch_user)
    url = entry_url(plan, office, 2)
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "1", f"t{pr_target.pk}-narrative": "ฝนตก"}
    response = client.post(url, data | {"action": "submit"}, follow=True)
    assert "1.1 กฟฟ.ชบ.: ผลต่ำกว่าเป้าหมาย กรุณาระบุปัญหาอุปสรรคและการแก้ไข" in response.content.decode()
    assert not Result.objects.filter(target=pr_target, unit=office, quarter=2).exists()  # nothing saved

    client.post(url, data | {"action": "save"})
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    assert "กรุณาระบุปัญหาอุปสรรคและการแก้ไข" in client.get(result.get_absolute_url()).content.decode()
    # An action without its owner or date: a Thai message per field, nothing saved.
    refused = add_action(client, result, obstacle=RAIN["obstacle"], what=RAIN["what"], owner="", due="")
    assert messages_of(refused) == ["กรุณากรอกผู้รับผิดชอบ", "กรุณากรอกกำหนดเสร็จ (วันที่)"]
    too_long = add_action(client, result, obstacle="ก" * 1001, what=RAIN["what"], owner="ก", due="31/07/2564")
    assert "ปัญหาอุปสรรคยาวได้ไม่เกิน 1,000 ตัวอักษร (พิมพ์มา 1,001)" in messages_of(too_long)
    assert not CorrectiveAction.objects.exists()

    add_action(
        client, result, obstacle=RAIN["obstacle"], what=RAIN["what"], owner=RAIN["owner"], due="31/07/2564"
    )
    action = CorrectiveAction.objects.get()
    assert (action.owner, action.due) == ("แผนกบริการลูกค้า", date(2021, 7, 31))  # 31/07/2564 is B.E.
    client.post(url, page_form(client, url) | {"action": "submit"})
    result.refresh_from_db()
    assert result.status == S.SUBMITTED


def test_a_result_on_target_needs_no_action(branch_user, branch_approver, pr_target, office):
    # 2 PR activities by Q1-2 meets the goal of 2.
    result = reported(pr_target, office, 2, 2, reporter=branch_user, approver=branch_approver)
    assert result.status == S.APPROVED and not result.actions.exists()


def test_an_action_is_followed_up_next_quarter(branch_user, pr_target, office):
    result = reported(pr_target, office, 2, 1, reporter=branch_user, action=RAIN)  # due 31 Jul 2564
    action = result.actions.get()
    units = Unit.objects.filter(pk=office.pk)
    # Q3 (July to September 2564): open until its date, overdue the day after.
    assert action.state(date(2021, 7, 31)) == "open"
    assert selectors.actions_followup(plan_of(pr_target), units, date(2021, 8, 1))["overdue"] == [action]
    conversation.action_done(action=action, user=branch_user, done_on=date(2021, 8, 5), now=timezone.now())
    assert action.state(date(2021, 9, 30)) == "done_late"  # done on 5 Aug, five days after 31 Jul
    assert selectors.actions_followup(plan_of(pr_target), units, date(2021, 8, 6))["overdue"] == []


def test_the_follow_up_page_lists_overdue_actions_for_the_region(
    client, branch_user, branch_approver, region_reviewer, pr_target, office
):
    reported(pr_target, office, 2, 1, reporter=branch_user, approver=branch_approver, action=RAIN)
    url = reverse("quarters:actions", args=[plan_of(pr_target).pk])
    client.force_login(region_reviewer)
    page = client.get(url).content.decode()
    # Today is past 31 Jul 2564 and the action is not done: overdue. The result has its action: not listed as
    # "behind with no action".
    assert "การแก้ไขที่เลยกำหนด (1 รายการ)" in page and RAIN["what"] in page
    behind = selectors.actions_followup(plan_of(pr_target), Unit.objects.filter(pk=office.pk), date.today())
    assert behind["behind_without_action"] == []
    client.force_login(branch_user)
    assert client.get(url).status_code == 403


def test_the_region_report_has_the_appendix(branch_user, branch_approver, region_reviewer, pr_target, office):
    reported(
        pr_target,
        office,
        2,
        1,
        reporter=branch_user,
        approver=branch_approver,
        reviewer=region_reviewer,
        action=RAIN,
    )
    report = build_report(plan_of(pr_target), 2, variant="region", today=date(2021, 8, 1))
    assert [(a.unit, a.activity, a.obstacle, a.owner, a.due, a.state) for a in report.appendix] == [
        ("กฟฟ.ชบ.", "1.1", RAIN["obstacle"], "แผนกบริการลูกค้า", "31 ก.ค. 2564", "เลยกำหนด ยังไม่เสร็จ")
    ]
    html = render_html(report)
    assert "ภาคผนวก: ปัญหาอุปสรรคและการแก้ไขของผลที่ต่ำกว่าเป้าหมาย" in html and RAIN["what"] in html
