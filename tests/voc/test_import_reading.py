"""Survey and VOC exports as Thai offices write them: mixed dates, B.E. years, Thai digits, decimal commas,
blanks, encodings. The file stores what a person reads from it, or is refused whole with every problem."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from kpiplan.lib.tabular import TableError
from plans.models import Unit
from tests.messy import (
    IMPORT_PROPERTY,
    days,
    encoded,
    encodings,
    imported_or_refused,
    rolled_back,
    spaced,
    written_blank,
    written_date,
    written_number,
)
from voc.importers import import_surveys, import_voc
from voc.models import SurveyResponse, VocRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(seed_plan):
    return Unit.objects.filter(code__in=["กฟฟ.ชบ.", "กฟฟ.มดพ."])


def upload(header, rows, encoding="utf-8"):
    data, name = encoded(header, rows, encoding)
    return SimpleUploadedFile(name, data)


SURVEY_HEADER = ["รหัสแบบประเมิน", "วันที่", "หน่วยงาน", "วิธีประเมิน", "ประเภทงาน", "คะแนน"]
# cells as typed, then what a person reads: (date, method, job type, score)
SURVEYS = [
    (["S-01", "2564-03-01", "กฟฟ.ชบ.", "phone", "new_service", "4,5"], date(2021, 3, 1), "phone", "new_service", "4.5"),
    (["S-02", "01/03/2564", "กฟฟ.ชบ.", "phone", "", "5"], date(2021, 3, 1), "phone", "", "5"),
    (["S-03", "05/03/2021", "กฟฟ.ชบ.", "sms", "lv_extension", "๔"], date(2021, 3, 5), "sms", "lv_extension", "4"),
    (["S-04", "25/03/2021", "กฟฟ.มดพ.", "sms", "-", "3.50"], date(2021, 3, 25), "sms", "", "3.5"),
    (["S-05", "1 เม.ย. 2564", "กฟฟ.ชบ.", "smile_box", "", "2"], date(2021, 4, 1), "smile_box", "", "2"),
    (["S-06", "๒ เมษายน ๒๕๖๔", "กฟฟ.ชบ.", "smile_box", "", "๓"], date(2021, 4, 2), "smile_box", "", "3"),
    (["S-07", "3 เม.ย. 64", "กฟฟ.ชบ.", "touch_screen", "transformer", "4.25"], date(2021, 4, 3), "touch_screen", "transformer", "4.25"),
    (["S-08", " 2021-04-04 ", " กฟฟ.ชบ. ", " Phone ", " New_Service ", " 4 "], date(2021, 4, 4), "phone", "new_service", "4"),
    (["S-09", "2021-04-05 00:00:00", "กฟฟ.ชบ.", "phone", "counter", "1"], date(2021, 4, 5), "phone", "counter", "1"),
    (["S-10", "6/4/2564", "กฟฟ.ชบ.", "phone", "", "๔,๕"], date(2021, 4, 6), "phone", "", "4.5"),
    (["S-11", "10 พฤษภาคม พ.ศ. 2564", "กฟฟ.มดพ.", "sms", "new_service", "5.0"], date(2021, 5, 10), "sms", "new_service", "5"),
    (["S-12", "2564-05-11", "กฟฟ.ชบ.", "sms", "", "2,75"], date(2021, 5, 11), "sms", "", "2.75"),
    (["S-13", "12/05/2564", "กฟฟ.ชบ.", "phone", "", "3"], date(2021, 5, 12), "phone", "", "3"),
    (["S-14", "1 Jun 2021", "กฟฟ.ชบ.", "phone", "", "4"], date(2021, 6, 1), "phone", "", "4"),
    (["S-15", "30 มิ.ย. 2564", "กฟฟ.ชบ.", "smile_box", "", "1"], date(2021, 6, 30), "smile_box", "", "1"),
    (["S-16", "01.07.2564", "กฟฟ.ชบ.", "touch_screen", "", "4.333"], date(2021, 7, 1), "touch_screen", "", "4.333"),
    (["S-17", "15/08/2021", "กฟฟ.ชบ.", "phone", "", "  5  "], date(2021, 8, 15), "phone", "", "5"),
    (["S-18", "๑/๙/๖๔", "กฟฟ.ชบ.", "sms", "", "4"], date(2021, 9, 1), "sms", "", "4"),
    (["S-19", "2564/10/01", "กฟฟ.ชบ.", "phone", "", "3.5"], date(2021, 10, 1), "phone", "", "3.5"),
    (["S-20", "1 พ.ย. 2564", "กฟฟ.มดพ.", "phone", "", "4,0"], date(2021, 11, 1), "phone", "", "4"),
    (["S-21", "31 ธันวาคม 2564", "กฟฟ.ชบ.", "sms", "", "5"], date(2021, 12, 31), "sms", "", "5"),
]  # fmt: skip


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp874"])
def test_a_hand_made_survey_file_stores_what_a_person_reads(units, encoding, region_reviewer):
    outcome = import_surveys(
        upload(SURVEY_HEADER, [c for c, *_ in SURVEYS], encoding), user=region_reviewer, allowed_units=units
    )
    assert outcome.created == 21
    stored = {s.external_id: s for s in SurveyResponse.objects.all()}
    for cells, day, method, job_type, score in SURVEYS:
        response = stored[cells[0]]
        assert (response.date, response.method, response.job_type) == (day, method, job_type), cells
        assert response.score == Decimal(score), cells  # "4,5" is 4.5, never 45
    # Smile Box scores are on 1-3: a 3 is a 5 on the 5-point scale, a 2 is 3 (1 + (2-1) * 4/2)
    assert stored["S-06"].score_5 == Decimal(5) and stored["S-05"].score_5 == Decimal(3)


def test_every_bad_survey_row_is_reported_at_once(units, region_reviewer):
    rows = [list(c) for c, *_ in SURVEYS[:10]]
    rows[0][5] = "45"  # off the 5-point scale
    rows[1][5] = "4,500"  # 4500 or 4.5: refused, never guessed
    rows[2][1] = "03/25/2021"  # month first
    rows[3][4] = "nan"  # not a job type
    rows[4][5] = "4"  # Smile Box answers 1-3
    rows[5][0] = rows[6][0] = "S-DUP"
    with pytest.raises(TableError) as exc:
        import_surveys(upload(SURVEY_HEADER, rows), user=region_reviewer, allowed_units=units)
    # ... and once the file shows a month-first date, its other swappable slashed dates (01/03/2564 on row 3,
    # 6/4/2564 on row 11) could be either: refused too, saying both readings.
    assert sorted({e.row for e in exc.value.errors}) == [2, 3, 4, 5, 6, 7, 8, 11]
    assert "แถว 11 คอลัมน์ วันที่: อ่านได้ 2 แบบ: 6 เม.ย. 2564 (วัน/เดือน) หรือ 4 มิ.ย. 2564 (เดือน/วัน)" in str(
        [str(e) for e in exc.value.errors]
    )
    assert "อ่านได้ทั้ง 4,500 และ 4.5" in str(exc.value)
    assert SurveyResponse.objects.count() == 0


VOC_HEADER = ["เลขที่", "วันที่", "หน่วยงาน", "ช่องทาง", "กลไก", "ด้าน", "ข้อความ", "มีนัยสำคัญ", "จัดการได้แล้ว"]
VOCS = [
    (["V-01", "2564-02-01", "กฟฟ.ชบ.", "PHONE", "CALL_1129", "บริการ", "รอสายนาน", "ใช่", "ไม่ใช่"], date(2021, 2, 1), "service", True, False, "CALL_1129"),
    (["V-02", "01/02/2564", "กฟฟ.ชบ.", "PHONE", "", "product", "ไฟตกบ่อย", "", ""], date(2021, 2, 1), "product", False, False, None),
    (["V-03", "05/02/2021", "กฟฟ.ชบ.", "ONLINE", "WEBSITE", "support", "เว็บช้า", "1", "1"], date(2021, 2, 5), "support", True, True, "WEBSITE"),
    (["V-04", "๑๐ ก.พ. ๒๕๖๔", "กฟฟ.มดพ.", "ONLINE", "-", "สิ่งสนับสนุน", "แอปเข้าไม่ได้", "-", "-"], date(2021, 2, 10), "support", False, False, None),
    (["V-05", "1 มี.ค. 64", "กฟฟ.ชบ.", "WALKIN", "FRONT_STAFF", "บริการ", "พนักงานสุภาพ", "no", "yes"], date(2021, 3, 1), "service", False, True, "FRONT_STAFF"),
    (["V-06", "2021-03-02", "กฟฟ.ชบ.", "DOCUMENT", "LETTER", "ผลิตภัณฑ์", "ค่าไฟแพง", "ใช่", "ใช่"], date(2021, 3, 2), "product", True, True, "LETTER"),
    (["V-07", " 3/3/2564 ", " กฟฟ.ชบ. ", " phone ", "", " Service ", "ขอบคุณ", "", ""], date(2021, 3, 3), "service", False, False, None),
    (["V-08", "4 มีนาคม 2564", "กฟฟ.ชบ.", "RELATIONSHIP", "KAM_VISIT", "service", "ลูกค้าขอแผนดับไฟ", "ใช่", ""], date(2021, 3, 4), "service", True, False, "KAM_VISIT"),
    (["V-09", "2564-04-01", "กฟฟ.ชบ.", "PHONE", "", "product", "ไฟดับไม่แจ้ง", "", ""], date(2021, 4, 1), "product", False, False, None),
    (["V-10", "15/04/2564", "กฟฟ.ชบ.", "ONLINE", "SOCIAL", "service", "LINE ตอบช้า", "", ""], date(2021, 4, 15), "service", False, False, "SOCIAL"),
    (["V-11", "1 May 2021", "กฟฟ.ชบ.", "PHONE", "", "service", "โทรไม่ติด", "", ""], date(2021, 5, 1), "service", False, False, None),
    (["V-12", "๒/๖/๒๕๖๔", "กฟฟ.ชบ.", "PHONE", "", "product", "มิเตอร์เสีย", "", ""], date(2021, 6, 2), "product", False, False, None),
    (["V-13", "2021-06-03", "กฟฟ.ชบ.", "WALKIN", "", "support", "ที่จอดรถไม่พอ", "", ""], date(2021, 6, 3), "support", False, False, None),
    (["V-14", "4/7/2564", "กฟฟ.ชบ.", "PHONE", "", "service", "ดี", "", ""], date(2021, 7, 4), "service", False, False, None),
    (["V-15", "5 ส.ค. 2564", "กฟฟ.ชบ.", "PHONE", "", "service", "ช้า", "", ""], date(2021, 8, 5), "service", False, False, None),
    (["V-16", "2564-09-06", "กฟฟ.ชบ.", "PHONE", "", "service", "ช้า", "", ""], date(2021, 9, 6), "service", False, False, None),
    (["V-17", "07/10/2564", "กฟฟ.ชบ.", "PHONE", "", "service", "ช้า", "", ""], date(2021, 10, 7), "service", False, False, None),
    (["V-18", "8 พฤศจิกายน 64", "กฟฟ.ชบ.", "PHONE", "", "service", "ช้า", "", ""], date(2021, 11, 8), "service", False, False, None),
    (["V-19", "9-12-2564", "กฟฟ.ชบ.", "PHONE", "", "service", "ช้า", "", ""], date(2021, 12, 9), "service", False, False, None),
    (["V-20", "31/12/2564", "กฟฟ.ชบ.", "PHONE", "", "service", "ช้า", "", ""], date(2021, 12, 31), "service", False, False, None),
]  # fmt: skip


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_hand_made_voc_file_stores_what_a_person_reads(units, branch_user, encoding, region_reviewer):
    outcome = import_voc(
        upload(VOC_HEADER, [c for c, *_ in VOCS], encoding), allowed_units=units, user=region_reviewer
    )
    assert outcome.created == 20
    stored = {v.reference: v for v in VocRecord.objects.select_related("mechanism")}
    for cells, day, category, significant, resolved, mechanism in VOCS:
        record = stored[cells[0]]
        assert (record.date, record.category, record.significant, record.resolved) == (
            day,
            category,
            significant,
            resolved,
        ), cells
        assert (record.mechanism.code if record.mechanism else None) == mechanism, cells


def test_a_voc_mechanism_of_another_channel_is_refused_as_on_the_form(units, branch_user, region_reviewer):
    rows = [list(VOCS[0][0]), list(VOCS[2][0])]
    rows[0][4] = "WEBSITE"  # an online mechanism on a phone VOC
    with pytest.raises(TableError) as exc:
        import_voc(upload(VOC_HEADER, rows), allowed_units=units, user=region_reviewer)
    assert [str(e) for e in exc.value.errors] == ["แถว 2 คอลัมน์ กลไก: กลไกนี้อยู่ในช่องทางอื่น"]


@st.composite
def survey_files(draw):
    n = draw(st.integers(1, 6))
    truth, rows = [], []
    for i in range(n):
        day = draw(days())
        method = draw(st.sampled_from(["phone", "sms", "smile_box"]))
        top = 3 if method == "smile_box" else 5
        score = draw(st.integers(2, top * 2).map(lambda v: Decimal(v) / 2))
        job = draw(st.sampled_from(["new_service", "transformer", None]))
        rows.append(
            [
                f"P-{i}",
                draw(written_date(day)),
                draw(spaced("กฟฟ.ชบ.")),
                draw(spaced(method)),
                draw(spaced(job)) if job else draw(written_blank()),
                draw(written_number(score)),
            ]
        )
        truth.append((f"P-{i}", day, method, job or "", score))
    bad_rows = set()
    if draw(st.booleans()):
        index = draw(st.integers(0, n - 1))
        column, value = draw(
            st.sampled_from([(5, "NaN"), (5, "1e30"), (5, "9"), (1, "2564-02-30"), (4, "nan"), (2, "กฟฟ.อื่น"), (1, "1/1/2570")])
        )  # fmt: skip
        rows[index][column] = value
        bad_rows.add(index + 2)
    return truth, rows, bad_rows, draw(encodings("".join("".join(r) for r in rows)))


@IMPORT_PROPERTY
@given(survey_files())
def test_a_messy_survey_file_imports_what_a_person_reads_or_is_refused_whole(units, region_reviewer, case):
    truth, rows, bad_rows, encoding = case
    with rolled_back():
        if not imported_or_refused(
            lambda: import_surveys(
                upload(SURVEY_HEADER, rows, encoding), user=region_reviewer, allowed_units=units
            ),
            bad_rows,
            SurveyResponse.objects.filter(external_id__startswith="P-"),
        ):
            return
        stored = {s.external_id: s for s in SurveyResponse.objects.filter(external_id__startswith="P-")}
        assert len(stored) == len(truth)
        for external_id, day, method, job, score in truth:
            s = stored[external_id]
            assert (s.date, s.method, s.job_type, s.score) == (day, method, job, score)


@st.composite
def voc_files(draw):
    n = draw(st.integers(1, 6))
    truth, rows = [], []
    for i in range(n):
        day = draw(days())
        significant = draw(st.booleans())
        rows.append(
            [
                f"Q-{i}",
                draw(written_date(day)),
                draw(spaced("กฟฟ.ชบ.")),
                draw(spaced(draw(st.sampled_from(["PHONE", "phone"])))),
                draw(st.sampled_from(["CALL_1129", "โทรศัพท์ถึงสำนักงาน"]))
                if significant
                else draw(written_blank()),
                draw(st.sampled_from(["service", "บริการ"])),
                draw(spaced("รอสายนาน")),
                draw(st.sampled_from(["ใช่", "1", "yes"])) if significant else draw(written_blank()),
                draw(written_blank()),
            ]
        )
        truth.append((f"Q-{i}", day, significant))
    bad_rows = set()
    if draw(st.booleans()):
        index = draw(st.integers(0, n - 1))
        column, value = draw(
            st.sampled_from(
                [(1, "31/04/2564"), (3, "PIGEON"), (4, "WEBSITE"), (6, ""), (7, "บางที"), (6, "a\x00b")]
            )
        )
        rows[index][column] = value
        bad_rows.add(index + 2)
    return truth, rows, bad_rows, draw(encodings("".join("".join(r) for r in rows)))


@IMPORT_PROPERTY
@given(voc_files())
def test_a_messy_voc_file_imports_what_a_person_reads_or_is_refused_whole(
    units, branch_user, region_reviewer, case
):
    truth, rows, bad_rows, encoding = case
    with rolled_back():
        if not imported_or_refused(
            lambda: import_voc(upload(VOC_HEADER, rows, encoding), allowed_units=units, user=region_reviewer),
            bad_rows,
            VocRecord.objects.filter(reference__startswith="Q-"),
        ):
            return
        stored = {v.reference: v for v in VocRecord.objects.filter(reference__startswith="Q-")}
        for reference, day, significant in truth:
            v = stored[reference]
            assert (v.date, v.significant, v.resolved, v.category, v.text) == (
                day,
                significant,
                False,
                "service",
                "รอสายนาน",
            )
