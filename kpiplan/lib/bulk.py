"""Fast inserts for imports: COPY on PostgreSQL, one executemany per batch on SQLite; values prepared a column
at a time.

The ORM's bulk_create prepares every value of every object in Python (~50 µs a row); an import of 100,000
rows wants the DB-API's executemany with values already in the database's form.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from django.db import connection

BATCH = 5000


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """INSERT the rows (tuples in ``columns`` order, database-ready values) into the model's table."""
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name).column for name in columns]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = list(rows)
    if connection.vendor == "postgresql":
        copy_sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f) for f in fields)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        return len(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
    return len(rows)


def db_datetimes(values: pd.Series) -> list:
    """Aware datetimes as this database stores them (SQLite: UTC text, as Django writes it)."""
    if connection.vendor == "sqlite":
        utc = values.dt.tz_convert("UTC")
        text = utc.dt.strftime("%Y-%m-%d %H:%M:%S.%f")
        return [None if pd.isna(v) else t for v, t in zip(values, text, strict=True)]
    return [None if pd.isna(v) else v.to_pydatetime() for v in values]
