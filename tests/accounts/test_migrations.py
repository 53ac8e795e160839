"""The onboarding tables moved from plans to accounts (plans 0004, accounts 0001) with their rows."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import ActivationCode, ApiToken, CodeUse, FaqEntry, SignIn

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
