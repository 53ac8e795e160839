"""Background work on Django's tasks framework (database-backed worker by default: manage.py db_worker)."""

from __future__ import annotations

import io
import zipfile

from django.core.files.base import ContentFile
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from kpiplan.lib.pdf import render_many

from .models import ReportBatch
from .reports import batch_units, build_report, render, render_html


@task
def build_report_batch(batch_id: int) -> int:
    """Every unit's report of the region into one ZIP, counting progress as it goes."""
    batch = ReportBatch.objects.select_related("plan__owner", "requested_by").get(pk=batch_id)
    units = batch_units(batch.plan)
    ReportBatch.objects.filter(pk=batch_id).update(state=ReportBatch.State.RUNNING, total=len(units), done=0)
    today = timezone.localdate()
    buffer = io.BytesIO()
    try:
        reports = (
            build_report(
                batch.plan,
                batch.quarter,
                variant="unit",
                unit=unit,
                today=today,
                prepared_by=batch.requested_by,
            )
            for unit in units
        )
        if batch.fmt == "pdf":
            # The data and the HTML here; the layout, where the time goes, on a worker process per core.
            files = render_many(render_html(report) for report in reports)
        else:
            files = (render(report, batch.fmt) for report in reports)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for unit, content in zip(units, files, strict=True):
                archive.writestr(f"{unit.code}.{batch.fmt}", content)
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
