"""Backup and restore round trip: the same rows (checksummed) and the same attachments come back."""

import io
import tarfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from operations.backup import data_checksums
from plans.models import Target, Unit
from quarters.models import Evidence, Result

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_restores_every_row_and_file(seed_plan, branch_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    target = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.1")
    result = Result.objects.create(
        target=target,
        unit=Unit.objects.get(code="กฟฟ.ชบ."),
        quarter=2,
        value=Decimal("2"),
        narrative="กิจกรรม ก.พ.",
        status="submitted",
    )
    evidence = Evidence(
        result=result,
        original_name="หนังสือ.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=branch_user,
        uploaded_at=timezone.now(),
    )
    evidence.file.save("letter.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
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
    restored = Evidence.objects.get()
    assert restored.file.read() == b"%PDF-1.4\n"


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
