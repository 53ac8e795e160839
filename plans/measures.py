"""The measure registry: named computations over the records apps' data that a target can be bound to.

A records app registers a *family* under a prefix ("complaints", "voc", "kam"). A target's measure key is
"<prefix>.<name>[.<argument>]", e.g. "complaints.closed_within_sla_pct" or
"complaints.avg_days_to_close.OP1". The family computes every key asked of it for every unit in one go
(a constant number of queries), so a page that pre-fills many targets asks each family once.

quarters asks; voc / kam / complaints answer. plans only keeps the book.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class MeasureValue:
    """A measured value for one unit and period; percentages carry their numerator and denominator."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


# compute(keys, unit_ids, start, end) -> {key: {unit_id: MeasureValue}}
FamilyCompute = Callable[[list[str], list[int], date, date], dict[str, dict[int, MeasureValue]]]
# records_url(key, unit_id, start, end) -> URL of the records behind a value, or "" when there is none
RecordsUrl = Callable[[str, int, date, date], str]


@dataclass(frozen=True)
class Family:
    prefix: str
    compute: FamilyCompute
    records_url: RecordsUrl | None = None
    names: tuple[str, ...] = ()


_families: dict[str, Family] = {}


def register_family(
    prefix: str, compute: FamilyCompute, *, records_url: RecordsUrl | None = None, names: Iterable[str] = ()
) -> None:
    _families[prefix] = Family(prefix, compute, records_url, tuple(names))


def family_of(key: str) -> Family | None:
    return _families.get(key.split(".", 1)[0]) if key else None


def compute(
    keys: Iterable[str], unit_ids: Iterable[int], start: date, end: date
) -> dict[str, dict[int, MeasureValue]]:
    """Values of every key for every unit over [start, end]; unknown keys are left out."""
    by_family: dict[str, list[str]] = {}
    for key in set(keys):
        family = family_of(key)
        if family:
            by_family.setdefault(family.prefix, []).append(key)
    unit_ids = list(unit_ids)
    values: dict[str, dict[int, MeasureValue]] = {}
    for prefix, family_keys in by_family.items():
        values.update(_families[prefix].compute(sorted(family_keys), unit_ids, start, end))
    return values


def records_url(key: str, unit_id: int, start: date, end: date) -> str:
    family = family_of(key)
    if family is None or family.records_url is None:
        return ""
    return family.records_url(key, unit_id, start, end)
