"""The grading, roll-up and validation rules (quarters/scoring.py, rollups.py, validation.py) one by one, as pure
functions over targets as the plan defines them (no database). Each expected figure is worked out by hand from
the rule in the module's docstring; `make mutation` holds these modules to them."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.utils import translation

from kpiplan.lib.periods import PlanYear
from plans.measures import MeasureValue
from plans.models import Target
from quarters.rollups import Figure, Sums, carried_into, carried_label, carries, roll_up, roll_up_sums
from quarters.scoring import Goal, Standing, goal_for, percentage, standing
from quarters.validation import RowValues, check_row, letter_dates


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


# --- scoring.goal_for ---------------------------------------------------------------------------------------


def test_a_summed_goal_adds_each_units_own_goal_and_says_how():
    t = target(value=D(6))
    # Q1-2, 6 a quarter: 12 for each unit holding the default, 6 for the one holding 3 of its own
    goal = goal_for(t, 2, units=3, values=[D(6), None, D(3)])
    assert (goal.comparator, goal.target, goal.expected) == ("ge", D(30), D(30))
    assert goal.derivation == "ผลรวมเป้าหมายของหน่วยงาน: 2 หน่วยงาน × 12 + 1 หน่วยงาน × 6"
    # one value for two units is still a sum: 12 + 6, however many units are said
    assert goal_for(t, 2, units=2, values=[D(3), D(6)]).target == D(18)
    assert goal_for(t, 2, values=[D(3), D(6)]).target == D(18)
    # one unit's value for two units: its own goal, 3 a quarter -> 6 by Q1-2
    assert goal_for(t, 2, units=2, values=[D(3)]) == Goal(
        "ge", D(6), D(6), "ผลรวมเป้าหมายของหน่วยงาน: 1 หน่วยงาน × 6"
    )
    # one value for one unit is no sum: the target's goal (the unit's own comes as ``value``)
    assert goal_for(t, 2, values=[D(3)]) == Goal("ge", D(12), D(12))
    # a year's total taken pro rata: 240 and 120 for the year, 1/4 of it due by Q1 (60 + 30 = 90)
    total = target(value=D(240), basis="total")
    goal = goal_for(total, 1, units=2, values=[None, D(120)])
    assert (goal.target, goal.expected) == (D(360), D(90))


def test_a_summed_goal_is_unknown_when_a_unit_has_none():
    t = target(value=None)
    assert goal_for(t, 2, units=2, values=[D(3), None]) == Goal("ge", None, None)


def test_a_goal_for_several_units_without_their_own_values():
    t = target(value=D(2))
    # 2 a quarter, Q1-3: 6 each, 4 units: 24
    goal = goal_for(t, 3, units=4)
    assert (goal.target, goal.expected) == (D(24), D(24))
    assert goal.derivation == "ผลรวมเป้าหมายของหน่วยงาน: 4 หน่วยงาน × 6"
    # a year's total of 100 a unit: 50 due by Q1-2 for each of 2 units
    assert goal_for(target(value=D(100), basis="total"), 2, units=2) == Goal(
        "ge", D(200), D(100), "ผลรวมเป้าหมายของหน่วยงาน: 2 หน่วยงาน × 100"
    )
    # no value: nothing to multiply, no derivation
    assert goal_for(target(value=None), 2, units=3) == Goal("ge", None, None)
    # a single unit, or a target that is not a per-unit sum, keeps the target's own goal
    assert goal_for(t, 3, units=1) == Goal("ge", D(6), D(6))
    assert goal_for(target(value=D(2), scope="region"), 3, units=4) == Goal("ge", D(6), D(6))
    assert goal_for(target(value=D(2), rollup="ratio"), 3, units=4, values=[D(1), D(1)]) == Goal(
        "ge", D(6), D(6)
    )
    # a unit's own value
    assert goal_for(t, 2, value=D(5)) == Goal("ge", D(10), D(10))


def test_a_goal_over_baselines():
    base = {"relative_to": "baseline", "comparator": "gt", "value": None}
    one = goal_for(target(**base), 4, baselines=[D(54)])
    assert one == Goal("gt", D(54), D(54), "ข้อมูลฐาน 54")
    # a summed count over two units: 10 + 20 = 30, 5 % above it: 31.5
    summed = goal_for(target(**(base | {"value": D(5)})), 4, baselines=[D(10), D(20)])
    assert (summed.target, summed.expected) == (D("31.5"), D("31.5"))
    assert summed.derivation == "ข้อมูลฐาน 30 (ผลรวม 2 หน่วยงาน) + ร้อยละ 5"
    assert not summed.no_baseline
    unknown = Goal("gt", None, None, "ไม่มีข้อมูลฐาน", no_baseline=True)
    assert goal_for(target(**base), 4) == unknown  # none given
    assert goal_for(target(**base), 4, baselines=[D(3), None]) == unknown  # one unit lacks it
    # one unit's baseline grades a target that is not a summed count too
    assert goal_for(target(**base, rollup="ratio"), 4, baselines=[D(54)]).target == D(54)
    # two units' baselines cannot grade a percentage (not a summed count)
    assert goal_for(target(**base, rollup="ratio"), 4, baselines=[D(3), D(4)]) == unknown


# --- scoring.standing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "value", "expected"),
    [
        ("ge", D(10), Standing.ACHIEVED),
        ("ge", D("9.99"), Standing.BEHIND),
        ("gt", D(10), Standing.BEHIND),
        ("gt", D("10.01"), Standing.ACHIEVED),
        ("eq", D(10), Standing.ACHIEVED),
        ("eq", D(11), Standing.BEHIND),
        ("le", D(10), Standing.ACHIEVED),
        ("le", D("10.01"), Standing.BEHIND),
        ("lt", D(10), Standing.BEHIND),
        ("lt", D("9.99"), Standing.ACHIEVED),
    ],
)
def test_each_comparator(comparator, value, expected):
    t = target(kind="duration", basis="level", comparator=comparator, value=D(10))
    assert standing(t, 1, value) == expected


def test_on_track_means_meeting_what_is_due_by_now_short_of_the_target():
    t = target(value=D(100), basis="total")
    # 100 for the year, 50 due by Q1-2: 50 on track, 49 behind, 100 achieved
    assert standing(t, 2, D(50)) == Standing.ON_TRACK
    assert standing(t, 2, D(49)) == Standing.BEHIND
    assert standing(t, 2, D(100)) == Standing.ACHIEVED
    # a goal whose due-by-now equals its target has no on-track band
    assert standing(t, 2, D(50), goal=Goal("ge", D(60), D(60))) == Standing.BEHIND
    assert standing(t, 2, D(50), goal=Goal("ge", D(60), None)) == Standing.BEHIND
    assert standing(t, 2, D(50), goal=Goal("ge", D(60), D(40))) == Standing.ON_TRACK


def test_standing_without_a_figure_a_threshold_or_a_baseline():
    t = target(value=D(5))
    assert standing(t, 1, None) == Standing.NOT_REPORTED
    assert standing(t, 1, D(0), goal=Goal("ge", None, None)) == Standing.ACHIEVED  # a figure asked for
    assert standing(t, 1, D(99), goal=Goal("ge", None, None, no_baseline=True)) == Standing.NO_BASELINE


def test_text_and_milestones():
    text = target(kind="text", value=None, rollup="none")
    assert standing(text, 1, None) == Standing.NOT_REPORTED
    assert standing(text, 1, None, done=False) == Standing.NOT_REPORTED
    assert standing(text, 1, None, done=True) == Standing.ACHIEVED
    assert standing(text, 1, D(1)) == Standing.ACHIEVED
    # a milestone due in February: not done is behind from Q1 on; one due in December is on track until Q4
    february = target(kind="milestone", value=None, rollup="all", due_month=2)
    assert standing(february, 1, None, done=False) == Standing.BEHIND
    assert standing(february, 1, None, done=True) == Standing.ACHIEVED
    assert standing(february, 1, None) == Standing.NOT_REPORTED
    december = target(kind="milestone", value=None, rollup="all", due_month=12)
    assert standing(december, 3, None, done=False) == Standing.ON_TRACK
    assert standing(december, 4, None, done=False) == Standing.BEHIND


def test_percentage_to_two_places():
    assert percentage(D(1), D(3)) == D("33.33")
    assert percentage(D(2), D(3)) == D("66.67")
    assert percentage(D(0), D(5)) == D("0.00")
    assert percentage(None, D(5)) is None
    assert percentage(D(1), D(0)) is None
    assert percentage(D(1), None) is None


# --- rollups ------------------------------------------------------------------------------------------------


def test_sums_of_figures():
    figures = [
        Figure(D(4), D(2), D(5)),
        Figure(D(2), D(1), D(0)),  # a zero denominator is no ratio
        Figure(None, D(3), None),  # nor a numerator alone
        Figure(D(6)),
        Figure(None, done=True),
        Figure(None, done=False),
    ]
    sums = Sums.of(figures)
    assert sums.reported == 6
    assert sums.value_sum == D(12)  # 4 + 2 + 6
    assert (sums.numerator_sum, sums.denominator_sum, sums.ratio_count) == (D(2), D(5), 1)
    # weights: 5, then 1 for a zero denominator and 1 for none: 4*5 + 2*1 + 6*1 = 28 over 7
    assert (sums.weighted_sum, sums.weight_sum) == (D(28), D(7))
    assert (sums.answered, sums.done) == (2, 1)
    empty = Sums.of([Figure(None)])
    assert (empty.reported, empty.value_sum, empty.numerator_sum, empty.denominator_sum) == (
        1,
        None,
        None,
        None,
    )
    assert (empty.weighted_sum, empty.weight_sum, empty.answered, empty.done) == (None, None, 0, 0)


def test_roll_ups_keep_their_parts():
    ratio = target(kind="percentage", basis="level", value=D(90), rollup="ratio")
    rolled = roll_up(ratio, 1, [Figure(None, D(9), D(10)), Figure(None, D(9), D(10))], expected_units=3)
    # 18 of 20: 90 %, achieved; two of three units reported
    assert (rolled.value, rolled.numerator, rolled.denominator) == (D("90.00"), D(18), D(20))
    assert (rolled.reported, rolled.expected, rolled.status) == (2, 3, Standing.ACHIEVED)
    score = target(kind="score", basis="level", value=D(4), rollup="weighted_mean")
    rolled = roll_up(score, 1, [Figure(D(3), None, D(1)), Figure(D(5), None, D(2))], expected_units=2)
    # (3 + 10) / 3 = 4.3333
    assert (rolled.value, rolled.numerator, rolled.denominator) == (D("4.3333"), D(13), D(3))
    assert rolled.status == Standing.ACHIEVED


def test_roll_ups_with_nothing_to_add():
    for rule, kind in [
        ("sum", "count"),
        ("ratio", "percentage"),
        ("weighted_mean", "score"),
        ("none", "count"),
    ]:
        t = target(kind=kind, basis="level", rollup=rule)
        rolled = roll_up_sums(t, 1, Sums(), expected_units=2)
        assert (rolled.value, rolled.numerator, rolled.denominator) == (None, None, None)
        assert rolled.status == Standing.NOT_REPORTED
    # figures whose denominators are all zero: no percentage
    ratio = target(kind="percentage", basis="level", rollup="ratio")
    assert roll_up(ratio, 1, [Figure(None, D(0), D(0))], 1).value is None
    weighted = Sums(weighted_sum=D(0), weight_sum=D(0))
    assert roll_up_sums(target(kind="score", rollup="weighted_mean"), 1, weighted, 1).value is None
    milestone = target(kind="milestone", value=None, rollup="all")
    assert roll_up(milestone, 2, [], expected_units=2).status == Standing.NOT_REPORTED


def test_a_percentage_needs_figures_with_both_parts():
    ratio = target(kind="percentage", basis="level", rollup="ratio")
    # a denominator summed without any figure holding both parts gives no percentage
    assert (
        roll_up_sums(ratio, 1, Sums(ratio_count=0, numerator_sum=D(1), denominator_sum=D(5)), 1).value is None
    )
    assert roll_up_sums(
        ratio, 1, Sums(ratio_count=1, numerator_sum=D(1), denominator_sum=D(5)), 1
    ).value == D(20)


def test_milestone_roll_ups_count_the_units_done():
    every = target(kind="milestone", value=None, rollup="all", rollup_n=1)
    # all of no expected unit still needs one done: one answered not done is on track (due December)
    assert roll_up(every, 1, [Figure(None, done=False)], expected_units=0).status == Standing.ON_TRACK
    # all means every expected unit, whatever n says: 2 of 3 is on track
    assert roll_up(every, 1, [Figure(None, done=True)] * 2, expected_units=3).status == Standing.ON_TRACK
    two_of_three = target(kind="milestone", value=None, rollup="n_of_m", rollup_n=2)
    assert (
        roll_up(two_of_three, 1, [Figure(None, done=True)] * 2, expected_units=3).status == Standing.ACHIEVED
    )
    every = target(kind="milestone", value=None, rollup="all")
    rolled = roll_up(every, 1, [Figure(None, done=True), Figure(None, done=False)], expected_units=2)
    assert (rolled.value, rolled.status) == (D(1), Standing.ON_TRACK)  # 1 of 2 done, due in December
    # no unit expected: one done is all
    assert roll_up(every, 1, [Figure(None, done=True)], expected_units=0).status == Standing.ACHIEVED
    # n of m without n: every expected unit
    n_of_m = target(kind="milestone", value=None, rollup="n_of_m", rollup_n=None)
    assert roll_up(n_of_m, 1, [Figure(None, done=True)] * 2, expected_units=3).status == Standing.ON_TRACK
    assert roll_up(n_of_m, 1, [Figure(None, done=True)] * 3, expected_units=3).status == Standing.ACHIEVED


def test_a_region_goal_given_is_the_one_graded():
    t = target(value=D(10))
    # 5 reported against the region's own goal of 4: achieved (the default, 10 a unit, would be behind)
    assert roll_up(t, 1, [Figure(D(5))], expected_units=1, goal=Goal("ge", D(4), D(4))).status == "achieved"
    assert roll_up(t, 1, [Figure(D(5))], expected_units=1).status == "behind"
    # the goal for the expected units: 3 units x 10 = 30 by Q1
    assert roll_up(t, 1, [Figure(D(25))], expected_units=3).status == "behind"
    assert roll_up(t, 1, [Figure(D(30))], expected_units=3).status == "achieved"


# --- validation -----------------------------------------------------------------------------------------------


def errors(t: Target, quarter: int = 1, **kw) -> dict[str, str]:
    extra = {
        k: kw.pop(k)
        for k in ("previous", "later", "previous_value", "decrease_allowed", "measured", "goal")
        if k in kw
    }
    return check_row(t, quarter, RowValues(**kw).normalised(t), **extra)


def test_counts_are_whole_and_not_negative():
    t = target(basis="level", value=None)
    assert set(errors(t, value=D(-1))) == {"value"}
    assert set(errors(t, value=D("1.5"))) == {"value"}
    assert errors(t, value=D(0)) == {} and errors(t, value=D(3)) == {}
    with translation.override("en"):
        assert errors(t, value=D(-1))["value"] == "A count cannot be negative."
        assert errors(t, value=D("1.5"))["value"] == "A count is a whole number."


def test_percentages_need_both_parts_within_0_100():
    t = target(kind="percentage", basis="level", value=None, rollup="ratio")
    assert set(errors(t, numerator=D(1))) == {"denominator"}
    assert set(errors(t, denominator=D(1))) == {"numerator"}
    assert set(errors(t, numerator=D(1), denominator=D(0))) == {"denominator"}
    assert set(errors(t, numerator=D(-1), denominator=D(2))) == {"numerator"}
    assert set(errors(t, numerator=D(3), denominator=D(2))) == {"numerator"}
    assert errors(t, numerator=D(2), denominator=D(2)) == {}
    assert errors(t, numerator=D(0), denominator=D(1)) == {}
    assert errors(t) == {}
    row = RowValues(numerator=D(1), denominator=D(4)).normalised(t)
    assert row.value == D("25.00")  # the value is worked out from its parts


def test_scores_lie_in_their_scale_with_a_whole_number_of_responses():
    t = target(
        kind="score", basis="level", value=None, scale_min=D(1), scale_max=D(5), rollup="weighted_mean"
    )
    assert errors(t, value=D(1), denominator=D(3)) == {} and errors(t, value=D(5), denominator=D(1)) == {}
    assert set(errors(t, value=D("0.99"), denominator=D(3))) == {"value"}
    assert set(errors(t, value=D("5.01"), denominator=D(3))) == {"value"}
    with translation.override("en"):
        assert (
            errors(t, value=D(6), denominator=D(3))["value"] == "A score must lie within its scale, 1 to 5."
        )
    assert set(errors(t, value=D(4))) == {"denominator"}
    assert set(errors(t, value=D(4), denominator=D(0))) == {"denominator"}
    assert set(errors(t, value=D(4), denominator=D("2.5"))) == {"denominator"}
    unscaled = target(kind="score", basis="level", value=None, scale_min=None, scale_max=D(5))
    assert errors(unscaled, value=D(9), denominator=D(1)) == {}


def test_durations_are_not_negative():
    t = target(kind="duration", basis="level", comparator="le", value=None)
    assert set(errors(t, value=D(-1))) == {"value"}
    assert errors(t, value=D(0)) == {}


def test_a_figure_other_than_the_records_needs_a_reason():
    t = target(basis="level", value=None, measure_key="complaints.open_overdue")
    measured = MeasureValue(D("5.00"))
    with translation.override("en"):
        assert errors(t, value=D(4), measured=measured) == {
            "override_reason": "The records give 5. Say why you report a different value."
        }
    assert errors(t, value=D(4), measured=measured, override_reason="นับซ้ำ 1 เรื่อง") == {}
    assert errors(t, value=D(4), measured=measured, override_reason="  ") != {}
    assert errors(t, value=D(5), measured=measured) == {}
    assert errors(t, value=D(4), measured=MeasureValue(None)) == {}  # the records give nothing
    unbound = target(basis="level", value=None)
    assert errors(unbound, value=D(4), measured=measured) == {}


def test_a_result_behind_target_needs_a_narrative():
    t = target(basis="level", value=D(10))
    assert set(errors(t, value=D(3))) == {"narrative"}
    assert errors(t, value=D(3), narrative="ฝนตกหนัก") == {}
    assert set(errors(t, value=D(3), narrative="  ")) == {"narrative"}
    assert errors(t, value=D(10)) == {}
    # judged against the unit's own goal when given: 3 meets 2
    assert errors(t, value=D(3), goal=Goal("ge", D(2), D(2))) == {}
    # a row with another problem is not asked for a narrative as well
    assert set(errors(t, value=D(-3))) == {"value"}


def prior(quarter: int, **figures):
    return SimpleNamespace(quarter=quarter, **figures)


def test_cumulative_counts_neither_fall_nor_pass_a_later_quarter():
    t = target(basis="total", value=None)
    assert errors(t, 3, value=D(5), previous=prior(1, value=D(5))) == {}
    problem = errors(t, 3, value=D(4), previous=prior(1, value=D(5)))["value"]
    assert problem == (
        "ผลสะสมต้องไม่ต่ำกว่าผลสะสมไตรมาสก่อนที่รายงานล่าสุด (5 ในไตรมาส 1) ขอให้ผู้ตรวจสอบของเขตอนุญาตการแก้ไข"
    )
    assert "(5 ในไตรมาส 1-2)" in errors(t, 3, value=D(4), previous=prior(2, value=D(5)))["value"]
    assert "(5 ในไตรมาส ก่อนหน้า)" in errors(t, 3, value=D(4), previous=prior(None, value=D(5)))["value"]
    assert errors(t, 2, value=D(7), later=prior(4, value=D(7))) == {}
    assert errors(t, 2, value=D(8), later=prior(4, value=D(7)))["value"] == (
        "ผลสะสมต้องไม่มากกว่าผลที่รายงานแล้วของไตรมาสถัดไป (7 ในไตรมาส 1-4): แก้ไตรมาสถัดไปก่อน"
    )
    # a correction the reviewer allowed
    assert errors(t, 3, value=D(4), previous=prior(1, value=D(5)), decrease_allowed=True) == {}
    # the previous quarter's figure given alone (no result at hand): the form's older message
    with translation.override("en"):
        assert errors(t, 2, value=D(4), previous_value=D("5.0"))["value"] == (
            "A cumulative count cannot fall below last quarter's 5. Ask the region's reviewer to allow a correction."
        )
    assert errors(t, 2, value=D(5), previous_value=D(5)) == {}
    # a previous result without the figure falls back on the figure given
    assert set(errors(t, 2, value=D(4), previous=prior(1, value=None), previous_value=D(5))) == {"value"}
    # a count held as a level may go either way
    level = target(basis="level", value=None)
    assert errors(level, 3, value=D(1), previous=prior(1, value=D(5))) == {}


def test_cumulative_percentages_and_responses():
    pct = target(kind="percentage", basis="total", value=None, rollup="ratio")
    found = errors(
        pct, 2, numerator=D(3), denominator=D(4), previous=prior(1, numerator=D(4), denominator=D(5))
    )
    assert set(found) == {"numerator", "denominator"}
    assert found["denominator"].startswith("ตัวหาร (จำนวนผู้ตอบ)ต้องไม่ต่ำกว่า")
    assert found["numerator"].startswith("ตัวตั้งต้องไม่ต่ำกว่า")
    level = target(kind="percentage", basis="level", value=None, rollup="ratio")
    assert (
        errors(
            level, 2, numerator=D(3), denominator=D(4), previous=prior(1, numerator=D(4), denominator=D(5))
        )
        == {}
    )
    score = target(kind="score", basis="total", value=None, scale_min=D(1), scale_max=D(5))
    found = errors(score, 2, value=D(4), denominator=D(10), later=prior(3, value=D(5), denominator=D(9)))
    assert set(found) == {"denominator"}  # the score itself may move; its responses only add up


def test_a_row_and_its_letter():
    t = target(kind="text", value=None, rollup="none")
    assert RowValues(narrative="  ").normalised(t).done is None
    assert RowValues(narrative="ทำแล้ว").normalised(t).done is True
    assert RowValues().is_empty and RowValues(narrative="").is_empty
    assert not RowValues(value=D(0)).is_empty
    assert RowValues(value=D(1), narrative="x").as_dict() == {
        "value": D(1),
        "numerator": None,
        "denominator": None,
        "done": None,
        "narrative": "x",
        "letter_no": "",
        "letter_date": None,
    }
    span = letter_dates(PlanYear(2564))
    # 1 Jan 2021 .. 31 Dec 2021 + 366 days = 1 Jan 2023
    assert (span.start.isoformat(), span.end.isoformat()) == ("2021-01-01", "2023-01-01")


# --- rollups: carrying a unit's latest cumulative figure (issue 14, defect 10) --------------------------------


def test_two_sets_of_sums_together():
    reported = Sums.of([Figure(D(4), D(2), D(5)), Figure(None, done=True)])
    carried = Sums.of([Figure(D(6), D(3), D(4))])
    both = reported.plus(carried)
    # 4 + 6; numerators 2 + 3 over 5 + 4; weights 5 and 4: 4*5 + 6*4 = 44 over 9
    assert both == Sums(
        reported=3,
        value_sum=D(10),
        numerator_sum=D(5),
        denominator_sum=D(9),
        ratio_count=2,
        weighted_sum=D(44),
        weight_sum=D(9),
        answered=1,
        done=1,
    )
    # milestones answered and done add up too: 1 + 2 answered, 1 + 1 done
    milestones = Sums.of([Figure(None, done=True)]).plus(
        Sums.of([Figure(None, done=True), Figure(None, done=False)])
    )
    assert (milestones.answered, milestones.done) == (3, 2)
    # nothing on one side keeps the other's figures (None is no figure, not 0)
    assert Sums().plus(carried) == carried and carried.plus(Sums()) == carried
    assert Sums().plus(Sums()).value_sum is None


def test_which_targets_carry_a_figure():
    assert carries(target(basis="total")) and carries(target(basis="per_period"))
    assert not carries(target(basis="level"))  # a count held as a level
    assert carries(target(kind="percentage", basis="total", rollup="ratio"))
    assert not carries(target(kind="percentage", basis="level", rollup="ratio"))
    assert carries(target(kind="score", basis="per_period", rollup="weighted_mean"))
    assert not carries(target(kind="duration", basis="total"))
    assert not carries(target(kind="milestone", value=None, rollup="all"))
    assert carried_label(1) == "ยกยอดจากไตรมาส 1" and carried_label(2) == "ยกยอดจากไตรมาส 1-2"


def test_the_latest_earlier_figure_of_each_unit_not_yet_reported_is_carried():
    t = target(basis="total")
    figures = {
        1: {1: Figure(D(2)), 2: Figure(D(5))},  # reported Q1 and Q1-2, not Q1-3: carries Q1-2's 5
        2: {1: Figure(D(1)), 3: Figure(D(4))},  # reported Q1-3 itself: nothing carried
        3: {1: Figure(D(7))},  # only Q1: carries 7
        4: {4: Figure(D(9))},  # only a later quarter: nothing earlier to carry
    }
    carried = carried_into(t, 3, figures, expected=[4, 3, 2, 1, 5])
    assert [(c.unit_id, c.from_quarter, c.figure.value) for c in carried] == [(1, 2, D(5)), (3, 1, D(7))]
    assert carried[0].label == "ยกยอดจากไตรมาส 1-2"
    assert carried_into(t, 1, figures, expected=[1, 3]) == []  # nothing is earlier than Q1
    assert [c.unit_id for c in carried_into(t, 2, figures, expected=[1, 2, 3])] == [2, 3]
    assert carried_into(target(basis="level"), 3, figures, expected=[1, 3]) == []


def test_each_refusal_says_what_to_do():
    pct = target(kind="percentage", basis="level", value=None, rollup="ratio")
    score = target(kind="score", basis="level", value=None, scale_min=D(1), scale_max=D(5))
    duration = target(kind="duration", basis="level", comparator="le", value=None)
    with translation.override("en"):
        both = "Give both the numerator and the denominator; the percentage is worked out from them."
        assert errors(pct, numerator=D(1)) == {"denominator": both}
        assert errors(pct, denominator=D(1)) == {"numerator": both}
        assert errors(pct, numerator=D(1), denominator=D(0)) == {
            "denominator": "The denominator must be greater than 0."
        }
        assert errors(pct, numerator=D(-1), denominator=D(1)) == {
            "numerator": "The numerator cannot be negative."
        }
        assert errors(pct, numerator=D(2), denominator=D(1)) == {
            "numerator": "The numerator cannot exceed the denominator (a percentage is 0–100)."
        }
        assert errors(score, value=D(4)) == {
            "denominator": "Give the number of responses: averages are weighted by it."
        }
        assert errors(score, value=D(4), denominator=D(0)) == {
            "denominator": "The number of responses is a whole number above 0."
        }
        assert errors(duration, value=D(-1)) == {"value": "A duration cannot be negative."}
        assert errors(target(basis="level", value=D(10)), value=D(3)) == {
            "narrative": "The result is behind target: explain why in the narrative."
        }


def test_behind_is_judged_at_the_quarter_of_the_row():
    # 1 a quarter: 1 by Q1-2 is behind the 2 due, and needs a narrative
    assert set(errors(target(value=D(1)), 2, value=D(1))) == {"narrative"}
    # a milestone due in February, not done in Q1: behind, explain why
    february = target(kind="milestone", value=None, rollup="all", due_month=2)
    assert set(errors(february, 1, done=False)) == {"narrative"}
    assert errors(february, 1, done=True) == {}


def test_figures_that_do_not_add_up_are_not_checked_against_other_quarters():
    # a duration's total, and a percentage's numerator left empty beside its denominator
    duration = target(kind="duration", basis="total", comparator="le", value=None)
    assert errors(duration, 2, value=D(1), previous=prior(1, value=D(5))) == {}
    pct = target(kind="percentage", basis="total", value=None, rollup="ratio")
    # the empty numerator is asked for, and the denominator still may not fall below 5
    found = errors(pct, 2, denominator=D(4), previous=prior(1, numerator=D(4), denominator=D(5)))
    assert set(found) == {"numerator", "denominator"}
    assert found["denominator"].startswith("ตัวหาร (จำนวนผู้ตอบ)ต้องไม่ต่ำกว่า")
    # a previous result holding only a value, and one that does not say its quarter
    assert errors(pct, 2, numerator=D(4), denominator=D(5), previous=prior(1, value=D(80))) == {}
    count = target(basis="total", value=None)
    assert (
        "(5 ในไตรมาส ก่อนหน้า)" in errors(count, 3, value=D(4), previous=SimpleNamespace(value=D(5)))["value"]
    )
