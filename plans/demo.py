"""The demo book: what each app adds to the demo data of `make run`. As with measures, plans only keeps the book.

operations' demo_data loads the seed plan and one user per role, then calls every registered loader once, in
the order the apps are installed. Each loader gets the demo world and a random generator of its own, so an
app added later changes no other app's demo records.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .models import Plan, Unit, User


@dataclass(frozen=True)
class DemoWorld:
    plan: Plan  # the seed plan: 2564, region กฟก.2
    offices: list[Unit]  # the region's offices, by code
    users: dict[str, User]  # the demo logins by username ("reporter", "reviewer", ...)
    now: datetime


DemoLoad = Callable[[DemoWorld, random.Random], None]

_loaders: dict[str, DemoLoad] = {}


def register_demo(name: str, load: DemoLoad) -> None:
    _loaders[name] = load


def demo_loaders() -> dict[str, DemoLoad]:
    """By name, in the order the apps registered (INSTALLED_APPS order)."""
    return dict(_loaders)
