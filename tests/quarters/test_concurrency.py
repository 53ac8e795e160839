"""Quarter-end: many people saving at once lose nothing; two saving the same result get one conflict.

Runs on PostgreSQL (row locks); on SQLite the file lock serialises writers and the test is skipped.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from plans.models import Target, Unit, User
from quarters import services
from quarters.models import Result
from quarters.validation import RowValues
from tests.entering import enter_result

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is measured on PostgreSQL (make test runs it there)")


def run_threads(work, n):
    barrier = threading.Barrier(n)
    outcomes = [None] * n

    def runner(i):
        try:
            barrier.wait()
            outcomes[i] = work(i)
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


def test_twenty_people_saving_different_results_of_one_unit_lose_nothing(on_postgres, synthetic_plan):
    plan, unit = synthetic_plan(20)
    users = [User.objects.create_user(f"r{i}", password="x", unit=unit, role="reporter") for i in range(20)]
    targets = list(
        Target.objects.filter(activity__workplan__objective__perspective__plan=plan).order_by("pk")
    )

    def save(i):
        row = services.RowSave(targets[i], RowValues(value=Decimal(i + 1)), None, True)
        return services.results_save(
            plan=plan, unit=unit, quarter=1, rows=[row], user=users[i], now=timezone.now()
        )

    outcomes = run_threads(save, 20)
    assert outcomes == [1] * 20
    saved = dict(Result.objects.filter(unit=unit, quarter=1).values_list("target_id", "value"))
    assert saved == {target.pk: Decimal(i + 1) for i, target in enumerate(targets)}


def test_two_people_saving_the_same_result_produce_exactly_one_conflict(on_postgres, synthetic_plan):
    plan, unit = synthetic_plan(1)
    users = [User.objects.create_user(f"s{i}", password="x", unit=unit, role="reporter") for i in range(2)]
    target = Target.objects.get(activity__workplan__objective__perspective__plan=plan)
    existing = enter_result(target, unit, 1, Decimal(1), "draft", narrative="-")

    def save(i):
        row = services.RowSave(
            target, RowValues(value=Decimal(10 + i), narrative="-"), existing.version, True
        )
        return services.results_save(
            plan=plan, unit=unit, quarter=1, rows=[row], user=users[i], now=timezone.now()
        )

    outcomes = run_threads(save, 2)
    conflicts = [o for o in outcomes if isinstance(o, services.ResultConflict)]
    assert len(conflicts) == 1 and outcomes.count(1) == 1
    assert Result.objects.get(pk=existing.pk).value in (Decimal(10), Decimal(11))


def test_two_people_creating_the_same_result_produce_exactly_one_conflict(on_postgres, synthetic_plan):
    plan, unit = synthetic_plan(1)
    users = [User.objects.create_user(f"c{i}", password="x", unit=unit, role="reporter") for i in range(2)]
    target = Target.objects.get(activity__workplan__objective__perspective__plan=plan)
    Unit.objects.get(pk=unit.pk)

    def save(i):
        row = services.RowSave(target, RowValues(value=Decimal(10 + i), narrative="-"), None, True)
        return services.results_save(
            plan=plan, unit=unit, quarter=1, rows=[row], user=users[i], now=timezone.now()
        )

    outcomes = run_threads(save, 2)
    assert sum(isinstance(o, services.ResultConflict) for o in outcomes) == 1
    assert Result.objects.filter(target=target, unit=unit, quarter=1).count() == 1
