"""In a real browser, the whole quarter as people live it: head office prints the activation letters; a new
reporter registers with the code from the letter and lands on the worklist; fills every target of the quarter
form (a letter with its date, and evidence) and submits; the approver approves and the region's reviewer
accepts from their worklists; the region's report PDF shows the figure. Each step is kept as a screenshot in
the artifacts folder (var/e2e-artifacts/journey-*.png)."""

import re
import subprocess

import pytest

from plans.models import Target, Unit
from quarters.models import Evidence, Result
from tests.conftest import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
CODE = re.compile(r"\b[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}-?[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}\b")

# What the office types on each kind of row: the goal itself (so that no row needs a reason for falling short)
# and a narrative on every row. 5.3 (PEA Mobile Shop, >= 3,000 customers a month) gets a figure of its own,
# 36,912, to be found in the region's report.
FILL_EVERY_ROW = """
(rows) => rows.map((row) => {
  const goal = row.dataset.goal === "" ? "1" : row.dataset.goal;
  const set = (suffix, value) => {
    const el = row.querySelector(`[name$='-${suffix}']`);
    if (el && !el.disabled) { el.value = value; el.dispatchEvent(new Event("input", {bubbles: true})); }
  };
  const kind = row.dataset.kind;
  if (kind === "count") set("value", goal);
  if (kind === "percentage") { set("numerator", goal); set("denominator", "100"); }
  if (kind === "score" || kind === "duration") { set("value", goal); set("denominator", "12"); }
  if (kind === "milestone") set("done", "1");
  set("narrative", "ดำเนินการตามแผนครบถ้วน");
  set("override_reason", "ตัวเลขตามรายงานของสำนักงาน");
  return kind;
})
"""


def shot(page, artifacts, name):
    page.screenshot(path=str(artifacts / f"journey-{name}.png"), full_page=False)


def pdf_text(content: bytes, artifacts, name) -> str:
    path = artifacts / f"journey-{name}.pdf"
    path.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(path.with_suffix(""))]
    )
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


def test_letters_register_fill_submit_approve_accept_report(
    browser, live_server, seed_plan, login, console_errors, artifacts, tmp_path
):
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    make_user("hq", "ฝอภ.(ก3)", "head_office")
    make_user("mgr", "กฟฟ.ชบ.", "approver")
    make_user("rev", "กบล.(ก2)", "reviewer")
    pr = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.1")
    mobile = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="5.3")

    # 1. Head office issues a code for the office and prints the letter.
    hq = login("hq", "pw-hq-2564")
    hq.goto(f"{live_server.url}/onboarding/codes/")
    hq.select_option("#id_units", label=f"{office.code} {office.name_th}")
    hq.select_option("#id_role", "reporter")
    hq.fill("#id_max_uses", "1")
    hq.click("main button[type=submit]")
    hq.wait_for_selector("#letters-progress a:has-text('PDF')")
    shot(hq, artifacts, "1-letters")
    href = hq.locator("#letters-progress a:has-text('PDF')").get_attribute("href")
    letter = hq.request.get(f"{live_server.url}{href}")
    text = pdf_text(letter.body(), artifacts, "1-letter")
    # The code as a person copies it from the PDF: its letters are spaced on the page, so the text layer may
    # hold "4 E Q G - U G XQ"; registration reads it without the spaces.
    code = CODE.search("\n".join(line.replace(" ", "") for line in text.splitlines())).group(0)

    # 2. The new reporter registers with the code from the letter: signed in, on the worklist.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    reporter = console_errors(context.new_page())
    reporter.set_default_timeout(15000)
    reporter.goto(f"{live_server.url}/register/")
    reporter.fill("#id_unit_code", office.code)
    reporter.fill("#id_code", code)
    reporter.fill("#id_first_name", "สมหญิง รักงาน")
    reporter.fill("#id_email", "somying@example.org")
    reporter.fill("#id_username", "somying")
    reporter.fill("#id_password1", "Sarabun-2564-pass")
    reporter.fill("#id_password2", "Sarabun-2564-pass")
    reporter.click("main button[type=submit]")
    reporter.wait_for_url(f"{live_server.url}/")
    to_fill = reporter.locator("#worklist [data-work=to_fill]").first
    total = int(to_fill.inner_text())
    assert total > 0
    shot(reporter, artifacts, "2-worklist")

    # 3. Every target of the quarter, a letter with its date and a scanned letter as evidence; then submit.
    to_fill.click()
    quarter = int(re.search(r"/q(\d)/", reporter.url).group(1))
    rows = reporter.locator("article.result-row:visible")
    assert rows.count() == total
    kinds = reporter.eval_on_selector_all("article.result-row", FILL_EVERY_ROW)
    assert len(kinds) == total
    reporter.fill(f"#id_t{mobile.pk}-value", "36912")
    reporter.fill(f"#id_t{pr.pk}-letter_no", "ก.2 พศค.(บห) 800/2565")
    reporter.fill(f"#id_t{pr.pk}-letter_date", "10/01/2565")
    scan = tmp_path / "หนังสือนำส่ง.pdf"
    scan.write_bytes(PDF)
    reporter.set_input_files(f"#id_t{pr.pk}-evidence", str(scan))
    reporter.locator(f"#row-t{pr.pk}").scroll_into_view_if_needed()
    shot(reporter, artifacts, "3-form-filled")
    reporter.click("button[value=submit]")
    reporter.wait_for_selector(".msg-success, .error-box")
    if reporter.locator(".error-box").count():
        errors = reporter.locator(".field-error, .error-box").all_inner_texts()
        pytest.fail(f"the form was refused: {errors[:10]}")
    shot(reporter, artifacts, "3-submitted")
    results = Result.objects.filter(unit=office, quarter=quarter)
    assert results.count() == total and set(results.values_list("status", flat=True)) == {"submitted"}
    letter_row = results.get(target=pr)
    assert str(letter_row.letter_date) == "2022-01-10"
    assert Evidence.objects.get(result=letter_row).original_name == "หนังสือนำส่ง.pdf"

    # 4. The approver sees the count waiting on the worklist and approves them all from the page it links to.
    approver = login("mgr", "pw-mgr-2564")
    waiting = approver.locator(f"#worklist [data-work=waiting][data-quarter='{quarter}']")
    assert f": {total} " in waiting.inner_text() + " "
    shot(approver, artifacts, "4-approver-worklist")
    waiting.click()
    assert approver.locator("input[name=result]").count() == total
    approver.check("thead input[type=checkbox]")
    shot(approver, artifacts, "4-review")
    approver.click("button[value=approve]")
    approver.wait_for_selector(".msg-success")

    # 5. The region's reviewer accepts them from the worklist's "waiting for acceptance".
    reviewer = login("rev", "pw-rev-2564")
    waiting = reviewer.locator(f"#worklist tr[data-quarter='{quarter}'] [data-work=waiting]")
    assert int(waiting.inner_text()) == total
    shot(reviewer, artifacts, "5-reviewer-worklist")
    waiting.click()
    reviewer.check("thead input[type=checkbox]")
    reviewer.click("button[value=accept]")
    reviewer.wait_for_selector(".msg-success")
    shot(reviewer, artifacts, "5-accepted")
    assert set(results.values_list("status", flat=True)) == {"accepted"}

    # 6. The region's report: the office is the only one to report 5.3, so the region's figure is its 36,912.
    report = reviewer.request.get(
        f"{live_server.url}/results/{seed_plan.pk}/report/?quarter={quarter}&variant=region&format=pdf"
    )
    assert report.ok
    text = pdf_text(report.body(), artifacts, "6-region-report")
    assert "36,912" in text or "36912" in text
    context.close()
