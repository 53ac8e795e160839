"""In a real browser: filter the grid to one workplan, drill into a red cell, export XLSX with the same numbers."""

from decimal import Decimal

import openpyxl
import pytest

from plans.models import Target, Unit
from tests.conftest import make_user
from tests.entering import enter_result

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_filter_drill_down_and_export(login, live_server, seed_plan, tmp_path):
    make_user("rev", "กบล.(ก2)", "reviewer")
    pr = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.1")
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    enter_result(pr, office, 2, Decimal(1), narrative="จัดได้ 1 ครั้ง")  # accepted, on time
    page = login("rev", "pw-rev-2564")
    page.goto(f"{live_server.url}/results/grid/?plan={seed_plan.pk}&quarter=2")
    workplan_label = page.locator("#id_workplan option", has_text="CR1 · 1 ").inner_text()
    page.select_option("#id_workplan", label=workplan_label)
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "3.3.2" not in page.inner_text("table.progress-grid")
    red = page.locator("a.gridcell.st-behind").first
    shown_value = red.locator(".v").inner_text()
    assert shown_value == "1"
    red.click()
    page.wait_for_load_state()
    assert "กฟฟ.ชบ." in page.inner_text("table.grid") and page.locator("svg.chart").count() == 1
    page.click("tr:has-text('กฟฟ.ชบ.') td.num a")  # the unit's result
    page.wait_for_load_state()
    assert "จัดได้ 1 ครั้ง" in page.content()
    page.go_back()
    page.go_back()
    with page.expect_download() as download:
        page.click("a.button-link:has-text('XLSX')")
    path = tmp_path / "grid.xlsx"
    download.value.save_as(path)
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    header = list(rows[0])
    pr_row = next(r for r in rows[1:] if r[2] == "1.1" and r[header.index("ไตรมาส")] == "ไตรมาส 1-2/2564")
    assert pr_row[header.index("ผลสะสม")] == int(shown_value)  # the page's figure, as a number
    assert {(r[0], r[1]) for r in rows[1:]} == {("CR1", 1)}  # only the filtered workplan


def test_the_api_docs_and_htmx_work_under_the_content_security_policy(
    login, live_server, seed_plan, settings
):
    """Swagger UI lists the endpoints and tries one; a queued batch's page polls with htmx. Anything the CSP
    refuses is a console error, which fails the test (console_errors)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the batch stays queued
    make_user("rev", "กบล.(ก2)", "reviewer")
    page = login("rev", "pw-rev-2564")
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.locator("#operations-plans-plans_list button.opblock-summary-control").click()
    page.get_by_text("Try it out").click()
    page.get_by_text("Execute").click()
    assert page.locator(".live-responses-table tbody .response-col_status").first.inner_text() == "200"

    page.goto(f"{live_server.url}/results/reports/")
    page.locator("form[action$='/report/batch/'] button[type=submit]").first.click()
    page.wait_for_selector("#batch-progress[hx-get]")
    with page.expect_request(lambda r: r.headers.get("hx-request") == "true", timeout=10000) as poll:
        pass
    assert poll.value.url.endswith(page.url.removeprefix(live_server.url))
