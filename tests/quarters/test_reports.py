"""The printed quarterly report form: content, variants, files, the command, the background batch."""

import io
import subprocess
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from operations.synthetic import synthetic_region
from plans.models import Unit, User
from quarters.models import ReportBatch, Result
from quarters.reports import batch_units, build_report, render_pdf, render_xlsx

from ..conftest import make_user
from .conftest import make_result

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return done.stdout.decode()


THAI_MARKS = {0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)}


def fold(text: str) -> str:
    """Compare PDF text with what was printed. WeasyPrint's text layer swaps ำ and า (WeasyPrint #2841), and
    pdftotext moves a tone mark to the next line when a line breaks after its consonant: fold ำ to า, drop the
    combining marks (above and below the line) and all spaces, on both sides."""
    text = text.replace("ำ", "า")
    return "".join(c for c in text if ord(c) not in THAI_MARKS and not c.isspace())


def test_the_region_report_prints_the_seed_plan_with_its_own_results(seed_plan):
    report = build_report(seed_plan, 2, variant="region", today=timezone.localdate())
    text = fold(pdf_text(render_pdf(report)))
    for expected in [
        "แบบฟอร์มรายงานผลการดำเนินงานตามแผนปฏิบัติ ประจำปี 2564 ของ กฟก.2",
        "ด้าน CUSTOMER",
        "CR1",
        "CR2",
        "ไตรมาสที่ 1/2564",
        "ไตรมาสที่ 1-2/2564",
        "แผนงานที่ 1 การพัฒนาการให้บริการลูกค้าด้วยเทคโนโลยีดิจิทัล",
        "3.3.2 กบล. ดำเนินการสุ่มโทรศัพท์สำรวจลูกค้า",
        "ค่าเฉลี่ยความพึงพอใจไม่ต่ำกว่า 4.4718",
        "800/2564",
        "1431/2564",
        "819/2564",
        "1637/2564",
        "1661/2564",
        "บันทึกข้อมูลเสียงของลูกค้าที่จัดการไม่ได้ ลงระบบ 54 ครั้ง",
        "72 ครั้ง",
        "ยังไม่รายงาน",
        "หน้า 1/",
        "ลงชื่อ",
        "ผู้จัดทำ",
        "ผู้ตรวจสอบ",
        "ตำแหน่ง",
        # the definitions appendix: what each computed figure counts
        "ภาคผนวก: นิยามตัวชี้วัดที่คำนวณจากระเบียน",
        "ร้อยละข้อร้องเรียนด้านการปฏิบัติงานที่ปิดได้ภายในหนึ่งเดือน",
    ]:
        assert fold(expected) in text, expected


def test_the_header_row_repeats_on_every_page(seed_plan):
    content = render_pdf(build_report(seed_plan, 2, variant="region", today=timezone.localdate()))
    pages = pdf_text(content).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 3
    # the form's pages, up to the definitions appendix (which has its own header row)
    appendix = next(i for i, page in enumerate(pages) if fold("ภาคผนวก") in fold(page))
    form_pages = pages[:appendix]
    assert all(fold("ช่วงเวลา") in fold(page) and fold("หน่วยงาน") in fold(page) for page in form_pages[:-1])
    assert all(fold("นับอะไร") in fold(page) for page in pages[appendix:])
    assert all(f"หน้า {i}/{len(pages)}" in page for i, page in enumerate(pages, start=1))


def test_a_unit_report_prints_accepted_results_and_never_passes_others_off_as_accepted(
    seed_plan, pr_target, dmsx_target, office
):
    make_result(pr_target, office, 1, Decimal(1), narrative="จัดกิจกรรมแผ่นพับ")
    make_result(dmsx_target, office, 1, Decimal("93.00"), numerator=93, denominator=100)
    make_result(pr_target, office, 2, Decimal(2), status=Result.Status.RETURNED, return_reason="ขอหลักฐาน")
    report = build_report(seed_plan, 2, variant="unit", unit=office, today=timezone.localdate())
    text = fold(pdf_text(render_pdf(report)))
    assert fold("จัดกิจกรรมแผ่นพับ") in text and fold("93 % (93/100)") in text
    assert fold("รอการตรวจสอบ (ส่งกลับแก้ไข)") in text
    assert fold("3.3.2") not in text  # the division's activity, not this office's
    row = next(r for s in report.sections for r in s.rows if r.activity == pr_target.activity)
    assert row.cells[1].lines == [f"- {pr_target.label_th}: รอการตรวจสอบ (ส่งกลับแก้ไข)"]  # the whole label
    assert row.cells[2].text == "" and row.cells[3].text == ""  # not yet due: blank, as on paper


def test_the_region_report_rolls_up_accepted_results_only(seed_plan, pr_target, office):
    make_result(pr_target, office, 2, Decimal(2))
    make_result(pr_target, Unit.objects.get(code="กฟฟ.รย."), 2, Decimal(9), status=Result.Status.SUBMITTED)
    report = build_report(seed_plan, 2, variant="region", today=timezone.localdate())
    row = next(r for s in report.sections for r in s.rows if r.activity == pr_target.activity)
    assert row.cells[1].lines[0].startswith("- 2 ครั้ง (รายงาน 2/")  # 9 of the submitted one is left out


def test_the_summary_has_one_line_per_target_with_status(seed_plan, pr_target, office):
    make_result(pr_target, office, 2, Decimal(2))
    report = build_report(seed_plan, 2, variant="summary", today=timezone.localdate())
    assert len(report.summary) == 59
    line = next(r for r in report.summary if r.target == pr_target)
    assert (line.value, line.status) == ("2", "behind")
    assert fold("ต่ำกว่าเป้าหมาย") in fold(pdf_text(render_pdf(report)))


def test_the_xlsx_holds_the_same_rows(seed_plan):
    content = render_xlsx(build_report(seed_plan, 2, variant="region", today=timezone.localdate()))
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[2][:4] == ("แผนงาน", "แผนปฏิบัติ", "ช่วงเวลา", "หน่วยงานหลัก")
    joined = "\n".join(str(c) for r in rows for c in r if c)
    assert "800/2564" in joined and "ยังไม่รายงาน" in joined


def test_the_command_writes_pdf_and_xlsx(seed_plan, tmp_path):
    pdf = tmp_path / "out" / "region.pdf"
    call_command(
        "quarterly_report", "--year", "2564", "--quarter", "2", "--output", str(pdf), stdout=io.StringIO()
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "unit.xlsx"
    call_command(
        "quarterly_report",
        "--year",
        "2564",
        "--quarter",
        "1",
        "--unit",
        "กฟฟ.ชบ.",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
        stdout=io.StringIO(),
    )
    assert openpyxl.load_workbook(xlsx).active["A1"].value.startswith("แบบฟอร์มรายงาน")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2564", "--quarter", "2", "--unit", "กฟฟ.ไม่มี"], "ไม่พบหน่วยงาน"),
        (["--year", "2564", "--quarter", "5"], "ไตรมาสต้องเป็น 1 ถึง 4"),
        (["--year", "2564", "--quarter", "0"], "ไตรมาสต้องเป็น 1 ถึง 4"),
        (["--year", "2599", "--quarter", "2"], "ไม่มีแผนของปี 2599"),
    ],
)
def test_the_command_refuses_bad_input_and_leaves_no_file(seed_plan, tmp_path, args, message):
    out = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("quarterly_report", *args, "--output", str(out))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_the_command_exits_non_zero_from_the_shell(tmp_path):
    import sys

    from django.conf import settings

    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "quarterly_report",
            "--year",
            "2564",
            "--quarter",
            "9",
            "--output",
            str(tmp_path / "x.pdf"),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "ไตรมาส" in done.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("role", "variant", "status"),
    [
        ("reporter", "unit", 200),
        ("reporter", "region", 403),
        ("reporter", "summary", 403),
        ("reviewer", "region", 200),
        ("head_office", "summary", 200),
        ("outside_reviewer", "region", 404),
        ("other_reporter", "unit", 404),
    ],
)
def test_who_may_download_which_report(client, users_by_role, seed_plan, office, role, variant, status):
    client.force_login(users_by_role[role])
    response = client.get(
        reverse("quarters:report", args=[seed_plan.pk]), {"quarter": 2, "variant": variant, "unit": office.pk}
    )
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_the_reports_page_is_there_for_everyone_signed_in(client, branch_user, seed_plan):
    client.force_login(branch_user)
    assert client.get(reverse("quarters:reports")).status_code == 200


@pytest.fixture
def two_office_region(db):
    """A region of two reporting offices and its reviewer: a batch renders two PDFs, not the seed's 28."""
    world = synthetic_region("B2", 2, 3, 2570)
    reviewer = make_user("batch_reviewer", world.division.code, User.Role.REVIEWER)
    return world, reviewer


@pytest.mark.slow
def test_a_batch_of_every_unit_zips_one_pdf_per_unit(client, two_office_region):
    world, reviewer = two_office_region
    client.force_login(reviewer)
    response = client.post(
        reverse("quarters:batch_start", args=[world.plan.pk]), {"quarter": "2", "format": "pdf"}
    )
    batch = ReportBatch.objects.get()
    assert response.url == batch.get_absolute_url()
    assert (batch.state, batch.done, batch.total) == ("done", 2, 2)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "ดาวน์โหลด" in page
    download = client.get(reverse("quarters:batch_download", args=[batch.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == [f"{office.code}.pdf" for office in world.offices]
    assert archive.read(f"{world.offices[0].code}.pdf").startswith(b"%PDF")


def test_the_seeds_batch_covers_every_reporting_office_of_the_region(seed_plan):
    codes = [u.code for u in batch_units(seed_plan)]
    assert "กฟฟ.ชบ." in codes and len(codes) >= 28 and seed_plan.owner.code not in codes


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)  # the worker closes its connection after each task, as in production
def test_the_database_worker_builds_a_queued_batch(client, two_office_region, settings):
    world, reviewer = two_office_region
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(reviewer)
    client.post(reverse("quarters:batch_start", args=[world.plan.pk]), {"quarter": "1", "format": "xlsx"})
    batch = ReportBatch.objects.get()
    assert batch.state == "queued"
    assert (
        "db_worker" in client.get(batch.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    )
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())
    batch.refresh_from_db()
    assert batch.state == "done" and batch.done == batch.total == 2


@pytest.mark.parametrize("role", ["reporter", "outside_reviewer"])
def test_others_cannot_start_or_see_a_batch(client, users_by_role, region_reviewer, seed_plan, role):
    batch = ReportBatch.objects.create(
        plan=seed_plan, quarter=1, requested_by=region_reviewer, requested_at=timezone.now()
    )
    client.force_login(users_by_role[role])
    assert client.post(
        reverse("quarters:batch_start", args=[seed_plan.pk]), {"quarter": "1"}
    ).status_code in (403, 404)
    assert client.get(batch.get_absolute_url()).status_code == 404


def test_who_may_download_a_batch_and_how_it_is_stored(client, users_by_role, two_office_region):
    world, region_reviewer = two_office_region  # two offices: two XLSX files, not the seed's 28
    client.force_login(region_reviewer)
    client.post(reverse("quarters:batch_start", args=[world.plan.pk]), {"quarter": "1", "format": "xlsx"})
    batch = ReportBatch.objects.get()
    # Kept under a generated name (the ZIP holds every unit's report), handed out under a readable one.
    assert (
        batch.file.name.startswith(f"reports/{world.plan.pk}/") and f"batch-{batch.pk}" not in batch.file.name
    )
    url = reverse("quarters:batch_download", args=[batch.pk])
    people = {**users_by_role, "the region's reviewer": region_reviewer}
    expected = {
        "reporter": 404,
        "approver": 404,
        "unit_admin": 404,
        "other_reporter": 404,
        "the region's reviewer": 200,
        "reviewer": 404,  # another region's (the seed's)
        "outside_reviewer": 404,
        "head_office": 200,
        "admin": 200,
    }
    for role, status in expected.items():
        client.force_login(people[role])
        response = client.get(url)
        assert (role, response.status_code) == (role, status)
        if status == 200:
            assert response["Content-Type"] == "application/zip"
            assert response["Content-Disposition"] == (
                f'attachment; filename="batch-{batch.pk}-{world.plan.year}-q1.zip"'
            )
            assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(url).url.startswith(reverse("login"))
