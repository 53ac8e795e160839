"""The one history helper: every write service logs its changes here (records, results, plans, targets).

Chosen over django-simple-history (a shadow table per model) and django-auditlog (post_save signals): the
imports write thousands of rows with bulk_create/bulk_update, which send no signals, and each change needs a
reason and the path it came by (form, import, API). One table, written by the services that already hold
the before and after, as pretix's ``log_action`` does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import translation

from kpiplan.lib import bulk
from kpiplan.lib.thaidate import thai_date

from .models import HistoryEntry

Action = HistoryEntry.Action
Via = HistoryEntry.Via


def shown(field: models.Field, value, related: dict | None = None) -> str:
    """A field's value as a Thai page shows it: choice labels, B.E. dates, ใช่/ไม่ใช่, a related object's
    name (``related`` maps its primary key to the object, fetched once for many rows)."""
    if value is None or value == "":
        return ""
    if field.is_relation:
        pk = value.pk if isinstance(value, models.Model) else value
        obj = value if isinstance(value, models.Model) else (related or {}).get(pk)
        with translation.override("th"):
            return str(obj) if obj is not None else str(pk)
    if field.choices:
        with translation.override("th"):
            return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, datetime):
        return thai_date(value, with_time=True)
    if isinstance(value, date):
        return thai_date(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if isinstance(value, dict):  # a survey's scores per question: q1 is question 1
        return ", ".join(
            f"ข้อ {str(k).removeprefix('q')} = {v}" if k != "score" else f"{v}" for k, v in value.items()
        )
    return str(value)


def field_value(instance: models.Model, field: models.Field):
    return getattr(instance, field.attname)


def entry(
    instance_or_ct,
    object_id: int | None = None,
    *,
    by,
    at: datetime,
    action: str,
    changes: dict | None = None,
    reason: str = "",
    via: str = Via.FORM,
    plan=None,
) -> HistoryEntry:
    """An unsaved entry (save many with ``log_many``); ``plan`` marks a change of that plan's goals, published
    with its next revision (plans.revisions)."""
    if not isinstance(instance_or_ct, ContentType):
        content_type = ContentType.objects.get_for_model(instance_or_ct.__class__)
        object_id = instance_or_ct.pk
    else:
        content_type = instance_or_ct
    return HistoryEntry(
        content_type=content_type,
        object_id=object_id,
        at=at,
        by=by if by is None or getattr(by, "pk", None) else None,
        action=action,
        via=via,
        changes=changes or {},
        reason=reason or "",
        plan=plan,
    )


def log(instance: models.Model, **kwargs) -> HistoryEntry:
    """Log one change of ``instance`` (see ``entry`` for the arguments)."""
    item = entry(instance, **kwargs)
    item.save()
    return item


def log_many(entries: Iterable[HistoryEntry]) -> None:
    HistoryEntry.objects.bulk_create(list(entries), batch_size=2000)


def log_bulk(
    content_type: ContentType,
    items: Iterable[tuple[int, str, dict]],
    *,
    by,
    at: datetime,
    reason: str = "",
    via: str = Via.FORM,
) -> int:
    """Log many changes of one model at once: ``items`` are (object id, action, changes). What ``log_many``
    does for an import of 100,000 rows, without building an entry object per row (COPY / executemany)."""
    by_id = by.pk if by is not None and getattr(by, "pk", None) else None
    common = (content_type.pk, by_id, reason or "", via)
    to_db = _ChangesJSON()
    at_db = (bulk.db_converter(HistoryEntry._meta.get_field("at")) or (lambda v: v))(at)
    rows = [(object_id, at_db, action, to_db(changes or {}), *common) for object_id, action, changes in items]
    return bulk.insert_rows(
        HistoryEntry, ["object_id", "at", "action", "changes", "content_type", "by", "reason", "via"], rows
    )


class _ChangesJSON:
    """``changes`` as the JSON text Django would store (``json.dumps``), each field's ``"name": [before, after]``
    encoded once: the rows of an import repeat their units, types, dates and texts."""

    def __init__(self):
        self.parts: dict = {}

    def __call__(self, changes: dict) -> str:
        parts = self.parts
        out = []
        for name, pair in changes.items():
            if type(pair) is not list or len(pair) != 2:  # not [before, after]: the whole entry as usual
                return json.dumps(changes)
            before, after = pair
            part = parts.get((name, before, after)) if type(before) is str and type(after) is str else False
            if part is None:
                part = parts[name, before, after] = json.dumps({name: pair})[1:-1]
            elif part is False:  # not text
                return json.dumps(changes)
            out.append(part)
        return "{" + ", ".join(out) + "}"


def diff(instance_before: models.Model | None, values_after: dict, fields: Iterable[str], model) -> dict:
    """{field: [before, after]} shown as text, for the fields whose value differs."""
    out = {}
    for name in fields:
        field = model._meta.get_field(name)
        before = field_value(instance_before, field) if instance_before is not None else None
        after = values_after.get(name)
        if isinstance(after, models.Model):
            after = after.pk
        if _same(before, after):
            continue
        out[name] = [shown(field, before), shown(field, after)]
    return out


def _same(a, b) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    return a == b


def history_of(instance: models.Model):
    """The entries of one object, oldest first, with who made them."""
    content_type = ContentType.objects.get_for_model(instance.__class__)
    return HistoryEntry.objects.filter(content_type=content_type, object_id=instance.pk).select_related(
        "by", "revision"
    )


def history_of_many(pairs: Iterable[tuple[models.Model, int]]):
    """Entries of several objects of several models: [(model class or instance, pk), ...]."""
    condition = Q(pk__in=[])
    for model, pk in pairs:
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id=pk)
    return HistoryEntry.objects.filter(condition).select_related("by", "content_type", "revision")


# Names in entries that are no field of their model: a result's evidence file, a target's grade.
EXTRA_LABELS = {"evidence": "หลักฐาน", "comment": "ความเห็น", "action": "การแก้ไข (ปัญหาอุปสรรค)"}


def labelled(entries, model=None) -> list[dict]:
    """Entries ready for the history partial: each change with its field's Thai label (of the entry's own
    model, so one list may hold a record's and its call-back's entries)."""
    out = []
    with translation.override("th"):
        for item in entries:
            owner = ContentType.objects.get_for_id(item.content_type_id).model_class() or model
            rows = []
            for name, (before, after) in item.changes.items():
                try:
                    label = str(owner._meta.get_field(name).verbose_name)
                except Exception:  # not a field (or one since removed): a label of its own, or the name
                    label = EXTRA_LABELS.get(name, name)
                rows.append({"label": label, "before": before, "after": after})
            what = str(owner._meta.verbose_name) if owner else ""
            out.append({"entry": item, "changes": rows, "what": what})
    return out
