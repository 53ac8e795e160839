"""Baselines (issue 14.9 / 19): "more than Q4/2563" (5.4) and "x % above last year" are graded against each
unit's baseline - typed in, imported, or last year's accepted Q1-4 result through the plan's lineage. Without
one the figure is "ไม่มีข้อมูลฐาน", never achieved."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services as plan_services
from plans.goals import BaselineRow
from plans.models import Baseline, Plan, Target, Unit, User
from quarters import selectors, services
from quarters.grids import plan_grid, scope_for
from quarters.models import Result
from quarters.scoring import goal_for
from quarters.templatetags.results import standing_label
from quarters.validation import RowValues
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


def payments_target(plan: Plan) -> Target:
    """5.4: customers paying through other channels, "more than Q4/2563" (comparator >, against a baseline)."""
    return Target.objects.select_related("activity__workplan__objective__perspective__plan").get(
        activity__workplan__objective__perspective__plan=plan, activity__number="5.4"
    )


def row_of(plan, unit, target, quarter, today):
    return next(r for r in selectors.entry_form(plan, unit, quarter, today).rows if r.target == target)


def save(plan, unit, user, target, quarter, value, *, day, narrative="", submit=True):
    values = RowValues(value=Decimal(value), narrative=narrative).normalised(target)
    current = Result.objects.filter(unit=unit, target=target, quarter=quarter).first()
    services.results_save_and_submit(
        plan=plan,
        unit=unit,
        quarter=quarter,
        rows=[services.RowSave(target, values, version=current.version if current else None)],
        user=user,
        now=datetime.combine(day, time(10), tzinfo=BANGKOK),
        submit=submit,
    )
    return Result.objects.get(unit=unit, target=target, quarter=quarter)


def test_the_seed_reads_54_as_more_than_a_baseline(seed_plan):
    target = payments_target(seed_plan)
    assert (target.relative_to, target.comparator, target.value) == ("baseline", "gt", None)


def test_without_a_baseline_a_figure_is_never_achieved(seed_plan, branch_user):
    office = branch_user.unit
    target = payments_target(seed_plan)
    save(seed_plan, office, branch_user, target, 1, 5000, day=date(2021, 4, 5))
    row = row_of(seed_plan, office, target, 1, date(2021, 4, 6))
    assert row.status == "no_baseline" and row.goal.no_baseline
    assert str(standing_label(row.status)) == "ไม่มีข้อมูลฐาน"


def test_a_typed_baseline_grades_more_than_it(client, hq_user, seed_plan, branch_user):
    office = branch_user.unit
    target = payments_target(seed_plan)
    client.force_login(hq_user)
    url = reverse("plans:target_values", args=[target.pk])
    assert client.post(url, {"action": "baselines", f"b{office.pk}": "1,200"}).status_code == 302
    baseline = Baseline.objects.get(target=target, unit=office)
    assert (baseline.value, baseline.source) == (Decimal(1200), "typed")
    save(
        seed_plan,
        office,
        branch_user,
        target,
        1,
        1200,
        day=date(2021, 4, 5),
        narrative="เท่าเดิม",
        submit=False,
    )
    # 1,200 is not more than the baseline 1,200: behind.
    assert row_of(seed_plan, office, target, 1, date(2021, 4, 6)).status == "behind"
    save(seed_plan, office, branch_user, target, 1, 1201, day=date(2021, 4, 5), submit=False)
    row = row_of(seed_plan, office, target, 1, date(2021, 4, 6))
    assert (row.goal.target, row.status) == (Decimal(1200), "achieved")


def test_x_percent_above_the_baseline():
    # "at least 5 % above last year" on a baseline of 200: 200 x 1.05 = 210.
    target = Target(kind="count", comparator="ge", value=Decimal(5), relative_to="baseline", rollup="sum")
    assert goal_for(target, 1, baselines=[Decimal(200)]).target == Decimal(210)
    # Summed over two offices (200 and 100): 300 x 1.05 = 315.
    assert goal_for(target, 1, units=2, baselines=[Decimal(200), Decimal(100)]).target == Decimal(315)


def _accept_q4(plan, office, target, value):
    reporter = make_user(f"rep{office.pk}", office.code, User.Role.REPORTER)
    approver = make_user(f"app{office.pk}", office.code, User.Role.APPROVER)
    reviewer = User.objects.filter(username="q4_reviewer").first() or make_user(
        "q4_reviewer", "กบล.(ก2)", User.Role.REVIEWER
    )
    day = date(2022, 1, 5)
    result = save(plan, office, reporter, target, 4, value, day=day)
    now = datetime.combine(day, time(11), tzinfo=BANGKOK)
    services.results_transition(results=[result], action="approve", user=approver, now=now)
    services.results_transition(results=[result], action="accept", user=reviewer, now=now)


def test_last_years_q4_through_the_lineage_becomes_the_baseline(client, hq_user, seed_plan):
    last_year = payments_target(seed_plan)
    chonburi, maptaphut = Unit.objects.get(code="กฟฟ.ชบ."), Unit.objects.get(code="กฟฟ.มดพ.")
    # 2564's Q1-4 figures, accepted: กฟฟ.ชบ. 100 and กฟฟ.มดพ. 80 (these are last year's, so no baseline yet:
    # the region reviewer accepts them whatever their standing, with a narrative).
    for office, value in ((chonburi, 100), (maptaphut, 80)):
        _accept_q4(seed_plan, office, last_year, value)
    next_plan = plan_services.plan_copy_to_next_year(plan=seed_plan)
    target = payments_target(next_plan)
    assert target.lineage_id == last_year.pk
    client.force_login(hq_user)
    response = client.post(reverse("quarters:baselines_from_last_year", args=[target.pk]))
    assert response.status_code == 302
    got = {
        b.unit.code: (b.value, b.source, b.note)
        for b in Baseline.objects.filter(target=target).select_related("unit")
    }
    assert got == {
        "กฟฟ.ชบ.": (Decimal(100), "lineage", "ผลไตรมาสที่ 1-4/2564"),
        "กฟฟ.มดพ.": (Decimal(80), "lineage", "ผลไตรมาสที่ 1-4/2564"),
    }
    # 2565 Q1: กฟฟ.ชบ. 101 > 100 achieved; กฟฟ.มดพ. 80 is not more than 80: behind.
    day = date(2022, 4, 5)
    reporter = User.objects.get(username=f"rep{chonburi.pk}")
    save(next_plan, chonburi, reporter, target, 1, 101, day=day)
    assert row_of(next_plan, chonburi, target, 1, day).status == "achieved"
    reporter = User.objects.get(username=f"rep{maptaphut.pk}")
    save(next_plan, maptaphut, reporter, target, 1, 80, day=day, narrative="ลูกค้าเท่าเดิม")
    assert row_of(next_plan, maptaphut, target, 1, day).status == "behind"
    # The region sums its 16 offices' figures against the sum of their baselines; 14 offices have none,
    # so the region's goal is unknown: "ไม่มีข้อมูลฐาน", not achieved.
    cell = next(
        r for r in plan_grid(scope_for(next_plan), [1], basis="submitted", today=day) if r.target == target
    )
    assert (cell.cells[1].value, cell.cells[1].status) == (Decimal(181), "no_baseline")
    # Narrowed to the two offices that have one: 181 against 100 + 80 = 180, more than it: achieved.
    two = scope_for(next_plan, unit_ids={chonburi.pk, maptaphut.pk})
    cell = next(r for r in plan_grid(two, [1], basis="submitted", today=day) if r.target == target).cells[1]
    assert (cell.goal.target, cell.status) == (Decimal(180), "achieved")
    assert cell.goal.derivation == "ข้อมูลฐาน 180 (ผลรวม 2 หน่วยงาน)"


# --- bad input --------------------------------------------------------------------------------------------


def test_a_baseline_of_the_wrong_kind_is_refused_and_nothing_is_saved(client, hq_user, seed_plan):
    target = payments_target(seed_plan)  # a count
    chonburi, maptaphut = Unit.objects.get(code="กฟฟ.ชบ."), Unit.objects.get(code="กฟฟ.มดพ.")
    with pytest.raises(ValidationError) as exc:
        plan_services.baselines_set(
            target=target,
            rows=[BaselineRow(chonburi, Decimal(100)), BaselineRow(maptaphut, Decimal("12.5"))],
            user=hq_user,
        )
    assert exc.value.messages == ["กฟฟ.มดพ.: ข้อมูลฐานของเป้าหมายแบบนับจำนวนต้องเป็นจำนวนเต็ม"]
    milestone = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="2.1")
    with pytest.raises(ValidationError) as exc:
        plan_services.baselines_set(target=milestone, rows=[BaselineRow(chonburi, Decimal(1))], user=hq_user)
    assert "ไม่มีข้อมูลฐาน" in exc.value.messages[0]
    client.force_login(hq_user)
    url = reverse("plans:target_values", args=[target.pk])
    response = client.post(url, {"action": "baselines", f"b{chonburi.pk}": "-5"})
    assert response.status_code == 400 and "กฟฟ.ชบ.: ข้อมูลฐานไม่ตรงกับชนิดของเป้าหมาย" in response.content.decode()
    assert not Baseline.objects.exists()


def test_a_target_without_lineage_cannot_take_last_years_figures(client, hq_user, seed_plan):
    client.force_login(hq_user)
    response = client.post(
        reverse("quarters:baselines_from_last_year", args=[payments_target(seed_plan).pk]), follow=True
    )
    assert "ไม่มีเป้าหมายเดียวกันของปีที่แล้ว" in response.content.decode()
    assert not Baseline.objects.exists()


def test_only_head_office_takes_baselines_from_last_year(client, region_reviewer, seed_plan):
    client.force_login(region_reviewer)
    response = client.post(reverse("quarters:baselines_from_last_year", args=[payments_target(seed_plan).pk]))
    assert response.status_code == 403
