"""Onboarding benchmark: activation letters for every office (1,000 at national scale) in one PDF."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kpiplan.lib.benchmarking import Outcome, benchmark
from plans.models import User

from . import services
from .models import LetterBatch
from .tasks import build_letters


@benchmark("activation_letters_pdf", repeat=1)
def activation_letters_pdf(data: dict) -> Outcome:
    """Codes for every office of the national-size world, and their letters built by the background task."""
    offices = data["national"]["offices"]
    hq = User.objects.filter(username="bench-hq-office").first() or User.objects.create_user(
        "bench-hq-office", password="x", role=User.Role.HEAD_OFFICE
    )
    now = timezone.now()
    batch = LetterBatch.objects.create(role=User.Role.REPORTER, requested_by=hq, requested_at=now)
    services.codes_issue(
        units=offices,
        role=User.Role.REPORTER,
        max_uses=3,
        expires_at=now + timedelta(days=60),
        by=hq,
        now=now,
        batch=batch,
    )
    build_letters.call(batch.pk)
    batch.refresh_from_db()
    assert batch.state == LetterBatch.State.DONE
    return Outcome(rows=batch.total)
