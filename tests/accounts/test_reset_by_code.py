"""Back in without e-mail: a unit admin prints a one-time reset code (a PDF slip) for a reporter of their unit;
/password/code/ takes the username, the code and a new password; the code works once, for three days, is stored
hashed, and a wrong, expired, used or other person's code gets one and the same answer; limits per address and
per username."""

import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import resetcodes
from accounts.models import ResetCode

pytestmark = pytest.mark.django_db

REFUSAL = "ชื่อผู้ใช้หรือรหัสไม่ถูกต้อง หรือรหัสหมดอายุหรือถูกใช้ไปแล้ว"
NEW_PASSWORD = "Kpiplan-ใหม่-2564!"


def print_slip(client, admin, person):
    """The unit admin's button on the unit's users page: the slip as a PDF; the code as a person reads it."""
    client.force_login(admin)
    response = client.post(reverse("accounts:unit_users"), {"action": "reset_code", "user": person.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout
    text = text.decode()
    # the code as printed after its label, on the same line or the next: "ABCD-EFGH"
    after = text.split("รหัสตั้งรหัสผ่านใหม่:", 1)[1]
    code = next(line.strip() for line in after.splitlines() if line.strip())
    client.logout()
    return text, code


def reset(client, username, code, password=NEW_PASSWORD, again=None):
    return client.post(
        reverse("accounts:reset_by_code"),
        {"username": username, "code": code, "new_password1": password, "new_password2": again or password},
    )


def test_a_unit_admin_prints_a_slip_and_the_reporter_sets_a_new_password_once(
    client, unit_admin, branch_user
):
    text, code = print_slip(client, unit_admin, branch_user)
    assert "branch_user" in text and "กฟฟ.ชบ." in text and "/password/code/" in text
    stored = ResetCode.objects.get(user=branch_user)
    plain = resetcodes.normalise(code)
    assert len(plain) == 8 and plain not in stored.code_hash  # only its hash is kept
    assert stored.expires_at - stored.issued_at == timedelta(days=3)

    response = reset(client, "branch_user", code.lower())  # as typed: small letters, the dash or not
    assert response.status_code == 302 and response["Location"] == reverse("login")
    branch_user.refresh_from_db()
    assert branch_user.check_password(NEW_PASSWORD)
    signed_in = client.post(reverse("login"), {"username": "branch_user", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302  # the sign-in page lets them in
    client.logout()

    again = reset(client, "branch_user", code, password="Another-2564-pass!")  # once only
    assert again.status_code == 400 and REFUSAL in again.content.decode()
    branch_user.refresh_from_db()
    assert branch_user.check_password(NEW_PASSWORD)


def test_a_wrong_expired_or_someone_elses_code_gets_the_same_answer(
    client, unit_admin, branch_user, branch_approver, other_branch_user
):
    _text, code = print_slip(client, unit_admin, branch_user)
    answers = [
        reset(client, "branch_user", "ABCD-EFGH"),  # wrong
        reset(client, "branch_approver", code),  # someone else's code
        reset(client, "nobody", code),  # no such user
        reset(client, "other_branch_user", code),  # another unit's person
    ]
    # expired: printed four days ago (the service takes the time; the page reads today's)
    old = resetcodes.reset_code_issue(
        person=branch_approver, by=unit_admin, now=timezone.now() - timedelta(days=3, minutes=1)
    )
    answers.append(reset(client, "branch_approver", old.code))
    for response in answers:
        assert response.status_code == 400
        assert REFUSAL in response.content.decode()
    for person in (branch_user, branch_approver, other_branch_user):
        person.refresh_from_db()
        assert not person.check_password(NEW_PASSWORD)


def test_a_new_slip_revokes_the_older_code(client, unit_admin, branch_user):
    _text, first = print_slip(client, unit_admin, branch_user)
    _text, second = print_slip(client, unit_admin, branch_user)
    assert REFUSAL in reset(client, "branch_user", first).content.decode()
    assert reset(client, "branch_user", second).status_code == 302


def test_a_weak_password_is_refused_and_the_code_still_works(client, unit_admin, branch_user):
    _text, code = print_slip(client, unit_admin, branch_user)
    weak = reset(client, "branch_user", code, password="1234")
    assert weak.status_code == 400 and REFUSAL not in weak.content.decode()
    differ = reset(client, "branch_user", code, again="Kpiplan-อื่น-2564!")
    assert "รหัสผ่านทั้งสองช่องไม่ตรงกัน" in differ.content.decode()
    assert reset(client, "branch_user", code).status_code == 302


@pytest.mark.parametrize("role", ["reporter", "approver", "reviewer", "other_reporter"])
def test_only_the_units_admin_or_head_office_prints_a_code(client, users_by_role, branch_user, role):
    client.force_login(users_by_role[role])
    response = client.post(reverse("accounts:unit_users"), {"action": "reset_code", "user": branch_user.pk})
    assert response.status_code in (403, 404)
    assert not ResetCode.objects.exists()


def test_another_units_admin_cannot_print_a_code_for_my_reporter(client, unit_admin, other_branch_user):
    # unit_admin manages กฟฟ.ชบ.; other_branch_user reports for กฟฟ.มดพ.
    client.force_login(unit_admin)
    response = client.post(
        reverse("accounts:unit_users"), {"action": "reset_code", "user": other_branch_user.pk}
    )
    assert response.status_code == 404
    assert not ResetCode.objects.exists()


def test_head_office_prints_a_code_too(client, hq_user, branch_user):
    _text, code = print_slip(client, hq_user, branch_user)
    assert reset(client, "branch_user", code).status_code == 302


def test_five_attempts_an_hour_per_username(client, unit_admin, branch_user, settings):
    # RATE_RESET_CODE_PER_ACCOUNT=5/h: five wrong codes, then even the right one waits
    _text, code = print_slip(client, unit_admin, branch_user)
    for _n in range(5):
        assert reset(client, "branch_user", "WXYZ-2345").status_code == 400
    blocked = reset(client, "BRANCH_USER", code)  # the same username in capitals counts against it too
    assert blocked.status_code == 429 and "Retry-After" in blocked
    branch_user.refresh_from_db()
    assert not branch_user.check_password(NEW_PASSWORD)


def test_ten_attempts_an_hour_per_address(client, unit_admin, branch_user):
    # RATE_RESET_CODE_PER_ADDRESS=10/h: ten usernames tried from one address, the eleventh waits
    _text, code = print_slip(client, unit_admin, branch_user)
    for n in range(10):
        assert reset(client, f"guess{n}", "WXYZ-2345").status_code == 400
    assert reset(client, "branch_user", code).status_code == 429


def test_the_limits_are_settings():
    from django.conf import settings

    assert settings.RATE_LIMITS["reset_code_per_address"] == "10/h"
    assert settings.RATE_LIMITS["reset_code_per_account"] == "5/h"


def test_a_deactivated_person_gets_no_code(client, unit_admin, branch_user):
    client.force_login(unit_admin)
    client.post(reverse("accounts:unit_users"), {"action": "deactivate", "user": branch_user.pk})
    response = client.post(
        reverse("accounts:unit_users"), {"action": "reset_code", "user": branch_user.pk}, follow=True
    )
    assert "ถูกปิดใช้งานอยู่" in response.content.decode()
    assert not ResetCode.objects.exists()
