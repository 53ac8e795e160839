"""The region report's workbook carries the obstacles and corrective actions on a sheet "ภาคผนวก", as the PDF's
appendix does."""

import io

import openpyxl
import pytest
from django.urls import reverse

from .rounds import RAIN, plan_of, reported

pytestmark = pytest.mark.django_db


def workbook(client, plan, **query):
    response = client.get(
        reverse("quarters:report", args=[plan.pk]), {"quarter": 2, "format": "xlsx"} | query
    )
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_region_workbook_has_the_appendix_sheet(
    client, branch_user, branch_approver, region_reviewer, pr_target, office
):
    # กฟฟ.ชบ. reported 1 PR activity by Q1-2 (2 asked: behind), with the rain as its obstacle; an obstacle
    # typed as a formula stays text.
    reported(
        pr_target,
        office,
        2,
        1,
        reporter=branch_user,
        approver=branch_approver,
        reviewer=region_reviewer,
        action=RAIN | {"obstacle": "=1+1 " + RAIN["obstacle"]},
    )
    client.force_login(region_reviewer)
    book = workbook(client, plan_of(pr_target), variant="region")
    assert book.sheetnames[-1] == "ภาคผนวก"
    sheet = book["ภาคผนวก"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "ภาคผนวก: ปัญหาอุปสรรคและการแก้ไขของผลที่ต่ำกว่าเป้าหมาย"
    assert rows[2] == [
        "หน่วยงาน",
        "แผนปฏิบัติ",
        "ไตรมาส",
        "ปัญหาอุปสรรค",
        "การแก้ไข",
        "ผู้รับผิดชอบ",
        "กำหนดเสร็จ",
        "ติดตามผล",
    ]
    # one action: due 31 Jul 2564, not done; the page reads today's date, long past it
    assert rows[3] == [
        "กฟฟ.ชบ.",
        "1.1",
        "1-2/2564",
        "=1+1 " + RAIN["obstacle"],
        RAIN["what"],
        "แผนกบริการลูกค้า",
        "31 ก.ค. 2564",
        "เลยกำหนด ยังไม่เสร็จ",
    ]
    assert sheet.cell(row=4, column=4).data_type == "s"  # text, never a formula
    assert len(rows) == 4


def test_a_report_without_actions_has_no_appendix_sheet(client, region_reviewer, seed_plan):
    client.force_login(region_reviewer)
    assert "ภาคผนวก" not in workbook(client, seed_plan, variant="region").sheetnames
