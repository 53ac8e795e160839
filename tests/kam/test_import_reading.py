"""CRM exports of key accounts and their activities as offices write them: blank dates, B.E. years, Thai
month names, the CRM's own logging time. Stored as a person reads them, or refused whole with every problem."""

from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam.importers import import_accounts, import_activities
from kam.models import Activity, KeyAccount
from kam.selectors import late_logged
from kpiplan.lib.tabular import TableError
from kpiplan.lib.thaidate import BANGKOK
from plans.models import Unit
from tests.messy import (
    IMPORT_PROPERTY,
    days,
    encoded,
    encodings,
    imported_or_refused,
    moments,
    rolled_back,
    spaced,
    written_blank,
    written_date,
    written_moment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(seed_plan):
    return Unit.objects.filter(code="กฟฟ.ชบ.")


def upload(header, rows, encoding="utf-8"):
    data, name = encoded(header, rows, encoding)
    return SimpleUploadedFile(name, data)


ACCOUNT_HEADER = ["หมายเลขผู้ใช้ไฟ", "ชื่อลูกค้า", "กลุ่มลูกค้า", "หน่วยงาน", "KAMR", "ระดับรายได้", "เริ่ม", "สิ้นสุด"]
# cells as typed, then (segment, revenue band, active from, active to) as a person reads them
ACCOUNTS = [
    (["020000001", "บริษัท สยามสตีล จำกัด", "Strategic", "กฟฟ.ชบ.", "", "A", "2564-01-01", ""], "Strategic", "A", date(2021, 1, 1), None),
    (["020000002", "บริษัท ชลบุรีแพค จำกัด", "Star", "กฟฟ.ชบ.", "", "", "", ""], "Star", "", None, None),  # both blank: was a 500
    (["020000003", "โรงพยาบาลชลบุรี", "Status", "กฟฟ.ชบ.", "", "-", "-", "-"], "Status", "", None, None),
    (["020000004", "บริษัท อีสเทิร์นพลาสติก", "Streamline", "กฟฟ.ชบ.", "", "B", "1 ม.ค. 2560", "31 ธ.ค. 2566"], "Streamline", "B", date(2017, 1, 1), date(2023, 12, 31)),
    (["020000005", "หจก. บางแสนน้ำแข็ง", "strategic", "กฟฟ.ชบ.", "", "", "01/01/2564", ""], "Strategic", "", date(2021, 1, 1), None),
    (["020000006", "บริษัท แหลมฉบังโลจิสติกส์", " Star ", " กฟฟ.ชบ. ", "", "", "๑ มกราคม ๒๕๖๔", ""], "Star", "", date(2021, 1, 1), None),
    (["020000007", "บริษัท ศรีราชาฟู้ดส์", "Status", "กฟฟ.ชบ.", "", "", "", "30/06/2564"], "Status", "", None, date(2021, 6, 30)),
    (["020000008", "มหาวิทยาลัยบูรพา", "Strategic", "กฟฟ.ชบ.", "", "", "2020-10-01", "2022-09-30"], "Strategic", "", date(2020, 10, 1), date(2022, 9, 30)),
    (["020000009", "บริษัท พานทองสตีล", "Star", "กฟฟ.ชบ.", "", "", "15/01/2021", ""], "Star", "", date(2021, 1, 15), None),
    (["020000010", "บริษัท บ่อวินออโต้", "Status", "กฟฟ.ชบ.", "", "", "1 Feb 2021", ""], "Status", "", date(2021, 2, 1), None),
    (["020000011", "โรงแรมพัทยาบีช", "Streamline", "กฟฟ.ชบ.", "", "", "", ""], "Streamline", "", None, None),
    (["020000012", "บริษัท อมตะเทค", "Strategic", "กฟฟ.ชบ.", "", "", "1 มี.ค. 64", ""], "Strategic", "", date(2021, 3, 1), None),
    (["020000013", "บริษัท นิคมปิ่นทอง", "Star", "กฟฟ.ชบ.", "", "", "", "31/12/2564"], "Star", "", None, date(2021, 12, 31)),
    (["020000014", "ห้างทองบางละมุง", "Status", "กฟฟ.ชบ.", "", "", "", ""], "Status", "", None, None),
    (["020000015", "บริษัท เกาะสีชังชิปปิ้ง", "Streamline", "กฟฟ.ชบ.", "", "", "2564/04/01", ""], "Streamline", "", date(2021, 4, 1), None),
    (["020000016", "บริษัท สัตหีบมารีน", "Strategic", "กฟฟ.ชบ.", "", "", "", ""], "Strategic", "", None, None),
    (["020000017", "โรงเรียนชลกันยานุกูล", "Status", "กฟฟ.ชบ.", "", "", "", ""], "Status", "", None, None),
    (["020000018", "บริษัท หนองใหญ่ไบโอ", "Star", "กฟฟ.ชบ.", "", "", "01.05.2564", ""], "Star", "", date(2021, 5, 1), None),
    (["020000019", "บริษัท บ้านบึงเซรามิก", "Streamline", "กฟฟ.ชบ.", "", "", "", ""], "Streamline", "", None, None),
    (["020000020", "บริษัท เมืองพัทยาวอเตอร์", "Strategic", "กฟฟ.ชบ.", "", "", "2021-06-01 00:00:00", ""], "Strategic", "", date(2021, 6, 1), None),
]  # fmt: skip


@pytest.mark.parametrize("encoding", ["utf-8", "cp874"])
def test_a_hand_made_accounts_file_with_blank_dates_stores_what_a_person_reads(
    offices, encoding, region_reviewer
):
    outcome = import_accounts(
        upload(ACCOUNT_HEADER, [c for c, *_ in ACCOUNTS], encoding),
        allowed_units=offices,
        user=region_reviewer,
    )
    assert outcome.created == 20
    stored = {a.customer_number: a for a in KeyAccount.objects.all()}
    for cells, segment, band, active_from, active_to in ACCOUNTS:
        account = stored[cells[0]]  # "020000001" keeps its leading zero
        assert (account.segment, account.revenue_band, account.active_from, account.active_to) == (
            segment,
            band,
            active_from,
            active_to,
        ), cells
        assert account.kamr_id is None


@pytest.fixture
def accounts(offices, region_reviewer):
    import_accounts(
        upload(ACCOUNT_HEADER, [c for c, *_ in ACCOUNTS[:5]]), allowed_units=offices, user=region_reviewer
    )
    return KeyAccount.objects.all()


ACTIVITY_HEADER = [
    "รหัสกิจกรรม",
    "หมายเลขผู้ใช้ไฟ",
    "ประเภทกิจกรรม",
    "ระดับผู้บริหาร",
    "วันที่",
    "ผู้เข้าร่วม",
    "บันทึก",
    "วันที่บันทึก",
]


def bkk(*args):
    return datetime(*args, tzinfo=BANGKOK)


# cells as typed, then (kind, executive level, date, logged at) as a person reads them
ACTIVITIES = [
    (["A-01", "020000001", "FMS", "", "2564-01-15", "", "", "2564-01-20 10:00"], "FMS", "", date(2021, 1, 15), bkk(2021, 1, 20, 10, 0)),
    (["A-02", "020000001", "RBA", "-", "20/01/2564", "", "", ""], "RBA", "", date(2021, 1, 20), None),
    (["A-03", "020000002", "EXEC", "director", "1 ก.พ. 2564", "ผอ.กฟฟ.", "", "03/02/2564 09.00 น."], "EXEC", "director", date(2021, 2, 1), bkk(2021, 2, 3, 9, 0)),
    (["A-04", "020000002", "EXEC", "manager", "05/02/2021", "", "", "2021-03-20T10:00:00+07:00"], "EXEC", "manager", date(2021, 2, 5), bkk(2021, 3, 20, 10, 0)),
    (["A-05", "020000003", "COM", "", "๑๐ ก.พ. ๒๕๖๔", "", "โทรแจ้งดับไฟ", ""], "COM", "", date(2021, 2, 10), None),
    (["A-06", "020000003", "SEMINAR", "", "1 มี.ค. 64", "", "", ""], "SEMINAR", "", date(2021, 3, 1), None),
    (["A-07", "020000004", "FMS", "", "2021-03-02", "", "", ""], "FMS", "", date(2021, 3, 2), None),
    (["A-08", "020000004", "RBA", "", "3/3/2564", "", "", "3/3/2564 15:00"], "RBA", "", date(2021, 3, 3), bkk(2021, 3, 3, 15, 0)),
    (["A-09", "020000005", "EXEC", "assistant", "4 มีนาคม 2564", "", "", ""], "EXEC", "assistant", date(2021, 3, 4), None),
    (["A-10", "020000005", "COM", "", "2564-04-05", "", "", ""], "COM", "", date(2021, 4, 5), None),
    (["A-11", "020000001", "COM", "", "6/4/2564", "", "", ""], "COM", "", date(2021, 4, 6), None),
    (["A-12", "020000001", "FMS", "", "7 เม.ย. 2564", "", "", ""], "FMS", "", date(2021, 4, 7), None),
    (["A-13", "020000002", "RBA", "", "2021-05-08", "", "", ""], "RBA", "", date(2021, 5, 8), None),
    (["A-14", "020000002", "COM", "", "09/05/2564", "", "", ""], "COM", "", date(2021, 5, 9), None),
    (["A-15", "020000003", "FMS", "", "10 มิ.ย. 2564", "", "", ""], "FMS", "", date(2021, 6, 10), None),
    (["A-16", "020000003", "RBA", "", "11/06/2564", "", "", ""], "RBA", "", date(2021, 6, 11), None),
    (["A-17", "020000004", "COM", "", "2564-07-12", "", "", ""], "COM", "", date(2021, 7, 12), None),
    (["A-18", "020000004", "EXEC", "Director", "13 ก.ค. 2564", "", "", ""], "EXEC", "director", date(2021, 7, 13), None),
    (["A-19", "020000005", "FMS", "", "14/08/2564", "", "", ""], "FMS", "", date(2021, 8, 14), None),
    (["A-20", "020000005", "RBA", "", "15 สิงหาคม 2564", "", "", ""], "RBA", "", date(2021, 8, 15), None),
]  # fmt: skip


def test_a_hand_made_activities_file_keeps_the_crms_logging_time(accounts, offices, branch_user):
    outcome = import_activities(
        upload(ACTIVITY_HEADER, [c for c, *_ in ACTIVITIES]), allowed_units=offices, user=branch_user
    )
    assert outcome.created == 20
    stored = {a.external_id: a for a in Activity.objects.all()}
    for cells, kind, level, day, logged_at in ACTIVITIES:
        activity = stored[cells[0]]
        assert (activity.kind, activity.exec_level, activity.date, activity.logged_at) == (
            kind,
            level,
            day,
            logged_at,
        ), cells
    # Logged late means after the 5th day of the next month: A-04 (5 Feb, logged 20 Mar) only; an activity
    # with no logging time in the file is not flagged (nothing says it was late).
    assert [a.external_id for a in Activity.objects.all() if a.logged_late] == ["A-04"]
    office = offices.get()
    assert late_logged([office.pk], date(2021, 1, 1), date(2021, 12, 31)) == {office.pk: 1}


def test_every_bad_activity_row_is_reported_at_once(accounts, offices, branch_user):
    rows = [list(c) for c, *_ in ACTIVITIES[:8]]
    rows[0][3] = "boss"  # not a level
    rows[1][2] = "EXEC"  # an executive visit with no level: refused as on the form (was stored as "nan")
    rows[2][1] = "099999999"  # no such account
    rows[3][7] = "2021-01-01 10:00"  # logged before it happened
    rows[4][4] = "2564-02-30"
    with pytest.raises(TableError) as exc:
        import_activities(upload(ACTIVITY_HEADER, rows), allowed_units=offices, user=branch_user)
    errors = {e.row: str(e) for e in exc.value.errors}
    assert sorted(errors) == [2, 3, 4, 5, 6]
    assert errors[3] == "แถว 3 คอลัมน์ ระดับผู้บริหาร: การเยี่ยมของผู้บริหารต้องระบุระดับ"
    assert Activity.objects.count() == 0


@st.composite
def account_files(draw):
    n = draw(st.integers(1, 6))
    truth, rows = [], []
    for i in range(n):
        start = draw(st.none() | days(date(2015, 1, 1), date(2021, 12, 31)))
        end = draw(st.none() | days(date(2022, 1, 1), date(2030, 12, 31)))
        segment = draw(st.sampled_from(["Strategic", "Star", "Status", "Streamline"]))
        rows.append(
            [
                f"K{i:04d}",
                draw(spaced("บริษัท ทดสอบ")),
                draw(spaced(draw(st.sampled_from([segment, segment.lower(), segment.upper()])))),
                draw(spaced("กฟฟ.ชบ.")),
                draw(written_blank()),
                draw(written_blank()),
                draw(written_date(start)) if start else draw(written_blank()),
                draw(written_date(end)) if end else draw(written_blank()),
            ]
        )
        truth.append((f"K{i:04d}", segment, start, end))
    bad_rows = set()
    if draw(st.booleans()):
        index = draw(st.integers(0, n - 1))
        column, value = draw(
            st.sampled_from([(2, "Gold"), (6, "31/09/2564"), (6, "1/1/2600"), (3, "กฟฟ.มดพ."), (0, "")])
        )
        rows[index][column] = value
        bad_rows.add(index + 2)
    return truth, rows, bad_rows, draw(encodings("".join("".join(r) for r in rows)))


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@IMPORT_PROPERTY
@given(account_files())
def test_a_messy_accounts_file_imports_what_a_person_reads_or_is_refused_whole(
    offices, region_reviewer, case
):
    truth, rows, bad_rows, encoding = case
    with rolled_back():
        if not imported_or_refused(
            lambda: import_accounts(
                upload(ACCOUNT_HEADER, rows, encoding), allowed_units=offices, user=region_reviewer
            ),
            bad_rows,
            KeyAccount.objects.filter(customer_number__startswith="K"),
        ):
            return
        stored = {a.customer_number: a for a in KeyAccount.objects.filter(customer_number__startswith="K")}
        for number, segment, start, end in truth:
            a = stored[number]
            assert (a.segment, a.active_from, a.active_to, a.revenue_band, a.kamr_id) == (
                segment,
                start,
                end,
                "",
                None,
            )


@st.composite
def activity_files(draw):
    n = draw(st.integers(1, 6))
    truth, rows = [], []
    for i in range(n):
        kind = draw(st.sampled_from(["FMS", "RBA", "EXEC", "COM"]))
        level = draw(st.sampled_from(["director", "assistant", "manager"])) if kind == "EXEC" else None
        day = draw(days(date(2021, 1, 1), date(2021, 11, 30)))
        logged = draw(st.none() | moments(day, day + timedelta(days=30)))
        rows.append(
            [
                f"B-{i}",
                draw(spaced(draw(st.sampled_from(["020000001", "020000002"])))),
                draw(spaced(kind)),
                draw(spaced(level)) if level else draw(written_blank()),
                draw(written_date(day)),
                draw(written_blank()),
                draw(written_blank()),
                draw(written_moment(logged)) if logged else draw(written_blank()),
            ]
        )
        truth.append((f"B-{i}", kind, level or "", day, logged))
    bad_rows = set()
    if draw(st.booleans()):
        index = draw(st.integers(0, n - 1))
        column, value = draw(
            st.sampled_from(
                [(3, "nan"), (1, "099999999"), (4, "2020-12-31"), (7, "1 ม.ค. 2560 10:00"), (2, "PARTY")]
            )
        )
        rows[index][column] = value
        bad_rows.add(index + 2)
    if any(r[2].strip() == "EXEC" and r[3].strip() in ("", "-") for r in rows):
        bad_rows |= {
            i + 2 for i, r in enumerate(rows) if r[2].strip() == "EXEC" and r[3].strip() in ("", "-")
        }
    return truth, rows, bad_rows, draw(encodings("".join("".join(r) for r in rows)))


@IMPORT_PROPERTY
@given(activity_files())
def test_a_messy_activities_file_imports_what_a_person_reads_or_is_refused_whole(
    accounts, offices, branch_user, case
):
    truth, rows, bad_rows, encoding = case
    with rolled_back():
        if not imported_or_refused(
            lambda: import_activities(
                upload(ACTIVITY_HEADER, rows, encoding), allowed_units=offices, user=branch_user
            ),
            bad_rows,
            Activity.objects.filter(external_id__startswith="B-"),
        ):
            return
        stored = {a.external_id: a for a in Activity.objects.filter(external_id__startswith="B-")}
        for external_id, kind, level, day, logged in truth:
            a = stored[external_id]
            assert (a.kind, a.exec_level, a.date) == (kind, level, day)
            assert a.logged_at == (logged.replace(tzinfo=BANGKOK) if logged else None)
