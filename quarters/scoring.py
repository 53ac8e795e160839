"""A result's status against its target: achieved, on track, behind, or not reported."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from plans import schedule
from plans.models import Target


class Standing(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    NOT_REPORTED = "not_reported", _("Not reported")
    REPORTED = "reported", _("Reported in words")  # a narrative-only figure (the paper form's letters)
    NO_BASELINE = (
        "no_baseline",
        _("No baseline"),
    )  # graded against a baseline nobody has given: never achieved


COMPARE = {
    "ge": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "eq": lambda a, b: a == b,
    "le": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
}


@dataclass(frozen=True)
class Goal:
    """What a cumulative figure is held against: the target at Qn and what is due by then, and, for a goal
    summed over units, how it was derived ("7 หน่วยงาน × 6 + 9 หน่วยงาน × 3")."""

    comparator: str
    target: Decimal | None
    expected: Decimal | None
    derivation: str = ""
    no_baseline: bool = False  # a target graded against a baseline some unit lacks


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def goal_for(
    target: Target,
    quarter: int,
    units: int = 1,
    *,
    value: Decimal | None = None,
    values: list[Decimal | None] | None = None,
    baselines: list[Decimal | None] | None = None,
) -> Goal:
    """The goal for one unit (``value``: its own target value, plans.goals), or for ``units`` units when a
    per-unit count is summed over a region: the sum of each unit's own goal (``values``, one per unit).
    A target graded against a baseline reads ``baselines`` (one per unit) instead."""
    summed = target.scope == Target.Scope.PER_UNIT and target.rollup == Target.Rollup.SUM
    if target.relative_to:
        return _goal_over_baselines(target, baselines or [], summed)
    goal, expected = target.target_for(quarter, value), target.expected_by(quarter, value)
    if summed and values and (len(values) > 1 or units > 1):
        own = [v if v is not None else target.value for v in values]
        if any(v is None for v in own):
            return Goal(target.comparator, None, None)
        goal = sum((target.target_for(quarter, v) for v in own), Decimal(0))
        expected = sum((target.expected_by(quarter, v) for v in own), Decimal(0))
        counts: dict[Decimal, int] = {}
        for v in own:
            counts[target.target_for(quarter, v)] = counts.get(target.target_for(quarter, v), 0) + 1
        parts = [f"{n} หน่วยงาน × {_num(each)}" for each, n in sorted(counts.items(), reverse=True)]
        return Goal(target.comparator, goal, expected, "ผลรวมเป้าหมายของหน่วยงาน: " + " + ".join(parts))
    if units > 1 and summed:
        goal = goal * units if goal is not None else None
        expected = expected * units if expected is not None else None
        if goal is not None:
            return Goal(
                target.comparator,
                goal,
                expected,
                f"ผลรวมเป้าหมายของหน่วยงาน: {units} หน่วยงาน × {_num(goal / units)}",
            )
    return Goal(target.comparator, goal, expected)


def _goal_over_baselines(target: Target, baselines: list[Decimal | None], summed: bool) -> Goal:
    """ "More than Q4/2563": the baseline (summed over the units for a summed count), or value % above it.
    A unit without a baseline leaves the goal unknown: "ไม่มีข้อมูลฐาน", never achieved."""
    if not baselines or any(b is None for b in baselines) or (len(baselines) > 1 and not summed):
        return Goal(target.comparator, None, None, "ไม่มีข้อมูลฐาน", no_baseline=True)
    base = sum(baselines, Decimal(0))
    goal = target.goal_over_baseline(base)
    words = f"ข้อมูลฐาน {_num(base)}" + (f" (ผลรวม {len(baselines)} หน่วยงาน)" if len(baselines) > 1 else "")
    if target.value is not None:
        words += f" + ร้อยละ {_num(target.value)}"
    return Goal(target.comparator, goal, goal, words)


def standing(
    target: Target, quarter: int, value: Decimal | None, done: bool | None = None, goal: Goal | None = None
) -> str:
    """Status of a cumulative value at the end of Qn."""
    goal = goal or goal_for(target, quarter)
    if target.kind == Target.Kind.MILESTONE:
        if done is None:
            return Standing.NOT_REPORTED
        if done:
            return Standing.ACHIEVED
        # Not done: behind once its due month has ended (3.6.1, due February, from Q1 on), else on track.
        return Standing.BEHIND if schedule.milestone_overdue(target, quarter) else Standing.ON_TRACK
    if target.kind == Target.Kind.TEXT:
        return Standing.NOT_REPORTED if value is None and not done else Standing.ACHIEVED
    if value is None:
        return Standing.NOT_REPORTED
    if goal.no_baseline:
        return Standing.NO_BASELINE
    if goal.target is None:
        return Standing.ACHIEVED  # a figure asked for without a threshold ("log every VOC")
    if COMPARE[goal.comparator](value, goal.target):
        return Standing.ACHIEVED
    if (
        goal.expected is not None
        and goal.expected != goal.target
        and COMPARE[goal.comparator](value, goal.expected)
    ):
        return Standing.ON_TRACK
    return Standing.BEHIND


def percentage(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """100 * n / d to two places, or None when there is nothing to divide by."""
    if numerator is None or not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.01"))
