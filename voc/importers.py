"""Imports of survey exports (SMS survey, Smile Box, touch screen) and VOC records: CSV or XLSX, all or
nothing, errors by row and field, idempotent by the response id / reference."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from kpiplan.lib.periods import Span
from kpiplan.lib.tabular import Column, clean, guess_mapping, read_frame
from plans.history import Via
from plans.selectors import plan_years_span
from plans.upserts import Outcome, import_file, import_table

from . import services
from .models import (
    SCALES,
    SMS_JOBS,
    Category,
    Channel,
    JobType,
    Mechanism,
    Method,
)


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
    upload,
    *,
    user,
    allowed_units,
    default_method: str | None = None,
    filename: str | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Raises TableError listing every problem of the file (nothing written), or imports every row through
    ``survey_upsert_many``."""
    frame = read_frame(upload, filename)
    units = {u.code: u.pk for u in allowed_units}
    cols = survey_columns(units, default_method, plan_years_span())
    mapping = guess_mapping(list(frame.columns), cols)
    table = clean(frame, cols, mapping)
    if default_method:  # the form's choice fills the rows the file leaves without a method
        table.frame["method"] = table.frame["method"].where(table.frame["method"].notna(), default_method)
        mapping = {**mapping, "method": mapping.get("method") or "(แบบฟอร์ม)"}

    def write(rows, dry_run):
        return services.survey_upsert_many(
            user=user, rows=rows, now=now or timezone.now(), via=Via.IMPORT, dry_run=dry_run
        )

    return import_table(table, cols, mapping, write, dry_run=dry_run)


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


def import_voc(
    upload,
    *,
    allowed_units,
    user,
    filename: str | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Raises TableError listing every problem of the file (nothing written), or imports every row through
    ``voc_upsert_many``."""
    cols = voc_columns({u.code: u.pk for u in allowed_units}, plan_years_span())
    return import_file(upload, filename, cols, services.voc_upsert_many, user=user, now=now, dry_run=dry_run)


def sms_job_columns(units: dict[str, int], allowed: Span | None = None) -> list[Column]:
    jobs = {j.value: j.value for j in SMS_JOBS} | {str(j.label): j.value for j in SMS_JOBS}
    return [
        Column("reference", "เลขที่งาน", max_length=60, aliases=("ref", "job_no", "เลขที่")),
        Column("unit", "หน่วยงาน", kind="choice", choices=units, aliases=("unit_code", "office")),
        Column("job_type", "ประเภทงาน", kind="choice", choices=jobs, aliases=("job",)),
        Column("completed_on", "วันที่งานแล้วเสร็จ", kind="date", allowed=allowed, aliases=("completed",)),
        Column(
            "sms_sent_on", "วันที่ส่ง SMS", kind="date", allowed=allowed, required=False, aliases=("sms_sent",)
        ),
        Column(
            "developer_project",
            "หมู่บ้านจัดสรรหรือคอนโดมิเนียมของเจ้าของโครงการ",
            kind="bool",
            required=False,
            aliases=("developer",),
        ),
    ]


def import_sms_jobs(
    upload,
    *,
    allowed_units,
    user,
    filename: str | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Raises TableError listing every problem of the file (nothing written), or imports every row through
    ``sms_job_upsert_many`` (idempotent by the job number)."""
    cols = sms_job_columns({u.code: u.pk for u in allowed_units}, plan_years_span())
    return import_file(
        upload, filename, cols, services.sms_job_upsert_many, user=user, now=now, dry_run=dry_run
    )
