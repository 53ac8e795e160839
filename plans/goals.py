"""Each unit's own target value: its unit value, else its unit group's (an office class), else the target's
default. Read for a whole page at once, in two queries whatever the number of units.

When two groups with values take in the same unit, the smaller group is the more specific and wins; a value
for the unit itself wins over both.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from .models import Activity, Baseline, Target, TargetValue, Unit, UnitGroup
from .selectors import assignments_for, group_members


@dataclass
class UnitGoals:
    """target id -> unit id -> the unit's own value (only units with a value other than the default)."""

    by_target: dict[int, dict[int, Decimal]] = field(default_factory=dict)
    baselines: dict[int, dict[int, Decimal]] = field(default_factory=dict)  # for targets graded against them

    def value(self, target: Target, unit_id: int) -> Decimal | None:
        return self.by_target.get(target.pk, {}).get(unit_id, target.value)

    def values(self, target: Target, unit_ids: Iterable[int]) -> list[Decimal | None]:
        return [self.value(target, u) for u in sorted(unit_ids)]

    def has_own(self, target: Target) -> bool:
        return bool(self.by_target.get(target.pk))

    def baseline(self, target: Target, unit_id: int) -> Decimal | None:
        return self.baselines.get(target.pk, {}).get(unit_id)

    def baselines_of(self, target: Target, unit_ids: Iterable[int]) -> list[Decimal | None]:
        return [self.baseline(target, u) for u in sorted(unit_ids)]


def unit_goals(targets: Iterable[Target], units: Iterable[Unit]) -> UnitGoals:
    targets, units = list(targets), list(units)
    rows = list(
        TargetValue.objects.filter(target__in=[t.pk for t in targets])
        .select_related("group")
        .prefetch_related(Prefetch("group__units", queryset=Unit.objects.only("pk")))
    )
    goals = UnitGoals()
    unit_ids = {u.pk for u in units}
    relative = [t.pk for t in targets if t.relative_to]
    if relative:  # one query, only when some target is graded against baselines
        for b in Baseline.objects.filter(target_id__in=relative).only("target_id", "unit_id", "value"):
            if b.unit_id in unit_ids:
                goals.baselines.setdefault(b.target_id, {})[b.unit_id] = b.value
    members: dict[int, set[int]] = {}
    for row in rows:
        if row.group_id and row.group_id not in members:
            members[row.group_id] = group_members(row.group, units)
    for target in targets:
        own = [r for r in rows if r.target_id == target.pk]
        if not own:
            continue
        values: dict[int, Decimal] = {}
        # Larger groups first, so that a smaller (more specific) group's value overwrites theirs.
        for row in sorted(
            (r for r in own if r.group_id), key=lambda r: (-len(members[r.group_id]), r.group.code)
        ):
            for unit_id in members[row.group_id]:
                values[unit_id] = row.value
        for row in own:
            if row.unit_id and row.unit_id in unit_ids:
                values[row.unit_id] = row.value
        goals.by_target[target.pk] = values
    return goals


def responsible_units(target: Target, region_units: Iterable[Unit]) -> set[int]:
    """The units a target is about: those that report it, and those of the activities it sits under (3.3.2's
    phone quotas are per office of 3.3, though the region division reports the surveys)."""
    region_units = list(region_units)
    found = assignments_for([target], region_units).units_for(target.pk)
    activity: Activity | None = target.activity.parent
    while activity is not None:
        for unit in activity.lead_units.all():
            found.add(unit.pk)
        for group in activity.lead_groups.all():
            found |= group_members(group, region_units) | {u.pk for u in group.units.all()}
        activity = activity.parent
    return found & {u.pk for u in region_units}


@dataclass
class ValueLine:
    """A row of the target's values page and file: an office-class group or a unit, with its own value."""

    code: str
    name: str
    value: Decimal | None
    group: UnitGroup | None = None
    unit: Unit | None = None
    members: int = 0
    baseline: Baseline | None = None

    @property
    def key(self) -> str:
        return f"g{self.group.pk}" if self.group else f"u{self.unit.pk}"

    @property
    def baseline_key(self) -> str:
        return f"b{self.unit.pk}" if self.unit else ""


def value_sheet(target: Target) -> list[ValueLine]:
    """The groups (classes) of the target's region that take in any unit it is about, then those units."""
    plan = target.activity.workplan.objective.perspective.plan
    region_units = list(Unit.objects.filter(region_id=plan.owner_id).order_by("code"))
    responsible = responsible_units(target, region_units)
    own = {(v.group_id, v.unit_id): v.value for v in TargetValue.objects.filter(target=target)}
    baselines = {b.unit_id: b for b in Baseline.objects.filter(target=target)}
    lines = []
    for group in UnitGroup.objects.filter(
        Q(region_id=plan.owner_id) | Q(region__isnull=True)
    ).prefetch_related(Prefetch("units", queryset=Unit.objects.only("pk"))):
        members = (group_members(group, region_units) | {u.pk for u in group.units.all()}) & responsible
        if members:
            lines.append(
                ValueLine(
                    group.code, group.name, own.get((group.pk, None)), group=group, members=len(members)
                )
            )
    for unit in region_units:
        if unit.pk in responsible:
            lines.append(
                ValueLine(
                    unit.code,
                    unit.name,
                    own.get((None, unit.pk)),
                    unit=unit,
                    members=1,
                    baseline=baselines.get(unit.pk),
                )
            )
    return lines


@dataclass
class ValueRow:
    """One per-group or per-unit value as typed on the target page or read from a file row (``where``)."""

    value: Decimal | None  # None: the group or unit goes back to the default
    group: UnitGroup | None = None
    unit: Unit | None = None
    where: str = ""


def target_values_problems(target: Target, rows: list[ValueRow], region_units: list[Unit]) -> list[str]:
    """What is wrong with values per class and unit, in Thai, each naming its row: the one rule set of the
    target page, its XLSX upload and the plan file."""
    responsible = responsible_units(target, region_units)
    problems = []
    for row in rows:
        where = row.where or (row.unit.code if row.unit else row.group.name if row.group else "-")
        if (row.unit is None) == (row.group is None):
            problems.append(_("%(where)s: ระบุกลุ่มหน่วยงานหรือหน่วยงานอย่างใดอย่างหนึ่ง") % {"where": where})
            continue
        if row.unit is not None and row.unit.pk not in responsible:
            problems.append(
                _("%(where)s: %(unit)s ไม่ได้รับผิดชอบเป้าหมายนี้ จึงกำหนดค่าเป้าหมายรายหน่วยงานไม่ได้")
                % {"where": where, "unit": row.unit.code}
            )
            continue
        if row.group is not None:
            members = group_members(row.group, region_units) | {u.pk for u in row.group.units.all()}
            if not members & responsible:
                problems.append(
                    _("%(where)s: กลุ่ม %(group)s ไม่มีหน่วยงานที่รับผิดชอบเป้าหมายนี้")
                    % {"where": where, "group": row.group.name}
                )
                continue
        if row.value is None:
            continue
        if not target.is_numeric:
            problems.append(
                _("%(where)s: เป้าหมายแบบ%(kind)sไม่มีค่าตัวเลข")
                % {"where": where, "kind": target.get_kind_display()}
            )
            continue
        candidate = copy.copy(target)
        candidate.value = row.value
        try:
            candidate.clean()
        except ValidationError as exc:
            for message in exc.message_dict.get("value", []):
                problems.append(f"{where}: {message}")
    return problems


@dataclass
class BaselineRow:
    """One unit's baseline as typed, read from a file row, or taken from last year's result (``where``)."""

    unit: Unit
    value: Decimal | None  # None: the unit's baseline is removed
    where: str = ""
    note: str = ""


def baseline_problems(target: Target, rows: list[BaselineRow], region_units: list[Unit]) -> list[str]:
    """A baseline must be a figure of the target's own kind (a whole count, a percentage 0-100, a score on
    its scale) for a unit the target is about; the target page, its file and last year's results alike."""
    if not target.is_numeric:
        return [_("เป้าหมายแบบ%(kind)sไม่มีข้อมูลฐาน") % {"kind": target.get_kind_display()}]
    responsible = responsible_units(target, region_units)
    problems = []
    for row in rows:
        where = row.where or row.unit.code
        if row.unit.pk not in responsible:
            problems.append(
                _("%(where)s: %(unit)s ไม่ได้รับผิดชอบเป้าหมายนี้ จึงไม่มีข้อมูลฐาน")
                % {"where": where, "unit": row.unit.code}
            )
            continue
        if row.value is None:
            continue
        if target.kind == Target.Kind.COUNT and row.value != row.value.to_integral_value():
            problems.append(_("%(where)s: ข้อมูลฐานของเป้าหมายแบบนับจำนวนต้องเป็นจำนวนเต็ม") % {"where": where})
            continue
        candidate = copy.copy(target)
        candidate.value = row.value
        try:
            candidate.clean()
        except ValidationError as exc:
            for message in exc.message_dict.get("value", []):
                problems.append(
                    _("%(where)s: ข้อมูลฐานไม่ตรงกับชนิดของเป้าหมาย: %(message)s")
                    % {"where": where, "message": message}
                )
    return problems
