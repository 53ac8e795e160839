"""The unit users' page: who may open it, and a bounded number of queries however many people the unit has."""

import pytest
from django.urls import reverse

from ..conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("reporter", 403),
        ("approver", 403),
        ("unit_admin", 200),
        ("reviewer", 403),
        ("head_office", 200),
        ("admin", 200),
    ],
)
def test_who_opens_the_unit_users_page(client, users_by_role, role, status):
    client.force_login(users_by_role[role])
    assert client.get(reverse("accounts:unit_users")).status_code == status


@pytest.mark.parametrize("n_people", [3, 40])
def test_the_page_takes_the_same_queries_for_few_or_many_people(
    client, unit_admin, office, query_budget, n_people
):
    for i in range(n_people):
        make_user(f"person{i}", office.code, "reporter")
    client.force_login(unit_admin)
    with query_budget("accounts:unit_users"):
        response = client.get(reverse("accounts:unit_users"))
    assert response.status_code == 200
    # one button a person, none for the admin themselves
    assert response.content.decode().count('value="deactivate"') == n_people
