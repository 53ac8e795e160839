"""The plan file's other sections: what the other apps load from it, and their own seed files.

A plan file carries more than units, groups and the plan tree (plans/importers.py): the seed holds the
results the paper form already shows (quarters), complaint types and holidays (complaints) and the KAM
segment targets (kam). Each app registers a loader for its sections in its AppConfig.ready(), with the seed
files of its own reference data, which are loaded with the default seed plan. load_seed_plan runs every
loader after the plan, in the same transaction. As with measures, plans only keeps the book.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .importers import LoadedPlan

# load(document, loaded) -> rows written; idempotent (every row has a natural key)
SectionLoad = Callable[[dict, LoadedPlan], int]


@dataclass(frozen=True)
class SectionLoader:
    name: str  # what it loads, as the command reports it ("results", "complaints", ...)
    load: SectionLoad
    seed_files: tuple[Path, ...] = ()


_loaders: dict[str, SectionLoader] = {}


def register_sections(name: str, load: SectionLoad, *, seed_files: Iterable[Path] = ()) -> None:
    _loaders[name] = SectionLoader(name, load, tuple(seed_files))


def section_loaders() -> list[SectionLoader]:
    """In the order the apps registered (INSTALLED_APPS order)."""
    return list(_loaders.values())
