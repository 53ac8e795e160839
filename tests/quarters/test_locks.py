"""The locks page: head office locks a quarter (plan-wide or per unit) and reopens it with a reason."""

import pytest
from django.urls import reverse

from plans.models import Unit
from quarters.models import PeriodLock, Result
from quarters.selectors import locked_unit_ids

from .conftest import entry_url, page_form

pytestmark = pytest.mark.django_db
S = Result.Status


def test_head_office_locks_a_quarter_and_reopens_it_with_a_reason(
    client, hq_user, branch_user, seed_plan, office, pr_target
):
    client.force_login(hq_user)
    locks_url = reverse("quarters:locks", args=[seed_plan.pk])
    assert (
        client.post(locks_url, {"quarter": "2", "locked": "1", "reason": "ปิดรอบไตรมาส 2"}).status_code == 302
    )
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    html = client.get(url).content.decode()
    assert "ปิดการบันทึกไตรมาสนี้" in html and "บันทึกร่าง" not in html
    assert client.post(url, {"action": "save"}).status_code == 403
    client.force_login(hq_user)
    response = client.post(locks_url, {"quarter": "2", "unit": office.pk, "locked": "0", "reason": ""})
    assert response.status_code == 400  # a reopening needs a reason
    client.post(
        locks_url, {"quarter": "2", "unit": office.pk, "locked": "0", "reason": "กฟฟ.ชบ. ขอแก้ไขตัวเลข"}
    )
    assert PeriodLock.objects.get(unit=office).locked is False
    client.force_login(branch_user)
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "save"}
    assert client.post(url, data).status_code == 302
    other = Unit.objects.get(code="กฟฟ.รย.")
    assert locked_unit_ids(seed_plan, 2, [office.pk, other.pk]) == {
        other.pk
    }  # the plan-wide lock still holds


def test_only_head_office_manages_locks(client, region_reviewer, branch_user, seed_plan):
    for user in (region_reviewer, branch_user):
        client.force_login(user)
        assert client.get(reverse("quarters:locks", args=[seed_plan.pk])).status_code == 403
