"""The one way records are written: create or update many rows by their key, only among the rows the user may
write, every row checked before anything is written, each change logged in the history.

Each records app describes a record type (``RecordType``) and its rules (``check``, ``derive``) in its
``services.py``; its form, its import and its API call that service, which calls ``upsert_many`` here. With
``dry_run`` nothing is written and the outcome says what would be: new, changed (old -> new), unchanged —
the import preview.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from kpiplan.lib import bulk
from kpiplan.lib.tabular import clean, guess_mapping, read_frame

from . import access, history
from .models import User

Row = dict
Errors = dict  # {field name or None: Thai message}

NOT_YOUR_UNIT = "ไม่ใช่หน่วยงานที่ท่านบันทึกข้อมูลได้"
# Says no more than that the key is taken: nothing of what the other unit holds.
OTHER_UNITS_KEY = "เลขที่นี้เป็นของหน่วยงานอื่น ท่านแก้ไขไม่ได้ (ใช้เลขที่อื่น)"
DUPLICATE_KEY = "เลขที่ซ้ำกันในชุดข้อมูลเดียวกัน"
ALREADY_THERE = "มีรายการเลขที่นี้อยู่แล้ว"


@dataclass(frozen=True)
class RecordType:
    """How a record type is found and owned: its key, the path to the unit that owns it, the fields a write
    may set."""

    model: type[models.Model]
    key: str | None  # the natural key rows name ("reference"); None: rows name the primary key as "pk"
    unit_path: str  # ORM path from the record to its owning unit ("unit", "account__office")
    fields: tuple[str, ...]  # what a row may set (the key excluded)
    unit_of: Callable[[Row], int | None]  # the owning unit of a row about to be written
    # what ``derive`` computes for the KPIs to count (a complaint's standing): written with the row, not shown
    # in its history (the fields it follows from are)
    derived: tuple[str, ...] = ()

    @property
    def lookup(self) -> str:
        return self.key or "pk"


class RowOutcome:
    """What a row did or would do. A new row's object is built only when someone asks for it (``obj``): an
    import of 100,000 rows is inserted from the rows' values and asks for none."""

    __slots__ = ("_make", "_obj", "changes", "key", "kind", "pk", "row")

    def __init__(
        self, row: int, key: str | None, kind: str, changes: dict | None = None, obj=None, make=None
    ):
        self.row = row
        self.key = key
        self.kind = kind  # "new", "changed", "unchanged"
        self.changes = {} if changes is None else changes  # {field: [before, after]} as shown
        self.pk = None if obj is None else obj.pk
        self._obj = obj
        self._make = make

    @property
    def obj(self) -> models.Model | None:
        if self._obj is None and self._make is not None:
            self._obj = self._make()
            if self.pk is not None:
                self._obj.pk = self.pk
        return self._obj

    @obj.setter
    def obj(self, value) -> None:
        self._obj = value
        self.pk = None if value is None else value.pk

    def __repr__(self) -> str:
        return f"RowOutcome({self.row}, {self.key!r}, {self.kind!r})"


@dataclass
class Outcome:
    rows: list[RowOutcome]
    dry_run: bool = False

    def _count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def created(self) -> int:
        return self._count("new")

    @property
    def updated(self) -> int:
        return self._count("changed")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def objects(self) -> list[models.Model]:
        return [r.obj for r in self.rows]


@dataclass
class Refusal:
    row: int  # index in the rows given
    field: str | None
    message: str
    value: str | None = None


class RowsRefused(Exception):
    """Some rows may not be written: every refusal of every row, nothing written."""

    def __init__(self, refusals: list[Refusal]):
        self.refusals = refusals
        super().__init__("; ".join(f"{r.row}:{r.field}:{r.message}" for r in refusals[:5]))

    def validation_error(self) -> ValidationError:
        """For a form writing one row: the messages by field."""
        by_field: dict[str, list[str]] = {}
        for r in self.refusals:
            by_field.setdefault(r.field or "__all__", []).append(r.message)
        return ValidationError(by_field)


def missing_on_create(row: Row, old, required: dict[str, str]) -> dict[str, str]:
    """A new record's required fields left blank: {field: "ต้องระบุ<label>"} (an update may leave them out)."""
    if old is not None:
        return {}
    return {name: f"ต้องระบุ{label}" for name, label in required.items() if row.get(name) in (None, "")}


def _pk(value):
    return value.pk if isinstance(value, models.Model) else value


@bulk.no_gc_pauses()  # 100,000 rows of dicts and lists: no full collections of the whole heap in between
def upsert_many(
    kind: RecordType,
    *,
    user: User,
    rows: Sequence[Row],
    now: datetime,
    via: str,
    check: Callable[[Row, models.Model | None], Errors] | None = None,
    derive: Callable[[Row, models.Model | None], Row] | None = None,
    on_create: dict | None = None,
    reason: str = "",
    dry_run: bool = False,
    create_only: bool = False,
) -> Outcome:
    """Create or update ``rows`` (dicts of field -> value; related objects as objects or primary keys).

    A row whose unit the user may not write, or whose key belongs to a record of a unit they may not write, is
    refused; ``check(row, existing)`` adds the record type's own rules; ``derive(row, existing)`` returns the
    fields computed from the row (a due date, a score). Raises RowsRefused with every refusal, or writes every
    row in one transaction (nothing with ``dry_run``)."""
    model = kind.model
    meta = model._meta
    writable = set(access.record_units_for(user).values_list("pk", flat=True))
    refusals: list[Refusal] = []
    relations = _relation_names(meta)
    keys = [_pk(r.get(kind.lookup)) for r in rows]
    seen: dict = {}
    for index, key in enumerate(keys):
        if key not in (None, ""):
            seen.setdefault(key, []).append(index)
    for key, indexes in seen.items():
        if len(indexes) > 1:  # every row that shares it: which one is meant is for a person to say
            refusals += [Refusal(index, kind.lookup, DUPLICATE_KEY, str(key)) for index in indexes]
    existing, taken = _existing(kind, list(seen), writable)
    for index, key in enumerate(keys):
        if key in taken:
            refusals.append(
                Refusal(index, kind.lookup, OTHER_UNITS_KEY if kind.key else "ไม่พบรายการนี้", str(key))
            )

    outcomes: list[RowOutcome] = []
    finals: list[Row] = []
    refused_rows = {r.row for r in refusals}
    shown = _Shown(meta, kind.fields)
    unit_field = _unit_field(kind)
    make = _maker(kind, keys, on_create)
    for index, row in enumerate(rows):
        key = keys[index]
        old = existing.get(key)
        values = dict(row)
        values.pop("pk", None)
        for name in relations:  # related objects as their primary keys
            if isinstance(values.get(name), models.Model):
                values[name] = values[name].pk
        if index in refused_rows:  # its key is refused: nothing more to say of it
            finals.append({})
            outcomes.append(RowOutcome(index, _text(key), "new"))
            continue
        if derive is not None:
            try:
                values.update(derive(values, old))
            except ValidationError as exc:
                refusals += _refusals_of(index, exc)
                finals.append({})
                outcomes.append(RowOutcome(index, _text(key), "new"))
                continue
        unit = kind.unit_of(values)
        if create_only and old is not None:
            refusals.append(Refusal(index, kind.lookup, ALREADY_THERE, _text(key)))
        elif unit not in writable:
            refusals.append(Refusal(index, unit_field, NOT_YOUR_UNIT))
        elif check is not None:
            for name, message in (check(values, old) or {}).items():
                refusals.append(Refusal(index, name, message))
        finals.append(values)
        if old is None:
            changes = shown.created(values)
            outcomes.append(RowOutcome(index, _text(key), "new", changes, make=make(index, values)))
        else:
            changes = history.diff(old, values, [f for f in kind.fields if f in values], model)
            outcomes.append(
                RowOutcome(index, _text(key), "changed" if changes else "unchanged", changes, old)
            )

    if refusals:
        raise RowsRefused(sorted(refusals, key=lambda r: (r.row, r.field or "")))
    _show_related(model, outcomes, finals)
    if dry_run:
        return Outcome(outcomes, dry_run=True)

    with transaction.atomic():
        new = [o for o in outcomes if o.kind == "new"]
        _insert(kind, new, finals, keys, on_create or {})
        changed_objs, changed_fields = [], set()
        for outcome, values in zip(outcomes, finals, strict=True):
            if outcome.kind == "changed":
                obj = outcome.obj
                derived = [name for name in kind.derived if name in values]
                _assign(obj, meta, values, [*outcome.changes, *derived])
                changed_fields |= {*outcome.changes, *derived}
                changed_objs.append(obj)
        if changed_objs:
            bulk.update_objects(changed_objs, sorted(changed_fields))
        history.log_bulk(
            history.ContentType.objects.get_for_model(model),
            (
                (o.pk, history.Action.CREATED if o.kind == "new" else history.Action.CHANGED, o.changes)
                for o in outcomes
                if o.kind != "unchanged"
            ),
            by=user,
            at=now,
            reason=reason,
            via=via,
        )
    return Outcome(outcomes)


LOOKUP_CHUNK = 5000  # keys per query: well under SQLite's and PostgreSQL's limits on parameters


def _existing(kind: RecordType, wanted: list, writable: set) -> tuple[dict, set]:
    """({key: record} among the records the user may write, {keys of records they may not}).

    One query per chunk of keys for their units, then the user's records loaded whole; another unit's record
    is never loaded, never changed. An import of new rows costs one query per 5,000 keys."""
    if not wanted:
        return {}, set()
    model = kind.model
    key_attname = (
        "pk" if kind.key is None else model._meta.get_field(kind.key).attname
    )  # a related key: its id
    units: dict = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        units.update(
            model.objects.filter(_among(kind.lookup, chunk)).values_list(kind.lookup, kind.unit_path)
        )
    taken = {key for key, unit in units.items() if unit not in writable}
    mine = [key for key in units if key not in taken]
    existing: dict = {}
    for start in range(0, len(mine), LOOKUP_CHUNK):
        chunk = mine[start : start + LOOKUP_CHUNK]
        for obj in model.objects.filter(_among(kind.lookup, chunk)):
            existing[getattr(obj, key_attname)] = obj
    return existing, taken


def _among(lookup: str, keys: list) -> models.Q:
    """``lookup IN keys`` with the keys as one parameter (an array on PostgreSQL, JSON on SQLite): an IN list of
    5,000 placeholders cost ~15 µs a key to prepare and, on PostgreSQL, for psycopg to split the query."""
    types = {type(k) for k in keys}
    if types == {str}:
        array = "text[]"
    elif types == {int}:
        array = "bigint[]"
    else:
        return models.Q(**{f"{lookup}__in": keys})
    if connection.vendor == "postgresql":
        return models.Q(**{f"{lookup}__in": RawSQL(f"SELECT unnest(%s::{array})", [keys])})
    return models.Q(**{f"{lookup}__in": RawSQL("SELECT value FROM json_each(%s)", [json.dumps(keys)])})


_MEMO_TYPES = frozenset({str, int, bool, datetime, date})


class _Shown:
    """A new record's history entry: each field given, as the page shows it (``history.shown``), each distinct
    value of a field described once (100,000 rows hold far fewer distinct units, types or dates)."""

    def __init__(self, meta, names):
        self.fields = [(name, meta.get_field(name), {}) for name in names]

    def created(self, values: Row) -> dict:
        out = {}
        for name, f, memo in self.fields:
            value = values.get(name)
            if value is None or value == "":
                continue
            text = memo.get(value) if type(value) in _MEMO_TYPES else None
            if text is None:
                text = history.shown(f, value)
                if type(value) in _MEMO_TYPES:  # 4.50 and 4.5 are equal but shown apart; scores unhashable
                    memo[value] = text
            out[name] = ["", text]
        return out


def _maker(kind: RecordType, keys: list, on_create: dict | None):
    """For each new row, how to build its object if asked (the form wants the record it created)."""
    meta = kind.model._meta

    def make(index: int, values: Row):
        def build():
            obj = kind.model(**(on_create or {}))
            if kind.key:
                _assign(obj, meta, {kind.key: keys[index]}, [kind.key])
            _assign(obj, meta, values, kind.fields + kind.derived)
            return obj

        return build

    return make


def _insert(kind: RecordType, new: list[RowOutcome], finals: list[Row], keys: list, on_create: dict) -> None:
    """INSERT the new rows with ids taken first (COPY on PostgreSQL, executemany on SQLite), a column at a
    time: what bulk_create would write (defaults, auto_now_add, ``on_create``), without an object per row."""
    if not new:
        return
    model = kind.model
    meta = model._meta
    ids = bulk.reserve_ids(model, len(new))
    names, columns = ["id"], [ids]
    now = timezone.now()
    rows = [finals[o.row] for o in new]
    for f in meta.concrete_fields:
        if f.primary_key:
            continue
        if f.name == kind.key:
            column = [keys[o.row] for o in new]
        elif f.name in kind.fields or f.name in kind.derived:
            name, default = f.name, _default(f, on_create, now)
            column = [values.get(name, default) for values in rows]
        else:
            column = [_default(f, on_create, now)] * len(new)
        if f.is_relation:
            column = [_pk(v) for v in column]
        convert = bulk.db_converter(f)
        names.append(f.name)
        columns.append(column if convert is None else [convert(v) for v in column])
    names[0] = meta.pk.name
    bulk.insert_rows(model, names, zip(*columns, strict=True))
    for outcome, pk in zip(new, ids, strict=True):
        outcome.pk = pk
        if outcome._obj is not None:
            outcome._obj.pk = pk


def _default(f: models.Field, on_create: dict, now):
    """What a new record holds in a field no row sets, as ``Model(**on_create)`` and ``save()`` would."""
    if f.name in on_create:
        return _pk(on_create[f.name])
    if f.attname in on_create:
        return on_create[f.attname]
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        return now if isinstance(f, models.DateTimeField) else now.date()
    return f.get_default()


def _assign(obj, meta, values: Row, names) -> None:
    for name in names:
        if name in values:
            f = meta.get_field(name)
            setattr(obj, f.attname, values[name])


def _text(key) -> str | None:
    return None if key in (None, "") else str(key)


def _unit_field(kind: RecordType) -> str:
    return kind.unit_path.split("__")[0]


def _refusals_of(index: int, exc: ValidationError) -> list[Refusal]:
    if hasattr(exc, "error_dict"):
        return [
            Refusal(index, None if f == "__all__" else f, " ".join(m)) for f, m in exc.message_dict.items()
        ]
    return [Refusal(index, None, " ".join(exc.messages))]


def _show_related(model, outcomes: list[RowOutcome], finals: list[Row]) -> None:
    """Related objects in the changes shown by their names, fetched once per related model and each named
    once."""
    meta = model._meta
    names = {n for n in _relation_names(meta) if any(n in o.changes for o in outcomes)}
    for name in names:
        f = meta.get_field(name)
        touched = [(o, values) for o, values in zip(outcomes, finals, strict=True) if name in o.changes]
        pks = {values.get(name) for _o, values in touched}
        pks |= {getattr(o._obj, f.attname) for o, _values in touched if o._obj is not None}
        pks.discard(None)
        related = f.related_model.objects.in_bulk(pks)
        names_of = {pk: history.shown(f, pk, related) for pk in pks}
        names_of[None] = ""
        for o, values in touched:
            before = getattr(o._obj, f.attname) if o._obj is not None else None
            o.changes[name] = [names_of.get(before, ""), names_of.get(values.get(name), "")]


def _relation_names(meta) -> list[str]:
    return [f.name for f in meta.concrete_fields if f.is_relation]


def raise_table_errors(table, exc: RowsRefused, columns) -> None:
    """An import's refusals as the file's errors: the row of the file, the column's Thai header, the value."""
    _add_table_errors(table, exc, columns)
    table.raise_errors()


def import_file(
    upload, filename, columns, upsert: Callable[..., Outcome], *, user, now, dry_run=False, **kwargs
):
    """A file read, its columns guessed and cleaned, and its rows written by a record type's ``upsert``
    service (``upsert(user=, rows=, now=, via=IMPORT, dry_run=, **kwargs)``) through ``import_table``: the
    importers whose file needs nothing of its own between reading and writing."""
    frame = read_frame(upload, filename)
    mapping = guess_mapping(list(frame.columns), columns)
    table = clean(frame, columns, mapping)

    def write(rows, dry_run):
        return upsert(
            user=user, rows=rows, now=now or timezone.now(), via=history.Via.IMPORT, dry_run=dry_run, **kwargs
        )

    return import_table(table, columns, mapping, write, dry_run=dry_run)


def import_table(table, columns, mapping, write: Callable[..., Outcome], *, dry_run: bool = False):
    """Write a cleaned file's rows with a record type's service, ``write(rows, dry_run=...)``; with ``dry_run``
    the Preview of what it would write (nothing raised for the rows refused: they are counted and listed).

    Only the columns the file has are written (a file without a phone column leaves the phones as they
    are). Every problem in one pass: the rows whose cells were all read are checked by the service too
    (without writing) before the file is refused."""
    if dry_run:
        return preview_table(table, columns, mapping, write)
    mapped = {c.name for c in columns if mapping.get(c.name)}
    rows = table.records(mapped)
    if table.errors:
        failed = {e.row for e in table.errors}
        readable = [i for i, index in enumerate(table.frame.index) if int(table.rows[index]) not in failed]
        if readable:
            try:
                write([rows[i] for i in readable], dry_run=True)
            except RowsRefused as exc:
                for r in exc.refusals:
                    r.row = readable[r.row]
                _add_table_errors(table, exc, columns)
        table.raise_errors()
    try:
        return write(rows, dry_run=dry_run)
    except RowsRefused as exc:
        raise_table_errors(table, exc, columns)
        raise


def _add_table_errors(table, exc: RowsRefused, columns) -> None:
    labels = {c.name: c.label for c in columns}
    index = list(table.frame.index)
    for r in exc.refusals:
        table.error(index[r.row], labels.get(r.field, r.field), r.message, r.value)


@dataclass
class Preview:
    """What an import would do, written nowhere: "42 new, 3 changed (old -> new), 0 unchanged, 2 refused"."""

    created: int
    updated: int
    unchanged: int
    refused: int
    changes: list[dict]  # {"row": file row, "key": key, "changes": [{"label", "before", "after"}]}
    errors: list  # the file's problems (kpiplan.lib.tabular.RowError), the first MAX_ERRORS
    error_total: int

    @property
    def can_confirm(self) -> bool:
        return not self.error_total and (self.created or self.updated)


def preview_table(table, columns, mapping, write: Callable[..., Outcome]) -> Preview:
    """Run the record type's service on a cleaned file without writing: the rows it would create, change
    (each change, old -> new) or leave as they are, and the rows it refuses with every reason."""
    from django.utils import translation

    from kpiplan.lib.tabular import TableError

    mapped = {c.name for c in columns if mapping.get(c.name)}
    rows = table.records(mapped)
    index = list(table.frame.index)

    def file_row(i: int) -> int:
        return int(table.rows[index[i]])

    failed = {e.row for e in table.errors}
    candidates = [i for i in range(len(rows)) if file_row(i) not in failed]
    outcome = Outcome([], dry_run=True)
    for _attempt in range(3):  # refused rows out, the rest again (a refusal may hide behind another)
        if not candidates:
            break
        try:
            outcome = write([rows[i] for i in candidates], dry_run=True)
            break
        except RowsRefused as exc:
            for r in exc.refusals:
                r.row = candidates[r.row]
            _add_table_errors(table, exc, columns)
            bad = {r.row for r in exc.refusals}
            candidates = [i for i in candidates if i not in bad]
    labels = {c.name: c.label for c in columns}
    changes = []
    with translation.override("th"):
        for o in outcome.rows:
            if o.kind != "changed":
                continue
            meta = o.obj._meta
            changes.append(
                {
                    "row": file_row(candidates[o.row]),
                    "key": o.key,
                    "changes": [
                        {
                            "label": labels.get(n) or str(meta.get_field(n).verbose_name),
                            "before": b,
                            "after": a,
                        }
                        for n, (b, a) in o.changes.items()
                    ],
                }
            )
    refused_rows = {e.row for e in table.errors if e.row is not None}
    listed = TableError(table.errors) if table.errors else None
    return Preview(
        created=outcome.created,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
        refused=len(refused_rows),
        changes=changes,
        errors=listed.errors if listed else [],
        error_total=listed.total if listed else 0,
    )
