"""Sign-in lockout behind the reverse proxy of docs/deploy.md, and the rate limits of the public pages."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Inquiry
from kpiplan.lib.ratelimit import Rate
from plans.models import User
from tests.accounts.test_onboarding import register as register_in_unit

pytestmark = pytest.mark.django_db
PASSWORD = "Kpi-plan-2564!"
PROXY = "127.0.0.1"
ATTACKER = "203.0.113.9"
REAL_USER = "198.51.100.7"


@pytest.fixture
def known_password(branch_user) -> User:
    branch_user.set_password(PASSWORD)
    branch_user.save()
    return branch_user


def sign_in(client, password, *, remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": "branch_user", "password": password}, **extra)


def test_behind_the_proxy_a_stranger_cannot_lock_a_user_out(client, known_password, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "guess", forwarded=ATTACKER)
    assert sign_in(client, PASSWORD, forwarded=ATTACKER).status_code == 429  # the guesser is locked out
    # The real user comes through the same proxy from their own address, and signs in.
    assert sign_in(client, PASSWORD, forwarded=REAL_USER).status_code == 302


def test_behind_the_proxy_forged_addresses_do_not_unlock_the_guesser(client, known_password, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "guess", forwarded=f"10.0.0.{n}, {ATTACKER}")  # the left part is the guesser's own
    assert sign_in(client, PASSWORD, forwarded=f"10.1.1.1, {ATTACKER}").status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, known_password, settings):
    settings.TRUSTED_PROXIES = []
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "guess", remote=ATTACKER, forwarded=f"10.0.0.{n}")
    assert sign_in(client, PASSWORD, remote=ATTACKER, forwarded="10.1.1.1").status_code == 429
    assert sign_in(client, PASSWORD, remote=REAL_USER).status_code == 302


def reset(client, email, address):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_twenty_reset_requests_for_one_user_send_three_mails_and_look_the_same(client, branch_user):
    # From twenty addresses (no address limit in the way): the per-account limit, 3 an hour, holds.
    answers = {reset(client, branch_user.email.upper(), f"198.51.100.{n}").url for n in range(20)}
    assert answers == {reverse("password_reset_done")}  # the 4th to 20th answer as if a mail went out
    assert len(mail.outbox) == 3 and {m.to[0] for m in mail.outbox} == {branch_user.email}


def test_reset_requests_from_one_address_are_limited_with_a_thai_message(client, branch_user, settings):
    limit = Rate.parse(settings.RATE_LIMITS["password_reset_per_address"]).count  # 10 an hour
    for n in range(limit):
        assert reset(client, f"nobody{n}@example.org", ATTACKER).status_code == 302
    refused = reset(client, branch_user.email, ATTACKER)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "หลายครั้งเกินไป" in refused.content.decode() and not mail.outbox
    assert reset(client, branch_user.email, REAL_USER).status_code == 302 and len(mail.outbox) == 1


def register(client, code, address, username="newbie"):
    return register_in_unit(client, "กฟฟ.ชบ.", code, username, REMOTE_ADDR=address)


def test_guessing_codes_from_one_address_is_stopped_but_an_office_can_register_together(
    client, hq_user, office, settings
):
    limit = Rate.parse(settings.RATE_LIMITS["register_per_address"]).count  # 20 failures an hour
    now = timezone.now()
    code = services.codes_issue(
        units=[office],
        role="reporter",
        max_uses=limit + 5,
        expires_at=now + timedelta(days=9),
        by=hq_user,
        now=now,
    )[0]
    for n in range(limit + 2):  # an office behind one address: successes are not counted
        assert register(client, code.code, REAL_USER, f"staff{n}").status_code == 302
    for n in range(limit):
        assert register(client, f"WRONG{n:03d}", ATTACKER).status_code == 400
    refused = register(client, code.code, ATTACKER, "guesser")  # even the right code, now
    assert refused.status_code == 429 and "หลายครั้งเกินไป" in refused.content.decode()
    assert not User.objects.filter(username="guesser").exists()
    assert 'value="สมใจ ใจดี"' in refused.content.decode()  # what was typed is kept


def inquiry(client, address, message="รหัสใช้ไม่ได้"):
    return client.post(
        reverse("accounts:help"),
        {"name": "สมชาย", "email": "s@example.org", "topic": "code", "message": message},
        REMOTE_ADDR=address,
    )


def test_anonymous_inquiries_are_limited_per_address(client, settings):
    limit = Rate.parse(settings.RATE_LIMITS["inquiry_per_address"]).count  # 5 an hour
    for _ in range(limit):
        assert inquiry(client, ATTACKER).status_code == 302
    refused = inquiry(client, ATTACKER)
    assert refused.status_code == 429 and "หลายครั้งเกินไป" in refused.content.decode()
    assert Inquiry.objects.count() == limit
    assert inquiry(client, REAL_USER).status_code == 302


def test_an_inquiry_is_at_most_4000_characters(client):
    response = inquiry(client, REAL_USER, "a" * 2_000_000)
    assert response.status_code == 400 and not Inquiry.objects.exists()
    errors = response.context["form"].errors["message"]
    assert errors == ["ยาวได้ไม่เกิน 4000 ตัวอักษร (ที่กรอกมี 2000000 ตัวอักษร)"]
    assert (
        'maxlength="4000"' in response.content.decode() and "ไม่เกิน 4,000 ตัวอักษร" in response.content.decode()
    )
    assert inquiry(client, REAL_USER, "ก" * 4000).status_code == 302


def test_the_database_refuses_a_longer_inquiry_too(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Inquiry.objects.create(
            name="ก", email="a@example.org", topic="other", message="ก" * 4001, created_at=timezone.now()
        )
