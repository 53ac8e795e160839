"""How units' results add up to a region's (or a group's) value, by the target's roll-up rule.

Percentages are recomputed from numerators and denominators, never averaged; scores and durations are means
weighted by their number of responses (the denominator), so 3 answers do not weigh like 300.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from plans.models import Target

from .scoring import goal_for, percentage, standing

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
class Rolled:
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    reported: int
    expected: int
    status: str


def roll_up(target: Target, quarter: int, figures: Iterable[Figure], expected_units: int) -> Rolled:
    figures = list(figures)
    rule = target.rollup
    value = numerator = denominator = None
    reported = len(figures)
    done_count = None
    if rule == Target.Rollup.SUM:
        values = [f.value for f in figures if f.value is not None]
        value = sum(values, Decimal(0)) if values else None
    elif rule == Target.Rollup.RATIO:
        pairs = [(f.numerator, f.denominator) for f in figures if f.numerator is not None and f.denominator]
        if pairs:
            numerator = sum((n for n, _ in pairs), Decimal(0))
            denominator = sum((d for _, d in pairs), Decimal(0))
            value = percentage(numerator, denominator)
    elif rule == Target.Rollup.WEIGHTED_MEAN:
        pairs = [(f.value, f.denominator or Decimal(1)) for f in figures if f.value is not None]
        if pairs:
            denominator = sum((w for _, w in pairs), Decimal(0))
            numerator = sum((v * w for v, w in pairs), Decimal(0))
            value = (numerator / denominator).quantize(FOUR_PLACES)
    elif rule in (Target.Rollup.ALL, Target.Rollup.N_OF_M):
        answered = [f for f in figures if f.done is not None]
        done_count = sum(1 for f in answered if f.done)
        value = Decimal(done_count) if answered else None
    if rule == Target.Rollup.ALL:
        done = None if value is None else done_count >= max(expected_units, 1)
        status = standing(target, quarter, None, done)
    elif rule == Target.Rollup.N_OF_M:
        done = None if value is None else done_count >= (target.rollup_n or expected_units)
        status = standing(target, quarter, None, done)
    else:
        status = standing(target, quarter, value, goal=goal_for(target, quarter, units=expected_units))
    return Rolled(value, numerator, denominator, reported, expected_units, status)
