"""Help that answers: an inquiry is new, answered or closed; head office answers it (a canned answer of its topic
fills the box) and the answer reaches the asker by e-mail and in the app ("my inquiries")."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import helpdesk
from accounts.models import FaqEntry, Inquiry
from plans.models import Notification

pytestmark = pytest.mark.django_db

PASSWORD_CANNED = "ลืมรหัสผ่าน หรือไม่ได้รับอีเมลตั้งรหัสผ่านใหม่"


def ask(client, **fields):
    data = {"name": "สมหญิง", "topic": "password", "message": "ไม่ได้รับอีเมลตั้งรหัสผ่านใหม่"} | fields
    return client.post(reverse("accounts:help"), data)


def answer(client, inquiry, text, capture):
    with capture(execute=True):
        return client.post(
            reverse("accounts:inquiry", args=[inquiry.pk]), {"action": "answer", "answer": text}
        )


def test_three_canned_answers_come_with_the_database_and_show_as_an_faq_with_their_topic(client):
    canned = FaqEntry.objects.exclude(topic="").order_by("order")
    assert [(c.topic, c.question_th) for c in canned] == [
        ("code", "ยังไม่ได้รับหนังสือรหัสเปิดใช้งาน หรือหนังสือหาย"),
        ("code", "รหัสเปิดใช้งานใช้ไม่ได้"),
        ("password", PASSWORD_CANNED),
    ]
    html = client.get(reverse("accounts:help")).content.decode()
    assert "รหัสเปิดใช้งาน</span> · <strong>รหัสเปิดใช้งานใช้ไม่ได้" in html  # the topic beside the question


def test_a_signed_in_askers_answer_reaches_them_in_the_app_and_by_e_mail(
    client, branch_user, hq_user, django_capture_on_commit_callbacks
):
    client.force_login(branch_user)
    assert ask(client, email=branch_user.email).status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.asker, inquiry.unit, inquiry.status) == (branch_user, branch_user.unit, "new")
    mine = client.get(reverse("accounts:my_inquiries")).content.decode()
    assert "ไม่ได้รับอีเมลตั้งรหัสผ่านใหม่" in mine and "รอคำตอบจากสำนักงานใหญ่" in mine

    client.force_login(hq_user)
    assert (
        "ไม่ได้รับอีเมลตั้งรหัสผ่านใหม่" in client.get(reverse("accounts:inbox"), {"status": "new"}).content.decode()
    )
    page = client.get(reverse("accounts:inquiry", args=[inquiry.pk])).content.decode()
    assert PASSWORD_CANNED in page  # the password topic's canned answer is offered
    assert "รหัสเปิดใช้งานใช้ไม่ได้" not in page  # not the activation-code ones
    canned = FaqEntry.objects.get(question_th=PASSWORD_CANNED)
    filled = client.get(
        reverse("accounts:inquiry", args=[inquiry.pk]), {"canned": canned.pk}
    ).content.decode()
    assert "หากอีเมลไม่มาถึง ขอให้ผู้ดูแลหน่วยงานพิมพ์ใบรหัสตั้งรหัสผ่านใหม่ให้" in filled  # in the answer box

    assert answer(client, inquiry, canned.answer_th, django_capture_on_commit_callbacks).status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.answered_by, inquiry.answer) == ("answered", hq_user, canned.answer_th)
    # one e-mail, to the address the question left (the asker's own): not twice
    assert [m.to for m in mail.outbox] == [[branch_user.email]]
    assert "ลืมรหัสผ่าน" in mail.outbox[0].subject and canned.answer_th in mail.outbox[0].body
    note = Notification.objects.get(user=branch_user)
    assert note.subject == "สำนักงานใหญ่ตอบคำถามของท่านแล้ว: ลืมรหัสผ่าน"

    client.force_login(branch_user)
    mine = client.get(reverse("accounts:my_inquiries")).content.decode()
    assert "คำตอบจากสำนักงานใหญ่" in mine and "ใบรหัสตั้งรหัสผ่านใหม่" in mine


def test_an_anonymous_askers_answer_goes_to_the_address_they_left(
    client, hq_user, django_capture_on_commit_callbacks
):
    ask(client, email="somying@example.org")
    inquiry = Inquiry.objects.get()
    assert inquiry.asker is None
    client.force_login(hq_user)
    answer(client, inquiry, "ผู้ดูแลหน่วยงานของท่านพิมพ์ใบรหัสให้ได้", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["somying@example.org"]]
    assert not Notification.objects.exists()


def test_a_signed_in_asker_who_left_another_address_gets_the_e_mail_there_and_the_answer_in_the_app(
    client, branch_user, hq_user, django_capture_on_commit_callbacks
):
    client.force_login(branch_user)
    ask(client, email="home@example.org")
    inquiry = Inquiry.objects.get()
    client.force_login(hq_user)
    answer(client, inquiry, "ตอบแล้ว", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["home@example.org"]]
    assert Notification.objects.filter(user=branch_user).count() == 1


def test_an_empty_or_too_long_answer_is_refused_in_thai(client, hq_user, django_capture_on_commit_callbacks):
    ask(client, email="somying@example.org")
    inquiry = Inquiry.objects.get()
    client.force_login(hq_user)
    empty = answer(client, inquiry, "  ", django_capture_on_commit_callbacks)
    assert empty.status_code == 400 and "กรุณาพิมพ์คำตอบก่อนส่ง" in empty.content.decode()
    too_long = answer(client, inquiry, "ก" * 4001, django_capture_on_commit_callbacks)
    assert (
        too_long.status_code == 400
        and "คำตอบยาวได้ไม่เกิน 4,000 ตัวอักษร (พิมพ์มา 4,001)" in too_long.content.decode()
    )
    inquiry.refresh_from_db()
    assert inquiry.status == "new" and inquiry.answer == "" and not mail.outbox


def test_head_office_closes_an_inquiry_answered_by_phone(client, branch_user, hq_user):
    client.force_login(branch_user)
    ask(client, phone="0812345678")
    inquiry = Inquiry.objects.get()
    client.force_login(hq_user)
    client.post(reverse("accounts:inquiry", args=[inquiry.pk]), {"action": "close"})
    inquiry.refresh_from_db()
    assert inquiry.status == "closed" and inquiry.closed_at is not None
    assert "ไม่ได้รับอีเมล" not in client.get(reverse("accounts:inbox"), {"status": "new"}).content.decode()
    client.force_login(branch_user)
    assert "สำนักงานใหญ่ปิดเรื่องแล้ว" in client.get(reverse("accounts:my_inquiries")).content.decode()


@pytest.mark.parametrize("role", ["reporter", "approver", "unit_admin", "reviewer"])
def test_only_head_office_answers(client, users_by_role, role):
    ask(client, email="somying@example.org")
    inquiry = Inquiry.objects.get()
    client.force_login(users_by_role[role])
    url = reverse("accounts:inquiry", args=[inquiry.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "answer", "answer": "ตอบ"}).status_code == 403
    assert client.post(url, {"action": "close"}).status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.status == "new"


def test_my_inquiries_shows_only_mine_and_needs_a_sign_in(client, branch_user, other_branch_user):
    client.force_login(branch_user)
    ask(client, email=branch_user.email, message="คำถามของผู้รายงาน ชบ.")
    client.force_login(other_branch_user)
    assert "คำถามของผู้รายงาน ชบ." not in client.get(reverse("accounts:my_inquiries")).content.decode()
    client.logout()
    assert client.get(reverse("accounts:my_inquiries")).status_code == 302  # to the sign-in page


def test_the_inbox_and_my_inquiries_take_a_bounded_number_of_queries(
    client, branch_user, hq_user, query_budget, django_capture_on_commit_callbacks
):
    client.force_login(branch_user)
    for n in range(12):
        helpdesk.inquiry_create(
            inquiry=Inquiry(name="สมหญิง", email=branch_user.email, topic="code", message=f"คำถามที่ {n}"),
            user=branch_user,
            now=timezone.now(),
        )
    client.force_login(hq_user)
    for inquiry in Inquiry.objects.all()[:6]:
        answer(client, inquiry, f"คำตอบ {inquiry.pk}", django_capture_on_commit_callbacks)
    with query_budget("accounts:inbox"):
        html = client.get(reverse("accounts:inbox")).content.decode()
    assert html.count('class="card" id="inquiry-') == 12
    client.force_login(branch_user)
    with query_budget("accounts:my_inquiries"):
        html = client.get(reverse("accounts:my_inquiries")).content.decode()
    assert html.count('id="inquiry-') == 12
