"""Reminders: the one-click button of the review pages and the deadline digest for cron."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_one_click_reminds_the_reporters_of_units_that_have_not_reported(
    client, region_reviewer, branch_user, other_branch_user, seed_plan
):
    client.force_login(region_reviewer)
    response = client.post(
        reverse("quarters:remind") + f"?plan={seed_plan.pk}", {"quarter": "2", "next": "/"}
    )
    assert response.status_code == 302
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([branch_user.email, other_branch_user.email])
    assert "ไตรมาส 1-2/2564" in mail.outbox[0].subject and "กำหนดส่ง" in mail.outbox[0].body


def test_the_deadline_digest_for_cron(branch_user, seed_plan):
    out = io.StringIO()
    call_command("send_reminders", "--days-before", "3", "--today", "2021-07-07", stdout=out)  # Q2 due 10 Jul
    assert mail.outbox and mail.outbox[0].to == [branch_user.email]
    assert "1.1" in mail.outbox[0].body
    mail.outbox.clear()
    call_command("send_reminders", "--days-before", "3", "--today", "2021-07-01", stdout=io.StringIO())
    assert not mail.outbox


def test_reporters_cannot_send_reminders(client, branch_user, seed_plan):
    client.force_login(branch_user)
    assert client.post(reverse("quarters:remind"), {"quarter": "2"}).status_code == 403
    assert not mail.outbox
