"""Synthetic worlds for the benchmarks, the load test and the tests: a region of N class 1-3 offices and a plan
whose targets are all assigned to them through one unit group (one activity per target, over 5 workplans);
and the benchmarks' world, a region-sized and a national-sized plan with a year of accepted results."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from plans.models import Activity, Objective, Perspective, Plan, Target, Unit, UnitGroup, User, Workplan
from quarters.models import Result

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


SCALES = {
    # offices in the region grid, offices in the national grid, targets per plan
    "small": {"region_units": 20, "national_units": 60, "targets": 20},
    "national": {"region_units": 84, "national_units": 1000, "targets": 100},
}


def _world(code: str, n_units: int, n_targets: int, year: int) -> dict:
    world = synthetic_region(code, n_units, n_targets, year)
    return {
        "plan": world.plan,
        "region": world.region,
        "division": world.division,
        "offices": world.offices,
        "targets": world.targets,
    }


def _results(world: dict, quarters=(1, 2, 3, 4), draft_unit: Unit | None = None) -> int:
    now = timezone.now()
    batch, total = [], 0
    for office in world["offices"]:
        for index, target in enumerate(world["targets"]):
            for q in quarters:
                kind = target.kind
                draft = office == draft_unit and q == 4
                batch.append(
                    Result(
                        target=target,
                        unit=office,
                        quarter=q,
                        status="draft" if draft else "accepted",
                        value=None
                        if kind in ("percentage", "milestone")
                        else Decimal(3 * q if kind == "count" else 4 if kind == "score" else 18),
                        numerator=Decimal(90 + index % 10) if kind == "percentage" else None,
                        denominator=Decimal(100) if kind in ("percentage", "score", "duration") else None,
                        done=True if kind == "milestone" else None,
                        narrative="-",
                        submitted_at=None if draft else now,
                        on_time=None if draft else index % 7 != 0,
                    )
                )
                if len(batch) >= 5000:
                    Result.objects.bulk_create(batch)
                    total += len(batch)
                    batch = []
    Result.objects.bulk_create(batch)
    return total + len(batch)


def bench_world(scale: str) -> dict:
    """The benchmark world: a region-sized plan and a national-sized one, a year of accepted results."""
    sizes = SCALES[scale]
    region = _world("BR", sizes["region_units"], sizes["targets"], 2580)
    national = _world("BN", sizes["national_units"], sizes["targets"], 2581)
    reporter_unit = region["offices"][0]
    rows = _results(region, draft_unit=reporter_unit) + _results(national)
    reporter = User.objects.create_user("bench-reporter", password="x", unit=reporter_unit, role="reporter")
    reviewer = User.objects.create_user(
        "bench-reviewer", password="x", unit=region["division"], role="reviewer"
    )
    national_reviewer = User.objects.create_user(
        "bench-hq", password="x", unit=national["division"], role="reviewer"
    )
    return {
        "scale": scale,
        "region": region,
        "national": national,
        "result_rows": rows,
        "reporter": reporter,
        "reviewer": reviewer,
        "national_reviewer": national_reviewer,
    }
