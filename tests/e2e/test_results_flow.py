"""In a real browser: fill Q2, submit, approve, return with a reason, correct, resubmit, accept, locked."""

import pytest

from plans.models import Target, Unit
from quarters.models import Result
from tests.conftest import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_quarter_goes_round_the_whole_workflow(login, live_server, seed_plan):
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    make_user("rep", "กฟฟ.ชบ.", "reporter")
    make_user("mgr", "กฟฟ.ชบ.", "approver")
    make_user("rev", "กบล.(ก2)", "reviewer")
    pr = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.1")
    dmsx = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.2", order=1)
    form_url = f"{live_server.url}/results/{seed_plan.pk}/unit/{office.pk}/q2/"

    reporter = login("rep", "pw-rep-2564")
    reporter.goto(form_url)
    reporter.fill(f"#id_t{pr.pk}-value", "2")
    badge = reporter.locator(f"#row-t{pr.pk} [data-status]")
    assert badge.inner_text() == "บรรลุเป้าหมาย"  # live status, before saving
    reporter.fill(f"#id_t{dmsx.pk}-numerator", "93")
    reporter.fill(f"#id_t{dmsx.pk}-denominator", "100")
    reporter.click("button[value=submit]")
    reporter.wait_for_selector(".msg-success")
    assert set(Result.objects.filter(unit=office, quarter=2).values_list("status", flat=True)) == {
        "submitted"
    }

    approver = login("mgr", "pw-mgr-2564")
    approver.goto(f"{live_server.url}/results/{seed_plan.pk}/review/q2/")
    approver.check("thead input[type=checkbox]")
    approver.click("button[value=approve]")
    approver.wait_for_selector(".msg-success")

    reviewer = login("rev", "pw-rev-2564")
    dmsx_result = Result.objects.get(target=dmsx, unit=office, quarter=2)
    reviewer.goto(f"{live_server.url}/results/result/{dmsx_result.pk}/")
    reviewer.fill("#id_reason", "ขอรายงานจำนวนรายการ SAP ของเดือน มิ.ย. ให้ครบ")
    reviewer.click("button[value=return]")
    reviewer.wait_for_selector(".msg-success")

    reporter.goto(form_url)
    assert "ขอรายงานจำนวนรายการ SAP" in reporter.content()
    reporter.fill(f"#id_t{dmsx.pk}-denominator", "98")
    reporter.fill(f"#id_t{dmsx.pk}-narrative", "แก้ไขจำนวนรายการ SAP ตามที่ กบล. แจ้ง")
    reporter.click("button[value=submit]")
    reporter.wait_for_selector(".msg-success")

    approver.goto(f"{live_server.url}/results/{seed_plan.pk}/review/q2/")
    approver.check("thead input[type=checkbox]")
    approver.click("button[value=approve]")
    approver.wait_for_selector(".msg-success")

    reviewer.goto(f"{live_server.url}/results/{seed_plan.pk}/review/q2/")
    reviewer.check("thead input[type=checkbox]")
    reviewer.click("button[value=accept]")
    reviewer.wait_for_selector(".msg-success")
    assert set(Result.objects.filter(unit=office, quarter=2).values_list("status", flat=True)) == {"accepted"}
    assert Result.objects.get(target=dmsx, unit=office, quarter=2).denominator == 98

    reporter.goto(form_url)
    assert reporter.locator(f"#id_t{dmsx.pk}-denominator").is_disabled()  # accepted means locked
    assert reporter.locator(f"#id_t{pr.pk}-value").is_disabled()


def test_the_form_works_on_a_phone(login, live_server, seed_plan):
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    make_user("phone", "กฟฟ.ชบ.", "reporter")
    pr = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.1")
    page = login("phone", "pw-phone-2564", viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/results/{seed_plan.pk}/unit/{office.pk}/q1/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.fill(f"#id_t{pr.pk}-value", "0")
    page.click("button[value=save]")
    assert "ต่ำกว่าเป้าหมาย" in page.content()  # the error shows at the field
    page.fill(f"#id_t{pr.pk}-narrative", "เลื่อนกิจกรรมไปเดือน เม.ย.")
    page.click("button[value=save]")
    page.wait_for_selector(".msg-success")
    assert Result.objects.get(target=pr, unit=office, quarter=1).narrative.startswith("เลื่อน")
