"""In a real browser: the quarter form never loses input. Files chosen before a refused save are kept; input
typed while the connection is down, in a tab then closed, is offered back; and the worklist's counts are the
rows of the pages they link to."""

from decimal import Decimal

import pytest
from django.utils import timezone

from plans.models import Target, Unit
from quarters import services
from quarters.models import Evidence, PendingEvidence, Result
from quarters.validation import RowValues
from tests.conftest import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def target(number, order=1, objective="CR1"):
    return Target.objects.get(
        activity__workplan__objective__code=objective, activity__number=number, order=order
    )


def test_a_file_chosen_before_a_refused_save_is_still_attached(
    login, live_server, seed_plan, artifacts, tmp_path
):
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    make_user("rep", "กฟฟ.ชบ.", "reporter")
    pr, dmsx = target("1.1"), target("1.2")
    page = login("rep", "pw-rep-2564")
    page.goto(f"{live_server.url}/results/{seed_plan.pk}/unit/{office.pk}/q2/")
    scan = tmp_path / "ภาพกิจกรรม.pdf"
    scan.write_bytes(PDF)
    page.fill(f"#id_t{pr.pk}-value", "2")
    page.set_input_files(f"#id_t{pr.pk}-evidence", str(scan))
    page.fill(f"#id_t{dmsx.pk}-numerator", "95")
    page.fill(f"#id_t{dmsx.pk}-denominator", "0")  # refused: a denominator of 0
    page.click("button[value=save]")
    page.wait_for_selector("#form-errors")
    assert page.locator(".error-box[role=alert]").count() == 1  # said once
    kept = page.locator(f"#row-t{pr.pk} .file-list.kept")
    assert "แนบไว้แล้ว" in kept.inner_text() and "ภาพกิจกรรม.pdf" in kept.inner_text()
    # The badge follows what was typed, not what is stored: 2 PR activities by Q1-2 meets the goal.
    assert page.locator(f"#row-t{pr.pk} [data-status]").inner_text() == "บรรลุเป้าหมาย"
    page.locator(f"#row-t{pr.pk}").screenshot(path=str(artifacts / "form-file-kept.png"))
    page.fill(f"#id_t{dmsx.pk}-denominator", "100")
    page.click("button[value=save]")
    page.wait_for_selector(".msg-success")
    evidence = Evidence.objects.get()
    assert (evidence.result.target, evidence.original_name) == (pr, "ภาพกิจกรรม.pdf")
    assert not PendingEvidence.objects.exists()
    # Listed with a download link, and taken off again with "remove when saved".
    row = page.locator(f"#row-t{pr.pk}")
    assert row.locator(f"a[href='/results/evidence/{evidence.pk}/']").count() == 1
    row.locator("input[name$='-remove_evidence']").check()
    page.click("button[value=save]")
    page.wait_for_selector(".msg-success")
    assert not Evidence.objects.exists()


def test_input_typed_offline_in_a_closed_tab_is_offered_back(browser, live_server, seed_plan, console_errors):
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    make_user("rep", "กฟฟ.ชบ.", "reporter")
    pr = target("1.1")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = console_errors(context.new_page())
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "rep")
    page.fill("#id_password", "pw-rep-2564")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    form_url = f"{live_server.url}/results/{seed_plan.pk}/unit/{office.pk}/q2/"
    page.goto(form_url)
    context.set_offline(True)
    page.wait_for_selector(".draft-offline")  # the page says the input is kept in this browser
    page.fill(f"#id_t{pr.pk}-value", "2")
    page.fill(f"#id_t{pr.pk}-narrative", "จัดกิจกรรมที่ตลาดนัดชุมชน")
    page.close()  # the tab is closed before the connection comes back
    context.set_offline(False)
    page = console_errors(context.new_page())
    page.set_default_timeout(15000)
    page.goto(form_url)
    offer = page.locator(".draft-offer")
    assert "ยังไม่ได้บันทึก" in offer.inner_text()
    assert page.input_value(f"#id_t{pr.pk}-value") == ""  # nothing put back without asking
    offer.locator("button.primary").click()
    assert page.input_value(f"#id_t{pr.pk}-value") == "2"
    assert page.input_value(f"#id_t{pr.pk}-narrative") == "จัดกิจกรรมที่ตลาดนัดชุมชน"
    assert page.locator(f"#row-t{pr.pk} [data-status]").inner_text() == "บรรลุเป้าหมาย"
    page.click("button[value=save]")
    page.wait_for_selector(".msg-success")
    assert Result.objects.get(target=pr, unit=office, quarter=2).value == 2
    assert page.locator(".draft-offer").count() == 0  # saved: nothing more to offer
    page.reload()
    assert page.locator(".draft-offer").count() == 0
    context.close()


def _save(user, plan, unit, quarter, tgt, *, submit=False, **values):
    services.results_save_and_submit(
        plan=plan,
        unit=unit,
        quarter=quarter,
        rows=[services.RowSave(tgt, RowValues(**values).normalised(tgt), None, True)],
        user=user,
        now=timezone.now(),
        submit=submit,
    )
    return Result.objects.get(target=tgt, unit=unit, quarter=quarter)


def visible_items(page) -> int:
    if "/review/" in page.url:
        return page.locator("input[name=result]").count()
    if "/matrix/" in page.url:
        return page.locator("table.matrix tbody tr").count()
    return page.locator("article.result-row:visible").count()


def test_every_worklist_count_is_the_number_of_rows_its_link_shows(login, live_server, seed_plan, artifacts):
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    reporter = make_user("rep", "กฟฟ.ชบ.", "reporter")
    approver = make_user("mgr", "กฟฟ.ชบ.", "approver")
    make_user("rev", "กบล.(ก2)", "reviewer")
    # Q1-4: 1.1 a draft, 1.2 returned by the approver, 5.3 submitted; Q1: 1.1 submitted and approved.
    _save(reporter, seed_plan, office, 4, target("1.1"), value=Decimal(4))
    returned = _save(
        reporter,
        seed_plan,
        office,
        4,
        target("1.2"),
        numerator=Decimal(95),
        denominator=Decimal(100),
        submit=True,
    )
    services.results_transition(
        results=[returned], action="return", user=approver, reason="ยอด SAP ไม่ตรง", now=timezone.now()
    )
    _save(reporter, seed_plan, office, 4, target("5.3"), value=Decimal(36000), submit=True)
    q1 = _save(reporter, seed_plan, office, 1, target("1.1"), value=Decimal(1), submit=True)
    services.results_transition(results=[q1], action="approve", user=approver, now=timezone.now())

    for username in ("rep", "mgr", "rev"):
        page = login(username, f"pw-{username}-2564")
        page.screenshot(path=str(artifacts / f"worklist-{username}.png"), full_page=True)
        links = [
            (a.get_attribute("href"), a.inner_text()) for a in page.locator("#worklist a[data-work]").all()
        ]
        assert links
        for href, text in links:
            count = int(text.split(":")[-1].split()[0]) if ":" in text else int(text)
            page.goto(f"{live_server.url}{href}")
            assert visible_items(page) == count, (username, href)
