"""The quarter form's letter date: shown and typed in B.E. (30/06/2564), C.E. accepted, never erased by a save,
printed on the unit report; the XLSX round trip and the API read it the same way."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from plans.history import history_of
from plans.models import Target
from quarters.models import Result
from quarters.reports import build_report
from quarters.services import results_transition
from tests.messy import IMPORT_PROPERTY, days, rolled_back, written_date, written_number

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
    changes = [e.changes for e in history_of(result)]
    assert len(changes) == 1 and changes[0]["letter_date"][1] == "30 มิ.ย. 2564"  # one change, no "→ —"


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
    assert response.status_code == 400
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


# (as typed in the XLSX letter-date cell, the day a person reads); the first 22 targets of the office's form
LETTER_DATES = [
    ("30/06/2564", date(2021, 6, 30)),
    ("2564-06-30", date(2021, 6, 30)),
    ("30 มิ.ย. 2564", date(2021, 6, 30)),
    ("๓๐/๐๖/๒๕๖๔", date(2021, 6, 30)),
    ("1/7/2564", date(2021, 7, 1)),
    ("01/07/64", date(2021, 7, 1)),
    ("2 ก.ค. 64", date(2021, 7, 2)),
    ("2 กรกฎาคม 2564", date(2021, 7, 2)),
    ("2021-07-05", date(2021, 7, 5)),
    ("05/07/2021", date(2021, 7, 5)),
    ("5 Jul 2021", date(2021, 7, 5)),
    (datetime(2021, 7, 6), date(2021, 7, 6)),  # a real Excel date cell
    ("6 ก.ค. พ.ศ. 2564", date(2021, 7, 6)),
    (" 07/07/2564 ", date(2021, 7, 7)),
    ("07.07.2564", date(2021, 7, 7)),
    ("2564/07/08", date(2021, 7, 8)),
    ("๘ ก.ค. ๒๕๖๔", date(2021, 7, 8)),
    ("9-7-2564", date(2021, 7, 9)),
    ("10/07/2564", date(2021, 7, 10)),
    ("", None),
    ("-", None),
    ("11 กรกฎาคม 64", date(2021, 7, 11)),
]
# numbers as typed in the value / numerator / denominator cells, by the kind of target
NUMBERS = {
    "count": ({"ผลสะสม": "๒"}, {"value": Decimal(2)}),
    "percentage": (
        {"ตัวตั้ง": "1,234", "ตัวหาร / จำนวนผู้ตอบ / จำนวนเรื่อง": "1,300"},
        {"numerator": Decimal(1234), "denominator": Decimal(1300)},
    ),
}


def test_a_hand_made_quarter_workbook_stores_what_a_person_reads(client, branch_user, seed_plan, office):
    client.force_login(branch_user)
    download = client.get(reverse("quarters:entry_xlsx", args=[seed_plan.pk, office.pk, 2]))
    wb = openpyxl.load_workbook(io.BytesIO(download.content))
    ws = wb.active
    col = {c.value: i for i, c in enumerate(ws[2])}
    expected = {}
    for (typed, day), row in zip(LETTER_DATES, ws.iter_rows(min_row=3), strict=False):
        target = Target.objects.get(pk=row[0].value)
        row[col["คำอธิบายผลการดำเนินงาน"]].value = "รายงานตามหนังสือ"
        row[col["เลขที่หนังสือ"]].value = "ก.2 พศ.(บห) 1637/2564"
        row[col["ลงวันที่ (วว/ดด/ปปปป พ.ศ.)"]].value = typed
        cells, values = NUMBERS.get(target.kind, ({}, {}))
        for header, text in cells.items():
            row[col[header]].value = text
        if cells and target.measure_key:  # a figure other than the records' needs its reason, as on the form
            row[col["เหตุผลที่ต่างจากข้อมูลในระบบ"]].value = "นับจากทะเบียนของสำนักงาน"
        expected[target.pk] = (day, values)
    out = io.BytesIO()
    wb.save(out)
    response = client.post(
        reverse("quarters:entry_upload", args=[seed_plan.pk, office.pk, 2]),
        {"file": SimpleUploadedFile("q2.xlsx", out.getvalue())},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = {r.target_id: r for r in Result.objects.filter(unit=office, quarter=2)}
    assert len(expected) == 22 and set(stored) == set(expected)
    for target_id, (day, values) in expected.items():
        result = stored[target_id]
        assert result.letter_date == day, (target_id, day)
        assert {name: getattr(result, name) for name in values} == values


@st.composite
def filled_rows(draw):
    """The 1.1 row (a count) filled in some messy way: its value and letter date, or one bad cell."""
    value = draw(st.integers(1, 50))
    day = draw(days(date(2021, 4, 1), date(2022, 12, 31)))  # the plan year and the next
    cells = {
        "ผลสะสม": draw(written_number(Decimal(value))),
        "ลงวันที่ (วว/ดด/ปปปป พ.ศ.)": draw(written_date(day)),
    }
    bad = draw(
        st.sampled_from(
            [None, ("ผลสะสม", "4,5,6"), ("ผลสะสม", "1e30"), ("ลงวันที่ (วว/ดด/ปปปป พ.ศ.)", "31/9/2564")]
        )
    )
    if bad:
        cells[bad[0]] = bad[1]
    return cells, value, day, bad


@IMPORT_PROPERTY
@given(filled_rows())
def test_a_messy_quarter_workbook_stores_what_a_person_reads_or_is_refused(
    client, branch_user, seed_plan, office, pr_target, case
):
    cells, value, day, bad = case
    client.force_login(branch_user)
    with rolled_back():
        wb = openpyxl.load_workbook(
            io.BytesIO(client.get(reverse("quarters:entry_xlsx", args=[seed_plan.pk, office.pk, 2])).content)
        )
        ws = wb.active
        col = {c.value: i for i, c in enumerate(ws[2])}
        row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == pr_target.pk)
        for header, text in cells.items():
            row[col[header]].value = text
        row[col["คำอธิบายผลการดำเนินงาน"]].value = "จัดกิจกรรมแล้ว"
        out = io.BytesIO()
        wb.save(out)
        response = client.post(
            reverse("quarters:entry_upload", args=[seed_plan.pk, office.pk, 2]),
            {"file": SimpleUploadedFile("q2.xlsx", out.getvalue())},
        )
        result = Result.objects.filter(target=pr_target, unit=office, quarter=2).first()
        if bad:
            assert response.status_code == 400 and result is None
            assert bad[0] in response.content.decode()  # the column is named
        else:
            assert response.status_code == 302
            assert (result.value, result.letter_date) == (Decimal(value), day)


@pytest.mark.parametrize(
    "cell",
    # (an XLSX number cell cannot hold NaN or infinity: a program writing one writes text, as here)
    [100000000000000000000, 1e20, 1e30, "100000000000000000000", "1e30", "NaN", "Infinity", "-inf"],
)
def test_a_quarter_workbook_value_that_does_not_fit_is_refused_with_its_row_and_column(
    client, branch_user, seed_plan, office, pr_target, cell
):
    """The value column holds 16 digits, 4 after the point (the form's and the API's limit): a bigger number,
    NaN or infinity, typed or stored as a number cell, is a Thai error on its row and column, HTTP 400, and
    nothing is stored (it used to be stored as REAL 1e+20 on SQLite, and answer 500 on PostgreSQL)."""
    client.force_login(branch_user)
    wb = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("quarters:entry_xlsx", args=[seed_plan.pk, office.pk, 2])).content)
    )
    ws = wb.active
    col = {c.value: i for i, c in enumerate(ws[2])}
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == pr_target.pk)
    row[col["ผลสะสม"]].value = cell
    out = io.BytesIO()
    wb.save(out)
    response = client.post(
        reverse("quarters:entry_upload", args=[seed_plan.pk, office.pk, 2]),
        {"file": SimpleUploadedFile("q2.xlsx", out.getvalue())},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f"<td>{row[0].row}</td>" in html.replace(" ", "") or str(row[0].row) in html  # its row
    assert "ผลสะสม" in html  # its column
    assert not Result.objects.filter(target=pr_target, unit=office, quarter=2).exists()
    # the unit's form still opens: nothing half-stored to trip over
    assert client.get(reverse("quarters:entry", args=[seed_plan.pk, office.pk, 2])).status_code == 200
