#!/usr/bin/env bash
# make serve-prod: the production stack on this machine: gunicorn (several workers) + whitenoise for static
# files + PostgreSQL (DATABASE_URL), and the background-task worker. TLS is terminated by the reverse proxy
# in front (docs/deploy.md); set SECURE_SSL_REDIRECT=1 there.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export KPIPLAN_PRODUCTION=1 DEBUG=0
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kpiplan}
export SECRET_KEY=${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-0}
export STATIC_ROOT=${STATIC_ROOT:-$PWD/staticfiles}
if [[ "$DATABASE_URL" == postgres* ]] && ! $PY scripts/pg_available.py "$DATABASE_URL"; then
  $PY - "${DATABASE_URL%/*}/postgres" "${DATABASE_URL##*/}" <<'PYEOF'
import sys, psycopg
with psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
    conn.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PYEOF
fi
$PY manage.py migrate --noinput -v0
$PY manage.py createcachetable
$PY manage.py collectstatic --noinput -v0
$PY manage.py check --deploy --fail-level ERROR
mkdir -p var
$PY manage.py db_worker --no-startup-delay > var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT
exec_workers=${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}
echo "kpiplan (production settings) on http://127.0.0.1:${PORT:-8000}/ with $exec_workers gunicorn workers"
.venv/bin/gunicorn kpiplan.wsgi:application -w "$exec_workers" -b "${BIND:-127.0.0.1}:${PORT:-8000}" \
  --access-logfile - --timeout 120
