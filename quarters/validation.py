"""The rules a result must pass, shared by the web form, the XLSX upload and the API.

``check_row`` gets plain values and returns {field: message}; an empty dict means the row is good.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from kpiplan.lib.periods import PlanYear, Span
from plans.measures import MeasureValue
from plans.models import Target

from .scoring import Goal, Standing, percentage, standing

VALUE_FIELDS = ("value", "numerator", "denominator", "done", "narrative", "letter_no", "letter_date")


@dataclass
class RowValues:
    """What a person (or a file, or a script) says about one target for one unit and quarter."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    done: bool | None = None
    narrative: str = ""
    letter_no: str = ""
    letter_date: date | None = None
    override_reason: str = ""
    extra: dict = field(default_factory=dict)

    def normalised(self, target: Target) -> RowValues:
        """The value a percentage reports is derived from its numerator and denominator."""
        if target.kind == Target.Kind.PERCENTAGE:
            self.value = percentage(self.numerator, self.denominator)
        if target.kind == Target.Kind.TEXT:
            self.done = bool(self.narrative.strip()) or None
        return self

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in VALUE_FIELDS}

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, name) in (None, "") for name in VALUE_FIELDS)


def letter_dates(plan_year: PlanYear) -> Span:
    """The days a letter carrying a result of this plan year may bear: the year itself and the year after
    (the Q1-4 report goes out in January). A date outside is a typing slip (2564 read as C.E., 64 as 2064)."""
    return Span(plan_year.start, plan_year.end + timedelta(days=366))


def row_standing(target: Target, quarter: int, values: RowValues, goal: Goal | None = None) -> str:
    return standing(target, quarter, values.value, values.done, goal=goal)


def check_row(
    target: Target,
    quarter: int,
    values: RowValues,
    *,
    previous_value: Decimal | None = None,
    previous=None,
    later=None,
    decrease_allowed: bool = False,
    measured: MeasureValue | None = None,
    goal: Goal | None = None,
) -> dict[str, str]:
    """Problems with one row, by field. ``values`` must already be ``normalised``; ``goal`` is the unit's own
    (the quarter form's row has it) when the target holds values per unit or a baseline.

    ``previous`` is the latest earlier quarter's reported result and ``later`` the earliest later one (with a
    figure; quarters left empty in between are skipped): a cumulative figure may neither fall below the first
    nor rise above the second."""
    errors: dict[str, str] = {}
    kind = target.kind
    if kind == Target.Kind.COUNT and values.value is not None:
        if values.value < 0:
            errors["value"] = _("A count cannot be negative.")
        elif values.value != values.value.to_integral_value():
            errors["value"] = _("A count is a whole number.")
    if not decrease_allowed:
        errors |= _cumulative_problems(target, values, previous, later, previous_value)
    if kind == Target.Kind.PERCENTAGE:
        n, d = values.numerator, values.denominator
        if (n is None) != (d is None):
            errors["numerator" if n is None else "denominator"] = _(
                "Give both the numerator and the denominator; the percentage is worked out from them."
            )
        elif n is not None:
            if d <= 0:
                errors["denominator"] = _("The denominator must be greater than 0.")
            elif n < 0:
                errors["numerator"] = _("The numerator cannot be negative.")
            elif n > d:
                errors["numerator"] = _(
                    "The numerator cannot exceed the denominator (a percentage is 0–100)."
                )
    if kind == Target.Kind.SCORE and values.value is not None:
        low, high = target.scale_min, target.scale_max
        if low is not None and high is not None and not low <= values.value <= high:
            errors["value"] = _("A score must lie within its scale, %(low)s to %(high)s.") % {
                "low": f"{low.normalize():f}",
                "high": f"{high.normalize():f}",
            }
        if values.denominator is None:
            errors["denominator"] = _("Give the number of responses: averages are weighted by it.")
        elif values.denominator <= 0 or values.denominator != values.denominator.to_integral_value():
            errors["denominator"] = _("The number of responses is a whole number above 0.")
    if kind == Target.Kind.DURATION and values.value is not None and values.value < 0:
        errors["value"] = _("A duration cannot be negative.")
    if (
        target.measure_key
        and measured is not None
        and measured.value is not None
        and values.value is not None
        and values.value != measured.value
        and not values.override_reason.strip()
    ):
        errors["override_reason"] = _(
            "The records give %(measured)s. Say why you report a different value."
        ) % {"measured": f"{measured.value.normalize():f}"}
    if (
        not errors
        and row_standing(target, quarter, values, goal) == Standing.BEHIND
        and not values.narrative.strip()
    ):
        errors["narrative"] = _("The result is behind target: explain why in the narrative.")
    return errors


# The figures of a result that add up over the year, by target kind: a cumulative count's value, a percentage's
# numerator and denominator, a score's number of responses.
CUMULATIVE_FIELDS = {
    Target.Kind.COUNT: ("value",),
    Target.Kind.PERCENTAGE: ("numerator", "denominator"),
    Target.Kind.SCORE: ("denominator",),
}
FIELD_TH = {"value": "ผลสะสม", "numerator": "ตัวตั้ง", "denominator": "ตัวหาร (จำนวนผู้ตอบ)"}


def _cumulative_fields(target: Target) -> tuple[str, ...]:
    if target.kind == Target.Kind.COUNT:
        return ("value",) if target.is_cumulative_count else ()
    if target.basis == Target.Basis.LEVEL:
        return ()  # a level held at every point may go either way
    return CUMULATIVE_FIELDS.get(target.kind, ())


def _figure(result, name: str) -> Decimal | None:
    return getattr(result, name, None) if result is not None else None


def _cumulative_problems(target, values, previous, later, previous_value) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in _cumulative_fields(target):
        mine = getattr(values, name)
        if mine is None:
            continue
        before = _figure(previous, name)
        if before is None and name == "value":
            before = previous_value
        after = _figure(later, name)
        if before is not None and mine < before:
            if previous is None:
                errors[name] = _(
                    "A cumulative count cannot fall below last quarter's %(previous)s. Ask the region's reviewer "
                    "to allow a correction."
                ) % {"previous": f"{before.normalize():f}"}
            else:
                errors[name] = (
                    f"{FIELD_TH[name]}ต้องไม่ต่ำกว่าผลสะสมไตรมาสก่อนที่รายงานล่าสุด ({before.normalize():f} ในไตรมาส "
                    f"{_label(previous)}) ขอให้ผู้ตรวจสอบของเขตอนุญาตการแก้ไข"
                )
        elif after is not None and mine > after:
            errors[name] = (
                f"{FIELD_TH[name]}ต้องไม่มากกว่าผลที่รายงานแล้วของไตรมาสถัดไป ({after.normalize():f} ในไตรมาส "
                f"{_label(later)}): แก้ไตรมาสถัดไปก่อน"
            )
    return errors


def _label(result) -> str:
    quarter = getattr(result, "quarter", None)
    if not quarter:
        return "ก่อนหน้า"
    return "1" if quarter == 1 else f"1-{quarter}"
