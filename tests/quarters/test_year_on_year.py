"""Year on year (issue 19): the grid and a target's page show last year's figure of the same target (through
the plan's lineage) beside this year's, with a chart."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans import services as plan_services
from plans.models import Target
from quarters.grids import last_year_values

pytestmark = pytest.mark.django_db


def test_last_years_figures_come_through_the_lineage(client, seed_plan, region_reviewer):
    next_plan = plan_services.plan_copy_to_next_year(plan=seed_plan)
    visits = Target.objects.get(
        activity__workplan__objective__perspective__plan=next_plan,
        activity__workplan__objective__code="CR2",
        activity__number="1.2",
        order=3,
    )
    # The 2564 form carried the region's own figures for CR2 1.2's office-manager visits: 6 by Q1, 12 by Q1-2;
    # no office reported, so last year's figure is the region's; Q1-3 and Q1-4 were never reported.
    assert last_year_values(next_plan, [visits], [1, 2, 3, 4]) == {
        (visits.pk, 1): 6,
        (visits.pk, 2): 12,
        (visits.pk, 3): None,
        (visits.pk, 4): None,
    }
    client.force_login(region_reviewer)
    html = client.get(reverse("quarters:grid"), {"plan": next_plan.pk, "quarter": 2}).content.decode()
    assert "ปีที่แล้ว 6" in html and "ปีที่แล้ว 12" in html
    page = client.get(reverse("quarters:cell", args=[next_plan.pk, visits.pk, 2])).content.decode()
    assert "เทียบกับปีที่แล้ว" in page and "ปี 2564 เทียบกับปี 2565" in page and "<svg" in page


def test_a_plan_without_last_year_shows_no_comparison(client, seed_plan, region_reviewer):
    client.force_login(region_reviewer)
    target = Target.objects.filter(activity__workplan__objective__perspective__plan=seed_plan).first()
    page = client.get(reverse("quarters:cell", args=[seed_plan.pk, target.pk, 1])).content.decode()
    assert "เทียบกับปีที่แล้ว" not in page
    assert last_year_values(seed_plan, [target], [1]) == {}
