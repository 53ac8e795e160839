"""Loading results that arrive as files: the seed form's historical columns."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from plans.importers import LoadedPlan, ResultRow
from plans.models import Plan

from .models import Result


@transaction.atomic
def load_historical_results(plan: Plan, rows: list[ResultRow]) -> int:
    """The results the paper form already carries, as the region's accepted results (idempotent)."""
    now = timezone.now()
    for row in rows:
        Result.objects.update_or_create(
            target=row.target,
            unit=plan.owner,
            quarter=row.quarter,
            defaults={
                "value": row.value,
                "narrative": row.text,
                "letter_no": row.letter_no,
                "letter_date": row.letter_date,
                "status": Result.Status.ACCEPTED,
                "is_historical": True,
                "accepted_at": now,
                "submitted_at": now,
            },
        )
    return len(rows)


def plan_file_results_load(document: dict, loaded: LoadedPlan) -> int:
    """The plan file's historical results (registered with plans.sections; the plan parsed them already)."""
    return load_historical_results(loaded.plan, loaded.results) if loaded.plan else 0
