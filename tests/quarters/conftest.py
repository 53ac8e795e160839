from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse

from operations.synthetic import synthetic_region
from plans.models import Plan, Target, Unit, UnitGroup, User
from quarters import services
from quarters.models import Result
from quarters.validation import RowValues
from tests.entering import enter_result, on_deadline_day, staff
from tests.helpers import form_fields

from .rounds import with_actions


def target_of(number: str, order: int = 1, objective: str = "CR1") -> Target:
    return Target.objects.get(
        activity__workplan__objective__code=objective, activity__number=number, order=order
    )


@pytest.fixture
def pr_target(seed_plan) -> Target:
    """1.1: one PR activity a quarter per office (a cumulative count: 2 by Q1-2)."""
    return target_of("1.1")


@pytest.fixture
def dmsx_target(seed_plan) -> Target:
    """1.2: DMSx orders >= 90 % of SAP orders (a percentage from n and d)."""
    return target_of("1.2")


@pytest.fixture
def smile_score_target(seed_plan) -> Target:
    """3.3.3: average satisfaction >= 4.4718 on a 1-5 scale."""
    return target_of("3.3.3", order=2)


def entry_url(plan, unit, quarter) -> str:
    return reverse("quarters:entry", args=[plan.pk, unit.pk, quarter])


def page_form(client, url) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    return form_fields(response.content.decode())


def make_result(target, unit, quarter, value=None, status=Result.Status.ACCEPTED, **extra) -> Result:
    """A result as the unit's people make it: typed in the quarter form, then taken through the workflow."""
    return enter_result(target, unit, quarter, value, status, **extra)


@pytest.fixture
def synthetic_plan(db):
    """A plan of N count targets (1 a quarter, adding up) all assigned to one office, for query-count tests."""

    def build(n_targets: int) -> tuple[Plan, Unit]:
        world = synthetic_region(
            f"R-{n_targets}", 1, n_targets, 2570, kinds=[("count", "sum", Decimal(1), "per_period")]
        )
        return world.plan, world.offices[0]

    return build


def build_national_region(
    n_units: int, *, late: tuple[int, ...] = (), missing: tuple[int, ...] = ()
) -> tuple[Plan, User]:
    """A region of N offices, 5 targets assigned through a group rule, every office reporting Q1 through the
    quarter form and the workflow (on the deadline day unless named ``late``; ``missing`` offices not at all)."""
    kinds = [
        ("count", "sum", Decimal(1), "level"),
        ("percentage", "ratio", Decimal(90), "level"),
        ("score", "weighted_mean", Decimal(4), "level"),
        ("milestone", "all", None, "level"),
        ("count", "sum", Decimal(3), "level"),
    ]
    world = synthetic_region(f"REG{n_units}", n_units, 5, 2571, kinds=kinds)
    offices, targets, division = world.offices, world.targets, world.division
    plan = world.plan
    values = RowValues(value=Decimal(2), numerator=Decimal(9), denominator=Decimal(10), done=True)
    on_time = on_deadline_day(targets[0], offices[0], 1)
    submitted = []
    for index, office in enumerate(offices):
        if index in missing:
            continue
        people = staff(office)
        at = on_time + timedelta(days=1) if index in late else on_time
        rows = [services.RowSave(t, replace(values).normalised(t)) for t in targets]
        services.results_save(plan=plan, unit=office, quarter=1, rows=rows, user=people["reporter"], now=at)
        mine = list(Result.objects.filter(unit=office, quarter=1))
        with_actions(mine, people["reporter"], at)
        services.results_transition(results=mine, action="submit", user=people["reporter"], now=at)
        services.results_transition(results=mine, action="approve", user=people["approver"], now=at)
        submitted += mine
    if submitted:
        services.results_transition(
            results=submitted, action="accept", user=staff(division)["reviewer"], now=on_time
        )
    reviewer = User.objects.create_user(f"rev{n_units}", password="x", unit=division, role="reviewer")
    return plan, reviewer


@pytest.fixture
def national_region(db):
    """``build_national_region`` for one test (its world goes with the test's transaction)."""
    return build_national_region


@pytest.fixture(scope="module")
def national_worlds(request, django_db_setup, django_db_blocker):
    """The worlds of ``build_national_region`` that a module names in ``NATIONAL_WORLDS`` (sizes, with office 0
    late), built once for the module in a transaction rolled back after it, as ``demo_world``: the scale tests
    read them (anything a test adds goes with its own transaction). A 150-office world takes about a minute
    to build through the services; four tests used to build it each."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        yield {n: build_national_region(n, late=(0,)) for n in request.module.NATIONAL_WORLDS}
        transaction.set_rollback(True)


def give_unit_values(plan: Plan) -> None:
    """Values per office class (a group each) and for a few single offices on every count target of a
    synthetic plan, set through the target values service as head office would."""
    from plans.goals import ValueRow
    from plans.services import target_values_set

    region = plan.owner
    hq = User.objects.create_user(f"hq{plan.pk}", password="x", role=User.Role.HEAD_OFFICE)
    groups = [
        UnitGroup.objects.create(
            code=f"{region.code}-C{n}", name_th=f"ชั้น {n}", region=region, kinds=["office"], office_classes=[n]
        )
        for n in (1, 2, 3)
    ]
    offices = list(Unit.objects.filter(region=region, kind="office").order_by("code")[:3])
    for target in Target.objects.filter(activity__workplan__objective__perspective__plan=plan, kind="count"):
        rows = [ValueRow(Decimal(n), group=g) for n, g in enumerate(groups, start=1)]
        rows += [ValueRow(Decimal(7), unit=o) for o in offices]
        target_values_set(target=target, rows=rows, user=hq, reason="ตามขนาดของ กฟฟ.")
