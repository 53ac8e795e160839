"""The plan progress grid page: filters (in SQL), exports, who sees it (its query bound: test_scale_queries)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from plans.models import UnitGroup

from .conftest import make_result

pytestmark = pytest.mark.django_db


def test_the_grid_filters_by_workplan_status_and_group(client, region_reviewer, seed_plan, pr_target, office):
    make_result(pr_target, office, 2, Decimal(2))
    client.force_login(region_reviewer)
    url = reverse("quarters:grid")
    html = client.get(
        url, {"plan": seed_plan.pk, "workplan": pr_target.activity.workplan_id, "quarter": 2}
    ).content.decode()
    assert pr_target.label_th in html and "3.3.2" not in html
    html = client.get(
        url, {"plan": seed_plan.pk, "status": "behind", "quarter": 2, "basis": "accepted"}
    ).content.decode()
    assert "st-behind" in html
    group = UnitGroup.objects.get(code="ก2-รอยต่อ")
    html = client.get(url, {"plan": seed_plan.pk, "group": group.pk, "quarter": 2}).content.decode()
    assert "/4" in html  # four boundary-area units expected


def test_the_grid_filters_rows_by_text_and_objective_in_the_database(
    client, region_reviewer, seed_plan, dmsx_target
):
    client.force_login(region_reviewer)
    url = reverse("quarters:grid")
    html = client.get(url, {"plan": seed_plan.pk, "q": "DMSx", "quarter": 2}).content.decode()
    assert dmsx_target.label_th in html and "3.3.2" not in html
    cr2 = dmsx_target.activity.workplan.objective.perspective.objectives.get(code="CR2")
    html = client.get(url, {"plan": seed_plan.pk, "objective": cr2.pk, "quarter": 2}).content.decode()
    assert dmsx_target.label_th not in html and "<tbody" in html


def test_grid_exports_hold_the_same_numbers_and_neutralise_formulas(
    client, region_reviewer, seed_plan, pr_target, office
):
    make_result(pr_target, office, 2, Decimal(2))
    pr_target.label_th = '=HYPERLINK("http://evil")'
    pr_target.save()
    client.force_login(region_reviewer)
    response = client.get(reverse("quarters:grid"), {"plan": seed_plan.pk, "quarter": 2, "export": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows())
    header = [c.value for c in rows[0]]
    assert header[:4] == ["กลุ่มวัตถุประสงค์", "แผนงานที่", "แผนปฏิบัติ", "เป้าหมาย"]
    mine = [r for r in rows if r[3].value and "HYPERLINK" in r[3].value]
    # text, not a formula, and no apostrophe to see: a string cell marked as typed text
    assert {(r[3].value, r[3].data_type, r[3].quotePrefix) for r in mine} == {
        ('=HYPERLINK("http://evil")', "s", True)
    }
    q2 = next(r for r in mine if r[header.index("ไตรมาส")].value == "ไตรมาส 1-2/2564")
    assert q2[header.index("ผลสะสม")].value == 2  # a number
    csv = client.get(
        reverse("quarters:grid"), {"plan": seed_plan.pk, "quarter": 2, "export": "csv"}
    ).content.decode()
    assert "'=HYPERLINK" in csv  # a CSV has no cell types: the apostrophe is its only guard


@pytest.mark.parametrize(
    ("role", "grid", "national"),
    [
        ("reporter", 403, 403),
        ("approver", 403, 403),
        ("reviewer", 200, 403),
        ("head_office", 200, 200),
        ("admin", 200, 200),
        ("outside_reviewer", 200, 403),
    ],
)
def test_who_sees_the_review_pages(client, users_by_role, seed_plan, pr_target, role, grid, national):
    client.force_login(users_by_role[role])
    assert client.get(reverse("quarters:grid")).status_code == grid
    assert client.get(reverse("quarters:matrix")).status_code == grid
    assert client.get(reverse("quarters:national")).status_code == national
    cell = client.get(reverse("quarters:cell", args=[seed_plan.pk, pr_target.pk, 2])).status_code
    assert cell == (404 if role == "outside_reviewer" else grid)
    if role == "outside_reviewer":  # their own region has no plan: the grid shows nothing of region 2
        assert seed_plan.title_th not in client.get(reverse("quarters:grid")).content.decode()
