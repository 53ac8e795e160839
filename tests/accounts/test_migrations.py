"""The onboarding tables moved from plans to accounts (plans 0004, accounts 0001) with their rows; letters moved
to generated names and long inquiries were cut (accounts 0002)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import (
    INQUIRY_MAX_LENGTH,
    ActivationCode,
    ApiToken,
    CodeUse,
    FaqEntry,
    Inquiry,
    LetterBatch,
    SignIn,
)
from kpiplan.lib.downloads import is_generated_name

BEFORE_THE_MOVE = [("plans", "0003_api_token")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_move_are_read_by_accounts_after_it(seed_plan):
    old = migrate(BEFORE_THE_MOVE)
    try:
        unit = old.get_model("plans", "Unit").objects.get(code="กฟฟ.ชบ.")
        user = old.get_model("plans", "User").objects.create(username="before-the-move", unit=unit)
        now = timezone.now()
        code = old.get_model("plans", "ActivationCode").objects.create(
            code="ABCD2345", unit=unit, max_uses=2, uses=1, expires_at=now + timedelta(days=9), issued_at=now
        )
        old.get_model("plans", "CodeUse").objects.create(code=code, user=user, at=now)
        old.get_model("plans", "SignIn").objects.create(user=user, at=now)
        old.get_model("plans", "ApiToken").objects.create(
            user=user, name="ci", prefix="abcd", key_hash="f" * 64, created_at=now
        )
        old.get_model("plans", "FaqEntry").objects.create(question_th="ถาม", answer_th="ตอบ")
    finally:
        migrate(None)

    moved = ActivationCode.objects.get(code="ABCD2345")
    assert (moved.unit.code, moved.uses, moved.max_uses) == ("กฟฟ.ชบ.", 1, 2)
    assert CodeUse.objects.get(code=moved).user.username == "before-the-move"
    assert SignIn.objects.filter(user__username="before-the-move").count() == 1
    assert ApiToken.objects.get(user__username="before-the-move").name == "ci"
    assert FaqEntry.objects.filter(question_th="ถาม").exists()
    assert ContentType.objects.get_for_model(SignIn).app_label == "accounts"
    assert not ContentType.objects.filter(app_label="plans", model="signin").exists()


@pytest.mark.django_db(transaction=True)
def test_letters_move_to_generated_names_and_long_inquiries_are_cut(seed_plan, tmp_path):
    old = migrate([("accounts", "0001_initial")])
    try:
        pdf = default_storage.save("letters/letters-1.pdf", ContentFile(b"%PDF-1.4\n"))
        csv = default_storage.save("letters/codes-1.csv", ContentFile(b"code\n"))
        old.get_model("accounts", "LetterBatch").objects.create(
            role="reporter", pdf=pdf, csv=csv, state="done", requested_at=timezone.now()
        )
        old.get_model("accounts", "Inquiry").objects.create(
            name="ก", email="a@example.org", topic="other", message="ก" * 2_000_000, created_at=timezone.now()
        )
    finally:
        migrate(None)

    batch = LetterBatch.objects.get()
    assert is_generated_name(batch.pdf.name) and batch.pdf.read() == b"%PDF-1.4\n"
    assert is_generated_name(batch.csv.name) and batch.csv.name.endswith(".csv")
    assert not (tmp_path / "letters" / "codes-1.csv").exists()
    message = Inquiry.objects.get().message
    assert len(message) == INQUIRY_MAX_LENGTH and message.startswith("ก" * 3000) and "ตัด" in message[-50:]
