"""`make mutation`: mutation testing (mutmut) of the modules that compute the KPIs' numbers, with a summary.

    .venv/bin/python scripts/mutation.py                 # every module below
    .venv/bin/python scripts/mutation.py periods sla     # some of them
    .venv/bin/python scripts/mutation.py --report        # only the summary of the last run
    .venv/bin/python scripts/mutation.py --again         # run the last run's survivors again (new tests)

mutmut's settings (files mutated, the tests selected) are in pyproject.toml, [tool.mutmut]. mutmut copies the
project into mutants/, records once which test reaches which function and then runs, for each mutant, only the
tests that reach its function, in a process forked from its own (one at a time: --max-children 1; the Makefile
runs it under `nice -n 15`). The tests that need a database share one SQLite test database kept in a file
(KPIPLAN_TEST_DB, pytest --reuse-db): it is migrated and given the seed plan once, not once per mutant.

The summary counts, per module, the mutants killed (a test failed), timed out (counted as killed: the mutant
made a test loop), survived, and those no selected test reaches. The goal is 85 % killed overall. A surviving
mutant that behaves exactly as the original (an *equivalent* mutant) is listed in EQUIVALENT with the reason;
the summary names every other survivor, which wants a test. The figures are written to var/mutation.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "mutation"

MODULES = {
    "periods": "kpiplan/lib/periods.py",
    "sla": "complaints/sla.py",
    "scoring": "quarters/scoring.py",
    "rollups": "quarters/rollups.py",
    "validation": "quarters/validation.py",
    "complaints": "complaints/measures.py",
    "voc": "voc/measures.py",
    "kam": "kam/measures.py",
    "measures": "plans/measures.py",
}
GOAL = 85.0

KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}

# Surviving mutants that cannot be told from the original by any test: mutant name -> why.
EQUIVALENT: dict[str, str] = {}


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def run_mutmut(paths: list[str], again: bool = False) -> int:
    VAR.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # SQLite: a test database in a file, kept between the mutants' runs
    env["KPIPLAN_TEST_DB"] = str(VAR / "test.sqlite3")
    env.setdefault("SECRET_KEY", "mutation-only-insecure-key-kpiplan-0123456789")
    for stale in VAR.glob("test.sqlite3*"):
        stale.unlink()  # migrated afresh once per run: the migrations or the seed may have changed
    if again:
        # The mutants that were not killed last time, against the tests as they are now (mutmut records what
        # the new tests reach before running them).
        results = read_results(paths)
        globs = [
            name for path in paths for name, code in results[path].items() if code in SURVIVED | NO_TESTS
        ]
        if not globs:
            return 0
    else:
        shutil.rmtree(
            ROOT / "mutants", ignore_errors=True
        )  # mutmut keeps results of unchanged code otherwise
        globs = [module_name(p) + ".*" for p in paths]
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", "1", *globs]
    return subprocess.call(command, cwd=ROOT, env=env)


def read_results(paths: list[str]) -> dict[str, dict[str, int | None]]:
    out = {}
    for path in paths:
        meta = ROOT / "mutants" / (path + ".meta")
        out[path] = json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}
    return out


def summarise(paths: list[str], seconds: float | None) -> int:
    results = read_results(paths)
    rows, survivors, unknown = [], [], []
    totals = {"mutants": 0, "killed": 0, "survived": 0, "equivalent": 0, "no_tests": 0, "other": 0}
    for path in paths:
        codes = results[path]
        row = {"module": path, "mutants": len(codes), "killed": 0, "survived": 0, "equivalent": 0}
        row |= {"no_tests": 0, "other": 0}
        for name, code in sorted(codes.items()):
            if code in KILLED or code in TIMEOUT:
                row["killed"] += 1
            elif code in SURVIVED:
                row["survived"] += 1
                if name in EQUIVALENT:
                    row["equivalent"] += 1
                else:
                    survivors.append(name)
            elif code in NO_TESTS:
                row["no_tests"] += 1
                survivors.append(name + "  (no test reaches it)")
            else:
                row["other"] += 1
                unknown.append(f"{name}  (exit code {code})")
        for key in totals:
            totals[key] += row[key]
        rows.append(row)

    def share(row) -> str:
        return f"{100 * row['killed'] / row['mutants']:.1f} %" if row["mutants"] else "—"

    print()
    print("| module | mutants | killed | survived (equivalent) | no test | share killed |")
    print("|---|---|---|---|---|---|")
    for row in [*rows, {"module": "**all**", **totals}]:
        print(
            f"| `{row['module']}` | {row['mutants']} | {row['killed']} | {row['survived']} ({row['equivalent']}) "
            f"| {row['no_tests']} | {share(row)} |"
        )
    if seconds is not None:
        print(f"\nmutmut ran {seconds / 60:.1f} min")
    if survivors:
        print("\nSurvivors not known to be equivalent (see them with `.venv/bin/mutmut show NAME`):")
        for name in survivors:
            print("  ", name)
    if unknown:
        print("\nNot decided:")
        for name in unknown:
            print("  ", name)
    VAR.mkdir(parents=True, exist_ok=True)
    (ROOT / "var" / "mutation.json").write_text(
        json.dumps({"modules": rows, "total": totals, "seconds": seconds, "survivors": survivors}, indent=1)
    )
    overall = 100 * totals["killed"] / totals["mutants"] if totals["mutants"] else 0.0
    print(f"\nkilled {overall:.1f} % overall (goal {GOAL:.0f} %)")
    return 0 if overall >= GOAL else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"some of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--report", action="store_true", help="only summarise the last run")
    parser.add_argument("--again", action="store_true", help="run the last run's survivors again")
    args = parser.parse_args()
    if unknown := [m for m in args.modules if m not in MODULES]:
        parser.error(f"unknown module {', '.join(unknown)}: choose from {', '.join(MODULES)}")
    paths = [MODULES[m] for m in (args.modules or MODULES)]
    seconds = None
    if not args.report:
        started = time.monotonic()
        code = run_mutmut(paths, again=args.again)
        seconds = time.monotonic() - started
        if code not in (0, None):
            print(f"mutmut stopped with exit code {code}", file=sys.stderr)
            return code
    return summarise(paths, seconds)


if __name__ == "__main__":
    sys.exit(main())
