"""Writes: VOC records, survey responses (score on its scale), call-backs, and the reference data."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from plans import access
from plans.history import Via
from plans.models import Unit, User
from plans.upserts import Outcome, RecordType, RowsRefused, missing_on_create, upsert_many

from .models import (
    SCALES,
    SMS_JOBS,
    CallBack,
    Channel,
    JobType,
    Mechanism,
    SmsSurveyJob,
    SurveyResponse,
    Topic,
    VocRecord,
    on_five_point_scale,
)


def can_write(user: User, unit: Unit) -> bool:
    return access.can_write_records(user, unit)


VOC_RECORD = RecordType(
    model=VocRecord,
    key="reference",
    unit_path="unit",
    fields=(
        "date",
        "unit",
        "channel",
        "mechanism",
        "segment",
        "category",
        "topic",
        "text",
        "significant",
        "resolved",
        "action_taken",
        "complaint_reference",
    ),
    unit_of=lambda row: row.get("unit"),
)


def voc_upsert_many(
    *, user: User, rows: list[dict], now: datetime, via: str, reason: str = "", dry_run: bool = False
) -> Outcome:
    """Create or update VOC records by reference: the form, the import and the API. The rules: a mechanism
    belongs to the record's channel, a topic to its category."""
    channel_of = dict(Mechanism.objects.values_list("pk", "channel_id"))
    category_of = dict(Topic.objects.values_list("pk", "category"))

    def derive(row: dict, old: VocRecord | None) -> dict:
        out = {}
        for name in ("channel", "category", "unit"):
            if name not in row and old is not None:
                out[name] = getattr(old, VocRecord._meta.get_field(name).attname)
        for text in ("segment", "text", "action_taken", "complaint_reference"):
            if text in row:
                out[text] = (row[text] or "").strip()
        for flag in ("significant", "resolved"):
            if flag in row:
                out[flag] = bool(row[flag])
        return out

    def check(row: dict, old: VocRecord | None) -> dict:
        errors = missing_on_create(
            row, old, {"date": "วันที่", "channel": "ช่องทาง", "category": "ด้าน", "text": "ข้อความ"}
        )
        if row.get("mechanism") and channel_of.get(row["mechanism"]) != row.get("channel"):
            errors["mechanism"] = "กลไกนี้อยู่ในช่องทางอื่น"
        if row.get("topic") and category_of.get(row["topic"]) != row.get("category"):
            errors["topic"] = "หัวข้อนี้อยู่ในด้านอื่น"
        return errors

    return upsert_many(
        VOC_RECORD,
        user=user,
        rows=rows,
        now=now,
        via=via,
        check=check,
        derive=derive,
        on_create={"created_by": user},
        reason=reason,
        dry_run=dry_run,
    )


def voc_save(
    *, record: VocRecord, user: User, now: datetime | None = None, fields: dict | None = None
) -> VocRecord:
    """The VOC form: one record, new or edited (``fields`` from the form; without them, the record's own
    values). ValidationError by field."""
    if fields is None:
        fields = {name: getattr(record, name) for name in VOC_RECORD.fields}
    if not can_write(user, fields.get("unit") or record.unit):
        raise PermissionDenied
    row = {
        **fields,
        "reference": record.reference if record.pk else fields.get("reference", record.reference),
    }
    try:
        outcome = voc_upsert_many(user=user, rows=[row], now=now or timezone.now(), via=Via.FORM)
    except RowsRefused as exc:
        raise exc.validation_error() from exc
    return VocRecord.objects.get(pk=outcome.rows[0].obj.pk)


def survey_score(method: str, answers: dict[str, Decimal]) -> tuple[Decimal, Decimal]:
    """The response's mean score on its own scale and on the 5-point scale; ValidationError when out of scale."""
    scale = SCALES[method]
    if not answers:
        raise ValidationError({"score": "ต้องมีคะแนนอย่างน้อยหนึ่งข้อ"})
    for question, value in answers.items():
        if not 1 <= value <= scale:
            # The import's and the API's one score is "คะแนน"; the form's questions are named.
            name = "" if question == "score" else f"ข้อ {question.removeprefix('q')} "
            raise ValidationError({"score": f"{name}คะแนน {value} อยู่นอกช่วง 1–{scale}"})
    mean = (sum(answers.values(), Decimal(0)) / len(answers)).quantize(Decimal("0.001"))
    return mean, on_five_point_scale(mean, scale)


def callback_upsert_many(
    *, user: User, rows: list[dict], now: datetime, via: str, dry_run: bool = False
) -> Outcome:
    """Record call-backs (one per low-rated response; a second call replaces the first's outcome)."""
    given = [r.get("response") for r in rows if r.get("response") is not None]
    responses = SurveyResponse.objects.in_bulk([getattr(r, "pk", r) for r in given])

    def unit_of(row: dict):
        response = responses.get(row.get("response"))
        return response.unit_id if response else None

    def derive(row: dict, old: CallBack | None) -> dict:
        return {"by": user.pk, "note": (row.get("note") or "").strip()}

    def check(row: dict, old: CallBack | None) -> dict:
        errors = {}
        response = responses.get(row.get("response"))
        if response is not None and not response.is_low:
            errors["outcome"] = "โทรกลับเฉพาะผู้ที่ให้คะแนน 1 หรือ 2"
        if row.get("outcome") not in CallBack.Outcome.values:
            errors["outcome"] = "ผลการโทรไม่ถูกต้อง"
        if row.get("called_at") is None:
            errors["called_at"] = "ต้องระบุเวลาที่โทร"
        elif row["called_at"] > now:
            errors["called_at"] = "เวลาที่โทรอยู่ในอนาคต"
        return errors

    kind = RecordType(
        model=CallBack,
        key="response",
        unit_path="response__unit",
        fields=("called_at", "outcome", "note", "by"),
        unit_of=unit_of,
    )
    return upsert_many(
        kind, user=user, rows=rows, now=now, via=via, check=check, derive=derive, dry_run=dry_run
    )


def callback_record(
    *, response: SurveyResponse, user: User, called_at: datetime, outcome: str, note: str = "", now=None
) -> CallBack:
    """The call-back form."""
    if not can_write(user, response.unit):
        raise PermissionDenied
    row = {"response": response, "called_at": called_at, "outcome": outcome, "note": note}
    try:
        callback_upsert_many(user=user, rows=[row], now=now or timezone.now(), via=Via.FORM)
    except RowsRefused as exc:
        raise exc.validation_error() from exc
    return CallBack.objects.get(response=response)


@transaction.atomic
def reference_load(document: dict) -> int:
    """Channels, mechanisms and topics from voc/seed/channels.yaml (idempotent by code)."""
    count = 0
    for c_order, row in enumerate(document.get("channels") or []):
        channel, _c = Channel.objects.update_or_create(
            code=row["code"], defaults={"name_th": row["name_th"], "order": c_order}
        )
        for m_order, m in enumerate(row.get("mechanisms") or []):
            Mechanism.objects.update_or_create(
                code=m["code"], defaults={"channel": channel, "name_th": m["name_th"], "order": m_order}
            )
            count += 1
    for row in document.get("topics") or []:
        Topic.objects.update_or_create(
            code=row["code"], defaults={"category": row["category"], "name_th": row["name_th"]}
        )
    return count


SURVEY = RecordType(
    model=SurveyResponse,
    key="external_id",
    unit_path="unit",
    fields=("method", "job_type", "unit", "quota_unit", "date", "answers", "score", "score_5"),
    unit_of=lambda row: row.get("unit"),
)


def survey_upsert_many(
    *,
    user: User,
    rows: list[dict],
    now: datetime,
    via: str,
    dry_run: bool = False,
    create_only: bool = False,
) -> Outcome:
    """Create or update survey responses by their id: the form (scores per question), the imports and the API
    (one score). Every score lies within its method's scale; only the region's reviewer counts a response
    toward another office's quota; a re-import keeps the quota office a reviewer chose."""

    def derive(row: dict, old: SurveyResponse | None) -> dict:
        out = {}
        for name in ("method", "unit", "date"):
            if name not in row and old is not None:
                out[name] = getattr(old, SurveyResponse._meta.get_field(name).attname)
        method = row.get("method") or out.get("method")
        if "answers" in row:
            answers = row["answers"]
        elif row.get("score") is not None:
            answers = {"score": row["score"]}
        else:
            answers = None
        if answers is not None and method in SCALES:
            answers = {k: Decimal(str(v)) for k, v in answers.items()}
            score, score_5 = survey_score(method, answers)
            out |= {"answers": {k: str(v) for k, v in answers.items()}, "score": score, "score_5": score_5}
        elif old is None:
            raise ValidationError({"score": "ต้องมีคะแนนอย่างน้อยหนึ่งข้อ"})
        if "job_type" in row:
            out["job_type"] = row["job_type"] or ""
        if not row.get("quota_unit"):
            out["quota_unit"] = old.quota_unit_id if old is not None else (row.get("unit") or out.get("unit"))
        return out

    def check(row: dict, old: SurveyResponse | None) -> dict:
        errors = {}
        if row.get("method") not in SCALES:
            errors["method"] = "วิธีประเมินไม่ถูกต้อง"
        if row.get("date") is None:
            errors["date"] = "ต้องระบุวันที่"
        changed_quota = old is None or row["quota_unit"] != old.quota_unit_id
        if row["quota_unit"] != row["unit"] and changed_quota and not access.can_top_up_quota(user):
            errors["quota_unit"] = "เฉพาะผู้ตรวจสอบของเขตนับแบบประเมินให้โควตาของหน่วยงานอื่นได้"
        return errors

    return upsert_many(
        SURVEY,
        user=user,
        rows=rows,
        now=now,
        via=via,
        check=check,
        derive=derive,
        dry_run=dry_run,
        create_only=create_only,
    )


def survey_save(
    *,
    user: User,
    external_id: str,
    method: str,
    job_type: str,
    unit: Unit,
    quota_unit: Unit | None,
    day,
    answers: dict[str, Decimal],
    now: datetime | None = None,
) -> SurveyResponse:
    """A survey typed in (the form): a new response only; a reviewer may count it toward another office's
    quota (the seed's top-up rule)."""
    if not can_write(user, unit):
        raise PermissionDenied
    row = {
        "external_id": external_id,
        "method": method,
        "job_type": job_type,
        "unit": unit,
        "quota_unit": quota_unit,
        "date": day,
        "answers": answers,
    }
    try:
        outcome = survey_upsert_many(
            user=user, rows=[row], now=now or timezone.now(), via=Via.FORM, create_only=True
        )
    except RowsRefused as exc:
        raise exc.validation_error() from exc
    return SurveyResponse.objects.get(pk=outcome.rows[0].obj.pk)


SMS_JOB = RecordType(
    model=SmsSurveyJob,
    key="reference",
    unit_path="unit",
    fields=("unit", "job_type", "completed_on", "sms_sent_on", "developer_project"),
    unit_of=lambda row: row.get("unit"),
)


def sms_job_upsert_many(
    *, user: User, rows: list[dict], now: datetime, via: str = Via.FORM, dry_run: bool = False
) -> Outcome:
    """Create or update the jobs owed an SMS survey (3.3.1) by their job number: the form, the import and the
    API. The rules: one of the plan's three job types; no date in the future; the SMS goes on or after the
    job's completion; only a new-service job can be a developer's housing estate or condominium."""
    today = timezone.localtime(now).date()

    def derive(row: dict, old: SmsSurveyJob | None) -> dict:
        out = {}
        for name in ("unit", "job_type", "completed_on", "sms_sent_on", "developer_project"):
            if name not in row and old is not None:
                out[name] = getattr(old, SmsSurveyJob._meta.get_field(name).attname)
        if "developer_project" in row:
            out["developer_project"] = bool(row["developer_project"])
        elif old is None:
            out["developer_project"] = False
        return out

    def check(row: dict, old: SmsSurveyJob | None) -> dict:
        errors = missing_on_create(row, old, {"job_type": "ประเภทงาน", "completed_on": "วันที่งานแล้วเสร็จ"})
        if row.get("job_type") and row["job_type"] not in SMS_JOBS:
            errors["job_type"] = "ประเภทงานต้องเป็นหนึ่งในสามประเภทงานของข้อ 3.3.1"
        done, sent = row.get("completed_on"), row.get("sms_sent_on")
        if done is not None and done > today:
            errors["completed_on"] = "วันที่งานแล้วเสร็จอยู่ในอนาคต"
        if sent is not None:
            if sent > today:
                errors["sms_sent_on"] = "วันที่ส่ง SMS อยู่ในอนาคต"
            elif done is not None and sent < done:
                errors["sms_sent_on"] = "วันที่ส่ง SMS ก่อนวันที่งานแล้วเสร็จ"
        if row.get("developer_project") and row.get("job_type") != JobType.NEW_SERVICE:
            errors["developer_project"] = "ยกเว้นหมู่บ้านจัดสรรหรือคอนโดมิเนียมได้เฉพาะงานขอใช้ไฟติดตั้งมิเตอร์"
        return errors

    return upsert_many(
        SMS_JOB,
        user=user,
        rows=rows,
        now=now,
        via=via,
        check=check,
        derive=derive,
        on_create={"created_by": user},
        dry_run=dry_run,
    )


def sms_job_save(*, job: SmsSurveyJob, user: User, fields: dict, now: datetime | None = None) -> SmsSurveyJob:
    """The SMS-job form: one job, new or edited; ValidationError by field."""
    if not can_write(user, fields.get("unit") or job.unit):
        raise PermissionDenied
    row = {**fields, "reference": job.reference if job.pk else fields.get("reference", "")}
    try:
        outcome = sms_job_upsert_many(user=user, rows=[row], now=now or timezone.now(), via=Via.FORM)
    except RowsRefused as exc:
        raise exc.validation_error() from exc
    return SmsSurveyJob.objects.get(pk=outcome.rows[0].obj.pk)
