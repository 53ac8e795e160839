"""Who may grant which role (activation codes) and who may deactivate whom: one rule, ``access.can_grant_role``
and ``access.can_deactivate``, on the unit users' page and the bulk form alike."""

import pytest
from django.urls import reverse

from accounts.models import ActivationCode
from plans.models import User

from ..conftest import make_user

pytestmark = pytest.mark.django_db
URL = reverse("accounts:unit_users")


def issue(client, unit, role, uses="1"):
    return client.post(f"{URL}?unit={unit.pk}", {"action": "issue", "role": role, "max_uses": uses})


@pytest.mark.parametrize(
    ("who", "role", "granted"),
    [
        ("unit_admin", "reporter", True),
        ("unit_admin", "approver", True),
        ("unit_admin", "unit_admin", False),
        ("unit_admin", "reviewer", False),
        ("unit_admin", "admin", False),
        ("head_office", "unit_admin", True),
        ("head_office", "reviewer", False),
        ("head_office", "head_office", False),
        ("head_office", "admin", False),
        ("admin", "reviewer", True),
        ("admin", "admin", False),
    ],
)
def test_codes_grant_only_the_roles_the_issuer_may_grant(client, users_by_role, office, who, role, granted):
    client.force_login(users_by_role[who])
    response = issue(client, office, role)
    assert response.status_code == 200
    assert ActivationCode.objects.filter(unit=office, role=role).exists() is granted
    if not granted:
        assert "ออกรหัสสำหรับบทบาทนี้ไม่ได้" in response.content.decode()


def test_the_role_menu_offers_only_grantable_roles(client, hq_user, unit_admin, office):
    client.force_login(unit_admin)
    html = client.get(URL).content.decode()
    assert 'value="approver"' in html and 'value="unit_admin"' not in html
    client.force_login(hq_user)
    html = client.get(reverse("accounts:codes_bulk")).content.decode()
    assert 'value="unit_admin"' in html and 'value="admin"' not in html


@pytest.mark.parametrize("uses", ["99999999999999999999", "abc", "0", "-3", "101"])
def test_a_bad_number_of_uses_is_a_message_not_an_error(client, unit_admin, office, uses):
    client.force_login(unit_admin)
    response = issue(client, office, "reporter", uses)
    assert response.status_code == 200
    assert not ActivationCode.objects.filter(unit=office).exists()
    assert "ครั้ง" in response.content.decode()  # "uses ... times", in Thai


def test_head_office_cannot_deactivate_a_superuser_or_an_administrator(client, hq_user, admin_user, office):
    root = make_user("root", office.code, User.Role.REPORTER, is_superuser=True, is_staff=True)
    client.force_login(hq_user)
    for person in (root, admin_user):
        response = client.post(f"{URL}?unit={person.unit_id}", {"action": "deactivate", "user": person.pk})
        assert response.status_code in (403, 404)
        person.refresh_from_db()
        assert person.is_active


@pytest.mark.parametrize(
    ("who", "target_role", "allowed"),
    [
        ("unit_admin", "reporter", True),
        ("unit_admin", "approver", True),
        ("unit_admin", "unit_admin", False),
        ("head_office", "unit_admin", True),
        ("head_office", "head_office", False),
        ("admin", "head_office", True),
    ],
)
def test_people_deactivate_only_whom_they_could_have_granted(
    client, users_by_role, office, who, target_role, allowed
):
    person = make_user("someone", office.code, target_role)
    client.force_login(users_by_role[who])
    response = client.post(f"{URL}?unit={office.pk}", {"action": "deactivate", "user": person.pk})
    person.refresh_from_db()
    assert person.is_active is not allowed
    assert response.status_code == (302 if allowed else 403)


def test_nobody_deactivates_themselves(client, unit_admin, office):
    client.force_login(unit_admin)
    response = client.post(URL, {"action": "deactivate", "user": unit_admin.pk})
    assert response.status_code == 403
    unit_admin.refresh_from_db()
    assert unit_admin.is_active
