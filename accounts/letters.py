"""Activation-code letters: one Thai letter per unit (the code, where to register, the steps), and a CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from kpiplan.lib.pdf import render_joined, workers_for
from kpiplan.lib.spreadsheets import safe_cell
from kpiplan.lib.thaidate import thai_date

from .models import ActivationCode


def register_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accounts:register")


LETTERS_PER_WORKER_AT_LEAST = 25  # below that a worker process costs more than it saves


def letters_pdf(codes: list[ActivationCode], *, today: date) -> bytes:
    """One PDF, a letter (a page) per code in the given order: laid out in a few runs side by side, one per
    worker process (kpiplan/lib/pdf.py), and joined."""
    context = {
        "today": thai_date(today, style="long"),
        "register_url": register_url(),
        "help_url": settings.SITE_URL.rstrip("/") + reverse("accounts:help"),
    }
    runs = max(1, min(workers_for(len(codes)), len(codes) // LETTERS_PER_WORKER_AT_LEAST))
    size = -(-len(codes) // runs) if codes else 1
    htmls = [
        render_to_string("accounts/letters.html", context | {"codes": codes[start : start + size]})
        for start in range(0, max(len(codes), 1), size)
    ]
    return render_joined(htmls, workers=runs)


def letters_csv(codes: list[ActivationCode]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["unit_code", "unit_name", "activation_code", "role", "max_uses", "expires", "register_url"]
    )
    for c in codes:
        writer.writerow(
            [
                safe_cell(v)
                for v in (
                    c.unit.code,
                    c.unit.name_th,
                    c.formatted,
                    c.role,
                    c.max_uses,
                    c.expires_at.date().isoformat(),
                    register_url(),
                )
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
