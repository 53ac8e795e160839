"""The result page: its history of changes and steps, before and after."""

import pytest
from django.urls import reverse

from quarters.models import Result

from .conftest import entry_url, page_form

pytestmark = pytest.mark.django_db
S = Result.Status


def test_the_result_page_shows_every_change_with_before_and_after(
    client, branch_user, region_reviewer, seed_plan, office, pr_target
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    client.post(
        url,
        page_form(client, url)
        | {f"t{pr_target.pk}-value": "1", f"t{pr_target.pk}-narrative": "ครั้งแรก", "action": "save"},
    )
    client.post(url, page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "submit"})
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    client.force_login(region_reviewer)
    html = client.get(reverse("quarters:result", args=[result.pk])).content.decode()
    assert "1 → 2" in html and "branch_user" in html
    assert "ส่งแล้ว" in html or "submitted" in html
