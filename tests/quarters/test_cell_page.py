"""A grid cell opened: the target's progress and every expected unit's result."""

from decimal import Decimal

import pytest
from django.urls import reverse

from .conftest import make_result

pytestmark = pytest.mark.django_db


def test_drilling_from_a_cell_to_the_units_and_a_result(
    client, region_reviewer, seed_plan, pr_target, office
):
    result = make_result(pr_target, office, 2, Decimal(1), narrative="ล่าช้า")
    client.force_login(region_reviewer)
    html = client.get(reverse("quarters:cell", args=[seed_plan.pk, pr_target.pk, 2])).content.decode()
    assert "<svg" in html and "กฟฟ.ชบ." in html and reverse("quarters:result", args=[result.pk]) in html
    assert "กฟฟ.มดพ." in html and "ยังไม่รายงาน" in html  # expected but not reported
    behind = client.get(reverse("quarters:cell", args=[seed_plan.pk, pr_target.pk, 2]), {"status": "behind"})
    assert "กฟฟ.มดพ." not in behind.content.decode()
