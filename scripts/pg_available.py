"""Exit 0 when a PostgreSQL server answers at the URL given (default the machine's 127.0.0.1:5432)."""

import sys

url = sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/test"
try:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3) as conn:
        conn.execute("select 1")
except Exception as exc:
    print(f"PostgreSQL not reachable at {url}: {exc.__class__.__name__}", file=sys.stderr)
    sys.exit(1)
