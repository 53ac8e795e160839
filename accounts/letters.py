"""Activation-code letters: one Thai letter per unit (the code, where to register, the steps), and a CSV.

A batch's letters say the same thing but for the addressee, the unit code and the activation code. Laying out
Thai text is where the time goes (~25 ms a page), so the letter is laid out once per batch with those three
slots left empty (templates/accounts/letter.html), the slots' texts of every letter are laid out on their own,
page by page at the slots' places (a few words a page, on worker processes for big batches), and each of
those pages is stamped over the shared letter, which the PDF holds once.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from html import escape

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from kpiplan.lib.pdf import html_to_pdf, layout, render_many, stamped, workers_for
from kpiplan.lib.spreadsheets import safe_cell
from kpiplan.lib.thaidate import thai_date

from .models import ActivationCode

LETTERS_PER_WORKER_AT_LEAST = 100  # below that a worker process costs more than it saves
# each slot's text as the letter sets it (its font; position: the slot's place on the laid-out letter)
SLOT_STYLE = {
    "addressee": "",
    "unit": "font-weight: 700",
    "code": "font-weight: 700; font-size: 26pt; letter-spacing: 3pt",
}


def register_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accounts:register")


def _context(code: ActivationCode, today: date) -> dict:
    return {
        "today": thai_date(today, style="long"),
        "register_url": register_url(),
        "help_url": settings.SITE_URL.rstrip("/") + reverse("accounts:help"),
        "role": code.get_role_display(),
        "max_uses": code.max_uses,
        "expires": code.expires_at,
    }


def letter_html(code: ActivationCode | None, context: dict) -> str:
    """One whole letter (``code`` None: its slots left empty)."""
    return render_to_string("accounts/letter.html", context | {"c": code})


def _slot_texts(code: ActivationCode) -> dict[str, str]:
    return {
        "addressee": f"{code.unit.name_th} ({code.unit.code})",
        "unit": code.unit.code,
        "code": code.formatted,
    }


def _slot_pages(codes: list[ActivationCode], places: list[dict[str, tuple[float, float]]]) -> str:
    """The slots' texts of each letter, a page each, at the places its laid-out letter gives them."""
    boxes = "".join(
        "<section>"
        + "".join(
            f'<div class="s" style="left: {at[name][0]:.3f}px; top: {at[name][1]:.3f}px; '
            f'{SLOT_STYLE[name]}">{escape(text)}</div>'
            for name, text in _slot_texts(code).items()
        )
        + "</section>"
        for code, at in zip(codes, places, strict=True)
    )
    return (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><style>'
        "@page { size: A4; margin: 0; } html { font-family: 'Sarabun'; font-size: 14pt; line-height: 1.45; }"
        "body { margin: 0; } section { position: relative; height: 290mm; break-after: page; }"
        "section:last-child { break-after: auto; } .s { position: absolute; white-space: nowrap; }"
        f"</style></head><body>{boxes}</body></html>"
    )


def letters_pdf(codes: list[ActivationCode], *, today: date) -> bytes:
    """One PDF, a letter (a page) per code in the given order."""
    # The letter's own text differs only with what a batch gives all its codes (role, uses, expiry): laid out
    # once per such kind.
    kinds: dict[tuple, int] = {}
    letters = []
    for code in codes:
        kind = (code.role, code.max_uses, code.expires_at.date())
        if kind not in kinds:
            kinds[kind] = len(letters)
            letters.append(layout(letter_html(None, _context(code, today))))
    if not codes:
        return html_to_pdf("<!doctype html><html lang='th'><body></body></html>")
    of = [kinds[(c.role, c.max_uses, c.expires_at.date())] for c in codes]
    runs = max(1, min(workers_for(len(codes)), len(codes) // LETTERS_PER_WORKER_AT_LEAST))
    size = -(-len(codes) // runs)
    htmls = [
        _slot_pages(codes[start : start + size], [letters[k].anchors for k in of[start : start + size]])
        for start in range(0, len(codes), size)
    ]
    return stamped(render_many(htmls, workers=runs), [laid.pdf for laid in letters], of)


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
