"""A small benchmark harness: named operations, timed several times, with their query counts.

Apps declare benchmarks with ``@benchmark("name")``; each gets the generated dataset and returns an
``Outcome`` (rows touched, and optionally a raw-SQL "floor" to compare a page with).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Outcome:
    rows: int = 0
    floor: Callable[[], object] | None = None  # the same numbers straight from SQL


@dataclass
class Measurement:
    name: str
    median_ms: float
    queries: int
    rows: int
    floor_ms: float | None = None
    runs: list[float] = field(default_factory=list)
    cpu_ms: float | None = None  # this process's CPU time (median): steadier than wall time on a busy machine

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "median_ms": round(self.median_ms, 2),
            "queries": self.queries,
            "rows": self.rows,
            "floor_ms": None if self.floor_ms is None else round(self.floor_ms, 2),
            "cpu_ms": None if self.cpu_ms is None else round(self.cpu_ms, 2),
        }


@dataclass(frozen=True)
class Benchmark:
    name: str
    run: Callable[[dict], Outcome]
    repeat: int = 5
    prepare: Callable[[dict], None] | None = None  # untimed, before each run


REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str, *, repeat: int = 5, prepare: Callable[[dict], None] | None = None):
    def register(func):
        REGISTRY[name] = Benchmark(name, func, repeat, prepare)
        return func

    return register


def _timed(func) -> tuple[float, object]:
    start = time.perf_counter()
    value = func()
    return (time.perf_counter() - start) * 1000, value


def measure(bench: Benchmark, data: dict, repeat: int | None = None) -> Measurement:
    runs, cpu, queries, outcome = [], [], 0, Outcome()
    for _ in range(repeat or bench.repeat):
        if bench.prepare is not None:
            bench.prepare(data)
        with CaptureQueriesContext(connection) as ctx:
            cpu_start = time.process_time()
            ms, outcome = _timed(lambda: bench.run(data))
            cpu.append((time.process_time() - cpu_start) * 1000)
        runs.append(ms)
        queries = len(ctx.captured_queries)
    floor_ms = None
    if outcome.floor is not None:
        floor_ms = statistics.median(_timed(outcome.floor)[0] for _ in range(repeat or bench.repeat))
    return Measurement(
        bench.name, statistics.median(runs), queries, outcome.rows, floor_ms, runs, statistics.median(cpu)
    )


def table(measurements: list[Measurement]) -> str:
    lines = [
        f"{'benchmark':<34}{'median ms':>12}{'cpu ms':>10}{'queries':>9}{'rows':>10}{'floor ms':>11}{'x floor':>9}"
    ]
    for m in measurements:
        ratio = f"{m.median_ms / m.floor_ms:.1f}" if m.floor_ms else ""
        floor = f"{m.floor_ms:.1f}" if m.floor_ms is not None else ""
        cpu = f"{m.cpu_ms:.1f}" if m.cpu_ms is not None else ""
        lines.append(
            f"{m.name:<34}{m.median_ms:>12.1f}{cpu:>10}{m.queries:>9}{m.rows:>10}{floor:>11}{ratio:>9}"
        )
    return "\n".join(lines)
