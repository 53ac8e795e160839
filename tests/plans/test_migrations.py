"""Target changes recorded before plans 0010 (their own table, TargetChange) move into the one history: the
target's entry of the same edit gains the plan and the revision that published it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from plans.history import history_of
from plans.models import Target

BEFORE = [("plans", "0010_auto_close")]
AT = datetime(2021, 6, 25, 9, tzinfo=ZoneInfo("Asia/Bangkok"))


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


@pytest.mark.django_db(transaction=True)
def test_target_changes_move_into_the_one_history(seed_plan, hq_user):
    pr_target, other = Target.objects.filter(activity__workplan__objective__perspective__plan=seed_plan)[:2]
    old = migrate(BEFORE)
    try:
        revision = old.get_model("plans", "PlanRevision").objects.create(
            plan_id=seed_plan.pk, number=2, published_on=date(2021, 7, 1), reason="ปรับกลางปี"
        )
        change = old.get_model("plans", "TargetChange").objects
        # an edit the target's history already holds (the form logged both) ...
        old.get_model("plans", "HistoryEntry").objects.create(
            content_type_id=ContentType.objects.get_for_model(Target).pk,
            object_id=pr_target.pk,
            at=AT,
            by_id=hq_user.pk,
            action="changed",
            changes={"value": ["1", "2"]},
            reason="ตามมติที่ประชุม",
        )
        change.create(
            target_id=pr_target.pk,
            field="value",
            old="1",
            new="2",
            reason="ตามมติที่ประชุม",
            by_id=hq_user.pk,
            at=AT,
            revision_id=revision.pk,
        )
        # ... and one it does not (a value per class, not yet published)
        change.create(
            target_id=other.pk,
            field="ค่าเป้าหมาย ก2-กฟฟ1",
            old="6",
            new="4",
            reason="โควิด",
            by_id=hq_user.pk,
            at=AT,
            revision_id=None,
        )
    finally:
        migrate(None)

    [published] = history_of(pr_target)
    assert (published.changes, published.reason, published.plan, published.revision.number) == (
        {"value": ["1", "2"]},
        "ตามมติที่ประชุม",
        seed_plan,
        2,
    )
    [pending] = history_of(other)
    assert (pending.changes, pending.reason, pending.by, pending.plan, pending.revision) == (
        {"ค่าเป้าหมาย ก2-กฟฟ1": ["6", "4"]},
        "โควิด",
        hq_user,
        seed_plan,
        None,
    )
