"""In a real browser: head office gives each office class its own goal on the target's values page and sees
the region's goal derived from them on the grid cell's page."""

import os

import pytest

from plans.models import Target, UnitGroup
from tests.conftest import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("KPIPLAN_SHOTS")  # a folder: save screenshots there to look at


def test_office_class_goals_set_on_the_values_page_add_up_on_the_grid(login, live_server, seed_plan):
    make_user("hq", "ฝอภ.(ก3)", "head_office")
    pr = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.1")
    page = login("hq", "pw-hq-2564")
    page.goto(f"{live_server.url}/plans/activities/{pr.activity_id}/")
    page.click("text=ค่าเป้าหมายรายหน่วยงาน")
    page.wait_for_load_state()
    for n, value in ((1, "3"), (2, "2"), (3, "1")):
        group = UnitGroup.objects.get(code=f"ก2-กฟฟ{n}")
        page.fill(f"input[name=g{group.pk}]", value)
    page.fill("#values-reason", "ชั้นใหญ่ทำได้มากกว่า")
    page.click("#values-form button[type=submit]")
    page.wait_for_load_state()
    assert "บันทึกแล้ว" in page.content()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/target-values.png", full_page=True)
    page.goto(f"{live_server.url}/results/{seed_plan.pk}/cell/{pr.pk}/q4/")
    # Q1-4 (no paper-form figure of the region there, so the cell shows the offices' goal):
    # a count per quarter, cumulative: by Q1-4 each office owes 4 quarters' worth, so
    # 7 class-1 offices x (3 x 4) + 6 class-2 x (2 x 4) + 3 class-3 x (1 x 4) = 84 + 48 + 12 = 144.
    derivation = page.inner_text("[data-derivation]")
    assert "7 หน่วยงาน × 12 + 6 หน่วยงาน × 8 + 3 หน่วยงาน × 4" in derivation
    assert "/ 144" in page.inner_text("main")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/cell-derivation.png", full_page=True)
    page.goto(f"{live_server.url}/plans/{seed_plan.pk}/revisions/")
    assert "ชั้นใหญ่ทำได้มากกว่า" in page.inner_text("main")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/revisions.png", full_page=True)
