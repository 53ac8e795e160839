"""Demo results: Q1 of 1.1 (PR activities) and 1.2 (DMSx orders), accepted, for nine offices of the region."""

from __future__ import annotations

import random
from decimal import Decimal

from plans.demo import DemoWorld
from plans.models import Target

from .models import Result


def demo_results(world: DemoWorld, rng: random.Random) -> None:
    plan, offices, now = world.plan, world.offices, world.now
    reviewer = world.users["reviewer"]
    targets = {t.pk: t for t in Target.objects.filter(activity__workplan__objective__perspective__plan=plan)}
    pr = next(t for t in targets.values() if t.activity.number == "1.1")
    dmsx = next(t for t in targets.values() if t.activity.number == "1.2" and t.order == 1)
    for office in offices[:9]:
        n = rng.randint(85, 99)
        Result.objects.create(
            target=pr,
            unit=office,
            quarter=1,
            value=Decimal(rng.choice([0, 1, 1, 2])),
            narrative="จัดกิจกรรมประชาสัมพันธ์ PEA Smart Plus",
            status="accepted",
            submitted_at=now,
            accepted_at=now,
            on_time=rng.random() > 0.2,
            updated_by=reviewer,
        )
        Result.objects.create(
            target=dmsx,
            unit=office,
            quarter=1,
            value=Decimal(n),
            numerator=Decimal(n),
            denominator=Decimal(100),
            narrative="-",
            status="accepted",
            submitted_at=now,
            accepted_at=now,
            on_time=True,
            updated_by=reviewer,
        )
