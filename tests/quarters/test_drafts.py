"""One draft rule on every path: a unit's drafts (and returned results) stay with the unit and head office
until submitted — the quarter form, its XLSX, evidence files, the result page and the API alike."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quarters.models import Evidence, Result
from tests.helpers import api

from .conftest import entry_url, page_form

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET = "ร่างที่ยังไม่ส่ง-7d1f"


@pytest.fixture
def office_draft(client, branch_user, seed_plan, office, pr_target) -> Result:
    """The reporter saves a draft with a narrative and a PDF, through the quarter form."""
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {
        f"t{pr_target.pk}-value": "2",
        f"t{pr_target.pk}-narrative": SECRET,
        f"t{pr_target.pk}-evidence": [SimpleUploadedFile("draft.pdf", PDF)],
        "action": "save",
    }
    assert client.post(url, data).status_code == 302
    client.logout()
    return Result.objects.get(target=pr_target, unit=office, quarter=2)


def _xlsx_text(response) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    return " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)


def test_the_reviewer_does_not_read_a_units_draft_on_any_path(
    client, region_reviewer, seed_plan, office, office_draft
):
    client.force_login(region_reviewer)
    form = client.get(entry_url(seed_plan, office, 2))
    assert form.status_code == 200 and SECRET not in form.content.decode()
    sheet = client.get(reverse("quarters:entry_xlsx", args=[seed_plan.pk, office.pk, 2]))
    assert sheet.status_code == 200 and SECRET not in _xlsx_text(sheet)
    evidence = Evidence.objects.get(result=office_draft)
    assert client.get(reverse("quarters:evidence", args=[evidence.pk])).status_code == 404
    assert client.get(office_draft.get_absolute_url()).status_code == 404
    assert api(region_reviewer).get(f"/api/v1/results/{office_draft.pk}/").status_code == 404


def test_the_unit_and_head_office_read_the_draft(
    client, branch_user, branch_approver, hq_user, seed_plan, office, office_draft
):
    evidence = Evidence.objects.get(result=office_draft)
    for person in (branch_user, branch_approver, hq_user):
        client.force_login(person)
        assert SECRET in client.get(entry_url(seed_plan, office, 2)).content.decode()
        sheet = client.get(reverse("quarters:entry_xlsx", args=[seed_plan.pk, office.pk, 2]))
        assert SECRET in _xlsx_text(sheet)
        assert client.get(reverse("quarters:evidence", args=[evidence.pk])).status_code == 200
        assert client.get(office_draft.get_absolute_url()).status_code == 200


def test_once_submitted_the_reviewer_reads_it_everywhere(
    client, branch_user, region_reviewer, seed_plan, office, office_draft
):
    client.force_login(branch_user)
    client.post(reverse("quarters:result_action", args=[office_draft.pk]), {"action": "submit"})
    client.force_login(region_reviewer)
    assert SECRET in client.get(entry_url(seed_plan, office, 2)).content.decode()
    evidence = Evidence.objects.get(result=office_draft)
    assert client.get(reverse("quarters:evidence", args=[evidence.pk])).status_code == 200
    assert client.get(office_draft.get_absolute_url()).status_code == 200
