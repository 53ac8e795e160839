"""The loaded plan has the seed form's shape (seed 004_5e56c59802e6556d.txt)."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from plans.importers import read_plan_file
from plans.management.commands.load_seed_plan import DEFAULT_FILE
from plans.models import Activity, Objective, Target, Unit, UnitGroup, Workplan
from quarters.models import Result

pytestmark = pytest.mark.django_db


def activity(objective: str, number: str) -> Activity:
    return Activity.objects.get(workplan__objective__code=objective, number=number)


def test_it_holds_workplans_1_to_5_in_cr1_and_1_to_3_in_cr2(seed_plan):
    numbers = lambda code: list(  # noqa: E731
        Workplan.objects.filter(objective__code=code, objective__perspective__plan=seed_plan).values_list(
            "number", flat=True
        )
    )
    assert numbers("CR1") == [1, 2, 3, 4, 5]
    assert numbers("CR2") == [1, 2, 3]
    assert Objective.objects.filter(perspective__plan=seed_plan, perspective__code="CUSTOMER").count() == 3


def test_it_carries_the_satisfaction_target_on_3_3_2(seed_plan):
    targets = activity("CR1", "3.3.2").targets.filter(kind=Target.Kind.SCORE)
    assert [(t.comparator, t.value, t.scale_max) for t in targets] == [
        ("ge", Decimal("4.4718"), Decimal("5"))
    ]


def test_it_carries_the_key_account_segments_on_cr2_1_1_1(seed_plan):
    targets = activity("CR2", "1.1.1").targets.all()
    assert {(t.segment, t.segment_accounts, t.value) for t in targets} == {
        ("Strategic", 165, Decimal("100")),
        ("Star", 106, Decimal("100")),
        ("Status", 272, Decimal("100")),
    }


def test_it_keeps_the_complaint_slas_as_data(seed_plan):
    # Each type's SLA target is the share of its complaints closed within the type's own SLA (defect 2)
    per_type = activity("CR2", "2.1").targets.filter(
        measure_key__startswith="complaints.closed_within_sla_pct."
    )
    assert [t.measure_key.rsplit(".", 1)[1] for t in per_type] == [
        "OP1",
        "OP2",
        "OP3",
        "OP4",
        "OP5",
        "OP6",
        "URGENT",
    ]
    assert {(t.kind, t.comparator, t.value) for t in per_type} == {(Target.Kind.PERCENTAGE, "ge", 100)}
    types = read_plan_file(DEFAULT_FILE)["complaint_types"]
    assert [t["sla_value"] for t in types if t["category"] == "operational"] == [25, 25, 15, 20, 20, 20]
    assert {t["code"]: t["counted"] for t in types}["MISCONDUCT"] is False


def test_it_loads_the_seed_results_as_the_regions_accepted_results(seed_plan):
    q1 = Result.objects.filter(unit=seed_plan.owner, quarter=1, letter_no__contains="800/2564")
    assert q1.exists()
    assert all(r.status == Result.Status.ACCEPTED and r.is_historical for r in q1)
    voc = Result.objects.get(target__activity=activity("CR1", "3.4"), quarter=2)
    assert voc.value == 72


def test_it_has_the_demo_units_the_seed_names(seed_plan):
    for code in [
        "กฟก.2",
        "กบล.(ก2)",
        "กรท.(ก2)",
        "กชช.(ก2)",
        "กอภ.(ก2)",
        "ฝอภ.(ก3)",
        "กฟฟ.บลด.",
        "กฟฟ.มดพ.",
        "กฟฟ.อช.",
        "กฟส.คล.",
    ]:
        assert Unit.objects.filter(code=code).exists(), code
    offices = Unit.objects.filter(kind="office", office_class__in=[1, 2, 3], region=seed_plan.owner)
    assert offices.count() >= 12
    assert all(o.children.filter(kind="sub_office").exists() for o in offices)


def test_the_group_of_offices_and_sub_offices_takes_in_every_one_of_them(seed_plan):
    from plans.selectors import units_of_group

    group = UnitGroup.objects.get(code="ก2-กฟฟ1-3-กฟส")
    members = set(units_of_group(group).values_list("kind", flat=True))
    assert members == {"office", "sub_office"}
    assert (
        units_of_group(group).count()
        == Unit.objects.filter(region=seed_plan.owner, kind__in=["office", "sub_office"]).count()
    )


def test_loading_twice_leaves_the_same_rows(seed_plan):
    before = [m.objects.count() for m in (Unit, UnitGroup, Workplan, Activity, Target, Result)]
    call_command("load_seed_plan", verbosity=0)
    assert [m.objects.count() for m in (Unit, UnitGroup, Workplan, Activity, Target, Result)] == before


def test_sub_activities_point_at_their_heading(seed_plan):
    assert activity("CR1", "3.3.2").parent == activity("CR1", "3.3")
    assert list(
        Activity.objects.filter(workplan=activity("CR1", "3.3").workplan).values_list("number", flat=True)
    )[:6] == [
        "3.1",
        "3.2",
        "3.3",
        "3.3.1",
        "3.3.2",
        "3.3.3",
    ]
