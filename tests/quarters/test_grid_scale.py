"""The grid and the matrix keep their query bounds with per-office goals (issue 19): values per office class
and per office, a revision that changed one class's value after the results were graded (so every cell
carries its re-grade), at 10 offices and at 1,000 (slow). Each world is built once per module through the
services: target values for all offices in one call, each office's results saved and passed on through the
workflow, the region's acceptance in one call."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse

from kpiplan.templatetags_builtins import num
from operations.synthetic import synthetic_region
from plans import revisions
from plans.goals import ValueRow
from plans.models import UnitGroup, User
from plans.services import target_values_set
from quarters import services
from quarters.grids import plan_grid, scope_for
from quarters.models import Result
from quarters.validation import RowValues
from tests.entering import on_deadline_day, staff

from .rounds import with_actions

pytestmark = pytest.mark.django_db
KINDS = [
    ("count", "sum", Decimal(1), "level"),
    ("percentage", "ratio", Decimal(90), "level"),
    ("score", "weighted_mean", Decimal(4), "level"),
    ("milestone", "all", None, "level"),
    ("count", "sum", Decimal(3), "level"),
]


def build(n: int):
    world = synthetic_region(f"SC{n}", n, 5, 2572, kinds=KINDS)
    plan, offices, targets = world.plan, world.offices, world.targets
    region = world.region
    hq = User.objects.create_user(f"hq-sc{n}", password="x", role=User.Role.HEAD_OFFICE)
    classes = [
        UnitGroup.objects.create(
            code=f"{region.code}-C{c}", name_th=f"ชั้น {c}", region=region, kinds=["office"], office_classes=[c]
        )
        for c in (1, 2, 3)
    ]
    count = targets[0]  # a count, held at its level: the region's goal is the sum of the offices' own
    # Class c's offices: c a quarter; every tenth office (index 0, 10, ...) its own 7.
    rows = [ValueRow(Decimal(c), group=g) for c, g in zip((1, 2, 3), classes, strict=True)]
    rows += [ValueRow(Decimal(7), unit=o) for i, o in enumerate(offices) if i % 10 == 0]
    target_values_set(target=count, rows=rows, user=hq, reason="ตามขนาดของ กฟฟ.")
    revisions.revision_publish(plan=plan, reason="เป้าหมายรายชั้น", published_on=date(2022, 1, 5), user=hq)
    values = RowValues(value=Decimal(2), numerator=Decimal(9), denominator=Decimal(10), done=True)
    at = on_deadline_day(count, offices[0], 1)
    submitted = []
    for office in offices:
        people = staff(office)
        saves = [services.RowSave(t, replace(values).normalised(t)) for t in targets]
        services.results_save(plan=plan, unit=office, quarter=1, rows=saves, user=people["reporter"], now=at)
        mine = list(Result.objects.filter(unit=office, quarter=1))
        with_actions(mine, people["reporter"], at)
        services.results_transition(results=mine, action="submit", user=people["reporter"], now=at)
        services.results_transition(results=mine, action="approve", user=people["approver"], now=at)
        submitted += mine
    services.results_transition(
        results=submitted, action="accept", user=staff(world.division)["reviewer"], now=at
    )
    # Mid-year, class 1's goal rises from 1 to 2, published as revision 3: every accepted result was graded
    # under revision 2 (the values per class and office).
    target_values_set(
        target=count, rows=[ValueRow(Decimal(2), group=classes[0])], user=hq, reason="ปรับเป้าหมายชั้น 1"
    )
    revisions.revision_publish(plan=plan, reason="ปรับกลางปี", published_on=date(2022, 7, 1), user=hq)
    reviewer = User.objects.create_user(f"rev-sc{n}", password="x", unit=world.division, role="reviewer")
    return n, plan, reviewer, count


def _kept(django_db_blocker, n: int):
    """A world built once for the module, in a transaction rolled back after it."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        yield build(n)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def world(request, django_db_setup, django_db_blocker):
    """The world of ``request.param`` offices (set up before each test's own transaction)."""
    yield from _kept(django_db_blocker, request.param)


# The count target's region goal, by the plan's definition (offices are numbered 0..n-1; office i is of class
# 1 + i % 3; every tenth has its own 7):
# - 10 offices: office 0 -> 7; offices 1..9 are of classes 2,3,1,2,3,1,2,3,1 -> 18
#   (class 1 at 1) under revision 2, 18 + 3 class-1 offices x 1 = 21 under revision 3; goals 25 then, 28 now.
# - 1,000 offices: the 100 tenth offices -> 700; the other 900 are 300 of each class -> 300 x (1+2+3) = 1,800
#   under revision 2, + 300 x 1 under revision 3; goals 2,500 then, 2,800 now.
# Every office reported 2: the region's 2n is behind either way.
GOALS = {10: (Decimal(25), Decimal(28)), 1000: (Decimal(2500), Decimal(2800))}
SIZES = [10, pytest.param(1000, marks=pytest.mark.slow)]


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_the_grid_keeps_its_bound_with_per_office_goals_and_a_revision(client, world, query_budget):
    n, plan, reviewer, count = world
    client.force_login(reviewer)
    with query_budget("quarters:grid"):
        response = client.get(reverse("quarters:grid"), {"plan": plan.pk, "quarter": 1})
    assert response.status_code == 200
    html = response.content.decode()
    then, now = GOALS[n]
    assert f"/ {num(now)}</span>" in html and f"{n}/{n}" in html
    cell = plan_grid(scope_for(plan, targets=[count]), [1], today=date(2022, 7, 2))[0].cells[1]
    assert "เป้าหมายปรับในฉบับที่ 3: ต่ำกว่าเป้าหมาย → ต่ำกว่าเป้าหมาย" in html
    assert (cell.regrade.changed_in, cell.regrade.graded_under) == (3, 2)
    assert (cell.goal.target, cell.regrade.old_goal, cell.regrade.new_goal) == (now, then, now)


@pytest.mark.parametrize("world", SIZES, indirect=True)
def test_the_matrix_keeps_its_bound_with_per_office_goals_and_a_revision(client, world, query_budget):
    _n, plan, reviewer, _count = world
    client.force_login(reviewer)
    with query_budget("quarters:matrix"):
        response = client.get(reverse("quarters:matrix"), {"plan": plan.pk, "quarter": 1})
    assert response.status_code == 200
    assert "100" in response.content.decode()  # every office reported (100 %)
