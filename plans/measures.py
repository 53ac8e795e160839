"""The measure registry: named computations over the records apps' data that a target can be bound to.

A records app registers a *family* under a prefix ("complaints", "voc", "kam"). A target's measure key is
"<prefix>.<name>[.<argument>]", e.g. "complaints.closed_within_sla_pct" or
"complaints.closed_within_sla_pct.OP1". Each family says which keys it knows (``is_known``: a map of names to
functions, no silent fall-through); the plan loader, the target form and a ``manage.py check`` rule refuse any
other key.

A value is computed for a *reporting unit* over the units its scope covers (the unit and its sub-offices, or
the whole region for the region and its consolidating division): ``compute(keys, scopes, start, end)`` with
``scopes = {reporting unit id: [unit ids counted]}``. The family computes every key for every scope in one go
(a constant number of queries), so a page that pre-fills many targets asks each family once.

quarters asks; voc / kam / complaints answer. plans only keeps the book.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.core.checks import Error
from django.db import DatabaseError


@dataclass(frozen=True)
class MeasureValue:
    """A measured value for one unit and period; percentages carry their numerator and denominator.

    ``value`` is None when the measure has no records in scope to compute from ("ไม่มีข้อมูล")."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Verdict:
    """What became of one record in a measure: "in_time" (counted, meets), "missed" (counted, does not) or
    "left_out" (not counted), with the reason in Thai."""

    state: str
    reason: str


@dataclass
class Explained:
    """The records behind a value: one line per record (dicts with reference, unit, kind, date, closed,
    state, reason, url), the value they give, and the column heads of the record-specific fields."""

    value: MeasureValue
    lines: list[dict] = field(default_factory=list)
    columns: tuple[str, ...] = ()

    def count(self, state: str) -> int:
        return sum(1 for line in self.lines if line["state"] == state)


@dataclass(frozen=True)
class Definition:
    """A measure's entry in the KPI dictionary, in Thai: what is counted, what is left out and why, which date
    decides the period, how units roll up, and where the records come from."""

    title: str
    counted: str
    excluded: str
    time_rule: str
    rollup: str
    source: str


Scopes = Mapping[int, Sequence[int]]
# compute(keys, scopes, start, end) -> {key: {reporting unit id: MeasureValue}}
FamilyCompute = Callable[[list[str], Scopes, date, date], dict[str, dict[int, MeasureValue]]]
# records_url(key, unit_id, start, end) -> URL of the records behind a value, or "" when there is none
RecordsUrl = Callable[[str, int, date, date], str]
# explain(key, unit_ids, start, end) -> the records counted and left out
Explain = Callable[[str, Sequence[int], date, date], Explained]


@dataclass(frozen=True)
class Family:
    prefix: str
    compute: FamilyCompute
    records_url: RecordsUrl | None = None
    names: tuple[str, ...] = ()
    is_known: Callable[[str], bool] | None = None
    explain: Explain | None = None
    definitions: Mapping[str, Definition] = field(default_factory=dict)


_families: dict[str, Family] = {}


def register_family(
    prefix: str,
    compute: FamilyCompute,
    *,
    records_url: RecordsUrl | None = None,
    names: Iterable[str] = (),
    is_known: Callable[[str], bool] | None = None,
    explain: Explain | None = None,
    definitions: Mapping[str, Definition] | None = None,
) -> None:
    _families[prefix] = Family(
        prefix, compute, records_url, tuple(names), is_known, explain, definitions or {}
    )


def family_of(key: str) -> Family | None:
    return _families.get(key.split(".", 1)[0]) if key else None


def is_known(key: str) -> bool:
    """The key names a measure some family computes (a known prefix is not enough)."""
    family = family_of(key)
    if family is None:
        return False
    if family.is_known is not None:
        return family.is_known(key)
    return key.split(".", 1)[-1] in family.names


def unknown_key_message(key: str) -> str:
    return f"ไม่รู้จักตัวชี้วัดที่คำนวณจากระเบียน “{key}”: ไม่มีหมวดใดคำนวณค่านี้"


def definition(key: str) -> Definition | None:
    """The dictionary entry of a key ("complaints.closed_within_sla_pct.OP1" reads its name's entry)."""
    family = family_of(key)
    if family is None or not is_known(key):
        return None
    name = key.split(".")[1]
    return family.definitions.get(name)


def dictionary() -> list[tuple[str, Definition]]:
    """Every defined measure (family.name, entry), in registration order."""
    return [(f"{f.prefix}.{n}", d) for f in _families.values() for n, d in f.definitions.items()]


def all_names() -> list[str]:
    """Every registered key pattern, for the dictionary and error messages."""
    return [f"{f.prefix}.{n}" for f in _families.values() for n in f.names]


def _as_scopes(units: Scopes | Iterable[int]) -> dict[int, list[int]]:
    if isinstance(units, Mapping):
        return {u: list(ids) for u, ids in units.items()}
    return {u: [u] for u in units}


def compute(
    keys: Iterable[str], units: Scopes | Iterable[int], start: date, end: date
) -> dict[str, dict[int, MeasureValue]]:
    """Values of every key for every reporting unit over [start, end]. ``units`` is either the scopes
    ({reporting unit: units counted}) or plain unit ids (each counting its own records). Unknown keys are
    left out: they cannot be saved on a target (see ``is_known``)."""
    by_family: dict[str, list[str]] = {}
    for key in set(keys):
        family = family_of(key)
        if family and is_known(key):
            by_family.setdefault(family.prefix, []).append(key)
    scopes = _as_scopes(units)
    values: dict[str, dict[int, MeasureValue]] = {}
    for prefix, family_keys in by_family.items():
        values.update(_families[prefix].compute(sorted(family_keys), scopes, start, end))
    return values


def explain(key: str, unit_ids: Sequence[int], start: date, end: date) -> Explained | None:
    family = family_of(key)
    if family is None or family.explain is None or not is_known(key):
        return None
    return family.explain(key, list(unit_ids), start, end)


def records_url(key: str, unit_id: int, start: date, end: date) -> str:
    family = family_of(key)
    if family is None or family.records_url is None:
        return ""
    return family.records_url(key, unit_id, start, end)


def check_target_keys(app_configs=None, **kwargs):
    """``manage.py check``: every target bound to a measure names one that a family computes."""
    target = apps.get_model("plans", "Target")  # plans.models imports this module
    try:
        bound = list(target.objects.exclude(measure_key="").values_list("pk", "measure_key"))
    except DatabaseError:  # no database yet (before migrate): nothing is bound
        return []
    return [
        Error(unknown_key_message(key), obj=f"target {pk}", id="plans.E001")
        for pk, key in bound
        if not is_known(key)
    ]
