"""Importing complaint exports (all or nothing, idempotent) and the complaint pages."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from complaints.importers import import_complaints
from complaints.models import Complaint
from kpiplan.lib.tabular import TableError
from plans.history import history_of
from plans.models import Unit
from tests.helpers import form_fields

pytestmark = pytest.mark.django_db
HEADER = "reference,received_at,channel,unit,type,description,status,closed_at,resolution\n"


def csv_file(rows: list[str], name="export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + "\n".join(rows) + "\n").encode("utf-8"))


def row(i, unit="กฟฟ.ชบ.", received="2021-02-01 09:00", closed="2021-02-10 10:00", type_code="OP3"):
    status = "closed" if closed else "open"
    return f"R-{i:06d},{received},call_center,{unit},{type_code},ไฟดับบ่อย,{status},{closed},แก้ไขแล้ว"


@pytest.fixture
def region_units(seed_plan):
    return Unit.objects.filter(region=seed_plan.owner)


def test_an_import_creates_every_row_with_its_due_date(branch_user, region_units):
    outcome = import_complaints(
        csv_file([row(1), row(2, closed=""), row(3, type_code="URGENT")]),
        user=branch_user,
        allowed_units=region_units,
    )
    assert (outcome.created, outcome.updated) == (3, 0)
    first = Complaint.objects.get(reference="R-000001")
    assert first.due_at.date().isoformat() == "2021-02-16" and first.status == "closed"
    assert Complaint.objects.get(reference="R-000002").closed_at is None
    assert [(e.action, e.via, e.by) for e in history_of(first)] == [("created", "import", branch_user)]


def test_imported_rows_take_numbers_the_form_does_not_take_again(client, branch_user, region_units):
    # The import inserts its rows with ids it took first (COPY / executemany give none back): a complaint
    # logged on the form afterwards gets an id of its own, and each keeps its own history.
    import_complaints(csv_file([row(1), row(2)]), user=branch_user, allowed_units=region_units)
    imported = Complaint.objects.get(reference="R-000001")
    created = history_of(imported).get()
    assert created.changes["unit"] == ["", "กฟฟ.ชบ."] and created.changes["status"] == ["", "ปิดแล้ว"]
    assert created.changes["received_at"] == ["", "1 ก.พ. 2564 09:00 น."]
    client.force_login(branch_user)
    client.post(
        reverse("complaints:create"),
        {
            "reference": "W-1",
            "received_at": "2021-03-01T09:00",
            "channel": "walk_in",
            "unit": branch_user.unit_id,
            "type": imported.type_id,
            "description": "แรงดันไฟตก",
        },
    )
    logged = Complaint.objects.get(reference="W-1")
    assert len({c.pk for c in Complaint.objects.all()}) == 3
    assert [e.via for e in history_of(logged)] == ["form"]
    assert [e.via for e in history_of(imported)] == ["import"]


def test_reimporting_the_same_file_creates_no_duplicates(branch_user, region_units):
    rows = [row(i) for i in range(1, 6)]
    import_complaints(csv_file(rows), user=branch_user, allowed_units=region_units)
    rows[0] = row(1, closed="2021-02-05 08:00")
    outcome = import_complaints(csv_file(rows), user=branch_user, allowed_units=region_units)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 4)
    assert Complaint.objects.count() == 5
    assert Complaint.objects.get(reference="R-000001").closed_at.day == 5


def test_a_bad_date_in_row_5003_imports_nothing_and_names_row_and_column(branch_user, region_units):
    rows = [row(i) for i in range(1, 6001)]
    rows[5001] = row(5002, received="31/31/2021")  # spreadsheet row 5003 (header is row 1)
    with pytest.raises(TableError) as exc:
        import_complaints(csv_file(rows), user=branch_user, allowed_units=region_units)
    assert [str(e) for e in exc.value.errors] == [
        "แถว 5003 คอลัมน์ วันที่รับเรื่อง: ไม่มีเดือนที่ 31 (ค่าในไฟล์: '31/31/2021')"
    ]
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (row(1, unit="กฟฟ.ไม่มี"), "คอลัมน์ หน่วยงาน: ไม่รู้จักค่านี้"),
        (row(1, type_code="XYZ"), "คอลัมน์ ประเภท: ไม่รู้จักค่านี้"),
        (row(1, closed="2021-01-01 00:00"), "ปิดเรื่องก่อนวันที่รับเรื่อง"),
        ("R-1,2021-02-01,call_center,กฟฟ.ชบ.,OP3,,open,,", "คอลัมน์ รายละเอียด: ต้องกรอก"),
    ],
)
def test_bad_rows_are_refused_with_row_and_column(branch_user, region_units, bad_row, message):
    with pytest.raises(TableError) as exc:
        import_complaints(csv_file([row(9), bad_row]), user=branch_user, allowed_units=region_units)
    assert any(message in str(e) and "แถว 3" in str(e) for e in exc.value.errors), [
        str(e) for e in exc.value.errors
    ]
    assert Complaint.objects.count() == 0


def test_a_duplicate_reference_in_the_file_is_refused(branch_user, region_units):
    with pytest.raises(TableError) as exc:
        import_complaints(csv_file([row(1), row(1)]), user=branch_user, allowed_units=region_units)
    assert "ซ้ำ" in str(exc.value.errors[0])


def test_an_empty_file_is_refused(branch_user, region_units):
    with pytest.raises(TableError) as exc:
        import_complaints(SimpleUploadedFile("e.csv", b""), user=branch_user, allowed_units=region_units)
    assert "ไฟล์" in str(exc.value.errors[0])


def test_a_reporter_cannot_import_another_units_complaints(branch_user, seed_plan):
    own = Unit.objects.filter(pk=branch_user.unit_id)
    with pytest.raises(TableError) as exc:
        import_complaints(csv_file([row(1, unit="กฟฟ.มดพ.")]), user=branch_user, allowed_units=own)
    assert "หน่วยงาน" in str(exc.value.errors[0])


def test_xlsx_with_other_column_names_is_mapped_on_the_page(client, branch_user, seed_plan):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ref No", "Date received", "Source", "Office", "Kind", "Detail"])
    ws.append(["X-1", "2021-03-01 10:00", "web", "กฟฟ.ชบ.", "OP1", "มิเตอร์ชำรุด"])
    out = io.BytesIO()
    wb.save(out)
    client.force_login(branch_user)
    page = client.post(reverse("complaints:import"), {"file": SimpleUploadedFile("crm.xlsx", out.getvalue())})
    assert page.status_code == 200 and "map_reference" in page.content.decode()
    token = page.context["token"]
    mapping = {
        "token": token,
        "map_reference": "Ref No",
        "map_received_at": "Date received",
        "map_channel": "Source",
        "map_unit": "Office",
        "map_type": "Kind",
        "map_description": "Detail",
    }
    preview = client.post(reverse("complaints:import"), mapping)
    assert preview.status_code == 200 and not Complaint.objects.exists()  # nothing written before confirming
    assert "1 ใหม่, 0 เปลี่ยน, 0 ไม่เปลี่ยน, 0 ไม่รับ" in preview.content.decode()
    response = client.post(reverse("complaints:import"), form_fields(preview.content.decode(), "import-form"))
    assert response.status_code == 302
    assert Complaint.objects.get(reference="X-1").description == "มิเตอร์ชำรุด"


def test_the_import_page_shows_row_errors_and_imports_nothing(client, branch_user, seed_plan):
    client.force_login(branch_user)
    page = client.post(reverse("complaints:import"), {"file": csv_file([row(1), row(2, received="nope")])})
    data = {"token": page.context["token"]} | {
        f"map_{k}": k
        for k in [
            "reference",
            "received_at",
            "channel",
            "unit",
            "type",
            "description",
            "status",
            "closed_at",
            "resolution",
        ]
    }
    response = client.post(reverse("complaints:import"), data)
    assert response.status_code == 400 and "แถว 3" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_logging_and_closing_a_complaint(client, branch_user, seed_plan):
    client.force_login(branch_user)
    unit = Unit.objects.get(code="กฟฟ.ชบ.")
    from complaints.models import ComplaintType

    data = {
        "reference": "W-1",
        "received_at": "2021-03-01T09:00",
        "channel": "walk_in",
        "unit": unit.pk,
        "type": ComplaintType.objects.get(code="OP3").pk,
        "description": "แรงดันไฟตก",
    }
    response = client.post(reverse("complaints:create"), data)
    complaint = Complaint.objects.get(reference="W-1")
    assert response.url == complaint.get_absolute_url()
    html = client.post(complaint.get_absolute_url(), {"action": "close", "resolution": ""}).content.decode()
    assert "ผลการแก้ไข" in html or "resolved" in html
    complaint.refresh_from_db()
    assert complaint.status == "open"
    client.post(
        complaint.get_absolute_url(),
        {"action": "close", "resolution": "เปลี่ยนหม้อแปลง", "closed_at": "2021-03-10T10:00"},
    )
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.closed_at.day == 10
    entries = list(history_of(complaint))
    assert [e.action for e in entries] == ["created", "changed"]
    assert entries[1].changes["status"] == ["เปิด", "ปิดแล้ว"]  # the page's own labels, before -> after
    assert entries[1].reason == "เปลี่ยนหม้อแปลง"
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "ประวัติการแก้ไข" in page and "เปิด → ปิดแล้ว" in page


def test_a_reporter_cannot_log_for_another_unit(client, branch_user, seed_plan):
    from complaints.models import ComplaintType

    client.force_login(branch_user)
    other = Unit.objects.get(code="กฟฟ.มดพ.")
    data = {
        "reference": "W-2",
        "received_at": "2021-03-01T09:00",
        "channel": "walk_in",
        "unit": other.pk,
        "type": ComplaintType.objects.get(code="OP3").pk,
        "description": "x",
    }
    response = client.post(reverse("complaints:create"), data)
    assert response.status_code == 400 and not Complaint.objects.filter(reference="W-2").exists()


@pytest.mark.parametrize(
    ("role", "sees_own", "sees_other"),
    [
        ("reporter", 200, 404),
        ("other_reporter", 404, 200),
        ("reviewer", 200, 200),
        ("head_office", 200, 200),
        ("outside_reviewer", 404, 404),
    ],
)
def test_who_sees_which_complaint(client, users_by_role, seed_plan, role, sees_own, sees_other):
    from complaints.models import ComplaintType
    from complaints.services import complaint_due
    from tests.complaints.test_sla import at

    t = ComplaintType.objects.get(code="OP1")
    mine = Complaint.objects.create(
        reference="A",
        received_at=at(2021, 1, 1),
        channel="web",
        unit=Unit.objects.get(code="กฟฟ.ชบ."),
        type=t,
        description="-",
        due_at=complaint_due(at(2021, 1, 1), t),
    )
    other = Complaint.objects.create(
        reference="B",
        received_at=at(2021, 1, 1),
        channel="web",
        unit=Unit.objects.get(code="กฟฟ.มดพ."),
        type=t,
        description="-",
        due_at=complaint_due(at(2021, 1, 1), t),
    )
    client.force_login(users_by_role[role])
    assert client.get(mine.get_absolute_url()).status_code == sees_own
    assert client.get(other.get_absolute_url()).status_code == sees_other
    listing = client.get(reverse("complaints:list"), {"queue": "all"}).content.decode()
    assert (">A<" in listing) == (sees_own == 200)


def test_the_list_takes_a_fixed_number_of_queries(client, region_reviewer, seed_plan, query_budget):
    from complaints.models import ComplaintType
    from complaints.services import complaint_due
    from tests.complaints.test_sla import at

    t = ComplaintType.objects.get(code="OP1")
    units = list(Unit.objects.filter(region=seed_plan.owner))
    Complaint.objects.bulk_create(
        [
            Complaint(
                reference=f"Q{i}",
                received_at=at(2021, 1, 1),
                channel="web",
                unit=units[i % len(units)],
                type=t,
                description="-",
                due_at=complaint_due(at(2021, 1, 1), t),
            )
            for i in range(120)
        ]
    )
    client.force_login(region_reviewer)
    with query_budget("complaints:list"):
        response = client.get(reverse("complaints:list"), {"queue": "all"})
    assert response.status_code == 200


def test_the_monthly_summary_as_page_pdf_and_xlsx(client, region_reviewer, seed_plan):
    client.force_login(region_reviewer)
    assert client.get(reverse("complaints:summary"), {"month": "2021-02"}).status_code == 200
    pdf = client.get(reverse("complaints:summary"), {"month": "2021-02", "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("complaints:summary"), {"month": "2021-02", "format": "xlsx"})
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active["A1"].value == "หน่วยงาน"
    assert client.get(reverse("complaints:summary"), {"month": "2021-13"}).status_code == 400


def test_the_complaint_form_shows_and_reads_dates_in_be(client, branch_user, seed_plan):
    from complaints.models import ComplaintType

    client.force_login(branch_user)
    page = client.get(reverse("complaints:create")).content.decode()
    received = form_fields(page, None)["received_at"]
    assert re.fullmatch(r"\d\d/\d\d/25\d\d \d\d:\d\d", received), (
        received
    )  # now, in B.E., as a person reads it
    data = {
        "reference": "W-2",
        "received_at": "1 มี.ค. 2564 10.30 น.",
        "channel": "walk_in",
        "unit": Unit.objects.get(code="กฟฟ.ชบ.").pk,
        "type": ComplaintType.objects.get(code="OP3").pk,
        "description": "แรงดันไฟตก",
    }
    client.post(reverse("complaints:create"), data)
    complaint = Complaint.objects.get(reference="W-2")
    assert timezone.localtime(complaint.received_at).isoformat() == "2021-03-01T10:30:00+07:00"
    client.post(
        complaint.get_absolute_url(),
        {"action": "close", "resolution": "แก้ไขแล้ว", "closed_at": "05/03/2564 16:00"},
    )
    complaint.refresh_from_db()
    assert timezone.localtime(complaint.closed_at).isoformat() == "2021-03-05T16:00:00+07:00"  # 5 March
    html = client.get(complaint.get_absolute_url()).content.decode()
    assert "1 มี.ค. 2564" in html
