"""Background work on Django's tasks framework (database-backed worker by default: manage.py db_worker)."""

from __future__ import annotations

import io
import zipfile

from django.core.files.base import ContentFile
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from .models import ReportBatch
from .reports import batch_units, build_report, render


@task
def build_report_batch(batch_id: int) -> int:
    """Every unit's report of the region into one ZIP, counting progress as it goes."""
    batch = ReportBatch.objects.select_related("plan__owner", "requested_by").get(pk=batch_id)
    units = batch_units(batch.plan)
    ReportBatch.objects.filter(pk=batch_id).update(state=ReportBatch.State.RUNNING, total=len(units), done=0)
    today = timezone.localdate()
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for unit in units:
                report = build_report(
                    batch.plan,
                    batch.quarter,
                    variant="unit",
                    unit=unit,
                    today=today,
                    prepared_by=batch.requested_by,
                )
                archive.writestr(f"{unit.code}.{batch.fmt}", render(report, batch.fmt))
                ReportBatch.objects.filter(pk=batch_id).update(done=F("done") + 1)
        batch.refresh_from_db()
        batch.file.save(
            f"batch-{batch.pk}-{batch.plan.year}-q{batch.quarter}.zip",
            ContentFile(buffer.getvalue()),
            save=False,
        )
        batch.state = ReportBatch.State.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["file", "state", "finished_at"])
    except Exception as exc:
        ReportBatch.objects.filter(pk=batch_id).update(
            state=ReportBatch.State.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    return len(units)
