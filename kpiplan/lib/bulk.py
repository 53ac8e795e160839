"""Fast inserts (and updates) for imports and multi-row saves: COPY on PostgreSQL, one executemany per batch on SQLite; values prepared a column
at a time.

The ORM's bulk_create prepares every value of every object in Python (~50 µs a row); an import of 100,000
rows wants the DB-API's executemany with values already in the database's form.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

import pandas as pd
from django.db import connection, models

BATCH = 5000


@contextmanager
def no_gc_pauses():
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
    with no_gc_pauses():
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


def reserve_ids(model, count: int) -> list[int]:
    """``count`` primary keys for rows about to be inserted with them: COPY and executemany give none back, and
    the history and the caller want each new row's id. Call it inside the transaction that inserts the rows.

    PostgreSQL: taken from the table's sequence (other writers get other numbers). SQLite: the numbers after
    the highest ever used (the AUTOINCREMENT counter included); the write lock is held from the transaction's
    start (settings: transaction_mode IMMEDIATE), so nobody else inserts in between."""
    if count <= 0:
        return []
    meta = model._meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)}")
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table])
            counter = cursor.fetchone()
            highest = max(highest, counter[0] if counter else 0)
    return list(range(highest + 1, highest + 1 + count))


def db_converter(field: models.Field) -> Callable | None:
    """How a Python value of ``field`` is sent to this database in ``insert_rows`` (None: as it is).

    What ``get_db_prep_save`` does, without its per-value dispatch for the common fields: a datetime as
    Django writes it on SQLite (UTC text), JSON as Django's own dumps, the rest through the field itself."""
    if isinstance(field, models.DateTimeField):
        if connection.vendor != "sqlite":
            return None

        memo: dict = {}  # an import's rows share their days and times (due dates above all)

        def sqlite_datetime(value):
            try:
                return memo[value]
            except KeyError:
                text = value
                if isinstance(value, datetime) and value.tzinfo is not None:
                    text = value.astimezone(UTC).replace(tzinfo=None)
                text = memo[value] = None if value is None else str(text)
                return text

        return sqlite_datetime
    if isinstance(field, models.JSONField):
        # One encoder for every value: json.dumps(value, cls=...) builds one a call.
        encode = (field.encoder or json.JSONEncoder)().encode
        return lambda value: None if value is None else encode(value)
    if field.is_relation or isinstance(
        field, models.CharField | models.TextField | models.BooleanField | models.AutoField
    ):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


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
