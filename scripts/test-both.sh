#!/usr/bin/env bash
# `make test`'s two passes side by side: the suite on SQLite and on PostgreSQL at once, each a pytest process
# of its own (spread over JOBS xdist workers) with its own log under var/ and its own pytest cache, so that
# `--lf` re-runs what failed on that database:
#   .venv/bin/pytest -o cache_dir=.pytest_cache/sqlite --lf
#   DATABASE_URL=$PG_URL .venv/bin/pytest -o cache_dir=.pytest_cache/postgres --lf
# Prints each pass's result and failures, and a total; exits non-zero when either pass failed.
# Without a PostgreSQL server at PG_URL the SQLite pass runs alone and the summary says so.
set -uo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
JOBS=${JOBS:-auto}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/test}
mkdir -p var

pids=() names=() logs=() starts=()
start_pass() {  # name, log, then the environment to run pytest with
    local name=$1 log=$2
    shift 2
    env "$@" "$PY" -m pytest -n "$JOBS" -o "cache_dir=.pytest_cache/$name" --basetemp "var/pytest-$name" \
        "${PYTEST_ARGS[@]}" >"$log" 2>&1 &
    pids+=($!) names+=("$name") logs+=("$log") starts+=("$(date +%s)")
}

read -r -a PYTEST_ARGS <<<"${PYTEST_ARGS:-}"
start_pass sqlite var/test-sqlite.log -u DATABASE_URL
pg_note=""
if "$PY" scripts/pg_available.py "$PG_URL" 2>var/test-postgres-check.log; then
    start_pass postgres var/test-postgres.log DATABASE_URL="$PG_URL"
else
    pg_note="PostgreSQL run SKIPPED: no server answers at $PG_URL"
fi
if [ ${#pids[@]} -gt 1 ]; then together=" side by side"; else together=""; fi
echo "== test: ${names[*]}${together} (logs: ${logs[*]}) =="

failed=0 passed_total=0 failed_total=0 skipped_total=0 errors_total=0
count() {  # the number before a word in pytest's closing line
    grep -oE "[0-9]+ $2" <<<"$1" | head -1 | grep -oE "^[0-9]+" || echo 0
}
for i in "${!pids[@]}"; do
    wait "${pids[$i]}"
    rc=$?
    seconds=$(($(date +%s) - starts[i]))
    closing=$(grep -E "[0-9]+ (passed|failed|error)" "${logs[$i]}" | tail -1)
    echo
    echo "== ${names[$i]}: exit $rc after ${seconds}s: ${closing:-no result line (see ${logs[$i]})} =="
    if [ "$rc" -ne 0 ]; then
        failed=1
        # the failures' short summary (or the log's end when pytest did not get that far)
        if grep -q "short test summary info" "${logs[$i]}"; then
            sed -n '/short test summary info/,$p' "${logs[$i]}"
        else
            tail -40 "${logs[$i]}"
        fi
    fi
    passed_total=$((passed_total + $(count "$closing" passed)))
    failed_total=$((failed_total + $(count "$closing" failed)))
    skipped_total=$((skipped_total + $(count "$closing" skipped)))
    errors_total=$((errors_total + $(count "$closing" error)))
done
[ -n "$pg_note" ] && echo "== $pg_note =="
echo
# One closing line for both passes (a CI reads it): errors count as failures.
echo "total: $passed_total passed, $((failed_total + errors_total)) failed, $skipped_total skipped"
exit $failed
