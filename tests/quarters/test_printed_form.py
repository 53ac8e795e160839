"""The printed form as on paper: target labels whole, quarters not yet due blank, no lone "-", and the signatures
on the page of the last rows (over the demo data, entered through the services)."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from plans import services as plan_services
from plans.models import Target, Unit, User
from quarters import selectors, services
from quarters.models import Result
from quarters.reports import build_report, render_html, render_pdf
from quarters.validation import RowValues, check_row

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # the demo data, loaded once a module

BANGKOK = ZoneInfo("Asia/Bangkok")
TODAY = date(2021, 7, 25)


def cell_texts(html: str) -> list[list[str]]:
    """The four quarter cells of every activity row, as text."""
    rows = []
    for row in re.findall(r"<tr>\s*<td>.*?</tr>", html, re.S):
        cells = re.findall(r'<td class="st-[^"]*">(.*?)</td>', row, re.S)
        if len(cells) == 4:
            rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


@pytest.mark.parametrize("variant", ["region", "unit"])
def test_quarters_not_yet_due_are_blank_and_labels_are_whole(demo_plan, variant):
    unit = Unit.objects.get(code="กฟฟ.ชบ.") if variant == "unit" else None
    report = build_report(demo_plan, 2, variant=variant, unit=unit, today=TODAY)
    html = render_html(report)
    rows = cell_texts(html)
    assert len(rows) > 20
    # The Q1-2 form: Q1-3 and Q1-4 are printed empty, as the paper form leaves them; Q1 and Q1-2 say something.
    assert all(r[2] == "" and r[3] == "" for r in rows)
    assert all(r[0] and r[1] for r in rows)
    # A label printed before a figure is the target's whole label: 1.2's second target ends "ไม่ต่ำกว่าร้อยละ 90".
    label = Target.objects.get(
        activity__number="1.2",
        order=2,
        activity__workplan__objective__code="CR1",
        activity__workplan__objective__perspective__plan=demo_plan,
    ).label_th
    assert label.endswith("ไม่ต่ำกว่าร้อยละ 90") and f"- {label}:" in html


def test_a_narrative_of_a_dash_prints_no_lone_dash(demo_plan):
    """An office that types "-" as its narrative: the form prints the figure and nothing for the dash."""
    office = Unit.objects.get(code="กฟฟ.มดพ.")
    reporter = User.objects.get(username="reporter2")
    approver, _password = plan_services.user_create(
        username="approver2", unit=office, role=User.Role.APPROVER
    )
    reviewer = User.objects.get(username="reviewer")
    now = datetime.combine(date(2021, 7, 5), time(10), tzinfo=BANGKOK)
    form = selectors.entry_form(demo_plan, office, 2, now.date())
    row = next(r for r in form.rows if r.target.activity.number == "1.1" and not r.target.measure_key)
    values = RowValues(value=Decimal(2), narrative="-").normalised(row.target)
    assert check_row(row.target, 2, values) == {}  # 2 PR activities by Q1-2 is on target: no reason asked
    services.results_save(
        plan=demo_plan,
        unit=office,
        quarter=2,
        rows=[services.RowSave(row.target, values)],
        user=reporter,
        now=now,
    )
    result = Result.objects.get(unit=office, quarter=2, target=row.target)
    for action, user in (("submit", reporter), ("approve", approver), ("accept", reviewer)):
        services.results_transition(results=[result], action=action, user=user, now=now)
    html = render_html(build_report(demo_plan, 2, variant="unit", unit=office, today=TODAY))
    lines = [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(r'<div class="cell-line">(.*?)</div>', html, re.S)
    ]
    assert "- 2 ครั้ง" in lines
    assert not [line for line in lines if line.strip(" -–—") == ""]


def pdf_pages(content: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout
    return text.decode().split("\f")


def test_the_signatures_are_printed_with_the_last_rows(demo_plan):
    pages = [
        p
        for p in pdf_pages(render_pdf(build_report(demo_plan, 2, variant="region", today=TODAY)))
        if p.strip()
    ]
    # the form's last page: the definitions appendix follows it on pages of its own
    last = next(p for p in reversed(pages) if "ภาคผนวก" not in p and "นับอะไร" not in p)
    assert "ลงชื่อ" in last and "ผู้ตรวจสอบ" in last
    # the last page also carries the form's last activity (the Customer Journey), not the signatures alone
    assert "Customer Journey" in last
    assert all("ลงชื่อ" not in page for page in pages[: pages.index(last)])
