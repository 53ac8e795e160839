#!/usr/bin/env bash
# make loadtest: N reporters submit their quarter at once against gunicorn (several workers) on PostgreSQL,
# on 127.0.0.1 only, for a bounded time; then the database is checked for every submitted value.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
USERS=${USERS:-100}
DURATION=${DURATION:-60s}
WORKERS=${WORKERS:-4}
PORT=${LOADTEST_PORT:-8765}
# LOADTEST_DB: the scratch database the run drops and creates again (its name must say "load": it is wiped);
# PG_ADMIN: a database on the same server to do that from.
DB_URL=${LOADTEST_DB:-postgres://postgres@127.0.0.1:5432/kpiplan_load}
DB_NAME=${DB_URL##*/}
DB_NAME=${DB_NAME%%\?*}
PG_ADMIN=${PG_ADMIN:-${DB_URL%/*}/postgres}
case "$DB_NAME" in
  *load*) ;;
  *) echo "LOADTEST_DB must name a scratch database with 'load' in its name (it is dropped): got '$DB_NAME'"; exit 2 ;;
esac
if ! $PY scripts/pg_available.py "$PG_ADMIN"; then
  echo "loadtest needs PostgreSQL at 127.0.0.1:5432 (start it with: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start)"
  exit 1
fi
mkdir -p var
$PY - "$PG_ADMIN" "$DB_NAME" <<'PYEOF'
import sys, psycopg
from psycopg import sql
name = sql.Identifier(sys.argv[2])
with psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
PYEOF
export SECRET_KEY=${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export DATABASE_URL="$DB_URL" DEBUG=0 ALLOWED_HOSTS=127.0.0.1 AXES_FAILURE_LIMIT=1000 API_RATE=100000/min
export LOADTEST_USERS=var/loadtest-users.json LOADTEST_SUBMITTED=var/loadtest-submitted.json
rm -f "$LOADTEST_SUBMITTED"
$PY manage.py migrate --noinput -v0
$PY manage.py createcachetable
$PY manage.py loadtest_setup --users "$USERS" --output "$LOADTEST_USERS"
.venv/bin/gunicorn kpiplan.wsgi:application -w "$WORKERS" -b "127.0.0.1:$PORT" --log-level warning \
  --access-logfile /dev/null > var/loadtest-gunicorn.log 2>&1 &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/accounts/login/" > /dev/null && break; sleep 0.2; done
.venv/bin/locust -f loadtest/locustfile.py --headless -u "$USERS" -r 25 -t "$DURATION" --stop-timeout 10 \
  --host "http://127.0.0.1:$PORT" --csv var/loadtest --only-summary 2>&1 | tail -n 30
$PY - <<'PYEOF'
import csv
rows = list(csv.DictReader(open("var/loadtest_stats.csv", encoding="utf-8")))
total = next(r for r in rows if r["Name"] == "Aggregated")
print(f"\nrequests/s {float(total['Requests/s']):.1f}  p50 {total['50%']} ms  p95 {total['95%']} ms  "
      f"requests {total['Request Count']}  errors {total['Failure Count']}")
for r in rows:
    if r["Name"] != "Aggregated":
        print(f"  {r['Name']:<14} n={r['Request Count']:>5}  p50={r['50%']:>5} ms  p95={r['95%']:>5} ms  errors={r['Failure Count']}")
PYEOF
$PY manage.py loadtest_check "$LOADTEST_SUBMITTED"
