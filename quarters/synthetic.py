"""Synthetic worlds for the benchmarks, the load test and the tests: a region of N class 1-3 offices and a plan
whose targets are all assigned to them through one unit group (one activity per target, over 5 workplans)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from plans.models import Activity, Objective, Perspective, Plan, Target, Unit, UnitGroup, Workplan

# (kind, roll-up, target value, basis): one of each kind the grids roll up
MIXED = [
    ("count", "sum", Decimal(3), "per_period"),
    ("percentage", "ratio", Decimal(90), "level"),
    ("score", "weighted_mean", Decimal("4.4718"), "level"),
    ("milestone", "all", None, "level"),
    ("duration", "weighted_mean", Decimal(20), "level"),
]
COUNTS = [("count", "sum", Decimal(1), "level")]


@dataclass
class World:
    plan: Plan
    region: Unit
    division: Unit
    offices: list[Unit]
    targets: list[Target]


def synthetic_region(
    code: str, n_offices: int, n_targets: int, year: int, *, kinds=MIXED, report_days: int | None = 10
) -> World:
    region = Unit.objects.create(code=code, name_th=f"เขต {code}", kind="region")
    region.region = region
    region.save(update_fields=["region"])
    division = Unit.objects.create(
        code=f"{code}-DIV", name_th="กองบริการลูกค้า", kind="division", parent=region, region=region
    )
    offices = Unit.objects.bulk_create(
        [
            Unit(
                code=f"{code}-{i:04d}",
                name_th=f"กฟฟ.{code} {i}",
                kind="office",
                office_class=1 + i % 3,
                parent=region,
                region=region,
            )
            for i in range(n_offices)
        ]
    )
    group = UnitGroup.objects.create(
        code=f"{code}-G", name_th="กฟฟ.ชั้น 1-3", region=region, kinds=["office"], office_classes=[1, 2, 3]
    )
    plan = Plan.objects.create(owner=region, year=year, title_th=f"แผน {code}")
    objective = Objective.objects.create(
        perspective=Perspective.objects.create(plan=plan, code="CUSTOMER", name_th="ด้าน CUSTOMER"), code="CR1"
    )
    workplans = [
        Workplan.objects.create(objective=objective, number=n, title_th=f"แผนงาน {n}") for n in range(1, 6)
    ]
    activities = Activity.objects.bulk_create(
        [
            Activity(
                workplan=workplans[i % 5],
                number=f"{i % 5 + 1}.{i // 5 + 1}",
                sort_key=f"{i % 5 + 1:03d}.{i // 5 + 1:03d}",
                title_th=f"กิจกรรม {i}",
            )
            for i in range(n_targets)
        ]
    )
    Activity.lead_groups.through.objects.bulk_create(
        [Activity.lead_groups.through(activity_id=a.pk, unitgroup_id=group.pk) for a in activities]
    )
    targets = []
    for i, activity in enumerate(activities):
        kind, rollup, value, basis = kinds[i % len(kinds)]
        targets.append(
            Target(
                activity=activity,
                order=1,
                label_th=f"เป้าหมาย {i + 1}",
                kind=kind,
                rollup=rollup,
                value=value,
                basis=basis,
                comparator="le" if kind == "duration" else "ge",
                report_days=report_days,
                scale_min=Decimal(1) if kind == "score" else None,
                scale_max=Decimal(5) if kind == "score" else None,
            )
        )
    targets = Target.objects.bulk_create(targets)
    return World(plan, region, division, offices, targets)
