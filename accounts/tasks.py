"""Background work of onboarding: the letters of a bulk issue of activation codes."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone

from .letters import letters_csv, letters_pdf
from .models import LetterBatch


@task
def build_letters(batch_id: int) -> int:
    batch = LetterBatch.objects.get(pk=batch_id)
    codes = list(batch.codes.select_related("unit").order_by("unit__code"))
    LetterBatch.objects.filter(pk=batch_id).update(state=LetterBatch.State.RUNNING, total=len(codes))
    try:
        pdf = letters_pdf(codes, today=timezone.localdate())
        batch.refresh_from_db()
        batch.pdf.save(f"letters-{batch.pk}.pdf", ContentFile(pdf), save=False)
        batch.csv.save(f"codes-{batch.pk}.csv", ContentFile(letters_csv(codes)), save=False)
        batch.state = LetterBatch.State.DONE
        batch.done = len(codes)
        batch.save(update_fields=["pdf", "csv", "state", "done"])
    except Exception as exc:
        LetterBatch.objects.filter(pk=batch_id).update(state=LetterBatch.State.FAILED, error=str(exc)[:2000])
        raise
    return len(codes)
