"""A comment thread on each result: who writes, mentions of a role or a person, who is told (in-app and
e-mail), a return reason starting the thread, the history keeping it; long or empty comments refused, HTML
escaped."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from plans.models import Notification, NotificationPreference
from plans.notify import send_digests
from quarters.models import Comment, Result
from tests.helpers import api

from .rounds import RAIN, reported

pytestmark = pytest.mark.django_db
S = Result.Status


@pytest.fixture
def approved(pr_target, office, branch_user, branch_approver) -> Result:
    # 1.1 at Q1-2: 1 PR activity where 2 are due (behind), submitted and approved by the office.
    return reported(
        pr_target,
        office,
        2,
        1,
        reporter=branch_user,
        approver=branch_approver,
        narrative="จัดได้ 1 ครั้ง",
        action=RAIN,
    )


def comment(client, result, body):
    # E-mails leave once the transaction commits; the test's transaction never does, so run them here.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("quarters:result_comment", args=[result.pk]), {"body": body})


def told(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("subject", flat=True))


def test_a_reviewer_asks_the_reporter_and_the_reporter_answers(
    client, approved, region_reviewer, branch_user, branch_approver, hq_user
):
    client.force_login(region_reviewer)
    comment(client, approved, "@ผู้รายงาน ทำไมไตรมาสนี้จัดกิจกรรมได้ครั้งเดียว?")
    # The mention of the role reaches the office's reporter: in-app and by e-mail; nobody else.
    assert told(branch_user) == [f"ความเห็นใหม่: 1.1 {approved.unit.code} ไตรมาส 1-2"]
    assert told(branch_approver) == [] and told(hq_user) == []
    assert [m.to for m in mail.outbox] == [[branch_user.email]]
    assert "ทำไมไตรมาสนี้จัดกิจกรรมได้ครั้งเดียว" in mail.outbox[0].body

    # The reporter answers without a mention: the reviewer wrote in the thread before, so they are told.
    client.force_login(branch_user)
    comment(client, approved, "เลื่อนกิจกรรมไปกรกฎาคมเพราะฝนตก")
    assert len(told(region_reviewer)) == 1
    page = client.get(approved.get_absolute_url()).content.decode()
    assert page.index("ทำไมไตรมาสนี้") < page.index("เลื่อนกิจกรรมไปกรกฎาคมเพราะฝนตก")  # the thread, in order
    assert "<strong>ความเห็น</strong>" in page  # and the history keeps both
    assert list(Comment.objects.filter(result=approved).values_list("author__username", "mentions")) == [
        ("region_reviewer", ["ผู้รายงาน"]),
        ("branch_user", []),
    ]


def test_a_mention_of_a_person_reaches_them_only_if_they_may_see_the_result(
    client, approved, region_reviewer, hq_user, other_branch_user
):
    client.force_login(region_reviewer)
    comment(client, approved, f"@{hq_user.username} โปรดดู และ @{other_branch_user.username}")
    assert len(told(hq_user)) == 1
    assert told(other_branch_user) == []  # another office's reporter may not see this result
    assert Comment.objects.get().mentions == [hq_user.username]


def test_a_return_reason_starts_the_thread(client, approved, region_reviewer, branch_user):
    client.force_login(region_reviewer)
    client.post(
        reverse("quarters:result_action", args=[approved.pk]),
        {"action": "return", "reason": "กรุณาแนบภาพกิจกรรม"},
    )
    first = Comment.objects.get(result=approved)
    assert (first.kind, first.body, first.author) == ("return", "กรุณาแนบภาพกิจกรรม", region_reviewer)
    assert told(branch_user) == [f"ส่งกลับให้แก้ไข: 1.1 {approved.unit.code} ไตรมาส 1-2"]
    # The reporter's answer reaches the reviewer, who started the thread with the reason.
    client.force_login(branch_user)
    comment(client, approved, "แนบแล้วครับ")
    assert len(told(region_reviewer)) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   ", "กรุณาพิมพ์ความเห็นก่อนส่ง"),
        ("ก" * 2001, "ความเห็นยาวได้ไม่เกิน 2,000 ตัวอักษร (พิมพ์มา 2,001 ตัวอักษร)"),
    ],
)
def test_an_empty_or_too_long_comment_is_refused(client, approved, region_reviewer, body, message):
    client.force_login(region_reviewer)
    response = comment(client, approved, body)
    assert message in [str(m) for m in response.wsgi_request._messages]
    assert not Comment.objects.exists()
    refused = api(region_reviewer).post(
        f"/api/v1/results/{approved.pk}/comments/", {"body": body}, format="json"
    )
    assert refused.status_code == 400 and message in refused.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_is_escaped(client, approved, region_reviewer):
    client.force_login(region_reviewer)
    comment(client, approved, '<script>alert("x")</script> ตัวเลขไม่ตรง')
    page = client.get(approved.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_outsiders_cannot_comment(client, approved, outside_reviewer, other_branch_user):
    for user in (outside_reviewer, other_branch_user):
        client.force_login(user)
        assert comment(client, approved, "ดูได้ไหม").status_code == 404
    assert not Comment.objects.exists()


def test_a_draft_is_discussed_only_within_the_unit(client, pr_target, office, branch_user, region_reviewer):
    draft = reported(pr_target, office, 2, 1, reporter=branch_user)
    client.force_login(region_reviewer)
    assert comment(client, draft, "ร่างนี้").status_code == 404


def test_the_api_reads_and_writes_the_thread(approved, region_reviewer, branch_user):
    client = api(region_reviewer)
    made = client.post(
        f"/api/v1/results/{approved.pk}/comments/", {"body": "@ผู้รายงาน ขอรายละเอียด"}, format="json"
    )
    assert made.status_code == 201 and made.json()["mentions"] == ["ผู้รายงาน"]
    thread = api(branch_user).get(f"/api/v1/results/{approved.pk}/comments/").json()
    assert [c["body"] for c in thread] == ["@ผู้รายงาน ขอรายละเอียด"]


def test_a_person_who_chose_the_digest_gets_one_email_a_day(client, approved, region_reviewer, branch_user):
    NotificationPreference.objects.create(user=branch_user, mode="digest")
    client.force_login(region_reviewer)
    comment(client, approved, "@ผู้รายงาน คำถามแรก")
    comment(client, approved, "@ผู้รายงาน คำถามที่สอง")
    assert mail.outbox == []  # nothing per event
    assert send_digests(now=timezone.now()) == 1
    assert [m.to for m in mail.outbox] == [[branch_user.email]]
    assert "สรุปการแจ้งเตือน 2 เรื่อง" in mail.outbox[0].subject
    assert send_digests(now=timezone.now()) == 0  # never twice


def test_the_notifications_page_lists_and_sets_the_preference(client, approved, region_reviewer, branch_user):
    client.force_login(region_reviewer)
    comment(client, approved, "@ผู้รายงาน ขอรายละเอียด")
    client.force_login(branch_user)
    page = client.get(reverse("plans:notifications")).content.decode()
    assert "ความเห็นใหม่: 1.1" in page and "ใหม่" in page
    assert Notification.objects.get(user=branch_user).read_at is not None
    client.post(reverse("plans:notifications"), {"mode": "digest"})
    assert NotificationPreference.objects.get(user=branch_user).mode == "digest"
