"""Activation letters of a big batch are laid out in several runs on worker processes and joined: one page per
code, in the units' code order, every code on its own page."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts import letters
from accounts.models import ActivationCode, LetterBatch
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
