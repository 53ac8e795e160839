"""Evidence and report ZIPs stored before quarters 0004 move to generated names, and still download."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from kpiplan.lib.downloads import is_generated_name
from quarters.models import Evidence, ReportBatch

BEFORE = [("quarters", "0003_report_batch")]
PDF = b"%PDF-1.4\n%%EOF\n"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


@pytest.mark.django_db(transaction=True)
def test_files_stored_under_their_uploaders_names_move_to_generated_names(
    client, seed_plan, office, pr_target, branch_user, region_reviewer, tmp_path
):
    old = migrate(BEFORE)
    try:
        result = old.get_model("quarters", "Result").objects.create(
            target_id=pr_target.pk, unit_id=office.pk, quarter=1, status="submitted"
        )
        evidence_name = default_storage.save(f"evidence/{office.pk}/{result.pk}/page.html", ContentFile(PDF))
        old.get_model("quarters", "Evidence").objects.create(
            result=result,
            file=evidence_name,
            original_name="page.html",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_at=timezone.now(),
        )
        batch_name = default_storage.save(f"reports/{seed_plan.pk}/batch-1-2564-q1.zip", ContentFile(b"PK"))
        old.get_model("quarters", "ReportBatch").objects.create(
            plan_id=seed_plan.pk, quarter=1, file=batch_name, state="done", requested_at=timezone.now()
        )
    finally:
        migrate(None)

    evidence, batch = Evidence.objects.get(), ReportBatch.objects.get()
    assert is_generated_name(evidence.file.name) and evidence.file.name.endswith(".pdf")
    assert is_generated_name(batch.file.name) and batch.file.name.endswith(".zip")
    assert not (tmp_path / evidence_name).exists() and not (tmp_path / batch_name).exists()
    client.force_login(branch_user)
    response = client.get(reverse("quarters:evidence", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == PDF
    client.force_login(region_reviewer)
    assert (
        b"".join(client.get(reverse("quarters:batch_download", args=[batch.pk])).streaming_content) == b"PK"
    )
