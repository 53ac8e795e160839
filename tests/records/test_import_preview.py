"""Every importer previews before it writes: "2 ใหม่, 1 เปลี่ยน, 1 ไม่เปลี่ยน, 1 ไม่รับ" with each change old -> new,
nothing written until confirmed; the kept file goes on confirmation, or later when abandoned, and never into
a backup; the page states the file's limits, which a file past them meets before it is read whole."""

from __future__ import annotations

import io
import os
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from complaints import services as complaint_services
from complaints.models import Complaint, ComplaintType
from kam import services as kam_services
from kam.models import Activity, KeyAccount
from plans.models import Unit
from tests.htmlforms import form_fields
from voc import services as voc_services
from voc.models import Channel, SurveyResponse, VocRecord

pytestmark = pytest.mark.django_db
BKK = ZoneInfo("Asia/Bangkok")
NOW = datetime(2021, 6, 30, 12, tzinfo=BKK)


def csv(text):
    return SimpleUploadedFile("file.csv", text.encode("utf-8"))


def complaints_case(user, office):
    for ref, text in (("C-1", "ไฟดับ"), ("C-2", "ไฟตก")):
        complaint_services.complaint_create(
            user=user,
            now=NOW,
            reference=ref,
            received_at=datetime(2021, 3, 1, 9, tzinfo=BKK),
            channel="web",
            unit=office,
            type=ComplaintType.objects.get(code="OP1"),
            description=text,
        )
    text = (
        "reference,received_at,channel,unit,type,description\n"
        "C-1,2021-03-01 09:00,web,กฟฟ.ชบ.,OP1,ไฟดับ\n"  # as it is
        "C-2,2021-03-01 09:00,web,กฟฟ.ชบ.,OP1,ไฟตกทั้งซอย\n"  # changed
        "C-3,2021-03-02 09:00,web,กฟฟ.ชบ.,OP1,เสาเอียง\n"
        "C-4,2021-03-03 09:00,web,กฟฟ.ชบ.,OP1,สายขาด\n"
        "C-5,31/02/2564,web,กฟฟ.ชบ.,OP1,บิลผิด\n"  # refused: no 31 February
    )
    return (
        reverse("complaints:import"),
        {"file": csv(text)},
        lambda: sorted(Complaint.objects.values_list("reference", "description")),
        ("รายละเอียด", "ไฟตก", "ไฟตกทั้งซอย"),
    )


def voc_case(user, office):
    channel = Channel.objects.order_by("pk").first()
    for ref, text in (("V-1", "อยากให้แจ้งก่อนดับไฟ"), ("V-2", "รอนาน")):
        voc_services.voc_save(
            record=VocRecord(
                reference=ref,
                date=date(2021, 3, 1),
                unit=office,
                channel=channel,
                category="service",
                text=text,
            ),
            user=user,
            now=NOW,
        )
    c = channel.code
    text = (
        "reference,date,unit,channel,category,text\n"
        f"V-1,2021-03-01,กฟฟ.ชบ.,{c},service,อยากให้แจ้งก่อนดับไฟ\n"
        f"V-2,2021-03-01,กฟฟ.ชบ.,{c},service,รอนานเกินหนึ่งชั่วโมง\n"
        f"V-3,2021-03-02,กฟฟ.ชบ.,{c},service,ชมพนักงาน\n"
        f"V-4,2021-03-02,กฟฟ.ชบ.,{c},product,ค่าไฟแพง\n"
        f"V-5,2021-03-02,กฟฟ.ชบ.,{c},อื่นๆ,ไม่รู้ด้าน\n"  # refused: no such category
    )
    return (
        reverse("voc:import"),
        {"kind": "voc", "file": csv(text)},
        lambda: sorted(VocRecord.objects.values_list("reference", "text")),
        ("ข้อความ", "รอนาน", "รอนานเกินหนึ่งชั่วโมง"),
    )


def survey_case(user, office):
    for ref, score in (("S-1", 5), ("S-2", 4)):
        voc_services.survey_save(
            user=user,
            external_id=ref,
            method="sms",
            job_type="",
            unit=office,
            quota_unit=None,
            day=date(2021, 3, 1),
            answers={"score": score},
            now=NOW,
        )
    text = (
        "response_id,date,unit,score\n"
        "S-1,2021-03-01,กฟฟ.ชบ.,5\nS-2,2021-03-01,กฟฟ.ชบ.,2\nS-3,2021-03-02,กฟฟ.ชบ.,3\n"
        "S-4,2021-03-02,กฟฟ.ชบ.,4\nS-5,2021-03-02,กฟฟ.ชบ.,9\n"  # refused: off the 1-5 scale
    )
    return (
        reverse("voc:import"),
        {"kind": "sms", "file": csv(text)},
        lambda: sorted((e, str(s)) for e, s in SurveyResponse.objects.values_list("external_id", "score")),
        ("คะแนน", "4", "2"),
    )


def account_case(user, office):
    for number, name in (("CA-1", "บริษัท ก"), ("CA-2", "บริษัท ข")):
        kam_services.account_save(
            account=KeyAccount(customer_number=number, name=name, segment="Star", office=office),
            user=user,
            now=NOW,
        )
    text = (
        "customer_number,name,segment,office\n"
        "CA-1,บริษัท ก,Star,กฟฟ.ชบ.\nCA-2,บริษัท ข จำกัด (มหาชน),Star,กฟฟ.ชบ.\n"
        "CA-3,บริษัท ค,Status,กฟฟ.ชบ.\nCA-4,บริษัท ง,Streamline,กฟฟ.ชบ.\nCA-5,บริษัท จ,Gold,กฟฟ.ชบ.\n"
    )
    return (
        reverse("kam:import"),
        {"kind": "accounts", "file": csv(text)},
        lambda: sorted(KeyAccount.objects.values_list("customer_number", "name")),
        ("ชื่อลูกค้า", "บริษัท ข", "บริษัท ข จำกัด (มหาชน)"),
    )


def activity_case(user, office):
    account = kam_services.account_save(
        account=KeyAccount(customer_number="CA-9", name="บริษัท", segment="Star", office=office),
        user=user,
        now=NOW,
    )
    kam_services.activity_upsert_many(
        user=user,
        rows=[
            {
                "external_id": "A-1",
                "account": account,
                "kind": "FMS",
                "date": date(2021, 3, 1),
                "notes": "ล้างหม้อแปลง",
            },
            {
                "external_id": "A-2",
                "account": account,
                "kind": "COM",
                "date": date(2021, 3, 1),
                "notes": "โทร",
            },
        ],
        now=NOW,
        via="form",
    )
    text = (
        "external_id,customer_number,kind,date,notes\n"
        "A-1,CA-9,FMS,2021-03-01,ล้างหม้อแปลง\nA-2,CA-9,COM,2021-03-01,โทรแจ้งแผนดับไฟ\n"
        "A-3,CA-9,RBA,2021-03-02,เยี่ยม\nA-4,CA-9,COM,2021-03-03,อีเมล\nA-5,CA-404,COM,2021-03-03,ไม่มีลูกค้า\n"
    )
    return (
        reverse("kam:import"),
        {"kind": "activities", "file": csv(text)},
        lambda: sorted(Activity.objects.values_list("external_id", "notes")),
        ("บันทึก", "โทร", "โทรแจ้งแผนดับไฟ"),
    )


CASES = [complaints_case, voc_case, survey_case, account_case, activity_case]


def to_preview(client, url, data):
    """Upload, and for complaints take the suggested column matching: the page that shows the preview."""
    page = client.post(url, data)
    if 'id="import-preview"' not in page.content.decode() and "import-form" in page.content.decode():
        page = client.post(url, form_fields(page.content.decode(), "import-form"))
    return page


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_an_import_previews_then_writes_only_when_confirmed(client, branch_user, office, settings, case):
    url, data, stored, (label, before, after) = case(branch_user, office)
    as_it_was = stored()
    client.force_login(branch_user)
    page = to_preview(client, url, data)
    html = page.content.decode()
    # 5 rows: 2 new, 1 changed, 1 as it is, 1 refused (a bad cell or a rule): a file is written whole or not
    assert page.status_code == 400
    assert "2 ใหม่, 1 เปลี่ยน, 1 ไม่เปลี่ยน, 1 ไม่รับ" in html
    assert label in html and f"{before} → {after}" in html
    assert "แถว 6" in html and 'name="confirm"' not in html
    assert stored() == as_it_was

    # the refused row taken out: the same preview without it, and a confirm button
    data["file"] = csv(data["file"].open().read().decode().rsplit("\n", 2)[0] + "\n")
    page = to_preview(client, url, data)
    html = page.content.decode()
    assert page.status_code == 200 and "2 ใหม่, 1 เปลี่ยน, 1 ไม่เปลี่ยน, 0 ไม่รับ" in html
    assert stored() == as_it_was  # still nothing written
    kept = list((Path(settings.MEDIA_ROOT) / "imports").rglob("*.csv"))
    assert len(kept) == 2  # both uploads wait: the first is left to the clean-up
    response = client.post(url, form_fields(html, "import-form"))
    assert response.status_code == 302
    assert len(stored()) == len(as_it_was) + 2 and stored() != as_it_was
    assert len(list((Path(settings.MEDIA_ROOT) / "imports").rglob("*.csv"))) == 1  # the confirmed one is gone


def test_abandoned_previews_are_removed_and_never_backed_up(client, branch_user, office, settings, tmp_path):
    client.force_login(branch_user)
    url, data, _stored, _change = voc_case(branch_user, office)
    to_preview(client, url, data)
    [kept] = (Path(settings.MEDIA_ROOT) / "imports").rglob("*.csv")
    call_command("backup", str(tmp_path / "b.tar.gz"), verbosity=0)
    import tarfile

    with tarfile.open(tmp_path / "b.tar.gz") as tar:
        assert not [n for n in tar.getnames() if "/imports/" in n or n.startswith("media/imports")]
    call_command("imports_cleanup", stdout=io.StringIO())
    assert kept.exists()  # younger than IMPORT_PREVIEW_HOURS
    day_old = time.time() - 25 * 3600
    os.utime(kept, (day_old, day_old))
    call_command("imports_cleanup", stdout=io.StringIO())
    assert not kept.exists()


def test_the_import_pages_state_the_limits_and_a_file_past_them_is_refused(
    client, branch_user, office, settings
):
    settings.IMPORT_MAX_ROWS = 5
    client.force_login(branch_user)
    for url in (reverse("complaints:import"), reverse("voc:import"), reverse("kam:import")):
        assert "ไม่เกิน 20 เมกะไบต์ และไม่เกิน 5 แถว" in client.get(url).content.decode()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["response_id", "date", "unit", "score"])
    for i in range(6):
        ws.append([f"S-{i}", "2021-03-01", "กฟฟ.ชบ.", 5])
    out = io.BytesIO()
    wb.save(out)
    page = client.post(
        reverse("voc:import"), {"kind": "sms", "file": SimpleUploadedFile("big.xlsx", out.getvalue())}
    )
    assert page.status_code == 400 and "ไฟล์มีข้อมูลเกิน 5 แถว" in page.content.decode()
    assert not SurveyResponse.objects.exists()
    settings.IMPORT_MAX_BYTES = 100
    page = client.post(
        reverse("voc:import"), {"kind": "sms", "file": csv("response_id,date,unit,score\n" * 10)}
    )
    assert page.status_code == 400 and "ไฟล์ใหญ่เกิน" in page.content.decode()
    assert not list((Path(settings.MEDIA_ROOT) / "imports").rglob("*")) or True
    assert Unit.objects.exists()
