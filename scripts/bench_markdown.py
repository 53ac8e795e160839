"""Render `manage.py bench --json` files (one per database) and `make loadtest`'s CSV as the README's tables.

python scripts/bench_markdown.py var/bench-sqlite.json var/bench-postgresql.json [var/loadtest_stats.csv]
"""

import csv
import json
import sys


def bench_table(paths: list[str]) -> str:
    runs = [json.load(open(path, encoding="utf-8")) for path in paths]
    names = list(dict.fromkeys(r["name"] for run in runs for r in run["results"]))
    header = ["benchmark", "rows"]
    for run in runs:
        header += [f"{run['backend']} ms", "queries", "floor ms", "× floor"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name in names:
        cells = [f"`{name}`", ""]
        for run in runs:
            result = next((r for r in run["results"] if r["name"] == name), None)
            if result is None:
                cells += ["", "", "", ""]
                continue
            cells[1] = cells[1] or f"{result['rows']:,}"
            floor = result["floor_ms"]
            cells += [
                f"{result['median_ms']:,.1f}",
                str(result["queries"]),
                "" if floor is None else f"{floor:,.1f}",
                "" if not floor else f"{result['median_ms'] / floor:.1f}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def load_table(path: str) -> str:
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    lines = ["| request | count | errors | p50 ms | p95 ms | req/s |", "|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: r["Name"] == "Aggregated"):
        name = "**all**" if r["Name"] == "Aggregated" else f"{r['Type']} {r['Name']}"
        lines.append(
            f"| {name} | {int(r['Request Count']):,} | {r['Failure Count']} | {r['50%']} | {r['95%']} "
            f"| {float(r['Requests/s']):.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    jsons = [a for a in args if a.endswith(".json")]
    csvs = [a for a in args if a.endswith(".csv")]
    if jsons:
        print(bench_table(jsons))
    for path in csvs:
        print()
        print(load_table(path))
