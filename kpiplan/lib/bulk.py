"""Fast inserts (and updates) for imports and multi-row saves: COPY on PostgreSQL, one executemany per batch on SQLite; values prepared a column
at a time.

The ORM's bulk_create prepares every value of every object in Python (~50 µs a row); an import of 100,000
rows wants the DB-API's executemany with values already in the database's form.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

import pandas as pd
from django.db import connection

BATCH = 5000


@contextmanager
def _no_gc_pauses():
    """Build the rows without the cyclic garbage collector: a tuple per row is an allocation the collector
    counts, and with a large heap (a web worker's, the bench's world) its full passes took more time than
    building the rows. The rows hold no cycles; collection resumes as before afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """INSERT the rows (tuples in ``columns`` order, database-ready values) into the model's table."""
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name).column for name in columns]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with _no_gc_pauses():
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


def update_objects(objects: Sequence, fields: Sequence[str]) -> int:
    """UPDATE the given fields of model instances by primary key: one statement sent with executemany.

    What QuerySet.bulk_update does, without its CASE WHEN expression per object and field (for 100 results and
    11 fields Django builds and resolves 1,100 expressions, ~5 ms of Python; the database does less work too).
    Values go through each field's own get_db_prep_save, as save() sends them. Assumes the caller holds the
    rows (select_for_update) and is inside a transaction when it wants all-or-nothing.
    """
    if not objects:
        return 0
    meta = objects[0]._meta
    model_fields = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in model_fields)} "
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    rows = [
        [*(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in model_fields), obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def db_datetimes(values: pd.Series) -> list:
    """Aware datetimes as this database stores them (SQLite: UTC text, as Django writes it)."""
    if connection.vendor == "sqlite":
        utc = values.dt.tz_convert("UTC")
        text = utc.dt.strftime("%Y-%m-%d %H:%M:%S.%f")
        return [None if pd.isna(v) else t for v, t in zip(values, text, strict=True)]
    return [None if pd.isna(v) else v.to_pydatetime() for v in values]
