"""Passwords are stored as Argon2id at OWASP's parameters, and older hashes are upgraded when their owner signs in."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher, identify_hasher
from django.urls import reverse

from kpiplan import settings as project_settings
from plans.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "Kpi-plan-2564!"
OWASP = "$argon2id$v=19$m=7168,t=5,p=1$"  # accounts/hashers.py: OWASP's 7 MiB, 5 passes, 1 lane


@pytest.fixture
def project_hashers(settings):
    """The project's own hashers (the suite's autouse fixture swaps in MD5 for speed)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def sign_in(client, username, password):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="127.0.0.1"
    )


def stored_hash(user) -> str:
    return User.objects.get(pk=user.pk).password


def test_it_stores_a_new_password_as_argon2id_at_owasps_parameters(project_hashers, branch_user):
    branch_user.set_password(PASSWORD)
    branch_user.save()
    assert stored_hash(branch_user).startswith("argon2" + OWASP)


@pytest.mark.parametrize(
    "old_hasher",
    [
        PBKDF2PasswordHasher,  # every password stored before this change (Django's default until now)
        Argon2PasswordHasher,  # Argon2 at Django's own parameters (m=100 MiB, t=2, p=8)
    ],
)
def test_it_upgrades_a_stored_hash_when_its_owner_signs_in(client, project_hashers, branch_user, old_hasher):
    # The hash as it was stored under the old setting: the same call set_password makes, with that hasher.
    branch_user.password = old_hasher().encode(PASSWORD, old_hasher().salt())
    branch_user.save()
    before = stored_hash(branch_user)
    assert not before.startswith("argon2" + OWASP)

    assert sign_in(client, "branch_user", PASSWORD).status_code == 302

    after = stored_hash(branch_user)
    assert after.startswith("argon2" + OWASP)
    client.logout()
    assert sign_in(client, "branch_user", PASSWORD).status_code == 302  # the new hash reads the same password
    assert stored_hash(branch_user) == after  # and is not rehashed again


def test_a_wrong_password_leaves_the_stored_hash_alone(client, project_hashers, branch_user):
    branch_user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    branch_user.save()
    before = stored_hash(branch_user)
    assert sign_in(client, "branch_user", "wrong-password").status_code == 400
    assert stored_hash(branch_user) == before
    assert identify_hasher(before).algorithm == "pbkdf2_sha256"
