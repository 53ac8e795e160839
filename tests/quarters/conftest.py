from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Activity, Objective, Perspective, Plan, Target, Unit, Workplan
from quarters.models import Result
from tests.helpers import form_fields


@pytest.fixture
def office(seed_plan) -> Unit:
    return Unit.objects.get(code="กฟฟ.ชบ.")


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
    """A plan of N count targets all assigned to one office, for query-count tests."""

    def build(n_targets: int, unit_code: str = "ชน.ทดสอบ") -> tuple[Plan, Unit]:
        region = Unit.objects.create(code=f"R-{n_targets}", name_th="เขตทดสอบ", kind="region")
        region.region = region
        region.save()
        unit = Unit.objects.create(
            code=f"{unit_code}{n_targets}",
            name_th="กฟฟ.ทดสอบ",
            kind="office",
            office_class=1,
            parent=region,
            region=region,
        )
        plan = Plan.objects.create(owner=region, year=2570, title_th="แผนทดสอบ")
        perspective = Perspective.objects.create(plan=plan, code="CUSTOMER", name_th="ด้าน CUSTOMER")
        objective = Objective.objects.create(perspective=perspective, code="CR1")
        workplan = Workplan.objects.create(objective=objective, number=1, title_th="แผนงานทดสอบ")
        activity = Activity.objects.create(
            workplan=workplan, number="1.1", sort_key="001.001", title_th="กิจกรรม"
        )
        activity.lead_units.add(unit)
        Target.objects.bulk_create(
            [
                Target(
                    activity=activity,
                    order=i,
                    label_th=f"เป้าหมาย {i}",
                    kind="count",
                    comparator="ge",
                    value=Decimal(1),
                    basis="per_period",
                    rollup="sum",
                )
                for i in range(1, n_targets + 1)
            ]
        )
        return plan, unit

    return build
