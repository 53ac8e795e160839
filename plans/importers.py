"""Loading a plan file (YAML, format version 1): units, unit groups and the plan tree.

The whole file is checked before anything is written; a file with any problem is refused whole, each
problem naming its line, the row (activity and target) and the field. Loading is idempotent: every row has
a natural key (unit code, group code, plan owner + year, objective code, workplan number, activity number,
target position), so loading the same file twice leaves the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kpiplan.lib.tabular import TableError, read_frame
from kpiplan.lib.thainumbers import NumberReadError, read_decimal

from . import revisions, schedule
from .goals import BaselineRow, ValueRow, target_values_problems
from .models import (
    Activity,
    Objective,
    Perspective,
    Plan,
    Target,
    TargetValue,
    Unit,
    UnitGroup,
    Workplan,
    number_sort_key,
)

SUPPORTED_VERSION = 1


class LineDict(dict):
    """A mapping that remembers the line of the file it came from."""

    line: int | None = None


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class Problem:
    line: int | None
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        place = _("line %(line)s") % {"line": self.line} if self.line else _("file")
        return f"{place} ({self.where}) {_('field')} {self.field}: {self.message}"


class PlanFileError(Exception):
    """The file was refused; nothing was loaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ResultRow:
    """A historical result the file carries (the seed's Q1 and Q1-2 columns), for the results layer to load."""

    target: Target
    quarter: int
    value: Decimal | None
    text: str
    letter_no: str
    letter_date: date | None


@dataclass
class LoadedPlan:
    plan: Plan | None
    counts: dict[str, int] = field(default_factory=dict)
    results: list[ResultRow] = field(default_factory=list)


def read_plan_file(path: str | Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PlanFileError([Problem(None, str(path), "-", _("file not found"))]) from exc
    try:
        document = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PlanFileError(
            [Problem(mark.line + 1 if mark else None, str(path), "-", _("not valid YAML: %s") % exc)]
        ) from exc
    if not isinstance(document, dict):
        raise PlanFileError([Problem(None, str(path), "-", _("the file holds no plan"))])
    return document


TARGET_FIELDS = {
    "label_th", "label_en", "kind", "comparator", "value", "scale_min", "scale_max", "unit_of_measure", "scope",
    "segment", "segment_accounts", "frequency", "basis", "report_days", "consolidate_days", "rollup", "rollup_n",
    "measure_key", "months", "due_month", "relative_to",
}  # fmt: skip


class _Checker:
    """Collects problems while the file is read; nothing touches the database but look-ups."""

    def __init__(self, document: dict):
        self.document = document
        self.problems: list[Problem] = []
        self.file_units = {u.get("code"): u for u in document.get("units") or [] if isinstance(u, dict)}
        self.file_groups = {g.get("code"): g for g in document.get("groups") or [] if isinstance(g, dict)}
        codes = set(self.file_units) | {c for g in self.file_groups.values() for c in g.get("units") or []}
        codes |= self._referenced_units()
        self.db_units = set(
            Unit.objects.filter(code__in=[c for c in codes if c]).values_list("code", flat=True)
        )
        self.db_groups = set(UnitGroup.objects.values_list("code", flat=True))

    def _referenced_units(self) -> set[str]:
        plan = self.document.get("plan") or {}
        found = {plan.get("owner")}
        for activity in _walk_activities(plan):
            found |= set(activity.get("lead_units") or []) | set(activity.get("supporting_units") or [])
            for target in activity.get("targets") or []:
                if isinstance(target, dict):
                    found.add(target.get("consolidating_unit"))
                    found |= set(target.get("units") or [])
        return {c for c in found if isinstance(c, str)}

    def problem(self, row: dict | None, where: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(getattr(row, "line", None), where, field_name, str(message)))

    def unit_exists(self, code: Any) -> bool:
        return isinstance(code, str) and (code in self.file_units or code in self.db_units)

    def group_exists(self, code: Any) -> bool:
        return isinstance(code, str) and (code in self.file_groups or code in self.db_groups)

    def check(self) -> None:
        if self.document.get("version") != SUPPORTED_VERSION:
            self.problem(
                self.document, _("file"), "version", _("format version must be %s") % SUPPORTED_VERSION
            )
        for row in self.document.get("units") or []:
            self.check_unit(row)
        for row in self.document.get("groups") or []:
            self.check_group(row)
        if self.document.get("plan"):
            self.check_plan(self.document["plan"])

    def check_unit(self, row: dict) -> None:
        where = _("unit %s") % row.get("code", "?")
        for name in ("code", "name_th", "kind"):
            if not row.get(name):
                self.problem(row, where, name, _("required"))
        if row.get("kind") and row["kind"] not in Unit.Kind.values:
            self.problem(
                row,
                where,
                "kind",
                _("unknown kind %(value)r; one of %(choices)s")
                % {"value": row["kind"], "choices": ", ".join(Unit.Kind.values)},
            )
        if row.get("office_class") not in (None, 1, 2, 3):
            self.problem(row, where, "office_class", _("office class must be 1, 2 or 3"))
        if row.get("parent") and not self.unit_exists(row["parent"]):
            self.problem(row, where, "parent", _("no unit with code %r") % row["parent"])

    def check_group(self, row: dict) -> None:
        where = _("group %s") % row.get("code", "?")
        for name in ("code", "name_th"):
            if not row.get(name):
                self.problem(row, where, name, _("required"))
        if row.get("region") and not self.unit_exists(row["region"]):
            self.problem(row, where, "region", _("no unit with code %r") % row["region"])
        for kind in row.get("kinds") or []:
            if kind not in Unit.Kind.values:
                self.problem(
                    row,
                    where,
                    "kinds",
                    _("unknown kind %(value)r; one of %(choices)s")
                    % {"value": kind, "choices": ", ".join(Unit.Kind.values)},
                )
        for code in row.get("units") or []:
            if not self.unit_exists(code):
                self.problem(row, where, "units", _("no unit with code %r") % code)

    def check_plan(self, plan: dict) -> None:
        where = _("plan")
        if not self.unit_exists(plan.get("owner")):
            self.problem(plan, where, "owner", _("no unit with code %r") % plan.get("owner"))
        if not isinstance(plan.get("year"), int) or not 2500 <= plan["year"] <= 2700:
            self.problem(plan, where, "year", _("the plan year must be a Buddhist-era year such as 2564"))
        if plan.get("start_month", 1) not in range(1, 13):
            self.problem(plan, where, "start_month", _("a month is 1 to 12"))
        if not plan.get("title_th"):
            self.problem(plan, where, "title_th", _("required"))
        seen: set[tuple] = set()
        self.start_month = plan.get("start_month", 1) if plan.get("start_month", 1) in range(1, 13) else 1
        for perspective in plan.get("perspectives") or []:
            for objective in perspective.get("objectives") or []:
                for workplan in objective.get("workplans") or []:
                    if not isinstance(workplan.get("number"), int):
                        self.problem(
                            workplan, _("objective %s") % objective.get("code"), "number", _("a whole number")
                        )
                    for activity in workplan.get("activities") or []:
                        key = (objective.get("code"), workplan.get("number"), activity.get("number"))
                        self.check_activity(activity, key, seen)

    def check_activity(self, row: dict, key: tuple, seen: set) -> None:
        where = _("activity %(objective)s/%(workplan)s/%(number)s") % {
            "objective": key[0],
            "workplan": key[1],
            "number": key[2],
        }
        if not isinstance(row.get("number"), str) or not all(
            p.isdigit() for p in str(row.get("number")).split(".")
        ):
            self.problem(row, where, "number", _('an activity number such as "3.3.1" (in quotes)'))
        if key in seen:
            self.problem(row, where, "number", _("the same activity number appears twice"))
        seen.add(key)
        if not row.get("title_th"):
            self.problem(row, where, "title_th", _("required"))
        period = row.get("period", [1, 12])
        if not (isinstance(period, list) and len(period) == 2 and all(m in range(1, 13) for m in period)):
            self.problem(row, where, "period", _("a pair of months such as [1, 12]"))
        if "periods" in row:
            try:
                periods = schedule.normalise_periods(row["periods"])
            except ValueError as exc:
                self.problem(row, where, "periods", str(exc))
            else:
                problem = schedule.overlap_problem(periods, self.start_month)
                if problem:
                    self.problem(row, where, "periods", problem)
        for name in ("lead_units", "supporting_units"):
            for code in row.get(name) or []:
                if not self.unit_exists(code):
                    self.problem(row, where, name, _("no unit with code %r") % code)
        for code in row.get("lead_groups") or []:
            if not self.group_exists(code):
                self.problem(row, where, "lead_groups", _("no unit group with code %r") % code)
        targets = row.get("targets") or []
        for index, target in enumerate(targets, start=1):
            self.check_target(target, f"{where}, " + _("target %s") % index)
            self.check_target_months(row, target, f"{where}, " + _("target %s") % index)
        for result in row.get("results") or []:
            rwhere = f"{where}, " + _("result Q%s") % result.get("quarter")
            if result.get("quarter") not in (1, 2, 3, 4):
                self.problem(result, rwhere, "quarter", _("a quarter is 1 to 4"))
            index = result.get("target", 1)
            if not isinstance(index, int) or not 1 <= index <= len(targets):
                self.problem(result, rwhere, "target", _("this activity has no target %s") % index)
            if result.get("value") is not None and _decimal(result["value"]) is None:
                self.problem(result, rwhere, "value", _("not a number"))
            if result.get("letter_date") is not None and not isinstance(result["letter_date"], date):
                self.problem(result, rwhere, "letter_date", _("a date as YYYY-MM-DD"))

    def check_target_months(self, activity: dict, row: Any, where: str) -> None:
        """A target's own months lie inside its activity's."""
        if not isinstance(row, dict) or not row.get("months"):
            return
        try:
            own = schedule.month_indices(schedule.normalise_periods(row["months"]), self.start_month)
            periods = schedule.normalise_periods(activity.get("periods")) or [activity.get("period", [1, 12])]
            runs = schedule.month_indices(periods, self.start_month)
        except (ValueError, TypeError):
            return  # the periods' own checks report it
        if not own <= runs:
            self.problem(row, where, "months", _("เดือนของเป้าหมายต้องอยู่ในช่วงเดือนของกิจกรรม"))

    def check_target(self, row: Any, where: str) -> None:
        if not isinstance(row, dict):
            self.problem(None, where, "-", _("a target must be a mapping of fields"))
            return
        for name in sorted(set(row) - TARGET_FIELDS - {"consolidating_unit", "units", "groups", "values"}):
            self.problem(row, where, name, _("unknown field"))
        if row.get("consolidating_unit") and not self.unit_exists(row["consolidating_unit"]):
            self.problem(
                row, where, "consolidating_unit", _("no unit with code %r") % row["consolidating_unit"]
            )
        for code in row.get("units") or []:
            if not self.unit_exists(code):
                self.problem(row, where, "units", _("no unit with code %r") % code)
        for code in row.get("groups") or []:
            if not self.group_exists(code):
                self.problem(row, where, "groups", _("no unit group with code %r") % code)
        for item in row.get("values") or []:
            if not isinstance(item, dict) or ("group" in item) == ("unit" in item):
                self.problem(row, where, "values", _("ค่ารายหน่วยงานต้องระบุ group หรือ unit อย่างใดอย่างหนึ่ง"))
            elif item.get("group") and not self.group_exists(item["group"]):
                self.problem(row, where, "values", _("no unit group with code %r") % item["group"])
            elif item.get("unit") and not self.unit_exists(item["unit"]):
                self.problem(row, where, "values", _("no unit with code %r") % item["unit"])
            elif _decimal(item.get("value")) is None:
                self.problem(row, where, "values", _("not a number: %r") % item.get("value"))
        values = _target_values(row)
        for name in ("value", "scale_min", "scale_max"):
            if row.get(name) is not None and values.get(name) is None:
                self.problem(row, where, name, _("not a number: %r") % row[name])
        candidate = Target(**{k: v for k, v in values.items() if v is not None})
        try:
            candidate.full_clean(exclude=["activity"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.problem(row, where, name, message)


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _target_values(row: dict) -> dict:
    values = {k: row.get(k) for k in TARGET_FIELDS}
    for name in ("value", "scale_min", "scale_max"):
        values[name] = _decimal(row.get(name))
    for name in ("label_en", "unit_of_measure", "segment", "measure_key", "relative_to"):
        values[name] = values[name] or ""
    try:
        values["months"] = schedule.normalise_periods(values["months"])
    except ValueError:
        pass  # left as written: the target's own checks name the problem
    return values


def _walk_activities(plan: dict):
    for perspective in plan.get("perspectives") or []:
        for objective in perspective.get("objectives") or []:
            for workplan in objective.get("workplans") or []:
                yield from workplan.get("activities") or []


def check_plan_document(document: dict) -> None:
    checker = _Checker(document)
    checker.check()
    if checker.problems:
        raise PlanFileError(checker.problems)


def load_plan_document(document: dict) -> LoadedPlan:
    """Check, then write units, groups and the plan in one transaction. Raises PlanFileError."""
    check_plan_document(document)
    with transaction.atomic():
        loaded = LoadedPlan(plan=None)
        units = _write_units(document.get("units") or [])
        loaded.counts["units"] = len(units)
        loaded.counts["groups"] = _write_groups(document.get("groups") or [])
        if document.get("plan"):
            _write_plan(document["plan"], loaded)
    return loaded


def _write_units(rows: list[dict]) -> list[Unit]:
    units = {}
    for row in rows:
        unit, _created = Unit.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_th": row["name_th"],
                "name_en": row.get("name_en", ""),
                "kind": row["kind"],
                "office_class": row.get("office_class"),
                "province": row.get("province", ""),
                "is_active": row.get("is_active", True),
                "active_from": row.get("active_from"),
                "active_to": row.get("active_to"),
            },
        )
        units[unit.code] = unit
    known = {
        u.code: u for u in Unit.objects.filter(code__in={r.get("parent") for r in rows if r.get("parent")})
    }
    known.update(units)
    for row in rows:
        unit = units[row["code"]]
        unit.parent = known.get(row.get("parent"))
    # The region is derived from the tree once parents are known.
    for unit in units.values():
        unit.region = _region_of(unit, known)
        unit.save(update_fields=["parent", "region"])
    return list(units.values())


def _region_of(unit: Unit, known: dict[str, Unit]) -> Unit | None:
    node, hops = unit, 0
    while node is not None and hops < 20:
        if node.kind == Unit.Kind.REGION:
            return node
        parent = node.parent
        node = known.get(parent.code, parent) if parent is not None else None
        hops += 1
    return None


def _write_groups(rows: list[dict]) -> int:
    for row in rows:
        group, _created = UnitGroup.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_th": row["name_th"],
                "name_en": row.get("name_en", ""),
                "region": Unit.objects.get(code=row["region"]) if row.get("region") else None,
                "kinds": row.get("kinds") or [],
                "office_classes": row.get("office_classes") or [],
                "province": row.get("province", ""),
            },
        )
        group.units.set(Unit.objects.filter(code__in=row.get("units") or []))
    return len(rows)


def _write_plan(data: dict, loaded: LoadedPlan) -> None:
    units = {u.code: u for u in Unit.objects.all()}
    groups = {g.code: g for g in UnitGroup.objects.all()}
    plan, _created = Plan.objects.update_or_create(
        owner=units[data["owner"]],
        year=data["year"],
        defaults={
            "start_month": data.get("start_month", 1),
            "title_th": data["title_th"],
            "title_en": data.get("title_en", ""),
        },
    )
    loaded.plan = plan
    counts = {"objectives": 0, "workplans": 0, "activities": 0, "targets": 0}
    for p_order, p_row in enumerate(data.get("perspectives") or []):
        perspective, _c = Perspective.objects.update_or_create(
            plan=plan,
            code=p_row["code"],
            defaults={
                "name_th": p_row.get("name_th", p_row["code"]),
                "name_en": p_row.get("name_en", ""),
                "order": p_order,
            },
        )
        for o_order, o_row in enumerate(p_row.get("objectives") or []):
            objective, _c = Objective.objects.update_or_create(
                perspective=perspective,
                code=o_row["code"],
                defaults={
                    "name_th": o_row.get("name_th", ""),
                    "name_en": o_row.get("name_en", ""),
                    "order": o_order,
                },
            )
            counts["objectives"] += 1
            for w_row in o_row.get("workplans") or []:
                workplan, _c = Workplan.objects.update_or_create(
                    objective=objective,
                    number=w_row["number"],
                    defaults={"title_th": w_row["title_th"], "title_en": w_row.get("title_en", "")},
                )
                counts["workplans"] += 1
                parents: dict[str, Activity] = {}
                for a_row in w_row.get("activities") or []:
                    activity = _write_activity(workplan, a_row, parents, units, groups)
                    counts["activities"] += 1
                    targets = [
                        _write_target(activity, order, t_row, units, groups)
                        for order, t_row in enumerate(a_row.get("targets") or [], start=1)
                    ]
                    counts["targets"] += len(targets)
                    for r_row in a_row.get("results") or []:
                        loaded.results.append(
                            ResultRow(
                                target=targets[r_row.get("target", 1) - 1],
                                quarter=r_row["quarter"],
                                value=_decimal(r_row.get("value")),
                                text=r_row.get("text", ""),
                                letter_no=r_row.get("letter_no", ""),
                                letter_date=r_row.get("letter_date"),
                            )
                        )
    loaded.counts.update(counts)
    # The plan as the file gives it is revision 1 ("ครั้งที่ 1"), in force from the start of its year.
    revisions.ensure_first_revision(plan, on=plan.plan_year.start)


def _write_activity(workplan, row, parents, units, groups) -> Activity:
    number = row["number"]
    parent_number = number.rsplit(".", 1)[0] if "." in number else None
    periods = schedule.normalise_periods(row.get("periods"))
    start, end = (periods[0][0], periods[-1][1]) if periods else row.get("period", [1, 12])
    activity, _c = Activity.objects.update_or_create(
        workplan=workplan,
        number=number,
        defaults={
            "parent": parents.get(parent_number),
            "sort_key": number_sort_key(number),
            "title_th": row["title_th"],
            "title_en": row.get("title_en", ""),
            "description_th": row.get("description_th", ""),
            "period_start": start,
            "period_end": end,
            "periods": periods,
            "lead_text": row.get("lead_text", ""),
        },
    )
    parents[number] = activity
    activity.lead_units.set([units[c] for c in row.get("lead_units") or []])
    activity.lead_groups.set([groups[c] for c in row.get("lead_groups") or []])
    activity.supporting_units.set([units[c] for c in row.get("supporting_units") or []])
    return activity


def _write_target(activity, order, row, units, groups) -> Target:
    values = _target_values(row)
    defaults = {k: v for k, v in values.items() if v is not None}
    for name, default in (
        ("comparator", "ge"),
        ("scope", "per_unit"),
        ("frequency", "quarterly"),
        ("basis", "level"),
        ("rollup", "sum"),
    ):
        defaults.setdefault(name, default)
    for name in (
        "value",
        "scale_min",
        "scale_max",
        "segment_accounts",
        "report_days",
        "consolidate_days",
        "rollup_n",
        "due_month",
    ):
        defaults[name] = values.get(name)
    defaults["consolidating_unit"] = units.get(row.get("consolidating_unit"))
    target, _c = Target.objects.update_or_create(activity=activity, order=order, defaults=defaults)
    target.assigned_units.set([units[c] for c in row.get("units") or []])
    target.assigned_groups.set([groups[c] for c in row.get("groups") or []])
    if "values" in row:
        _write_target_values(target, row, units, groups)
    return target


def _write_target_values(target, row, units, groups) -> None:
    """The file's values per office class and unit, checked by the rules the target page applies."""
    rows = [
        ValueRow(
            value=_decimal(item["value"]),
            group=groups.get(item.get("group")),
            unit=units.get(item.get("unit")),
            where=item.get("group") or item.get("unit"),
        )
        for item in row["values"]
    ]
    region_units = list(
        Unit.objects.filter(region_id=target.activity.workplan.objective.perspective.plan.owner_id)
    )
    problems = target_values_problems(target, rows, region_units)
    if problems:
        where = _("activity %(number)s, target %(order)s") % {
            "number": target.activity.number,
            "order": target.order,
        }
        raise PlanFileError([Problem(getattr(row, "line", None), where, "values", p) for p in problems])
    TargetValue.objects.filter(target=target).delete()
    TargetValue.objects.bulk_create(
        [TargetValue(target=target, group=r.group, unit=r.unit, value=r.value) for r in rows]
    )


# --- a target's values per office class and per unit (the target values page and its XLSX) -----------------


def _value_row(text: str, line, where: str, problems: list[str]) -> ValueRow | None:
    try:
        value = read_decimal(text, max_digits=14, decimal_places=4)
    except NumberReadError as exc:
        problems.append(f"{where}: {exc}")
        return None
    return ValueRow(value=value, group=line.group, unit=line.unit, where=where)


def target_values_from_form(typed: dict[str, str], lines: list) -> list:
    """The values page's inputs (one per class and unit; blank: the default) as rows for the service."""
    problems: list[str] = []
    rows = [_value_row(typed.get(line.key, ""), line, line.code, problems) for line in lines]
    if problems:
        raise ValidationError(problems)
    return [r for r in rows if r is not None]


def target_values_read(upload, lines: list) -> tuple[list[ValueRow], list[BaselineRow]]:
    """An XLSX or CSV with columns รหัส and ค่าเป้าหมาย (and, for a unit, ข้อมูลฐาน when the target is graded
    against baselines): every row read, each problem named by its row."""
    try:
        frame = read_frame(upload)
    except TableError as exc:
        raise ValidationError([e.message for e in exc.errors]) from exc
    by_code = {line.code: line for line in lines}
    missing = [c for c in ("รหัส", "ค่าเป้าหมาย") if c not in frame.columns]
    if missing:
        raise ValidationError([_("ไฟล์ไม่มีคอลัมน์ %s") % ", ".join(missing)])
    problems: list[str] = []
    rows, baselines = [], []
    for index, record in frame.iterrows():
        where = _("แถว %s") % (index + 2)  # the header is row 1
        code = str(record["รหัส"]).strip()
        line = by_code.get(code)
        if line is None:
            problems.append(
                _("%(where)s: %(code)s ไม่ใช่กลุ่มหรือหน่วยงานที่รับผิดชอบเป้าหมายนี้") % {"where": where, "code": code}
            )
            continue
        row = _value_row(str(record["ค่าเป้าหมาย"]), line, where, problems)
        if row is not None:
            rows.append(row)
        if "ข้อมูลฐาน" in frame.columns and line.unit is not None:
            baseline = _baseline_row(str(record["ข้อมูลฐาน"]), line, where, problems)
            if baseline is not None:
                baselines.append(baseline)
    if problems:
        raise ValidationError(problems)
    return rows, baselines


def _baseline_row(text: str, line, where: str, problems: list[str]) -> BaselineRow | None:
    try:
        value = read_decimal(text, max_digits=14, decimal_places=4)
    except NumberReadError as exc:
        problems.append(f"{where}: {exc}")
        return None
    return BaselineRow(unit=line.unit, value=value, where=where)


def baselines_from_form(typed: dict[str, str], lines: list) -> list[BaselineRow]:
    problems: list[str] = []
    rows = [
        _baseline_row(typed.get(line.baseline_key, ""), line, line.code, problems)
        for line in lines
        if line.unit
    ]
    if problems:
        raise ValidationError(problems)
    return [r for r in rows if r is not None]
