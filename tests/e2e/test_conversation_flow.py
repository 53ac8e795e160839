"""In a real browser: a reviewer asks about a result behind target, the reporter answers with the obstacle
and a corrective action, the reviewer accepts; the region's printed report has the action in its appendix."""

import subprocess

import pytest
from django.utils import timezone

from plans.models import Target, Unit
from quarters.models import Result
from tests.conftest import make_user
from tests.quarters.rounds import RAIN, reported

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_behind_result_is_discussed_corrected_and_accepted(login, live_server, seed_plan, tmp_path):
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    reporter_user = make_user("rep", "กฟฟ.ชบ.", "reporter")
    approver_user = make_user("mgr", "กฟฟ.ชบ.", "approver")
    make_user("rev", "กบล.(ก2)", "reviewer")
    pr = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.1")
    # 1.1 at Q1-2: 1 PR activity where 2 are due, sent on with a first obstacle and action, approved.
    result = reported(
        pr, office, 2, 1, reporter=reporter_user, approver=approver_user, action=RAIN, now=timezone.now()
    )
    result_url = f"{live_server.url}/results/result/{result.pk}/"

    reviewer = login("rev", "pw-rev-2564")
    reviewer.goto(result_url)
    reviewer.fill("#comment-body", "@ผู้รายงาน กิจกรรมชดเชยจะทันไตรมาส 3 หรือไม่ มีแผนสำรองอย่างไร")
    reviewer.click("#comment-form button[type=submit]")
    reviewer.wait_for_selector(".msg-success")

    reporter = login("rep", "pw-rep-2564")
    reporter.goto(f"{live_server.url}/plans/notifications/")
    with reporter.expect_navigation():  # the mention reached them; the link opens the result
        reporter.click("text=ความเห็นใหม่: 1.1")
    reporter.wait_for_selector("#comment-body")
    assert "มีแผนสำรองอย่างไร" in reporter.content()
    reporter.fill("#id_obstacle", "สถานที่จัดกิจกรรมชดเชยถูกจองเต็มเดือนกรกฎาคม")
    reporter.fill("#id_what", "ออกบูธให้บริการออนไลน์ที่ตลาดนัดชุมชนแทน")
    reporter.fill("#id_owner", "หัวหน้าแผนกบริการลูกค้า")
    reporter.fill("#id_due", "15/08/2564")
    with reporter.expect_navigation():  # the page after the post, not the message already shown
        reporter.click("#action-form button[type=submit]")
    reporter.wait_for_selector(".msg-success")
    reporter.fill("#comment-body", "ทันครับ เพิ่มแผนสำรองออกบูธที่ตลาดนัดชุมชนแล้ว")
    with reporter.expect_navigation():  # the page after the post, not the message already shown
        reporter.click("#comment-form button[type=submit]")
    reporter.wait_for_selector(".msg-success")

    reviewer.goto(result_url)
    page = reviewer.content()
    assert "ออกบูธให้บริการออนไลน์ที่ตลาดนัดชุมชนแทน" in page and "15 ส.ค. 2564" in page
    assert "เพิ่มแผนสำรองออกบูธ" in page
    reviewer.click("button[value=accept]")
    reviewer.wait_for_selector(".msg-success")
    result.refresh_from_db()
    assert result.status == Result.Status.ACCEPTED

    # The region's printed report, as the reviewer downloads it: the appendix lists both actions.
    response = reviewer.request.get(
        f"{live_server.url}/results/{seed_plan.pk}/report/?quarter=2&variant=region&format=pdf"
    )
    assert response.status == 200
    pdf = tmp_path / "region.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    squeezed = "".join(text.split())
    assert "ภาคผนวก:ปัญหาอุปสรรคและการแก้ไข" in squeezed
    assert "ออกบูธให้บริการออนไลน์" in squeezed and "จัดกิจกรรมชดเชยที่ห้าง" in squeezed
    # Both actions' dates (2564) have passed and neither is done: followed up as overdue. (pdftotext reads the
    # font's sara am as sara aa.)
    assert squeezed.count("เลยกาหนด") + squeezed.count("เลยกำหนด") == 2
