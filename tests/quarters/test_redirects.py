"""A POSTed ``next`` only sends the person to a path of this site (no open redirect)."""

import pytest
from django.urls import reverse

from quarters.models import Result

from .conftest import entry_url, page_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_result_action_never_redirects_off_site(client, branch_user, seed_plan, office, pr_target, bad):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    client.post(url, page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "save"})
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    response = client.post(
        reverse("quarters:result_action", args=[result.pk]), {"action": "submit", "next": bad}
    )
    assert response.status_code == 302 and response.url == result.get_absolute_url()


def test_a_result_action_follows_a_same_site_next(client, branch_user, seed_plan, office, pr_target):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    client.post(url, page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "save"})
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    response = client.post(
        reverse("quarters:result_action", args=[result.pk]), {"action": "submit", "next": url}
    )
    assert response.url == url


@pytest.mark.parametrize("bad", ["https://evil.example/", "//evil.example/x"])
def test_the_remind_button_never_redirects_off_site(client, region_reviewer, seed_plan, bad):
    client.force_login(region_reviewer)
    response = client.post(reverse("quarters:remind"), {"quarter": "2", "next": bad})
    assert response.status_code == 302 and response.url == "/"
