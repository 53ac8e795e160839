"""Backup and restore round trip: the same rows (checksummed) and the same attachments come back."""

import io
import tarfile
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from operations.backup import data_checksums
from plans.models import Target, Unit
from quarters.models import Evidence, Result
from quarters.services import results_transition
from tests.helpers import form_fields

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_restores_every_row_and_file(client, seed_plan, branch_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    target = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.1")
    # The reporter saves the form with a letter as evidence, then submits at a moment with less than a
    # millisecond of microseconds: Django's JSON cuts 12:00:00.000500 to 12:00:00.000, which must not happen.
    client.force_login(branch_user)
    url = reverse("quarters:entry", args=[seed_plan.pk, office.pk, 2])
    data = form_fields(client.get(url).content.decode()) | {
        f"t{target.pk}-value": "2",
        f"t{target.pk}-narrative": "กิจกรรม ก.พ.",
        f"t{target.pk}-evidence": SimpleUploadedFile("หนังสือ.pdf", PDF),
        "action": "save",
    }
    assert client.post(url, data).status_code == 302
    result = Result.objects.get(target=target, unit=office, quarter=2)
    submitted_at = datetime(2021, 6, 30, 16, 59, 59, 500, tzinfo=UTC)
    results_transition(results=[result], action="submit", user=branch_user, now=submitted_at)
    before = data_checksums()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert tarfile.open(archive).getnames()[:2] == ["manifest.json", "data.jsonl"]
    with pytest.raises(CommandError, match="มีข้อมูลอยู่แล้ว"):
        call_command("restore", str(archive), stdout=io.StringIO())
    (tmp_path / "media").rename(tmp_path / "media-old")
    call_command("flush", interactive=False, verbosity=0)
    assert not Result.objects.exists()
    call_command("restore", str(archive), stdout=io.StringIO())
    assert data_checksums() == before
    restored = Result.objects.get(target=target, unit=office, quarter=2)
    assert restored.submitted_at == submitted_at and restored.transitions.get().at == submitted_at
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.file.read()) == ("หนังสือ.pdf", PDF)


def test_a_damaged_backup_is_refused(seed_plan, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(broken, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "data.jsonl":
                data = data.replace(b"2564", b"2565", 1)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(broken), "--replace", stdout=io.StringIO())
    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), stdout=io.StringIO())
