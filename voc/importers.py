"""Imports of survey exports (SMS survey, Smile Box, touch screen) and VOC records: CSV or XLSX, all or
nothing, errors by row and field, idempotent by the response id / reference."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from kpiplan.lib.periods import Span
from kpiplan.lib.tabular import Column, clean, guess_mapping, read_frame
from plans.selectors import plan_years_span

from .models import (
    SCALES,
    Category,
    Channel,
    JobType,
    Mechanism,
    Method,
    SurveyResponse,
    VocRecord,
    on_five_point_scale,
)


@dataclass
class ImportOutcome:
    created: int
    updated: int
    rows: int


def _choices(enum) -> dict:
    return {v: v for v in enum.values} | {str(label): v for v, label in enum.choices}


def survey_columns(
    units: dict[str, int], default_method: str | None, allowed: Span | None = None
) -> list[Column]:
    return [
        Column("external_id", "รหัสแบบประเมิน", max_length=80, aliases=("response_id", "id", "ref")),
        Column("date", "วันที่", kind="date", aliases=("survey_date",), allowed=allowed),
        Column("unit", "หน่วยงาน", kind="choice", choices=units, aliases=("unit_code", "office")),
        Column(
            "method", "วิธีประเมิน", kind="choice", choices=_choices(Method), required=default_method is None
        ),
        Column(
            "job_type",
            "ประเภทงาน",
            kind="choice",
            choices=_choices(JobType),
            required=False,  # as on the form: a survey may leave the job type blank
            aliases=("job",),
        ),
        Column(
            "score",
            "คะแนน",
            kind="decimal",
            aliases=("rating", "คะแนนความพึงพอใจ"),
            max_digits=5,
            decimal_places=3,
            minimum=Decimal(1),
            maximum=Decimal(max(SCALES.values())),
        ),
    ]


def import_surveys(
    upload, *, allowed_units, default_method: str | None = None, filename: str | None = None
) -> ImportOutcome:
    """Raises TableError listing every problem of the file (nothing written), or imports every row."""
    frame = read_frame(upload, filename)
    units = {u.code: u.pk for u in allowed_units}
    cols = survey_columns(units, default_method, plan_years_span())
    table = clean(frame, cols, guess_mapping(list(frame.columns), cols))
    rows = table.records()
    for row in rows:
        row["method"] = row["method"] or default_method
    for index, row in zip(table.frame.index, rows, strict=True):
        if row["score"] is not None and row["method"] and row["score"] > SCALES[row["method"]]:
            table.error(
                index,
                "คะแนน",
                f"คะแนน {row['score']} อยู่นอกช่วง 1–{SCALES[row['method']]} ของ{Method(row['method']).label}",
            )
    ids = table.frame["external_id"]
    for i in table.frame.index[ids.notna() & ids.duplicated(keep=False)]:
        table.error(i, "รหัสแบบประเมิน", "รหัสซ้ำกันในไฟล์", ids[i])
    table.raise_errors()
    records = [
        SurveyResponse(
            external_id=row["external_id"],
            method=row["method"],
            job_type=row["job_type"] or "",
            unit_id=row["unit"],
            quota_unit_id=row["unit"],
            date=row["date"],
            answers={"score": str(row["score"])},
            score=row["score"],
            score_5=on_five_point_scale(row["score"], SCALES[row["method"]]),
        )
        for row in rows
    ]
    with transaction.atomic():
        existing = dict(
            SurveyResponse.objects.filter(external_id__in=[r.external_id for r in records]).values_list(
                "external_id", "pk"
            )
        )
        new = [r for r in records if r.external_id not in existing]
        old = []
        for r in records:
            if r.external_id in existing:
                r.pk = existing[r.external_id]
                old.append(r)
        SurveyResponse.objects.bulk_create(new, batch_size=2000)
        # A re-import corrects the answers; the quota office a reviewer chose is kept.
        SurveyResponse.objects.bulk_update(
            old, ["method", "job_type", "unit", "date", "answers", "score", "score_5"], batch_size=2000
        )
    return ImportOutcome(len(new), len(old), len(records))


def voc_columns(units: dict[str, int], allowed: Span | None = None) -> list[Column]:
    channels = {c.code: c.pk for c in Channel.objects.all()} | {
        c.name_th: c.pk for c in Channel.objects.all()
    }
    mechanisms = {m.code: m.pk for m in Mechanism.objects.all()} | {
        m.name_th: m.pk for m in Mechanism.objects.all()
    }
    return [
        Column("reference", "เลขที่", max_length=60, aliases=("ref", "voc_id")),
        Column("date", "วันที่", kind="date", allowed=allowed),
        Column("unit", "หน่วยงาน", kind="choice", choices=units, aliases=("unit_code",)),
        Column("channel", "ช่องทาง", kind="choice", choices=channels),
        Column("mechanism", "กลไก", kind="choice", choices=mechanisms, required=False),
        Column(
            "category",
            "ด้าน",
            kind="choice",
            choices=_choices(Category) | {"ผลิตภัณฑ์": "product", "บริการ": "service", "สิ่งสนับสนุน": "support"},
        ),
        Column("text", "ข้อความ", max_length=5000, aliases=("voc", "detail")),
        Column("significant", "มีนัยสำคัญ", kind="bool", required=False),
        Column("resolved", "จัดการได้แล้ว", kind="bool", required=False),
    ]


def import_voc(upload, *, allowed_units, user, filename: str | None = None) -> ImportOutcome:
    """Raises TableError listing every problem of the file (nothing written), or imports every row."""
    frame = read_frame(upload, filename)
    cols = voc_columns({u.code: u.pk for u in allowed_units}, plan_years_span())
    table = clean(frame, cols, guess_mapping(list(frame.columns), cols))
    rows = table.records()
    references = table.frame["reference"]
    for i in table.frame.index[references.notna() & references.duplicated(keep=False)]:
        table.error(i, "เลขที่", "เลขที่ซ้ำกันในไฟล์", references[i])
    channel_of = dict(Mechanism.objects.values_list("pk", "channel_id"))
    for index, row in zip(table.frame.index, rows, strict=True):
        # The form's rule (voc.services.voc_save): a mechanism belongs to one channel.
        if row["mechanism"] and row["channel"] and channel_of[row["mechanism"]] != row["channel"]:
            table.error(index, "กลไก", "กลไกนี้อยู่ในช่องทางอื่น")
    table.raise_errors()
    with transaction.atomic():
        existing = dict(
            VocRecord.objects.filter(reference__in=[r["reference"] for r in rows]).values_list(
                "reference", "pk"
            )
        )
        created = updated = 0
        for row in rows:
            fields = {
                "date": row["date"],
                "unit_id": row["unit"],
                "channel_id": row["channel"],
                "mechanism_id": row["mechanism"],
                "category": row["category"],
                "text": row["text"],
                "significant": bool(row["significant"]),
                "resolved": bool(row["resolved"]),
            }
            if row["reference"] in existing:
                VocRecord.objects.filter(pk=existing[row["reference"]]).update(**fields)
                updated += 1
            else:
                VocRecord.objects.create(reference=row["reference"], created_by=user, **fields)
                created += 1
    return ImportOutcome(created, updated, len(rows))
