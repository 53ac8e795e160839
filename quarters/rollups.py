"""How units' results add up to a region's (or a group's) value, by the target's roll-up rule.

Percentages are recomputed from numerators and denominators, never averaged; scores and durations are means
weighted by their number of responses (the denominator), so 3 answers do not weigh like 300.

Cumulative figures are carried ("ยกยอด"): a unit expected for Q1..Qn that has no figure for it yet but has one
for an earlier Q1..Qm counts in the region's Q1..Qn with its latest such figure, marked as carried, so that
a unit which reported Q1 but not yet Q1-2 does not drop out of the region's Q1-2 total (``carried_into``).
Only figures that add up over the year are carried: a count per period or for the year, a percentage's or a
score's counts when its basis adds up; a level held at every point (a share "at least 90 %") is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kpiplan.lib.periods import quarter_label
from plans.models import Target

from .scoring import Goal, goal_for, percentage, standing

TWO_PLACES = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Figure:
    """One unit's figure for a target: what a roll-up reads (accepted results, or anything for previews)."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    done: bool | None = None


@dataclass(frozen=True)
class Sums:
    """What a roll-up needs of a set of figures; the database computes it for large sets (see selectors)."""

    reported: int = 0
    value_sum: Decimal | None = None
    numerator_sum: Decimal | None = None
    denominator_sum: Decimal | None = None
    ratio_count: int = 0  # figures with a numerator and a positive denominator
    weighted_sum: Decimal | None = None  # sum of value * weight (weight = denominator, or 1)
    weight_sum: Decimal | None = None
    answered: int = 0  # milestones with an answer
    done: int = 0

    @classmethod
    def of(cls, figures: Iterable[Figure]) -> Sums:
        figures = list(figures)
        valued = [f for f in figures if f.value is not None]
        ratios = [f for f in figures if f.numerator is not None and f.denominator]
        weights = [(f.value, f.denominator or Decimal(1)) for f in valued]
        return cls(
            reported=len(figures),
            value_sum=sum((f.value for f in valued), Decimal(0)) if valued else None,
            numerator_sum=sum((f.numerator for f in ratios), Decimal(0)) if ratios else None,
            denominator_sum=sum((f.denominator for f in ratios), Decimal(0)) if ratios else None,
            ratio_count=len(ratios),
            weighted_sum=sum((v * w for v, w in weights), Decimal(0)) if weights else None,
            weight_sum=sum((w for _, w in weights), Decimal(0)) if weights else None,
            answered=sum(1 for f in figures if f.done is not None),
            done=sum(1 for f in figures if f.done),
        )

    def plus(self, other: Sums) -> Sums:
        """Two sets of figures together (the results of the quarter and the figures carried into it)."""

        def add(a, b):
            if a is None:
                return b
            return a if b is None else a + b

        return Sums(
            reported=self.reported + other.reported,
            value_sum=add(self.value_sum, other.value_sum),
            numerator_sum=add(self.numerator_sum, other.numerator_sum),
            denominator_sum=add(self.denominator_sum, other.denominator_sum),
            ratio_count=self.ratio_count + other.ratio_count,
            weighted_sum=add(self.weighted_sum, other.weighted_sum),
            weight_sum=add(self.weight_sum, other.weight_sum),
            answered=self.answered + other.answered,
            done=self.done + other.done,
        )


CARRIED = "ยกยอด"


@dataclass(frozen=True)
class Carried:
    """A unit's latest earlier cumulative figure, counted in a later quarter it has not reported yet."""

    unit_id: int
    from_quarter: int  # the Q1..Qm the figure was reported for
    figure: Figure

    @property
    def label(self) -> str:
        return carried_label(self.from_quarter)


def carried_label(from_quarter: int) -> str:
    """How a carried figure is marked wherever it shows: "ยกยอดจากไตรมาส 1"."""
    return f"{CARRIED}จาก{quarter_label(from_quarter)}"


def carries(target: Target) -> bool:
    """The target's figures add up over the year, so a unit's last one still holds until it reports again."""
    if target.kind == Target.Kind.COUNT:
        return target.is_cumulative_count
    if target.kind in (Target.Kind.PERCENTAGE, Target.Kind.SCORE):
        return target.basis != Target.Basis.LEVEL
    return False


def carried_into(
    target: Target, quarter: int, figures: dict[int, dict[int, Figure]], expected: Iterable[int]
) -> list[Carried]:
    """The figures carried into Q1..``quarter``: for each expected unit with no figure for it, its latest figure
    of an earlier quarter, if any. ``figures``: unit id -> quarter -> the unit's figure (reported results of the
    basis counted)."""
    if not carries(target) or quarter <= 1:
        return []
    carried = []
    for unit_id in sorted(expected):
        own = figures.get(unit_id) or {}
        if quarter in own:
            continue
        earlier = [m for m in own if m < quarter]
        if earlier:
            latest = max(earlier)
            carried.append(Carried(unit_id, latest, own[latest]))
    return carried


@dataclass(frozen=True)
class Rolled:
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    reported: int
    expected: int
    status: str


def roll_up(
    target: Target, quarter: int, figures: Iterable[Figure], expected_units: int, goal: Goal | None = None
) -> Rolled:
    return roll_up_sums(target, quarter, Sums.of(figures), expected_units, goal)


def roll_up_sums(
    target: Target, quarter: int, sums: Sums, expected_units: int, goal: Goal | None = None
) -> Rolled:
    """``goal``: the region's goal when the units hold values of their own (scoring.goal_for with values)."""
    rule = target.rollup
    value = numerator = denominator = None
    if rule == Target.Rollup.SUM:
        value = sums.value_sum
    elif rule == Target.Rollup.RATIO:
        if sums.ratio_count and sums.denominator_sum:
            numerator, denominator = sums.numerator_sum, sums.denominator_sum
            value = percentage(numerator, denominator)
    elif rule == Target.Rollup.WEIGHTED_MEAN:
        if sums.weight_sum:
            numerator, denominator = sums.weighted_sum, sums.weight_sum
            value = (numerator / denominator).quantize(FOUR_PLACES)
    elif rule in (Target.Rollup.ALL, Target.Rollup.N_OF_M):
        value = Decimal(sums.done) if sums.answered else None
    if rule in (Target.Rollup.ALL, Target.Rollup.N_OF_M):
        needed = max(expected_units, 1) if rule == Target.Rollup.ALL else (target.rollup_n or expected_units)
        done = None if value is None else sums.done >= needed
        status = standing(target, quarter, None, done)
    else:
        status = standing(
            target, quarter, value, goal=goal or goal_for(target, quarter, units=expected_units)
        )
    return Rolled(value, numerator, denominator, sums.reported, expected_units, status)
