"""A target edit is in the one history: on the target's pages, and in the history of the accepted results it
re-grades (the result's own figure untouched)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.history import history_of
from quarters.models import Result
from tests.htmlforms import form_fields

from .conftest import entry_url, page_form

pytestmark = pytest.mark.django_db


def act(client, result, action):
    return client.post(reverse("quarters:result_action", args=[result.pk]), {"action": action, "reason": ""})


def test_a_target_edit_shows_on_its_pages_and_regrades_the_accepted_results(
    client, branch_user, branch_approver, region_reviewer, hq_user, office, pr_target
):
    plan = pr_target.activity.workplan.objective.perspective.plan
    # กฟฟ.ชบ. reports 2 PR activities by Q1-2, and the region accepts it.
    client.force_login(branch_user)
    url = entry_url(plan, office, 2)
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "save"}
    assert client.post(url, data).status_code == 302
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    act(client, result, "submit")
    client.force_login(branch_approver)
    act(client, result, "approve")
    client.force_login(region_reviewer)
    act(client, result, "accept")
    result.refresh_from_db()
    assert result.status == "accepted"

    # Head office raises the goal from 1 to 2 PR activities a quarter. By the plan's definition a per-quarter
    # count is held at Q1-2 against value x 2 quarters: 1 x 2 = 2 before (2 >= 2: achieved), 2 x 2 = 4 after
    # (2 < 4, and what is due by Q1-2 is the same 4: behind).
    client.force_login(hq_user)
    edit = reverse("plans:target_edit", args=[pr_target.pk])
    data = form_fields(client.get(edit).content.decode(), None)
    data |= {"value": "2", "change_reason": ""}
    data = {k: v for k, v in data.items() if not (k.startswith("assigned_") and v == "")}  # none chosen
    # A goal changed without a reason is refused on the form's one reason field, and nothing is written.
    entries = history_of(pr_target).count()
    refused = client.post(edit, data)
    assert refused.status_code == 400 and "ระบุเหตุผลของการเปลี่ยนเป้าหมาย" in refused.content.decode()
    pr_target.refresh_from_db()
    assert pr_target.value == 1 and history_of(pr_target).count() == entries
    assert not history_of(pr_target).filter(plan__isnull=False).exists()
    data["change_reason"] = "ปรับตามมติที่ประชุมเขต"
    assert client.post(edit, data).status_code == 302
    # The same edit is also a change of the plan, published with its next revision (plans.revisions).
    entry = history_of(pr_target).last()
    assert (entry.plan, entry.revision) == (plan, None)
    assert (entry.by, entry.reason) == (hq_user, "ปรับตามมติที่ประชุมเขต")
    assert entry.changes == {"value": ["1", "2"]}
    regrade = history_of(result).last()
    assert regrade.changes == {"เป้าหมาย": ["2", "4"], "ผลเทียบเป้าหมาย": ["บรรลุเป้าหมาย", "ต่ำกว่าเป้าหมาย"]}
    assert regrade.reason == "แก้ไขเป้าหมาย: ปรับตามมติที่ประชุมเขต" and regrade.by == hq_user
    result.refresh_from_db()
    assert (result.value, result.status) == (Decimal(2), "accepted")  # the unit's own figure as it was

    for page in (edit, pr_target.activity.get_absolute_url()):
        html = client.get(page).content.decode()
        assert "ปรับตามมติที่ประชุมเขต" in html and "1 → 2" in html
    html = client.get(reverse("quarters:result", args=[result.pk])).content.decode()
    assert "บรรลุเป้าหมาย → ต่ำกว่าเป้าหมาย" in html and "ปรับตามมติที่ประชุมเขต" in html
