"""`make mutation`: mutation testing (mutmut) of the modules that compute the KPIs' numbers, with a summary.

    .venv/bin/python scripts/mutation.py                 # every module below
    .venv/bin/python scripts/mutation.py periods sla     # some of them
    .venv/bin/python scripts/mutation.py --report        # only the summary of the last run
    .venv/bin/python scripts/mutation.py --again         # run the last run's survivors again (new tests)
    .venv/bin/python scripts/mutation.py --minutes 10    # at most 10 minutes a module; --resume goes on

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
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "mutation"

# module: (the file mutated, the tests run against its mutants: those that check its numbers, fast ones first)
MODULES = {
    "periods": ("kpiplan/lib/periods.py", ["tests/lib/test_periods.py", "tests/plans/test_schedule.py"]),
    "sla": ("complaints/sla.py", ["tests/complaints/test_sla_rules.py"]),
    # the pure tests of the rules: the pages over them (test_rollups, test_grids, the acceptance tests) take a
    # database each run
    "scoring": ("quarters/scoring.py", ["tests/quarters/test_scoring_rules.py"]),
    "rollups": ("quarters/rollups.py", ["tests/quarters/test_scoring_rules.py"]),
    "validation": ("quarters/validation.py", ["tests/quarters/test_scoring_rules.py"]),
    # the measures' arithmetic and key maps; their queries (rows_of, survey_tallies, coverage, compute, the
    # check of bound keys) are reached only by the tests over records in the database (tests/acceptance,
    # tests/voc/test_voc.py, tests/kam/test_kam.py), left out here for time: their mutants count as not killed
    "complaints": ("complaints/measures.py", ["tests/complaints/test_measure_rules.py"]),
    "voc": ("voc/measures.py", ["tests/voc/test_measure_rules.py"]),
    "kam": ("kam/measures.py", ["tests/kam/test_measure_rules.py"]),
    "measures": ("plans/measures.py", ["tests/plans/test_measure_registry.py"]),
}
GOAL = 85.0

KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}

# Surviving mutants that cannot be told from the original by any test: mutant name -> why.
_NUMPY_DAY = "np.datetime64 of a datetime.date is already in days: the unit 'D' left out changes nothing"
_MAKE_AWARE = "timezone.make_aware without a zone (or None) uses the current zone, which the code passes"
_LOCAL_ZONE = (
    "astimezone(None) converts to the process's zone, which Django sets to TIME_ZONE (Asia/Bangkok), the zone"
    " the code names"
)
_DECIMAL_SUM = (
    "sum() of Decimals without the start Decimal(0) still gives a Decimal: the list is never empty there"
)
_RPARTITION = "rpartition instead of partition: the prefix is the family's only when the key has one dot, as with partition"
_PREFIX = "the first part of key.split('.') is the same whatever the number of splits"
_AT_IMPORT = (
    "NOT equivalent, but out of mutmut's reach: the factory runs once when the module is imported (building"
    " MEASURES), before mutmut switches a mutant on; the measures it makes are tested"
)
_UNREACHABLE = "the message of the AssertionError after the loop no date can reach (the 28th always exists)"
EQUIVALENT: dict[str, str] = {
    "complaints.sla.x_add_working_days__mutmut_13": _NUMPY_DAY,
    "complaints.sla.x_add_working_days__mutmut_21": _NUMPY_DAY,
    "complaints.sla.x_due_dates_vectorised__mutmut_5": _NUMPY_DAY,
    "complaints.sla.x_due_at__mutmut_22": _MAKE_AWARE,
    "complaints.sla.x_due_at__mutmut_24": _MAKE_AWARE,
    "complaints.sla.x_end_of_local_day__mutmut_2": _MAKE_AWARE,
    "complaints.sla.x_end_of_local_day__mutmut_4": _MAKE_AWARE,
    "complaints.sla.x_due_in_a_month__mutmut_24": _UNREACHABLE,
    "complaints.sla.x_due_in_a_month__mutmut_25": _UNREACHABLE,
    "complaints.sla.x_due_in_a_month__mutmut_26": _UNREACHABLE,
    "complaints.sla.xǁDueDatesǁ__call____mutmut_11": (
        "the SLA unit passed on as None to due_at: only days SLAs get there (hours return before), which due_at"
        " treats alike"
    ),
    "complaints.sla.xǁDueDatesǁ__call____mutmut_7": _LOCAL_ZONE,
    "complaints.sla.xǁDueDatesǁ__init____mutmut_3": _LOCAL_ZONE,
    "complaints.sla.xǁDueDatesǁrules__mutmut_2": _LOCAL_ZONE,
    "quarters.scoring.x_goal_for__mutmut_43": _DECIMAL_SUM,
    "quarters.scoring.x_goal_for__mutmut_54": _DECIMAL_SUM,
    "quarters.rollups.x_carried_into__mutmut_14": (
        "m <= quarter instead of m < quarter: a unit holding the quarter itself was skipped just before"
    ),
    "quarters.rollups.x_carried_into__mutmut_4": (
        "quarter < 1 instead of <= 1: in Q1 no unit has an earlier quarter to carry, so the loop finds nothing"
    ),
    "quarters.rollups.x_roll_up_sums__mutmut_49": (
        "standing() given no quarter: outside milestones it reads the quarter only through the goal, passed in"
    ),
    **{f"quarters.rollups.xǁSumsǁof__mutmut_{n}": _DECIMAL_SUM for n in (35, 43, 51, 59, 68)},
    **{f"complaints.measures.x__bounds__mutmut_{n}": _MAKE_AWARE for n in (1, 3, 5, 11, 13)},
    **{
        name: "_in_kpi reads the KPI's name only to find a share's categories; this name is no share's either way"
        for name in (
            "complaints.measures.x__average__mutmut_6",
            "complaints.measures.x__overdue__mutmut_4",
            "complaints.measures.x__overdue__mutmut_10",
            "complaints.measures.x__overdue__mutmut_11",
        )
    },
    "kam.measures.x_is_known__mutmut_3": _RPARTITION,
    "voc.measures.x_is_known__mutmut_3": _RPARTITION,
    "voc.measures.x__average__mutmut_16": _DECIMAL_SUM,
    "kam.measures.x__quarters_in__mutmut_17": (
        "while start < end instead of <=: a plan year starting on the last day holds no whole quarter of it"
    ),
    "kam.measures.x__quarters_in__mutmut_15": (
        "the plan year taken one year early: the loop walks on into the right one, and the early year's quarters"
        " all end before the period starts"
    ),
    **{f"kam.measures.x__exec__mutmut_{n}": _AT_IMPORT for n in range(1, 9)},
    **{f"kam.measures.x__segment_coverage__mutmut_{n}": _AT_IMPORT for n in range(1, 15)},
    "plans.measures.x_family_of__mutmut_2": "''.split('.')[0] is '', a prefix no family has: None either way",
    "plans.measures.x_family_of__mutmut_7": _PREFIX,
    "plans.measures.x_family_of__mutmut_10": _PREFIX,
    "quarters.validation.x__figure__mutmut_2": (
        "getattr(None, name, None) is None: reading the figure of no result gives what the guard gives"
    ),
    "quarters.scoring.x__goal_over_baselines__mutmut_24": (
        "sum() of Decimals without the start Decimal(0) starts at int 0 and still gives a Decimal (the list is"
        " never empty there)"
    ),
}


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def workdir(name: str) -> Path:
    return VAR / name


def prepare(name: str) -> Path:
    """A folder of the project's own for one module's run: the project's entries linked in, and a
    pyproject.toml whose [tool.mutmut] names the module and its tests (mutmut reads its settings from the
    folder it runs in, and a change of the test selection would reset every earlier result)."""
    path, tests = MODULES[name]
    folder = workdir(name)
    folder.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        if entry.name in {".git", ".venv", "var", "mutants", "pyproject.toml"} or entry.name.startswith("."):
            continue
        link = folder / entry.name
        if not link.is_symlink():
            link.symlink_to(entry)
    settings = (ROOT / "pyproject.toml").read_text()
    selection = (
        f"only_mutate = [{json.dumps(path)}]\npytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
    )
    (folder / "pyproject.toml").write_text(
        settings.replace("[tool.mutmut]\n", "[tool.mutmut]\n" + selection, 1)
    )
    return folder


def run_mutmut(name: str, again: bool = False, resume: bool = False, minutes: float | None = None) -> int:
    path, _tests = MODULES[name]
    folder = prepare(name)
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # SQLite: a test database in a file, kept between the mutants' runs
    env["KPIPLAN_TEST_DB"] = str(folder / "test.sqlite3")
    env.setdefault("SECRET_KEY", "mutation-only-insecure-key-kpiplan-0123456789")
    for stale in folder.glob("test.sqlite3*"):
        stale.unlink()  # migrated afresh once per run: the migrations or the seed may have changed
    if again:
        # The mutants that were not killed last time, against the tests as they are now (mutmut records what
        # new tests reach before running them).
        names = [key for key, code in read_results(name).items() if code in SURVIVED | NO_TESTS]
        if not names:
            return 0
    elif resume:
        names = []  # mutmut runs the mutants that have no result yet
    else:
        # a fresh run: mutmut would keep the results of unchanged code
        shutil.rmtree(folder / "mutants", ignore_errors=True)
        names = [module_name(path) + ".*"]
    print(f"== {name}: {path}", flush=True)
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", "1", *names]
    process = subprocess.Popen(command, cwd=folder, env=env, start_new_session=True)
    try:
        return process.wait(timeout=minutes * 60 if minutes else None)
    except subprocess.TimeoutExpired:
        # Out of time for this module: the mutants tried keep their results (--resume goes on from there).
        print(f"\n== {name}: stopped after {minutes:g} minutes", flush=True)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        return 0


def read_results(name: str) -> dict[str, int | None]:
    path, _tests = MODULES[name]
    meta = workdir(name) / "mutants" / (path + ".meta")
    return json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}


def summarise(names: list[str], seconds: dict[str, float]) -> int:
    rows, survivors, unknown, equivalent = [], [], [], []
    keys = ("mutants", "killed", "survived", "equivalent", "no_tests", "not_run")
    totals = dict.fromkeys(keys, 0)
    for name in names:
        row = {"module": MODULES[name][0], **dict.fromkeys(keys, 0)}
        for key, code in sorted(read_results(name).items()):
            row["mutants"] += 1
            if code in KILLED or code in TIMEOUT:
                row["killed"] += 1
            elif code in SURVIVED:
                row["survived"] += 1
                if key in EQUIVALENT:
                    row["equivalent"] += 1
                    equivalent.append(f"{key}: {EQUIVALENT[key]}")
                else:
                    survivors.append(key)
            elif code in NO_TESTS:
                row["no_tests"] += 1
                survivors.append(key + "  (no test reaches it)")
            else:
                row["not_run"] += 1
                if code is not None:
                    unknown.append(f"{key}  (exit code {code})")
        row["seconds"] = round(seconds.get(name, 0))
        for key in keys:
            totals[key] += row[key]
        rows.append(row)

    def share(row) -> str:
        return f"{100 * row['killed'] / row['mutants']:.1f} %" if row["mutants"] else "—"

    print()
    print("| module | mutants | killed | survived (equivalent) | no test reaches | not run | killed |")
    print("|---|---|---|---|---|---|---|")
    for row in [*rows, {"module": "**all**", **totals}]:
        print(
            f"| `{row['module']}` | {row['mutants']} | {row['killed']} | {row['survived']} ({row['equivalent']}) "
            f"| {row['no_tests']} | {row['not_run']} | {share(row)} |"
        )
    if seconds:
        print("\nminutes per module: " + ", ".join(f"{n} {s / 60:.1f}" for n, s in seconds.items()))
    if equivalent:
        print("\nEquivalent survivors (they behave as the original):")
        for line in equivalent:
            print("  ", line)
    if survivors:
        print(
            "\nSurvivors not known to be equivalent (in var/mutation/MODULE: ../../.venv/bin/mutmut show NAME):"
        )
        for key in survivors:
            print("  ", key)
    if unknown:
        print("\nNot decided:")
        for key in unknown:
            print("  ", key)
    VAR.mkdir(parents=True, exist_ok=True)
    (ROOT / "var" / "mutation.json").write_text(
        json.dumps(
            {"modules": rows, "total": totals, "survivors": survivors, "equivalent": equivalent}, indent=1
        )
    )
    overall = 100 * totals["killed"] / totals["mutants"] if totals["mutants"] else 0.0
    print(f"\nkilled {overall:.1f} % overall (goal {GOAL:.0f} %)")
    return 0 if overall >= GOAL else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"some of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--report", action="store_true", help="only summarise the last run")
    parser.add_argument("--again", action="store_true", help="run the last run's survivors again")
    parser.add_argument("--resume", action="store_true", help="run the mutants the last run did not reach")
    parser.add_argument("--minutes", type=float, help="stop each module's run after this long")
    args = parser.parse_args()
    if unknown := [m for m in args.modules if m not in MODULES]:
        parser.error(f"unknown module {', '.join(unknown)}: choose from {', '.join(MODULES)}")
    names = args.modules or list(MODULES)
    seconds: dict[str, float] = {}
    if not args.report:
        for name in names:
            started = time.monotonic()
            code = run_mutmut(name, again=args.again, resume=args.resume, minutes=args.minutes)
            seconds[name] = time.monotonic() - started
            if code not in (0, None):
                print(f"mutmut stopped with exit code {code} on {name}", file=sys.stderr)
                return code
    return summarise(names, seconds)


if __name__ == "__main__":
    sys.exit(main())
