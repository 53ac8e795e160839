"""Complaint exports as Thai offices write them: mixed date forms, B.E. years, Thai digits, offsets, blanks,
encodings. The file imports exactly what a person reads from it, or is refused whole with every problem."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from complaints.importers import import_complaints
from complaints.models import Complaint
from kpiplan.lib.tabular import TableError
from kpiplan.lib.thaidate import BANGKOK
from plans.models import Unit
from tests.htmlforms import form_fields
from tests.messy import (
    IMPORT_PROPERTY,
    encoded,
    encodings,
    imported_or_refused,
    moments,
    rolled_back,
    spaced,
    written_blank,
    written_moment,
)

pytestmark = pytest.mark.django_db
HEADER = [
    "เลขที่ข้อร้องเรียน",
    "วันที่รับเรื่อง",
    "ช่องทาง",
    "หน่วยงาน",
    "ประเภท",
    "รายละเอียด",
    "เร่งด่วน",
    "ชื่อผู้ร้องเรียน",
    "โทรศัพท์",
    "สถานะ",
    "วันที่ปิดเรื่อง",
    "ผลการแก้ไข",
]


@pytest.fixture
def region_units(seed_plan):
    return Unit.objects.filter(region=seed_plan.owner)


def upload(rows, encoding="utf-8", header=HEADER):
    data, name = encoded(header, rows, encoding)
    return SimpleUploadedFile(name, data)


def bkk(*args):
    return datetime(*args, tzinfo=BANGKOK)


# Each row: the cells as typed in a branch office's Excel, then what a person reads from them.
HAND_MADE = [
    (["C-01", "2564-03-01 10:00", "call_center", "กฟฟ.ชบ.", "OP1", "ไฟดับบ่อย", "", "นายสมชาย", "0812345678", "ปิดแล้ว", "2564-03-05 16:30", "เปลี่ยนหม้อแปลง"],
     bkk(2021, 3, 1, 10, 0), bkk(2021, 3, 5, 16, 30), "closed", False, "นายสมชาย"),
    (["C-02", "01/03/2564 08.15 น.", "walk_in", "กฟฟ.ชบ.", "OP2", "พนักงานบริการช้า", "ไม่ใช่", "", "", "เปิด", "", ""],
     bkk(2021, 3, 1, 8, 15), None, "open", False, ""),
    (["C-03", "05/03/2021 09:00", "web", "กฟฟ.ชบ.", "OP3", "บิลค่าไฟสูงผิดปกติ", "", "-", "-", "", "", "-"],
     bkk(2021, 3, 5, 9, 0), None, "open", False, ""),  # 5 March, not 3 May
    (["C-04", "25/03/2021 14:00", "letter", "กฟฟ.ชบ.", "OP4", "ขอติดตั้งมิเตอร์ล่าช้า", "", "", "", "", "26/03/2021 09:00", "ติดตั้งแล้ว"],
     bkk(2021, 3, 25, 14, 0), bkk(2021, 3, 26, 9, 0), "closed", False, ""),
    (["C-05", "1 มี.ค. 2564 11:00", "social", "กฟฟ.มดพ.", "OP5", "เสาไฟเอียง", "", "", "", "", "", ""],
     bkk(2021, 3, 1, 11, 0), None, "open", False, ""),
    (["C-06", "๒ มีนาคม ๒๕๖๔ ๑๓:๔๕", "chat", "กฟฟ.ชบ.", "OP6", "สอบถามค่าไฟ", "", "", "", "", "", ""],
     bkk(2021, 3, 2, 13, 45), None, "open", False, ""),
    (["C-07", "2021-03-02T03:00:00Z", "government", "กฟฟ.ชบ.", "OP1", "แรงดันตก", "", "", "", "", "2021-03-02T12:00:00+07:00", "ปรับแทป"],
     bkk(2021, 3, 2, 10, 0), bkk(2021, 3, 2, 12, 0), "closed", False, ""),  # UTC and +07:00 among plain times
    (["C-08", "2021-03-02T10:00:00+07:00", "other", "กฟฟ.ชบ.", "OP2", "รอสายนาน", "", "", "", "", "", ""],
     bkk(2021, 3, 2, 10, 0), None, "open", False, ""),
    (["C-09", "3 มี.ค. 64 09:30", "call_center", "กฟฟ.ชบ.", "OP3", "มิเตอร์หมุนเร็ว", "", "", "", "", "", ""],
     bkk(2021, 3, 3, 9, 30), None, "open", False, ""),  # 64 is B.E. 2564: C.E. 2064 is outside the plan
    (["C-10", "  2564-04-01 10:00  ", " call_center ", " กฟฟ.ชบ. ", " OP4 ", " ขอย้ายมิเตอร์ ", "", "", "", "", "", ""],
     bkk(2021, 4, 1, 10, 0), None, "open", False, ""),
    (["C-11", "10/04/2564 16:00", "walk_in", "กฟฟ.ชบ.", "OP5", "กิ่งไม้พาดสาย", "", "", "", "ปิด", "15 เม.ย. 2564 10:00", "ตัดกิ่งไม้แล้ว"],
     bkk(2021, 4, 10, 16, 0), bkk(2021, 4, 15, 10, 0), "closed", False, ""),
    (["C-12", "2021-05-01 00:00", "web", "กฟฟ.ชบ.", "OP6", "แจ้งเปลี่ยนชื่อผู้ใช้ไฟ", "", "", "", "", "", ""],
     bkk(2021, 5, 1, 0, 0), None, "open", False, ""),
    (["C-13", "1/6/2564 7:05", "letter", "กฟฟ.ชบ.", "OP1", "ไฟกะพริบ", "", "", "", "", "", ""],
     bkk(2021, 6, 1, 7, 5), None, "open", False, ""),
    (["C-14", "30 มิ.ย. 2564 23:59", "social", "กฟฟ.ชบ.", "OP2", "ติดต่อไม่ได้", "", "", "", "", "", ""],
     bkk(2021, 6, 30, 23, 59), None, "open", False, ""),
    (["C-15", "2021-07-01 10:00", "Call_Center", "กฟฟ.ชบ.", "OP3", "ค่าไฟผิด", "", "", "", "", "", ""],
     bkk(2021, 7, 1, 10, 0), None, "open", False, ""),
    (["C-16", "2564-07-15 10:00", "chat", "กฟฟ.ชบ.", "URGENT", "สายไฟขาด", "ใช่", "", "", "", "2564-07-15 13:00", "ซ่อมแล้ว"],
     bkk(2021, 7, 15, 10, 0), bkk(2021, 7, 15, 13, 0), "closed", True, ""),
    (["C-17", "20 ส.ค. 2564 10:00", "call_center", "กฟฟ.ชบ.", "OP4", "ขอไฟใหม่", "", "นางสาวมาลี ใจดี", "", "", "", ""],
     bkk(2021, 8, 20, 10, 0), None, "open", False, "นางสาวมาลี ใจดี"),
    (["C-18", "2021-09-09 09:09:09", "walk_in", "กฟฟ.ชบ.", "OP5", "หม้อแปลงมีเสียงดัง", "", "", "", "", "", ""],
     bkk(2021, 9, 9, 9, 9, 9), None, "open", False, ""),
    (["C-19", "๑๐/๑๐/๒๕๖๔ ๑๐:๑๐", "web", "กฟฟ.ชบ.", "OP6", "ขอเอกสาร", "", "", "", "", "", ""],
     bkk(2021, 10, 10, 10, 10), None, "open", False, ""),
    (["C-20", "1 November 2021 10:00", "letter", "กฟฟ.ชบ.", "OP1", "ไฟตก", "", "", "", "", "", ""],
     bkk(2021, 11, 1, 10, 0), None, "open", False, ""),
    (["C-21", "2564-12-31 23:00", "social", "กฟฟ.ชบ.", "OP2", "บริการไม่ประทับใจ", "", "", "", "กำลังดำเนินการ", "", ""],
     bkk(2021, 12, 31, 23, 0), None, "in_progress", False, ""),
    (["C-22", "31/12/2021 8:00 PM", "chat", "กฟฟ.ชบ.", "OP3", "จดหน่วยผิด", "", "", "", "", "", ""],
     bkk(2021, 12, 31, 20, 0), None, "open", False, ""),
]  # fmt: skip


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp874"])
def test_a_hand_made_thai_file_stores_what_a_person_reads(region_reviewer, region_units, encoding):
    outcome = import_complaints(
        upload([cells for cells, *_ in HAND_MADE], encoding), user=region_reviewer, allowed_units=region_units
    )
    assert (outcome.created, outcome.updated) == (22, 0)
    stored = {c.reference: c for c in Complaint.objects.select_related("unit", "type")}
    for cells, received, closed, status, urgent, contact in HAND_MADE:
        complaint = stored[cells[0]]
        assert complaint.received_at == received, cells
        assert complaint.closed_at == closed, cells
        assert (complaint.status, complaint.urgent, complaint.contact_name) == (status, urgent, contact), (
            cells
        )
        assert complaint.unit.code == cells[3].strip() and complaint.type.code == cells[4].strip()
        assert "nan" not in (complaint.contact_phone, complaint.resolution, complaint.contact_name)
    # "-" is no value: never stored as text
    assert (stored["C-03"].contact_name, stored["C-03"].resolution) == ("", "")
    # OP3 closes within 15 calendar days: received 5 Mar 2564 -> due by the end of 20 Mar (3 May would be 18 May)
    assert stored["C-03"].due_at.astimezone(BANGKOK).date().isoformat() == "2021-03-20"


def test_a_file_with_eight_bad_rows_reports_eight_and_writes_nothing(region_reviewer, region_units):
    good = [cells for cells, *_ in HAND_MADE[:12]]
    bad = [list(cells) for cells in good]
    bad[0][1] = "31/02/2564 10:00"  # no 31 February
    bad[1][3] = "กฟฟ.ไม่มี"  # unknown unit
    bad[2][10], bad[2][11] = "2564-02-01 10:00", "แก้ไขแล้ว"  # closed before received
    bad[3][0] = bad[4][0] = "C-DUP"  # the same reference twice: two rows
    bad[5][5] = "ไฟ\x00ดับ"  # a NUL byte (PostgreSQL cannot store it)
    bad[6][5] = ""  # description required
    bad[7][1] = "1 มี.ค. 2570 10:00"  # outside the plan's years
    with pytest.raises(TableError) as exc:
        import_complaints(upload(bad), user=region_reviewer, allowed_units=region_units)
    assert exc.value.total == 8
    assert sorted({e.row for e in exc.value.errors}) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert Complaint.objects.count() == 0


def test_a_mixed_timezone_file_is_read_not_a_500(client, branch_user, seed_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(branch_user)
    rows = [cells for cells, *_ in HAND_MADE[6:9]]  # +00:00 and +07:00 among plain times
    page = client.post("/complaints/import/", {"file": upload(rows)})
    assert page.status_code == 200
    data = {"token": page.context["token"]} | {
        f"map_{name}": header
        for name, header in zip(
            ["reference", "received_at", "channel", "unit", "type", "description", "urgent", "contact_name",
             "contact_phone", "status", "closed_at", "resolution"],
            HEADER,
            strict=True,
        )
    }  # fmt: skip
    preview = client.post("/complaints/import/", data)
    assert preview.status_code == 200
    response = client.post("/complaints/import/", form_fields(preview.content.decode(), "import-form"))
    assert response.status_code == 302
    assert Complaint.objects.get(reference="C-07").received_at == bkk(2021, 3, 2, 10, 0)


CODES = ["OP1", "OP2", "OP3", "OP4", "OP5", "OP6"]


@st.composite
def complaint_files(draw):
    """A file of 1-6 complaints, each cell written some way a person writes it; sometimes one bad cell."""
    n = draw(st.integers(1, 6))
    truth, rows = [], []
    for i in range(n):
        received = draw(moments())
        closed = draw(
            st.none() | st.integers(60, 60 * 24 * 20).map(lambda m, r=received: r + timedelta(minutes=m))
        )
        if closed is not None and closed.year > 2021:
            closed = None
        unit = draw(st.sampled_from(["กฟฟ.ชบ.", "กฟฟ.มดพ."]))
        type_code = draw(st.sampled_from(CODES))
        rows.append(
            [
                f"H-{i}",
                draw(written_moment(received)),
                draw(spaced(draw(st.sampled_from(["call_center", "web", "Call Center", "WEB"])))),
                draw(spaced(unit)),
                draw(spaced(type_code)),
                draw(spaced("ไฟดับ")),
                draw(written_blank()),
                draw(written_blank()),
                draw(written_blank()),
                draw(written_blank()),
                draw(written_moment(closed)) if closed else draw(written_blank()),
                # a closed complaint says how it was resolved, as the closing form asks
                draw(spaced("แก้ไขแล้ว")) if closed else draw(written_blank()),
            ]
        )
        truth.append((f"H-{i}", received, closed, unit, type_code))
    bad_rows = set()
    if draw(st.booleans()):
        index = draw(st.integers(0, n - 1))
        column, value = draw(
            st.sampled_from(
                [(1, "31/02/2564"), (1, "1/3/2574 10:00"), (3, "กฟฟ.ไม่มี"), (4, "OP9"), (5, ""), (5, "ไฟ\x00ดับ"),
                 (1, "1 มีนาคม 2021 25:00"), (6, "บางที")]
            )
        )  # fmt: skip
        rows[index][column] = value
        bad_rows.add(index + 2)
    encoding = draw(encodings("".join("".join(r) for r in rows)))
    return truth, rows, bad_rows, encoding


@IMPORT_PROPERTY
@given(complaint_files())
def test_a_messy_file_imports_what_a_person_reads_or_is_refused_whole(region_reviewer, region_units, case):
    truth, rows, bad_rows, encoding = case
    with rolled_back():
        if not imported_or_refused(
            lambda: import_complaints(
                upload(rows, encoding), user=region_reviewer, allowed_units=region_units
            ),
            bad_rows,
            Complaint.objects.filter(reference__startswith="H-"),
        ):
            return
        stored = {
            c.reference: c
            for c in Complaint.objects.filter(reference__startswith="H-").select_related("unit", "type")
        }
        assert len(stored) == len(truth)
        for reference, received, closed, unit, type_code in truth:
            c = stored[reference]
            assert c.received_at == received.replace(tzinfo=BANGKOK)
            assert c.closed_at == (closed.replace(tzinfo=BANGKOK) if closed else None)
            assert (c.unit.code, c.type.code, c.status) == (unit, type_code, "closed" if closed else "open")
            assert c.contact_name == c.contact_phone == "" and c.urgent is False
            assert c.resolution == ("แก้ไขแล้ว" if closed else "")
