"""send_reminders reaches every role: approvers and reviewers about their waiting queues (once a day), the
unit's head after the deadline (once per quarter and unit), and the digests."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from plans.models import Notification
from quarters import services
from quarters.reminders import escalate_overdue, remind_queues

from .rounds import reported

pytestmark = pytest.mark.django_db


def subjects(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("subject", flat=True))


def test_approvers_and_reviewers_hear_of_their_queues_once_a_day(
    branch_user, branch_approver, region_reviewer, hq_user, pr_target, office, seed_plan
):
    # One result of กฟฟ.ชบ. submitted (waits for its approver; the region's queue shows it too).

    result = reported(pr_target, office, 2, 2, reporter=branch_user)

    services.results_transition(results=[result], action="submit", user=branch_user, now=timezone.now())
    today = date(2021, 7, 12)
    remind_queues(today=today, now=timezone.now())
    remind_queues(today=today, now=timezone.now())  # the same day again: never twice
    assert subjects(branch_approver) == ["มีผลการดำเนินงานรอท่านพิจารณา 1 รายการ (กฟก.2 2564)"]
    assert len(subjects(region_reviewer)) == 1 and len(subjects(hq_user)) == 1
    assert subjects(branch_user) == []  # a reporter has no queue to decide


def test_the_units_head_is_told_once_after_the_deadline(branch_approver, seed_plan, office):
    # กฟฟ.ชบ. reported nothing for Q1-2 (due 10 Jul 2564); on 20 Jul its approver, the unit's head, is told.

    escalate_overdue(today=date(2021, 7, 20), now=timezone.now())
    escalate_overdue(today=date(2021, 7, 21), now=timezone.now())  # not again
    told = [s for s in subjects(branch_approver) if "1-2/2564" in s]
    assert len(told) == 1 and told[0].startswith("กฟฟ.ชบ. ยังไม่ได้รายงานผล ไตรมาส 1-2/2564 เลยกำหนดแล้ว")


def test_the_command_runs_every_reminder(branch_approver, seed_plan):
    out = StringIO()
    call_command("send_reminders", "--today", "2021-07-20", stdout=out)
    assert "escalated:" in out.getvalue() and "digests:" in out.getvalue()
