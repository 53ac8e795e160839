"""The XLSX round trip and evidence files."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quarters.models import Evidence, Result

from .conftest import entry_url, make_result, page_form

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


def download(client, plan, unit, quarter):
    response = client.get(reverse("quarters:entry_xlsx", args=[plan.pk, unit.pk, quarter]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def upload(client, plan, unit, quarter, wb):
    out = io.BytesIO()
    wb.save(out)
    file = SimpleUploadedFile("form.xlsx", out.getvalue())
    return client.post(reverse("quarters:entry_upload", args=[plan.pk, unit.pk, quarter]), {"file": file})


def row_of(ws, target):
    for row in ws.iter_rows(min_row=3):
        if row[0].value == target.pk:
            return row
    raise AssertionError("target not in the sheet")


def test_a_unit_fills_its_form_offline_and_uploads_it(
    client, branch_user, seed_plan, office, pr_target, dmsx_target
):
    make_result(pr_target, office, 1, Decimal(1))
    client.force_login(branch_user)
    wb = download(client, seed_plan, office, 2)
    ws = wb.active
    assert row_of(ws, pr_target)[4].value == 1  # last quarter's figure is there
    row_of(ws, pr_target)[5].value = 2
    row_of(ws, dmsx_target)[6].value = 91
    row_of(ws, dmsx_target)[7].value = 100
    row_of(ws, dmsx_target)[9].value = "-ดำเนินการครบถ้วน"  # text beginning with - stays text
    response = upload(client, seed_plan, office, 2, wb)
    assert response.status_code == 302
    assert Result.objects.get(target=pr_target, unit=office, quarter=2).value == 2
    dmsx = Result.objects.get(target=dmsx_target, unit=office, quarter=2)
    assert dmsx.value == Decimal("91.00") and dmsx.narrative == "-ดำเนินการครบถ้วน"
    again = download(client, seed_plan, office, 2).active
    cell = row_of(again, dmsx_target)[9]  # neutralised in the sheet: text, no formula, no visible apostrophe
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("-ดำเนินการครบถ้วน", "s", True)


def test_a_bad_upload_lists_errors_by_row_and_saves_nothing(
    client, branch_user, seed_plan, office, pr_target, dmsx_target
):
    client.force_login(branch_user)
    wb = download(client, seed_plan, office, 2)
    ws = wb.active
    good, bad = row_of(ws, pr_target), row_of(ws, dmsx_target)
    good[5].value = 2
    bad[6].value = 150
    bad[7].value = 100
    bad[11].value = "ไม่ใช่วันที่"
    response = upload(client, seed_plan, office, 2, wb)
    assert response.status_code == 400
    html = response.content.decode()
    assert f"<td>{bad[0].row}</td>" in html and "ตัวตั้ง" in html and "ไม่ใช่วันที่" in html
    assert not Result.objects.filter(unit=office, quarter=2).exists()


@pytest.mark.parametrize("content", [b"not a spreadsheet", b""])
def test_an_upload_that_is_not_the_form_is_refused(client, branch_user, seed_plan, office, content):
    client.force_login(branch_user)
    file = SimpleUploadedFile("form.xlsx", content)
    response = client.post(
        reverse("quarters:entry_upload", args=[seed_plan.pk, office.pk, 2]), {"file": file}
    )
    assert response.status_code in (400, 302)
    assert not Result.objects.filter(unit=office, quarter=2).exists()


def test_an_upload_with_a_changed_header_is_refused(client, branch_user, seed_plan, office):
    client.force_login(branch_user)
    wb = download(client, seed_plan, office, 2)
    wb.active["C2"] = "something else"
    assert upload(client, seed_plan, office, 2, wb).status_code == 400


def test_another_unit_cannot_upload_into_this_form(client, other_branch_user, seed_plan, office):
    client.force_login(other_branch_user)
    file = SimpleUploadedFile("form.xlsx", b"x")
    assert (
        client.post(
            reverse("quarters:entry_upload", args=[seed_plan.pk, office.pk, 2]), {"file": file}
        ).status_code
        == 404
    )


def test_evidence_is_kept_when_its_content_is_a_pdf_or_image(
    client, branch_user, seed_plan, office, pr_target
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "save"}
    data[f"t{pr_target.pk}-evidence"] = [
        SimpleUploadedFile("หนังสือ.pdf", PDF),
        SimpleUploadedFile("photo.png", PNG),
    ]
    assert client.post(url, data).status_code == 302
    kept = Evidence.objects.filter(result__target=pr_target).order_by("pk")
    assert [(e.original_name, e.content_type) for e in kept] == [
        ("หนังสือ.pdf", "application/pdf"),
        ("photo.png", "image/png"),
    ]
    response = client.get(reverse("quarters:evidence", args=[kept[0].pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_evidence_named_pdf_but_not_a_pdf_is_refused_and_nothing_saved(
    client, branch_user, seed_plan, office, pr_target
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "save"}
    data[f"t{pr_target.pk}-evidence"] = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 an executable")
    response = client.post(url, data, follow=True)
    assert "ตรวจจากเนื้อไฟล์" in response.content.decode()
    assert not Result.objects.filter(target=pr_target, unit=office, quarter=2).exists()
    assert not Evidence.objects.exists()


def test_evidence_over_the_size_limit_is_refused(client, branch_user, seed_plan, office, pr_target, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "save"}
    data[f"t{pr_target.pk}-evidence"] = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000)
    response = client.post(url, data, follow=True)
    assert "เกินขนาดที่กำหนด" in response.content.decode()
    assert not Evidence.objects.exists()


def test_another_units_evidence_is_not_found(
    client, other_branch_user, branch_user, seed_plan, office, pr_target
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {
        f"t{pr_target.pk}-value": "2",
        "action": "save",
        f"t{pr_target.pk}-evidence": SimpleUploadedFile("a.pdf", PDF),
    }
    client.post(url, data)
    client.force_login(other_branch_user)
    assert client.get(reverse("quarters:evidence", args=[Evidence.objects.get().pk])).status_code == 404


def upload_evidence(client, user, plan, unit, target, upload, action="submit") -> Evidence:
    """The reporter saves (and submits) the quarter form with one evidence file, as on the page."""
    client.force_login(user)
    url = entry_url(plan, unit, 2)
    data = page_form(client, url) | {f"t{target.pk}-value": "2", "action": action}
    data[f"t{target.pk}-evidence"] = upload
    assert client.post(url, data).status_code == 302
    return Evidence.objects.get(result__target=target, result__unit=unit)


def test_evidence_is_stored_under_a_generated_name_and_downloaded_under_its_own(
    client, branch_user, seed_plan, office, pr_target
):
    evidence = upload_evidence(
        client, branch_user, seed_plan, office, pr_target, SimpleUploadedFile("หนังสือ ก.2 800.pdf", PDF)
    )
    stored = evidence.file.name
    assert stored.startswith(f"evidence/{office.pk}/{evidence.result_id}/") and stored.endswith(".pdf")
    assert "หนังสือ" not in stored and len(stored.rsplit("/", 1)[1]) == len("0" * 32 + ".pdf")
    response = client.get(reverse("quarters:evidence", args=[evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E0%B8%AB" in response["Content-Disposition"]  # หนังสือ…, percent-encoded


def test_an_html_named_pdf_is_downloaded_as_a_pdf_attachment_never_shown_as_a_page(
    client, branch_user, seed_plan, office, pr_target
):
    payload = PDF + b"<html><script>alert(document.cookie)</script></html>"
    evidence = upload_evidence(
        client, branch_user, seed_plan, office, pr_target, SimpleUploadedFile("page.html", payload)
    )
    assert evidence.file.name.endswith(".pdf") and evidence.original_name == "page.html"
    response = client.get(reverse("quarters:evidence", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="page.html.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "role, status",
    [
        ("reporter", 200),
        ("approver", 200),
        ("unit_admin", 200),
        ("other_reporter", 404),
        ("reviewer", 200),
        ("outside_reviewer", 404),
        ("head_office", 200),
        ("admin", 200),
    ],
)
def test_who_may_download_a_submitted_results_evidence(
    client, users_by_role, seed_plan, office, pr_target, role, status
):
    evidence = upload_evidence(
        client, users_by_role["reporter"], seed_plan, office, pr_target, SimpleUploadedFile("a.pdf", PDF)
    )
    client.force_login(users_by_role[role])
    response = client.get(reverse("quarters:evidence", args=[evidence.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF


def test_a_visitor_who_has_not_signed_in_is_sent_to_sign_in_for_evidence(
    client, branch_user, seed_plan, office, pr_target
):
    evidence = upload_evidence(
        client, branch_user, seed_plan, office, pr_target, SimpleUploadedFile("a.pdf", PDF)
    )
    client.logout()
    response = client.get(reverse("quarters:evidence", args=[evidence.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
