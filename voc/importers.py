"""Imports of survey exports (SMS survey, Smile Box, touch screen) and VOC records: CSV or XLSX, all or
nothing, errors by row and field, idempotent by the response id / reference."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from django.db import transaction

from kpiplan.lib.tabular import Column, RowError, TableError, clean, guess_mapping, read_frame

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


def survey_columns(units: dict[str, int], default_method: str | None) -> list[Column]:
    return [
        Column("external_id", "รหัสแบบประเมิน", max_length=80, aliases=("response_id", "id", "ref")),
        Column("date", "วันที่", kind="date", aliases=("survey_date",)),
        Column("unit", "หน่วยงาน", kind="choice", choices=units, aliases=("unit_code", "office")),
        Column(
            "method", "วิธีประเมิน", kind="choice", choices=_choices(Method), required=default_method is None
        ),
        Column(
            "job_type",
            "ประเภทงาน",
            kind="choice",
            choices=_choices(JobType),
            required=False,
            aliases=("job",),
        ),
        Column("score", "คะแนน", kind="decimal", aliases=("rating", "คะแนนความพึงพอใจ")),
    ]


def import_surveys(
    upload, *, allowed_units, default_method: str | None = None, filename: str | None = None
) -> ImportOutcome:
    frame = read_frame(upload, filename)
    units = {u.code: u.pk for u in allowed_units}
    cols = survey_columns(units, default_method)
    df = clean(frame, cols, guess_mapping(list(frame.columns), cols)).frame
    rows = pd.Series(range(2, len(df) + 2), index=df.index)
    method = df["method"].fillna(default_method) if default_method else df["method"]
    errors: list[RowError] = []
    scale = method.map(lambda m: SCALES[m])
    out_of_scale = (df["score"].map(float) < 1) | (df["score"].map(float) > scale)
    errors += [
        RowError(
            int(rows[i]),
            "คะแนน",
            f"คะแนน {df['score'][i]} อยู่นอกช่วง 1–{scale[i]} ของ{Method(method[i]).label}",
        )
        for i in df.index[out_of_scale]
    ]
    duplicated = df["external_id"].duplicated(keep=False)
    errors += [RowError(int(rows[i]), "รหัสแบบประเมิน", "รหัสซ้ำกันในไฟล์") for i in df.index[duplicated]]
    if errors:
        raise TableError(sorted(errors, key=lambda e: e.row or 0))
    records = [
        SurveyResponse(
            external_id=df["external_id"][i],
            method=method[i],
            job_type=df["job_type"][i] or "",
            unit_id=int(df["unit"][i]),
            quota_unit_id=int(df["unit"][i]),
            date=df["date"][i].date(),
            answers={"score": str(df["score"][i])},
            score=Decimal(df["score"][i]),
            score_5=on_five_point_scale(Decimal(df["score"][i]), SCALES[method[i]]),
        )
        for i in df.index
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


def voc_columns(units: dict[str, int]) -> list[Column]:
    channels = {c.code: c.pk for c in Channel.objects.all()} | {
        c.name_th: c.pk for c in Channel.objects.all()
    }
    mechanisms = {m.code: m.pk for m in Mechanism.objects.all()} | {
        m.name_th: m.pk for m in Mechanism.objects.all()
    }
    return [
        Column("reference", "เลขที่", max_length=60, aliases=("ref", "voc_id")),
        Column("date", "วันที่", kind="date"),
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
    frame = read_frame(upload, filename)
    cols = voc_columns({u.code: u.pk for u in allowed_units})
    df = clean(frame, cols, guess_mapping(list(frame.columns), cols)).frame
    duplicated = df["reference"].duplicated(keep=False)
    if duplicated.any():
        raise TableError(
            [RowError(int(i) + 2, "เลขที่", "เลขที่ซ้ำกันในไฟล์") for i in range(len(df)) if duplicated.iat[i]]
        )
    with transaction.atomic():
        existing = dict(
            VocRecord.objects.filter(reference__in=list(df["reference"])).values_list("reference", "pk")
        )
        created = updated = 0
        for i in df.index:
            fields = {
                "date": df["date"][i].date(),
                "unit_id": int(df["unit"][i]),
                "channel_id": int(df["channel"][i]),
                "mechanism_id": int(df["mechanism"][i]) if df["mechanism"][i] else None,
                "category": df["category"][i],
                "text": df["text"][i],
                "significant": bool(df["significant"][i]) if df["significant"][i] is not None else False,
                "resolved": bool(df["resolved"][i]) if df["resolved"][i] is not None else False,
            }
            if df["reference"][i] in existing:
                VocRecord.objects.filter(pk=existing[df["reference"][i]]).update(**fields)
                updated += 1
            else:
                VocRecord.objects.create(reference=df["reference"][i], created_by=user, **fields)
                created += 1
    return ImportOutcome(created, updated, len(df))
