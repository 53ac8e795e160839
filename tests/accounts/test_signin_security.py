"""Sign-in lockout behind the reverse proxy of docs/deploy.md, and the rate limits of the public pages."""

import pytest
from django.urls import reverse

from plans.models import User

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
