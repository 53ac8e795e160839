"""Status against targets and roll-ups by rule, for every kind of target."""

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from plans.models import Target
from quarters.grids import plan_grid, scope_for
from quarters.models import Result
from quarters.rollups import Figure, roll_up
from quarters.scoring import Standing, goal_for, standing
from quarters.selectors import deadline_for, is_late

from .conftest import make_result


def target(**kw) -> Target:
    base = {
        "kind": "count",
        "comparator": "ge",
        "value": D(1),
        "basis": "per_period",
        "rollup": "sum",
        "scope": "per_unit",
        "frequency": "quarterly",
    }
    return Target(**(base | kw))


@pytest.mark.parametrize(
    ("kw", "quarter", "value", "expected"),
    [
        ({}, 2, D(2), Standing.ACHIEVED),  # 1 a quarter -> 2 by Q1-2
        ({}, 2, D(1), Standing.BEHIND),
        ({"basis": "total", "value": D(264)}, 2, D(140), Standing.ON_TRACK),  # pro rata 132 by Q2
        ({"basis": "total", "value": D(264)}, 2, D(100), Standing.BEHIND),
        ({"basis": "total", "value": D(264)}, 4, D(264), Standing.ACHIEVED),
        ({"kind": "percentage", "basis": "level", "value": D(90)}, 1, D("89.99"), Standing.BEHIND),
        ({"kind": "percentage", "basis": "level", "value": D(90)}, 1, D(90), Standing.ACHIEVED),
        ({"kind": "score", "basis": "level", "value": D("4.4718")}, 3, D("4.4718"), Standing.ACHIEVED),
        (
            {"kind": "duration", "basis": "level", "comparator": "le", "value": D(25)},
            1,
            D(26),
            Standing.BEHIND,
        ),
        ({"kind": "count", "basis": "total", "value": None}, 1, D(54), Standing.ACHIEVED),
        ({}, 1, None, Standing.NOT_REPORTED),
        ({"frequency": "monthly", "value": D(3000)}, 1, D(9000), Standing.ACHIEVED),  # 3,000 a month
        ({"frequency": "monthly", "value": D(3000)}, 2, D(9000), Standing.BEHIND),
    ],
)
def test_standing_of_a_cumulative_value(kw, quarter, value, expected):
    assert standing(target(**kw), quarter, value) == expected


@pytest.mark.parametrize(
    ("quarter", "done", "expected"),
    [(2, True, "achieved"), (2, False, "on_track"), (4, False, "behind"), (2, None, "not_reported")],
)
def test_standing_of_a_milestone(quarter, done, expected):
    assert standing(target(kind="milestone", value=None, rollup="all"), quarter, None, done) == expected


def test_a_sum_of_per_unit_counts_is_held_against_the_sum_of_their_targets():
    t = target()
    rolled = roll_up(t, 2, [Figure(D(2)), Figure(D(2)), Figure(D(1))], expected_units=3)
    assert rolled.value == D(5) and rolled.status == Standing.BEHIND  # 2 each by Q1-2 -> 6
    assert goal_for(t, 2, units=3).target == D(6)


def test_percentages_are_recomputed_never_averaged():
    t = target(kind="percentage", basis="level", value=D(90), rollup="ratio")
    rolled = roll_up(t, 1, [Figure(D(100), D(1), D(1)), Figure(D(80), D(80), D(100))], expected_units=2)
    assert rolled.value == D("80.20")  # 81/101, not the mean of 100 % and 80 %
    assert rolled.status == Standing.BEHIND


def test_scores_are_weighted_by_responses():
    t = target(kind="score", basis="level", value=D("4.4718"), rollup="weighted_mean")
    rolled = roll_up(t, 1, [Figure(D(5), None, D(3)), Figure(D(4), None, D(300))], expected_units=2)
    assert rolled.value == D("4.0099")  # (15 + 1200) / 303


@pytest.mark.parametrize(
    ("dones", "rule", "n", "expected"),
    [
        ([True, True, True], "all", None, "achieved"),
        ([True, False, True], "all", None, "on_track"),
        ([True, True], "all", None, "on_track"),  # the third unit has not reported
        ([True, True, False], "n_of_m", 2, "achieved"),
        ([True, False, False], "n_of_m", 2, "on_track"),
    ],
)
def test_milestones_roll_up_as_all_or_n_of_m(dones, rule, n, expected):
    t = target(kind="milestone", value=None, rollup=rule, rollup_n=n)
    assert roll_up(t, 2, [Figure(None, done=d) for d in dones], expected_units=3).status == expected


@pytest.mark.django_db
def test_the_region_rolls_up_only_accepted_results_of_assigned_units(seed_plan, pr_target):
    from plans.models import Unit

    offices = list(Unit.objects.filter(region=seed_plan.owner, kind="office").order_by("code"))
    make_result(pr_target, offices[0], 2, D(2))
    make_result(pr_target, offices[1], 2, D(3))
    make_result(pr_target, offices[2], 2, D(9), status=Result.Status.SUBMITTED)  # not accepted: left out
    row = next(
        r for r in plan_grid(scope_for(seed_plan), [2], today=date(2021, 7, 1)) if r.target == pr_target
    )
    cell = row.cells[2]
    assert cell.rolled.value == D(5) and cell.rolled.reported == 2
    assert cell.expected == len(offices) and cell.submitted == 3


@pytest.mark.django_db
def test_a_unit_closed_before_the_year_is_not_expected(seed_plan, pr_target):
    from plans.models import Unit

    closed = Unit.objects.filter(region=seed_plan.owner, kind="office").first()
    closed.active_to = date(2020, 12, 31)
    closed.save()
    opened = Unit.objects.filter(region=seed_plan.owner, kind="office").last()
    opened.active_from = date(2021, 5, 1)
    opened.save()
    scope = scope_for(seed_plan)
    assert closed.pk not in scope.expected(pr_target, 1)
    assert opened.pk not in scope.expected(pr_target, 1) and opened.pk in scope.expected(pr_target, 2)


@pytest.mark.django_db
def test_deadlines_and_late_flags(seed_plan, pr_target):
    from plans.models import Unit

    office = Unit.objects.get(code="กฟฟ.ชบ.")
    assert deadline_for(seed_plan, pr_target, office, 1) == date(2021, 4, 10)  # offices: 10 days
    division = pr_target.consolidating_unit
    assert deadline_for(seed_plan, pr_target, division, 1) == date(2021, 4, 20)  # consolidating unit: 20 days
    tz = ZoneInfo("Asia/Bangkok")
    on_time = Result(submitted_at=datetime(2021, 4, 10, 23, 0, tzinfo=tz))
    late = Result(submitted_at=datetime(2021, 4, 11, 8, 0, tzinfo=tz))
    assert not is_late(on_time, date(2021, 4, 10), date(2021, 5, 1))
    assert is_late(late, date(2021, 4, 10), date(2021, 5, 1))
    assert is_late(None, date(2021, 4, 10), date(2021, 4, 11)) and not is_late(
        None, date(2021, 4, 10), date(2021, 4, 10)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("reviewer", 200),
        ("head_office", 200),
        ("reporter", 403),
        ("approver", 403),
        ("outside_reviewer", 404),
    ],
)
def test_who_sees_the_region_consolidation(client, users_by_role, seed_plan, role, status):
    client.force_login(users_by_role[role])
    response = client.get(reverse("quarters:region", args=[seed_plan.pk, 2]))
    assert response.status_code == status
    if status == 200:
        assert "1637/2564" in response.content.decode()  # the paper form's Q1-2 letter rides along
