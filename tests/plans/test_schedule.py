"""Months: when a target is expected, by when, and when a milestone is overdue (plans.schedule, issue 14.5/19).

Every expectation is read off the printed plan: 3.3.3 and 4.3.2 run April-December, 3.6.1 January-February,
5.6 in sub-periods (the plan written January-March, then carried out April-December).
"""

from __future__ import annotations

import copy
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from kpiplan.lib.periods import PlanYear
from plans import schedule
from plans.importers import PlanFileError, load_plan_document, read_plan_file
from plans.management.commands.load_seed_plan import DEFAULT_FILE
from plans.models import Activity, Plan, Target, Unit, User
from quarters import selectors
from quarters.grids import plan_grid, scope_for, unit_matrix
from quarters.validation import RowValues
from tests.conftest import make_user
from tests.entering import save_and_submit

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


def seed_target(number: str, order: int = 1, objective: str = "CR1") -> Target:
    return Target.objects.select_related("activity__workplan__objective__perspective__plan").get(
        activity__workplan__objective__code=objective, activity__number=number, order=order
    )


def loose(**kw) -> Target:
    """A target outside any plan: the schedule reads it over a January year unless told the first month."""
    base = {"kind": "count", "frequency": "quarterly", "months": [], "due_month": None}
    return Target(**(base | kw))


# --- the rule itself ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "start_month", "expected"),
    [
        ([[4, 12]], 1, [False, True, True, True]),  # April-December: nothing by the end of March
        ([[1, 2]], 1, [True, True, True, True]),  # January-February: begun in Q1, still owed cumulatively
        ([[10, 12]], 1, [False, False, False, True]),
        # A fiscal year from October: January-March are its months 4-6, i.e. its second quarter.
        ([[1, 3]], 10, [False, True, True, True]),
        ([[10, 3]], 10, [True, True, True, True]),  # October-March across the calendar year's end
    ],
)
def test_a_target_is_expected_once_its_months_have_begun(months, start_month, expected):
    target = loose(months=months)
    assert [schedule.expected_in(target, q, start_month) for q in (1, 2, 3, 4)] == expected


@pytest.mark.parametrize(
    ("months", "due_month", "overdue"),
    [
        # Due at the end of February, the last month it runs in: past by the end of Q1 (31 March) already.
        ([[1, 2]], None, [True, True, True, True]),
        ([[1, 12]], None, [False, False, False, True]),  # due in December: only Q1-4 finds it overdue
        ([[1, 12]], 6, [False, True, True, True]),  # a due month of its own: June, the end of Q2
    ],
)
def test_a_milestone_is_overdue_once_its_due_month_has_ended(months, due_month, overdue):
    target = loose(kind="milestone", months=months, due_month=due_month)
    assert [schedule.milestone_overdue(target, q, 1) for q in (1, 2, 3, 4)] == overdue


def test_a_monthly_target_is_due_days_after_each_month_it_runs_in():
    plan_year = PlanYear(2564)
    # "within 5 days after the month ends": January's data by 5 Feb, February's by 5 March, March's by 5 April.
    full_year = loose(frequency="monthly", months=[[1, 12]])
    assert [due for _end, due in schedule.month_deadlines(full_year, plan_year.quarter(1), 5)] == [
        date(2021, 2, 5),
        date(2021, 3, 5),
        date(2021, 4, 5),
    ]
    assert schedule.deadline(full_year, plan_year.quarter(1), 5) == date(2021, 4, 5)
    # Running January-February only, the Q1 figure is due 5 days after February (28 days in 2021): 5 March,
    # not 5 April as a quarterly target would be.
    short = loose(frequency="monthly", months=[[1, 2]])
    assert schedule.deadline(short, plan_year.quarter(1), 5) == date(2021, 3, 5)
    quarterly = loose(frequency="quarterly", months=[[1, 2]])
    assert schedule.deadline(quarterly, plan_year.quarter(1), 5) == date(2021, 4, 5)


@pytest.mark.parametrize(
    ("periods", "problem"),
    [([[1, 6], [4, 12]], "ซ้อน"), ([[1, 3], [3, 3]], "ซ้อน"), ([[1, 3], [4, 12]], None), ([[12, 2]], "ข้ามปี")],
)
def test_sub_periods_may_not_overlap(periods, problem):
    found = schedule.overlap_problem(periods, 1)
    assert (found is None) if problem is None else (problem in found)


# --- the seed plan --------------------------------------------------------------------------------------------


def test_the_seed_plan_loads_56s_sub_periods(seed_plan):
    activity = Activity.objects.get(workplan__objective__code="CR1", number="5.6")
    assert activity.periods == [[1, 3], [4, 12]]
    assert activity.period_label(seed_plan.plan_year) == "ม.ค.-มี.ค.2564, เม.ย.-ธ.ค.2564"
    written, carried_out = seed_target("5.6", 1), seed_target("5.6", 2)
    assert written.months == [[1, 3]] and carried_out.months == [[4, 12]]
    assert schedule.expected_in(written, 1) and not schedule.expected_in(carried_out, 1)


def test_april_to_december_activities_are_not_expected_in_q1(seed_plan):
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    late_starters = {seed_target("3.3.3", 1).pk, seed_target("3.3.3", 2).pk, seed_target("4.3.2").pk}
    scope = scope_for(seed_plan)
    for pk in late_starters:
        target = next(t for t in scope.targets if t.pk == pk)
        assert scope.expected(target, 1) == set()
        assert office.pk in scope.expected(target, 2)
    # กฟฟ.ชบ. owes, in Q1-2, the three targets of 3.3.3 and 4.3.2 on top of what it owes in Q1 (5.6's second
    # target, April-December, too: กฟฟ.ชบ. is in the EEC group) - four more, and nothing else changes.
    carried_out = seed_target("5.6", 2)
    q1 = unit_matrix(scope, 1, page_units=[office]).lines[0]
    q2 = unit_matrix(scope, 2, page_units=[office]).lines[0]
    assert set(q2.cells) - set(q1.cells) == late_starters | {carried_out.pk}
    assert q2.expected - q1.expected == 4
    # The Q1 quarter form of the office leaves them out; the Q1-2 form has them.
    q1_form = {r.target.pk for r in selectors.entry_form(seed_plan, office, 1, date(2021, 4, 1)).rows}
    q2_form = {r.target.pk for r in selectors.entry_form(seed_plan, office, 2, date(2021, 7, 1)).rows}
    assert not late_starters & q1_form and late_starters <= q2_form


def _report(plan, unit, user, target, quarter, *, done, narrative, day):
    now = datetime.combine(day, time(10), tzinfo=BANGKOK)
    values = RowValues(done=done, narrative=narrative).normalised(target)
    save_and_submit(plan, unit, quarter, target, values, user, now)


def test_a_milestone_due_in_february_is_behind_in_q2_when_not_done(seed_plan):
    division = Unit.objects.get(code="กบล.(ก2)")
    reporter = make_user("division_reporter", "กบล.(ก2)", User.Role.REPORTER)
    database = seed_target("3.6.1")  # January-February: "high-value customer database built"
    standard = seed_target("2.1")  # January-December: "every office follows the Doing Business standard"
    for target in (database, standard):
        _report(
            seed_plan,
            division,
            reporter,
            target,
            2,
            done=False,
            narrative="ยังไม่แล้วเสร็จ",
            day=date(2021, 7, 5),
        )
    form = selectors.entry_form(seed_plan, division, 2, date(2021, 7, 6))
    status = {r.target.pk: r.status for r in form.rows}
    # 3.6.1 was due at the end of February; at the end of June it is not done: behind.
    assert status[database.pk] == "behind"
    # 2.1 is due in December: not done by June is still on track.
    assert status[standard.pk] == "on_track"
    scope = scope_for(seed_plan, unit_ids={division.pk})
    cells = {
        r.target.pk: r.cells[2] for r in plan_grid(scope, [2], basis="submitted", today=date(2021, 7, 6))
    }
    # The grid rolls up the "all units" milestone over กบล.(ก2) and กชช.(ก2); within this one unit's scope the
    # one unit that answered said "not done": behind for 3.6.1, on track for 2.1.
    assert cells[database.pk].status == "behind"
    assert cells[standard.pk].status == "on_track"


def test_a_monthly_targets_quarter_form_shows_the_month_deadline(seed_plan):
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    fms = seed_target("1.1.1", 1, objective="CR2")  # monthly, 5 days after the month ends
    row = next(
        r for r in selectors.entry_form(seed_plan, office, 1, date(2021, 4, 6)).rows if r.target == fms
    )
    assert row.deadline == date(2021, 4, 5)  # March's figure, 5 days after 31 March
    assert row.late  # nothing submitted by 6 April


# --- bad input ---------------------------------------------------------------------------------------------


def test_a_plan_file_with_overlapping_months_is_refused_whole(seed_plan):
    doc = copy.deepcopy(read_plan_file(DEFAULT_FILE))
    doc["plan"]["year"] = 2565
    doc["plan"]["perspectives"][0]["objectives"][0]["workplans"][0]["activities"][0]["periods"] = [
        [1, 6],
        [4, 12],
    ]
    before = Plan.objects.count(), Activity.objects.count()
    with pytest.raises(PlanFileError) as exc:
        load_plan_document(doc)
    [problem] = exc.value.problems
    assert problem.field == "periods" and "1.1" in problem.where and "ซ้อน" in problem.message
    assert (Plan.objects.count(), Activity.objects.count()) == before


def test_the_activity_form_refuses_overlapping_months_and_saves_nothing(client, hq_user, seed_plan):
    client.force_login(hq_user)
    activity = Activity.objects.get(workplan__objective__code="CR1", number="5.6")
    data = {
        "title_th": activity.title_th,
        "period_start": 1,
        "period_end": 12,
        "periods": "ม.ค.-มิ.ย., เม.ย.-ธ.ค.",
        "lead_groups": [g.pk for g in activity.lead_groups.all()],
    }
    response = client.post(reverse("plans:activity_edit", args=[activity.pk]), data)
    assert response.status_code == 400
    assert "ช่วงเดือนซ้อนกัน" in response.content.decode()
    activity.refresh_from_db()
    assert activity.periods == [[1, 3], [4, 12]]
    data["periods"] = "1-2, 3-12"
    assert client.post(reverse("plans:activity_edit", args=[activity.pk]), data).status_code == 302
    activity.refresh_from_db()
    assert activity.periods == [[1, 2], [3, 12]] and (activity.period_start, activity.period_end) == (1, 12)


def test_a_targets_months_must_lie_inside_its_activitys(client, hq_user, seed_plan):
    client.force_login(hq_user)
    target = seed_target("3.3.3", 1)  # activity April-December
    data = {
        "label_th": target.label_th,
        "kind": "percentage",
        "comparator": "ge",
        "value": "70",
        "scope": "per_unit",
        "frequency": "quarterly",
        "basis": "level",
        "rollup": "ratio",
        "months": "1-3",
    }
    response = client.post(reverse("plans:target_edit", args=[target.pk]), data)
    assert response.status_code == 400
    assert "เดือนของเป้าหมายต้องอยู่ในช่วงเดือนของกิจกรรม" in response.content.decode()
    target.refresh_from_db()
    assert target.months == []


def test_the_activity_page_shows_months_and_who_need_not_report_yet(client, branch_user, seed_plan):
    client.force_login(branch_user)
    activity = Activity.objects.get(workplan__objective__code="CR1", number="3.6.1")
    html = client.get(reverse("plans:activity", args=[activity.pk])).content.decode()
    assert "ครบกำหนดแล้วเสร็จ 28 ก.พ. 2564" in html
    activity = Activity.objects.get(workplan__objective__code="CR1", number="3.3.3")
    html = client.get(reverse("plans:activity", args=[activity.pk])).content.decode()
    assert "ยังไม่เริ่มดำเนินการ ไม่ต้องรายงาน" in html
