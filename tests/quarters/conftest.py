from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from operations.synthetic import synthetic_region
from plans.models import Plan, Target, Unit, UnitGroup, User
from quarters.models import Result
from tests.helpers import form_fields


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
    now = timezone.now()
    return Result.objects.create(
        target=target,
        unit=unit,
        quarter=quarter,
        value=value,
        status=status,
        submitted_at=now if status != Result.Status.DRAFT else None,
        **extra,
    )


@pytest.fixture
def synthetic_plan(db):
    """A plan of N count targets (1 a quarter, adding up) all assigned to one office, for query-count tests."""

    def build(n_targets: int) -> tuple[Plan, Unit]:
        world = synthetic_region(
            f"R-{n_targets}", 1, n_targets, 2570, kinds=[("count", "sum", Decimal(1), "per_period")]
        )
        return world.plan, world.offices[0]

    return build


@pytest.fixture
def national_region(db):
    """A region of N offices, 5 targets assigned through a group rule, every office reporting Q1."""

    def build(n_units: int) -> tuple[Plan, User]:
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
        now = timezone.now()
        Result.objects.bulk_create(
            [
                Result(
                    target=t,
                    unit=o,
                    quarter=1,
                    status="accepted",
                    value=Decimal(2),
                    numerator=Decimal(9),
                    denominator=Decimal(10),
                    done=True,
                    submitted_at=now,
                    on_time=True,
                )
                for t in targets
                for o in offices
            ]
        )
        reviewer = User.objects.create_user(f"rev{n_units}", password="x", unit=division, role="reviewer")
        return plan, reviewer

    return build


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
