"""Activation codes, registration, unit admins, sign-in throttling, password reset, help, usage."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import CODE_ALPHABET, ActivationCode, FaqEntry, Inquiry, LetterBatch, SignIn
from plans.models import Unit, UnitGroup, User

pytestmark = pytest.mark.django_db
PASSWORD = "Kpi-plan-2564!"


def issue(hq_user, unit, **kw):
    now = timezone.now()
    params = {"role": "reporter", "max_uses": 1, "expires_at": now + timedelta(days=30)} | kw
    return services.codes_issue(units=[unit], by=hq_user, now=now, **params)[0]


def register(client, unit_code, code, username="newbie", **extra):
    return client.post(
        reverse("accounts:register"),
        {
            "unit_code": unit_code,
            "code": code,
            "first_name": "สมใจ ใจดี",
            "email": f"{username}@example.org",
            "username": username,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        **extra,
    )


def test_codes_use_no_look_alikes(hq_user, office):
    codes = services.codes_issue(
        units=[office] * 200,
        role="reporter",
        max_uses=1,
        expires_at=timezone.now() + timedelta(days=1),
        by=hq_user,
        now=timezone.now(),
    )
    text = "".join(c.code for c in codes)
    assert len({c.code for c in codes}) == 200 and all(len(c.code) == 8 for c in codes)
    assert not set(text) & set("0O1IL") and set(text) <= set(CODE_ALPHABET)


def test_registering_with_a_code_makes_a_user_of_that_unit_and_role(client, hq_user, office):
    code = issue(hq_user, office, role="approver")
    response = register(client, "กฟฟ.ชบ.", code.formatted.lower())  # dashes and case do not matter
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert (user.unit, user.role) == (office, "approver")
    code.refresh_from_db()
    assert code.uses == 1


def test_registering_signs_the_new_user_in_onto_their_worklist(client, hq_user, office):
    code = issue(hq_user, office, role="reporter")
    response = register(client, "กฟฟ.ชบ.", code.code)
    assert response.status_code == 302 and response.url == reverse("home")
    page = client.get(response.url)
    assert page.context["user"].username == "newbie"
    html = page.content.decode()
    assert "worklist-unit" in html and "ลงทะเบียนและเข้าสู่ระบบแล้ว" in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"max_uses": 1, "uses": 1}, "ใช้ครบจำนวน"),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "หมดอายุ"),
    ],
)
def test_the_holder_of_a_used_up_or_expired_code_is_told_so(client, hq_user, office, change, message):
    code = issue(hq_user, office)
    ActivationCode.objects.filter(pk=code.pk).update(**change)
    response = register(client, "กฟฟ.ชบ.", code.code)
    assert response.status_code == 400 and message in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_a_wrong_revoked_or_other_units_code_gets_one_and_the_same_answer(client, hq_user, office):
    code = issue(hq_user, office)
    revoked = issue(hq_user, office)
    services.code_revoke(code=revoked, by=hq_user, now=timezone.now())
    answers = []
    for unit_code, text in [
        ("กฟฟ.ชบ.", "ABCD-EFGH"),  # no such code
        ("กฟฟ.ชบ.", revoked.code),  # revoked
        ("กฟฟ.มดพ.", code.code),  # a real code, of another unit
        ("ไม่มีหน่วยนี้", code.code),  # a real code, a unit that does not exist
    ]:
        response = register(client, unit_code, text)
        assert response.status_code == 400
        answers.append(response.context["form"].errors)
    assert all(answer == answers[0] for answer in answers)
    assert list(answers[0]) == ["code"] and "ไม่ตรงกับรหัสหน่วยงาน" in answers[0]["code"][0]
    assert not User.objects.filter(username="newbie").exists()


def test_a_code_for_n_uses_registers_n_people_then_stops(client, hq_user, office):
    code = issue(hq_user, office, max_uses=2)
    assert register(client, "กฟฟ.ชบ.", code.code, "one").status_code == 302
    assert register(client, "กฟฟ.ชบ.", code.code, "two").status_code == 302
    assert "ใช้ครบจำนวน" in register(client, "กฟฟ.ชบ.", code.code, "three").content.decode()


def test_a_weak_password_is_refused_at_the_field(client, hq_user, office):
    code = issue(hq_user, office)
    response = client.post(
        reverse("accounts:register"),
        {
            "unit_code": "กฟฟ.ชบ.",
            "code": code.code,
            "first_name": "ก",
            "email": "a@example.org",
            "username": "weak",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    assert response.status_code == 400 and not User.objects.filter(username="weak").exists()
    code.refresh_from_db()
    assert code.uses == 0


def test_a_unit_admin_issues_codes_and_deactivates_reporters_of_their_own_unit_only(
    client, unit_admin, branch_user, other_branch_user
):
    client.force_login(unit_admin)
    url = reverse("accounts:unit_users")
    response = client.post(url, {"action": "issue", "role": "reporter", "max_uses": "2"})
    assert ActivationCode.objects.get().unit == unit_admin.unit and "new_code" in response.context
    client.post(url, {"action": "deactivate", "user": branch_user.pk})
    branch_user.refresh_from_db()
    assert branch_user.is_active is False
    assert client.post(url, {"action": "deactivate", "user": other_branch_user.pk}).status_code == 404
    other_branch_user.refresh_from_db()
    assert other_branch_user.is_active


@pytest.mark.parametrize(
    ("role", "status"),
    [("reporter", 403), ("approver", 403), ("reviewer", 403), ("unit_admin", 200), ("head_office", 200)],
)
def test_who_manages_users(client, users_by_role, role, status):
    client.force_login(users_by_role[role])
    assert client.get(reverse("accounts:unit_users")).status_code == status


def test_head_office_issues_codes_for_a_group_and_gets_letters_and_csv(client, hq_user, seed_plan):
    client.force_login(hq_user)
    group = UnitGroup.objects.get(code="ก2-กฟฟ1-3")
    response = client.post(
        reverse("accounts:codes_bulk"),
        {"group": group.pk, "role": "reporter", "max_uses": "3", "valid_days": "60"},
    )
    batch = LetterBatch.objects.get()
    assert response.url == batch.get_absolute_url()
    assert batch.state == "done" and batch.total == ActivationCode.objects.count() >= 12
    pdf_url = reverse("accounts:letters_download", args=[batch.pk, "pdf"])
    assert pdf_url in client.get(batch.get_absolute_url()).content.decode()
    assert pdf_url in client.get(batch.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    pdf = client.get(reverse("accounts:letters_download", args=[batch.pk, "pdf"]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    csv = b"".join(
        client.get(reverse("accounts:letters_download", args=[batch.pk, "csv"])).streaming_content
    ).decode("utf-8-sig")
    assert "กฟฟ.ชบ." in csv and ActivationCode.objects.filter(unit__code="กฟฟ.ชบ.").get().formatted in csv


def letters_for_the_reporters_unit(client, users_by_role) -> LetterBatch:
    """Head office issues one code for the reporter's unit, on the bulk page; the letters are built at once."""
    client.force_login(users_by_role["head_office"])
    client.post(
        reverse("accounts:codes_bulk"),
        {
            "units": [users_by_role["reporter"].unit_id],
            "role": "reporter",
            "max_uses": "1",
            "valid_days": "9",
        },
    )
    return LetterBatch.objects.get()


@pytest.mark.parametrize("role", ["reviewer", "unit_admin", "reporter"])
def test_only_head_office_issues_in_bulk_and_sees_the_letters(client, users_by_role, role):
    batch = letters_for_the_reporters_unit(client, users_by_role)
    client.force_login(users_by_role[role])
    assert client.get(reverse("accounts:codes_bulk")).status_code == 403
    assert client.get(batch.get_absolute_url()).status_code == 403
    assert client.get(reverse("accounts:letters_download", args=[batch.pk, "pdf"])).status_code == 403


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(client, branch_user, settings):
    branch_user.set_password(PASSWORD)
    branch_user.save()
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": "branch_user", "password": "wrong"}).status_code == 400
    assert client.post(url, {"username": "branch_user", "password": "wrong"}).status_code == 429
    locked = client.post(url, {"username": "branch_user", "password": PASSWORD})  # even the right one now
    assert locked.status_code == 429 and "15 นาที" in locked.content.decode()


def test_signing_in_is_counted_for_usage(client, branch_user):
    branch_user.set_password(PASSWORD)
    branch_user.save()
    assert client.post(reverse("login"), {"username": "branch_user", "password": PASSWORD}).status_code == 302
    assert SignIn.objects.filter(user=branch_user).count() == 1


def test_a_password_reset_link_works_once(client, branch_user):
    client.post(reverse("password_reset"), {"email": branch_user.email})
    assert len(mail.outbox) == 1 and "ตั้งรหัสผ่านใหม่" in mail.outbox[0].subject
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line).strip()
    path = link.split("testserver", 1)[1]
    page = client.get(path, follow=True)
    set_url = page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Another-2564-pass", "new_password2": "Another-2564-pass"})
    assert done.status_code == 302
    branch_user.refresh_from_db()
    assert branch_user.check_password("Another-2564-pass")
    again = client.get(path, follow=True)
    assert "ใช้ไม่ได้แล้ว" in again.content.decode()


def test_the_help_page_faq_and_inquiry_inbox(client, hq_user, branch_user):
    FaqEntry.objects.create(question_th="รหัสเปิดใช้งานหมดอายุทำอย่างไร", answer_th="ติดต่อผู้ดูแลหน่วยงาน")
    response = client.get(reverse("accounts:help"))  # no sign-in needed: people without a code need it most
    assert response.status_code == 200 and "รหัสเปิดใช้งานหมดอายุ" in response.content.decode()
    bad = client.post(reverse("accounts:help"), {"name": "สมชาย", "topic": "code", "message": "รหัสใช้ไม่ได้"})
    assert bad.status_code == 400 and not Inquiry.objects.exists()  # no way to answer
    client.post(
        reverse("accounts:help"),
        {"name": "สมชาย", "email": "s@example.org", "topic": "code", "message": "รหัสใช้ไม่ได้"},
    )
    inquiry = Inquiry.objects.get()
    assert (inquiry.topic, inquiry.channel) == ("code", "web")
    client.force_login(branch_user)
    assert client.get(reverse("accounts:inbox")).status_code == 403
    client.force_login(hq_user)
    assert "รหัสใช้ไม่ได้" in client.get(reverse("accounts:inbox"), {"topic": "code"}).content.decode()
    client.post(reverse("accounts:inbox_answer", args=[inquiry.pk]), {"answer": "ออกรหัสใหม่ให้แล้ว"})
    inquiry.refresh_from_db()
    assert inquiry.answered_by == hq_user
    assert (
        client.post(
            reverse("accounts:faq_new"),
            {"question_th": "ลืมรหัสผ่าน", "answer_th": "กดลืมรหัสผ่าน", "order": 1, "published": "on"},
        ).status_code
        == 302
    )


def test_usage_statistics(client, hq_user, branch_user, office):
    SignIn.objects.create(user=branch_user, at=timezone.now())
    issue(hq_user, office)
    client.force_login(hq_user)
    response = client.get(reverse("accounts:usage"), {"year": timezone.localdate().year + 543})
    stats = response.context["stats"]
    assert stats.active_in_year == 1 and stats.codes_issued == 1 and stats.codes_used == 0
    assert office not in stats.never_signed_in_units
    assert Unit.objects.get(code="กฟฟ.มดพ.") in stats.never_signed_in_units


def test_letters_are_stored_under_generated_names_and_only_head_office_downloads_them(client, users_by_role):
    batch = letters_for_the_reporters_unit(client, users_by_role)
    # The CSV holds live codes: its stored name must not be guessable from the batch number.
    assert batch.csv.name.startswith("letters/") and batch.csv.name.endswith(".csv")
    assert f"-{batch.pk}." not in batch.csv.name and f"-{batch.pk}." not in batch.pdf.name
    may = {"head_office", "admin"}
    for role, user in users_by_role.items():
        client.force_login(user)
        for kind, name, content_type in [
            ("pdf", f"letters-{batch.pk}.pdf", "application/pdf"),
            ("csv", f"codes-{batch.pk}.csv", "text/csv; charset=utf-8"),
        ]:
            response = client.get(reverse("accounts:letters_download", args=[batch.pk, kind]))
            assert (role, kind, response.status_code) == (role, kind, 200 if role in may else 403)
            if role in may:
                assert response["Content-Disposition"] == f'attachment; filename="{name}"'
                assert response["Content-Type"] == content_type
                assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(reverse("accounts:letters_download", args=[batch.pk, "csv"])).status_code == 302
