"""Activation-code letters: one Thai letter per unit (the code, where to register, the steps), and a CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from kpiplan.lib.pdf import font_face_css, html_to_pdf
from kpiplan.lib.spreadsheets import safe_cell
from kpiplan.lib.thaidate import thai_date

from .models import ActivationCode


def register_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accounts:register")


def letters_pdf(codes: list[ActivationCode], *, today: date) -> bytes:
    html = render_to_string(
        "accounts/letters.html",
        {
            "codes": codes,
            "font_faces": font_face_css(),
            "today": thai_date(today, style="long"),
            "register_url": register_url(),
            "help_url": settings.SITE_URL.rstrip("/") + reverse("accounts:help"),
        },
    )
    return html_to_pdf(html)


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
