"""The quarter form never loses input: files chosen before a refused save are kept, attached evidence is listed
with download and remove, numbers come back as typed, the page says once what to correct, and the rows stand
under their objective and workplan headings."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import HistoryEntry
from quarters.models import Evidence, PendingEvidence, Result

from .conftest import entry_url, page_form
from .test_files import PDF

pytestmark = pytest.mark.django_db


def refused_with_a_file(client, plan, office, pr_target, dmsx_target, name="หนังสือ 800.pdf"):
    """The reporter fills 1.1 with a letter attached, but types a denominator of 0 on 1.2: refused."""
    url = entry_url(plan, office, 2)
    data = page_form(client, url) | {
        f"t{pr_target.pk}-value": "2",
        f"t{dmsx_target.pk}-numerator": "95",
        f"t{dmsx_target.pk}-denominator": "0",
        "action": "save",
        f"t{pr_target.pk}-evidence": SimpleUploadedFile(name, PDF),
    }
    response = client.post(url, data)
    assert response.status_code == 400
    return url, response.content.decode()


def test_a_file_chosen_before_a_refused_save_is_kept_and_attached_by_the_next_save(
    client, branch_user, seed_plan, office, pr_target, dmsx_target
):
    client.force_login(branch_user)
    url, html = refused_with_a_file(client, seed_plan, office, pr_target, dmsx_target)
    assert not Result.objects.filter(unit=office, quarter=2).exists()  # nothing saved
    assert "แนบไว้แล้ว" in html and "หนังสือ 800.pdf" in html
    pending = PendingEvidence.objects.get()
    assert (pending.user, pending.unit, pending.target, pending.quarter) == (
        branch_user,
        office,
        pr_target,
        2,
    )
    # The corrected form is sent again without choosing the file again: the kept file is ticked in it.
    data = {**_resend(html), f"t{dmsx_target.pk}-denominator": "100", "action": "save"}
    assert data[f"t{pr_target.pk}-pending"] == str(pending.pk)
    assert client.post(url, data).status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.result.target, evidence.original_name) == (pr_target, "หนังสือ 800.pdf")
    assert evidence.file.read() == PDF
    assert not PendingEvidence.objects.exists()


def _resend(html: str) -> dict:
    from tests.helpers import form_fields

    return form_fields(html)


def test_an_unticked_kept_file_is_left_out(client, branch_user, seed_plan, office, pr_target, dmsx_target):
    client.force_login(branch_user)
    url, html = refused_with_a_file(client, seed_plan, office, pr_target, dmsx_target)
    data = {**_resend(html), f"t{dmsx_target.pk}-denominator": "100", "action": "save"}
    data.pop(f"t{pr_target.pk}-pending")
    assert client.post(url, data).status_code == 302
    assert not Evidence.objects.exists() and not PendingEvidence.objects.exists()
    assert Result.objects.get(unit=office, quarter=2, target=pr_target).value == 2


def test_another_persons_kept_file_cannot_be_claimed(
    client, branch_user, branch_approver, seed_plan, office, pr_target, dmsx_target
):
    client.force_login(branch_user)
    refused_with_a_file(client, seed_plan, office, pr_target, dmsx_target)
    pending = PendingEvidence.objects.get()
    client.force_login(branch_approver)  # writes the same unit's results, but the file is not theirs
    url = entry_url(seed_plan, office, 2)
    html = client.get(url).content.decode()
    assert "หนังสือ 800.pdf" not in html
    data = page_form(client, url) | {
        f"t{pr_target.pk}-value": "2",
        f"t{pr_target.pk}-pending": str(pending.pk),
        "action": "save",
    }
    client.post(url, data)
    assert not Evidence.objects.exists()


def test_attached_evidence_is_listed_with_download_and_can_be_removed(
    client, branch_user, seed_plan, office, pr_target
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {
        f"t{pr_target.pk}-value": "2",
        "action": "save",
        f"t{pr_target.pk}-evidence": SimpleUploadedFile("ภาพกิจกรรม.pdf", PDF),
    }
    assert client.post(url, data).status_code == 302
    evidence = Evidence.objects.get()
    html = client.get(url).content.decode()
    assert reverse("quarters:evidence", args=[evidence.pk]) in html and "ภาพกิจกรรม.pdf" in html
    data = page_form(client, url) | {f"t{pr_target.pk}-remove_evidence": str(evidence.pk), "action": "save"}
    assert client.post(url, data).status_code == 302
    assert not Evidence.objects.exists()
    # the history keeps it
    assert HistoryEntry.objects.filter(changes__evidence=["ภาพกิจกรรม.pdf", "—"]).exists()


def test_numbers_come_back_as_typed(client, branch_user, seed_plan, office, pr_target, smile_score_target):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {
        f"t{pr_target.pk}-value": "2",
        f"t{smile_score_target.pk}-value": "4.5",
        f"t{smile_score_target.pk}-denominator": "120",
        "action": "save",
    }
    assert client.post(url, data).status_code == 302
    fields = page_form(client, url)
    assert fields[f"t{pr_target.pk}-value"] == "2"
    assert (fields[f"t{smile_score_target.pk}-value"], fields[f"t{smile_score_target.pk}-denominator"]) == (
        "4.5",
        "120",
    )


def test_the_page_says_once_what_to_correct(client, branch_user, seed_plan, office, pr_target, dmsx_target):
    client.force_login(branch_user)
    _url, html = refused_with_a_file(client, seed_plan, office, pr_target, dmsx_target)
    assert html.count("ไม่ได้บันทึกข้อมูลใดๆ") == 1


def test_rows_stand_under_their_objective_and_workplan(client, branch_user, seed_plan, office):
    client.force_login(branch_user)
    html = client.get(entry_url(seed_plan, office, 2)).content.decode()
    objectives = re.findall(r'<h2 class="objective-head">(\S+)', html)
    assert objectives == ["CR1", "CR2"]
    workplans = re.findall(r'<h3 class="workplan-head">(\S+) · แผนงาน(?:ที่)? (\d+)', html)
    assert ("CR1", "1") in workplans and ("CR2", "1") in workplans
    assert len(workplans) == len(set(workplans))  # each workplan once, told apart by its objective
    # The section list: a link to each workplan with its fill state (nothing filled yet).
    fills = re.findall(r'data-fill="(wp-\d+)">(\d+)/(\d+)<', html)
    assert len(fills) == len(workplans) and all(done == "0" for _a, done, _n in fills)
