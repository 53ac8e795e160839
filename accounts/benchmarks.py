"""Onboarding benchmarks: activation letters for every office (1,000 at national scale), and one sign-in."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
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


SIGN_IN_PASSWORD = "Bench-sign-in-2564!"


def _sign_in_user(data: dict) -> None:
    """A reporter whose password is stored with the project's first hasher (untimed)."""
    if "_sign_in_user" not in data:
        user = User.objects.create_user(
            "bench-sign-in",
            password=SIGN_IN_PASSWORD,
            role=User.Role.REPORTER,
            unit=data["region"]["offices"][0],
        )
        data["_sign_in_user"] = user.username


@benchmark("sign_in", repeat=15, prepare=_sign_in_user)
def sign_in(data: dict) -> Outcome:
    """One sign-in through the login page's POST, as a browser makes it: its cost is the password hash (see the
    `cpu ms` column: CPU milliseconds per sign-in, steadier than wall time on a shared machine)."""
    client = Client(REMOTE_ADDR="127.0.0.1")
    response = client.post(
        reverse("login"), {"username": data["_sign_in_user"], "password": SIGN_IN_PASSWORD}
    )
    assert response.status_code == 302, response.status_code
    return Outcome(rows=1)
