"""The quarter form's letter date: shown and typed in B.E. (30/06/2564), C.E. accepted, never erased by a save,
printed on the unit report; the XLSX round trip and the API read it the same way."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from quarters.models import Change, Result
from quarters.reports import build_report
from quarters.services import results_transition

from .conftest import entry_url, page_form

pytestmark = pytest.mark.django_db


def save(client, url, data):
    response = client.post(url, data | {"action": "save"})
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize(
    "typed",
    ["30/06/2564", "2564-06-30", "30 มิ.ย. 2564", "๓๐/๐๖/๒๕๖๔", "2021-06-30", "30/06/64", "30 มิถุนายน 2564"],
)
def test_a_letter_date_typed_any_thai_way_is_30_june_2021(
    client, branch_user, seed_plan, office, pr_target, typed
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    save(
        client,
        url,
        page_form(client, url)
        | {
            f"t{pr_target.pk}-value": "2",
            f"t{pr_target.pk}-letter_no": "ก.2 1637/2564",
            f"t{pr_target.pk}-letter_date": typed,
        },
    )
    assert Result.objects.get(target=pr_target, unit=office, quarter=2).letter_date == date(2021, 6, 30)


def test_the_letter_date_survives_two_saves_untouched(
    client, branch_user, seed_plan, office, pr_target, dmsx_target
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    save(
        client,
        url,
        page_form(client, url)
        | {
            f"t{pr_target.pk}-value": "2",
            f"t{pr_target.pk}-letter_no": "ก.2 1637/2564",
            f"t{pr_target.pk}-letter_date": "30/06/2564",
        },
    )
    for _ in range(2):  # the page as the browser shows it, posted back with another row changed
        data = page_form(client, url)
        assert data[f"t{pr_target.pk}-letter_date"] == "30/06/2564"  # B.E., in a text input a browser keeps
        data |= {f"t{dmsx_target.pk}-numerator": "95", f"t{dmsx_target.pk}-denominator": "100"}
        save(client, url, data)
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    assert result.letter_date == date(2021, 6, 30) and result.version == 1  # never rewritten
    changes = [c.fields for c in Change.objects.filter(result=result)]
    assert len(changes) == 1 and changes[0]["letter_date"][1] == "2021-06-30"  # history: one change, no "→ —"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("30/06/2574", "อยู่นอกช่วงปีของแผน"),  # not the plan year nor the next
        ("31/06/2564", "เดือน มิ.ย. ไม่มีวันที่ 31"),
        ("พรุ่งนี้", "อ่านเป็นวันที่ไม่ได้"),
    ],
)
def test_a_letter_date_that_is_no_date_of_the_plan_is_refused_at_the_field(
    client, branch_user, seed_plan, office, pr_target, typed, message
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "2", f"t{pr_target.pk}-letter_date": typed}
    response = client.post(url, data | {"action": "save"})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and f'value="{typed}"' in html  # the input is kept as typed
    assert not Result.objects.filter(unit=office, quarter=2).exists()


def test_numbers_are_read_as_typed_never_multiplied(
    client, branch_user, seed_plan, office, smile_score_target
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {
        f"t{smile_score_target.pk}-value": "4,5",  # a decimal comma: 4.5, not 45
        f"t{smile_score_target.pk}-denominator": "๑๒",
        f"t{smile_score_target.pk}-narrative": "คะแนนเฉลี่ยจากแบบสำรวจ",
    }
    save(client, url, data)
    result = Result.objects.get(target=smile_score_target, unit=office, quarter=2)
    assert (result.value, result.denominator) == (Decimal("4.5"), Decimal(12))


def test_the_unit_report_prints_the_letter_date(
    client, branch_user, branch_approver, region_reviewer, seed_plan, office, pr_target
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    letter = {
        f"t{pr_target.pk}-letter_no": "ก.2 พศ.(บห) 1637/2564",
        f"t{pr_target.pk}-letter_date": "30/06/2564",
    }
    save(client, url, page_form(client, url) | {f"t{pr_target.pk}-value": "2"} | letter)
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    for action, user in (("submit", branch_user), ("approve", branch_approver), ("accept", region_reviewer)):
        results_transition(results=[result], action=action, user=user, now=timezone.now())
    report = build_report(seed_plan, 2, variant="unit", unit=office, today=timezone.localdate())
    row = next(r for s in report.sections for r in s.rows if r.activity == pr_target.activity)
    assert "- ตามหนังสือเลขที่ ก.2 พศ.(บห) 1637/2564 ลงวันที่ 30 มิ.ย. 2564" in row.cells[1].lines  # Q1-2


def test_the_xlsx_round_trip_reads_letter_dates_and_decimal_commas(
    client, branch_user, seed_plan, office, pr_target, smile_score_target
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    download = client.get(reverse("quarters:entry_xlsx", args=[seed_plan.pk, office.pk, 2]))
    wb = openpyxl.load_workbook(io.BytesIO(download.content))
    ws = wb.active
    headers = [c.value for c in ws[2]]
    assert "ลงวันที่ (วว/ดด/ปปปป พ.ศ.)" in headers
    col = {h: i for i, h in enumerate(headers)}
    for row in ws.iter_rows(min_row=3):
        if row[0].value == pr_target.pk:
            row[col["ผลสะสม"]].value = "๒"
            row[col["เลขที่หนังสือ"]].value = "ก.2 1637/2564"
            row[col["ลงวันที่ (วว/ดด/ปปปป พ.ศ.)"]].value = "30 มิ.ย. 2564"
        if row[0].value == smile_score_target.pk:
            row[col["ผลสะสม"]].value = "4,5"
            row[col["ตัวหาร / จำนวนผู้ตอบ / จำนวนเรื่อง"]].value = 12
            row[col["คำอธิบายผลการดำเนินงาน"]].value = "คะแนนเฉลี่ย"
    out = io.BytesIO()
    wb.save(out)
    response = client.post(
        reverse("quarters:entry_upload", args=[seed_plan.pk, office.pk, 2]),
        {"file": SimpleUploadedFile("q2.xlsx", out.getvalue())},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    pr = Result.objects.get(target=pr_target, unit=office, quarter=2)
    score = Result.objects.get(target=smile_score_target, unit=office, quarter=2)
    assert (pr.value, pr.letter_date) == (Decimal(2), date(2021, 6, 30))
    assert score.value == Decimal("4.5")
    # downloaded again, the letter date is written as the form shows it
    again = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("quarters:entry_xlsx", args=[seed_plan.pk, office.pk, 2])).content)
    ).active
    assert any(
        row[col["ลงวันที่ (วว/ดด/ปปปป พ.ศ.)"]].value == "30/06/2564" for row in again.iter_rows(min_row=3)
    )
    assert url
