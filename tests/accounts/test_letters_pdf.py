"""Activation letters of a big batch are laid out in several runs on worker processes and joined: one page per
code, in the units' code order, every code on its own page."""

import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageChops
from pypdf import PdfReader

from accounts import letters
from accounts.models import ActivationCode, LetterBatch
from kpiplan.lib.pdf import html_to_pdf
from plans.models import UnitGroup

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_letters_laid_out_side_by_side_keep_one_page_per_code_in_order(
    client, hq_user, seed_plan, monkeypatch, settings
):
    settings.PDF_WORKERS = 2
    monkeypatch.setattr(letters, "LETTERS_PER_WORKER_AT_LEAST", 1)  # two runs even for a dozen letters
    client.force_login(hq_user)
    group = UnitGroup.objects.get(code="ก2-กฟฟ1-3")
    client.post(
        reverse("accounts:codes_bulk"),
        {"group": group.pk, "role": "reporter", "max_uses": "3", "valid_days": "60"},
    )
    batch = LetterBatch.objects.get()
    assert batch.state == "done"
    pdf = b"".join(client.get(reverse("accounts:letters_download", args=[batch.pk, "pdf"])).streaming_content)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    codes = list(ActivationCode.objects.order_by("unit__code").select_related("unit"))
    assert len(pages) == len(codes) >= 12
    for page, code in zip(pages, codes, strict=True):
        assert code.formatted in page


def test_a_letter_stamped_over_the_shared_text_looks_as_the_whole_letter_laid_out(
    client, hq_user, seed_plan, tmp_path
):
    """The letter's own text is laid out once per batch and each code's slots are written over it: every page
    must look the same, pixel for pixel at 80 dpi, as that letter laid out whole."""
    client.force_login(hq_user)
    group = UnitGroup.objects.get(code="ก2-กฟฟ1-3")
    client.post(
        reverse("accounts:codes_bulk"),
        {"group": group.pk, "role": "reporter", "max_uses": "3", "valid_days": "60"},
    )
    batch = LetterBatch.objects.get()
    pdf = b"".join(client.get(reverse("accounts:letters_download", args=[batch.pk, "pdf"])).streaming_content)
    codes = list(ActivationCode.objects.order_by("unit__code").select_related("unit"))
    (tmp_path / "batch.pdf").write_bytes(pdf)
    for n in (1, len(codes)):  # the first and the last letter
        code = codes[n - 1]
        whole = html_to_pdf(letters.letter_html(code, letters._context(code, timezone.localdate())))
        (tmp_path / "whole.pdf").write_bytes(whole)
        for name, page in (("batch", n), ("whole", 1)):
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "80",
                    "-gray",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(tmp_path / f"{name}.pdf"),
                    str(tmp_path / name),
                ],
                check=True,
            )
        stamped = Image.open(tmp_path / "batch.pgm")
        laid_whole = Image.open(tmp_path / "whole.pgm")
        assert ImageChops.difference(stamped, laid_whole).getbbox() is None, code.unit.code
