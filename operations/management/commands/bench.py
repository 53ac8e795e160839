"""python manage.py bench [--scale small|national] [--only NAME ...] [--json PATH]

Generates synthetic data in a database of its own (a scratch SQLite file, or a scratch PostgreSQL database
beside the configured one: never the user's), times each operation several times and prints a table.
"""

from __future__ import annotations

import json
import tempfile
import time
import traceback
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from kpiplan.lib import benchmarking
from operations.synthetic import bench_world

_stacks: list[list[str]] = []


def _where(execute, sql, params, many, context):
    """Which lines of the project sent each query (--queries)."""
    here = str(Path.cwd())
    _stacks.append(
        [
            f"{Path(f.filename).relative_to(here)}:{f.lineno}"
            for f in traceback.extract_stack()
            if f.filename.startswith(here)
            and ".venv" not in f.filename
            and "commands/bench.py" not in f.filename
        ][::-1][:4]
    )
    return execute(sql, params, many, context)


class Command(BaseCommand):
    help = "Benchmark the main operations on synthetic data in a scratch database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "national"], default="small")
        parser.add_argument("--only", nargs="+", metavar="NAME")
        parser.add_argument("--json", dest="json_path", metavar="PATH")
        parser.add_argument("--repeat", type=int, help="runs per operation (default: each benchmark's own)")
        parser.add_argument("--profile", action="store_true", help="print where the time goes (cProfile)")
        parser.add_argument(
            "--queries", action="store_true", help="print the SQL of one run of each benchmark"
        )

    def handle(
        self, *args, scale, only, json_path=None, repeat=None, profile=False, queries=False, **options
    ):
        # Every app registers its benchmarks in its AppConfig.ready() (its benchmarks.py, @benchmark).
        chosen = [b for name, b in benchmarking.REGISTRY.items() if not only or name in only]
        unknown = set(only or []) - set(benchmarking.REGISTRY)
        if unknown:
            raise CommandError(
                f"unknown benchmark(s): {', '.join(sorted(unknown))}; "
                f"known: {', '.join(benchmarking.REGISTRY)}"
            )
        scratch = tempfile.mkdtemp(prefix="kpiplan-bench-")
        test_settings = connection.settings_dict.setdefault("TEST", {})
        test_settings["NAME"] = (
            str(Path(scratch) / "bench.sqlite3")
            if connection.vendor == "sqlite"
            # beside the configured database, named after it: several checkouts may share one server
            else f"{connection.settings_dict['NAME']}_bench"
        )
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            with override_settings(
                MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
                MEDIA_ROOT=scratch,
                DEBUG=False,
            ):
                started = time.perf_counter()
                data = bench_world(scale)
                self.stdout.write(
                    f"generated {scale} data in {time.perf_counter() - started:.1f} s "
                    f"({data['result_rows']} results) on {connection.vendor}"
                )
                measurements = []
                for bench in chosen:
                    if profile:
                        self._profile(bench, data)
                    if queries:
                        self._queries(bench, data)
                    measurement = benchmarking.measure(bench, data, repeat)
                    measurements.append(measurement)
                    self.stdout.write(f"  {measurement.name}: {measurement.median_ms:.1f} ms")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        self.stdout.write(benchmarking.table(measurements))
        if json_path:
            payload = {
                "backend": connection.vendor,
                "scale": scale,
                "results": [m.as_json() for m in measurements],
            }
            Path(json_path).write_text(json.dumps(payload, indent=2), encoding="utf-8")
            self.stdout.write(f"wrote {json_path}")

    def _queries(self, bench, data) -> None:
        from django.test.utils import CaptureQueriesContext

        for _ in range(2):  # the second run: the first one fills the process's caches
            if bench.prepare:
                bench.prepare(data)
            _stacks.clear()
            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(_where):
                bench.run(data)
        self.stdout.write(f"{bench.name}: {len(captured.captured_queries)} queries")
        for n, query in enumerate(captured.captured_queries, start=1):
            self.stdout.write(f"  {n:3}. {query['time']}s {query['sql'][:300]}")
            if n <= len(_stacks):
                self.stdout.write("       from " + " < ".join(_stacks[n - 1]))

    def _profile(self, bench, data) -> None:
        import cProfile
        import io
        import pstats

        # One run first, unprofiled: the first request of a process builds the URL resolver, the templates and
        # the translations, which no later request pays for.
        if bench.prepare:
            bench.prepare(data)
        bench.run(data)
        if bench.prepare:
            bench.prepare(data)
        profiler = cProfile.Profile()
        profiler.runcall(bench.run, data)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
        self.stdout.write(out.getvalue())
