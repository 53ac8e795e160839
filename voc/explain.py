"""The records behind each VOC measure's value: every record of the units in scope dated in the period, counted
or left out, with its reason in Thai; the totals give the value the measure computes (plans.measures.explain).

States: "counted" (a count or an average takes it), "in_time" / "missed" (a share's numerator or not),
"left_out" (not in the measure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.urls import reverse

from kpiplan.lib.thaidate import thai_date
from plans.measures import Explained

from . import measures
from .definitions import JOBS
from .models import LOW_RATING, SCALES, CallBack, JobType, Method, SmsSurveyJob, SurveyResponse, VocRecord

METHOD_TH = {
    Method.SMS: "SMS",
    Method.PHONE: "โทรศัพท์",
    Method.SMILE_BOX: "Smile Box",
    Method.TOUCH_SCREEN: "ตู้ประเมิน",
}
JOB_TH = {
    JobType.NEW_SERVICE: "งานขอใช้ไฟติดตั้งมิเตอร์",
    JobType.LV_EXTENSION: "งานขอขยายเขตแรงต่ำ",
    JobType.TRANSFORMER: "งานหม้อแปลงเฉพาะราย",
    JobType.COUNTER: "งานบริการหน้าเคาน์เตอร์",
}
OUTCOME_TH = {
    CallBack.Outcome.REACHED: "ติดต่อได้ แก้ไขแล้ว",
    CallBack.Outcome.REACHED_OPEN: "ติดต่อได้ ต้องติดตามต่อ",
    CallBack.Outcome.NOT_REACHED: "ติดต่อไม่ได้",
}


def _score(value: Decimal) -> str:
    return f"{value.normalize():f}"


def explain(key: str, unit_ids: Sequence[int], start: date, end: date) -> Explained:
    name = key.split(".", 1)[1]
    value = measures.compute([key], {0: list(unit_ids)}, start, end)[key][0]
    if name == "unresolved_logged":
        return Explained(
            value, _voc_lines(unit_ids, start, end), ("เลขที่", "หน่วยงาน", "ช่องทาง", "วันที่", "สถานะ")
        )
    if name == "sms_survey_coverage_pct":
        return Explained(
            value,
            _sms_lines(unit_ids, start, end),
            ("เลขที่งาน", "หน่วยงาน", "ประเภทงาน", "งานแล้วเสร็จ", "ส่ง SMS"),
        )
    return Explained(
        value,
        _survey_lines(name, unit_ids, start, end),
        ("รหัสแบบประเมิน", "หน่วยงาน", "วิธีประเมิน", "วันที่", "คะแนน"),
    )


def _voc_lines(unit_ids, start: date, end: date) -> list[dict]:
    records = (
        VocRecord.objects.filter(unit_id__in=list(unit_ids), date__gte=start, date__lte=end)
        .select_related("unit", "channel")
        .order_by("date", "pk")
    )
    lines = []
    for r in records:
        flags = [
            label for flag, label in ((r.significant, "มีนัยสำคัญ"), (not r.resolved, "ยังแก้ไขไม่ได้")) if flag
        ]
        if flags:
            state, reason = "counted", "นับ: " + " และ".join(flags)
        else:
            state, reason = "left_out", "ไม่นับ: แก้ไขได้แล้วและไม่มีนัยสำคัญ"
        lines.append(
            {
                "reference": r.reference,
                "unit": r.unit.code,
                "kind": r.channel.name_th,
                "date": r.date,
                "detail": "แก้ไขแล้ว" if r.resolved else "ยังแก้ไขไม่ได้",
                "state": state,
                "reason": reason,
                "url": reverse("voc:detail", args=[r.pk]),
            }
        )
    return lines


def _sms_lines(unit_ids, start: date, end: date) -> list[dict]:
    jobs = (
        SmsSurveyJob.objects.filter(
            unit_id__in=list(unit_ids), completed_on__gte=start, completed_on__lte=end
        )
        .select_related("unit")
        .order_by("completed_on", "pk")
    )
    lines = []
    for job in jobs:
        if job.developer_project:
            state, reason = "left_out", "ไม่นับ: หมู่บ้านจัดสรรหรือคอนโดมิเนียมที่เจ้าของโครงการขอใช้ไฟ"
        elif job.sms_sent_on is None:
            state, reason = "missed", "ยังไม่ส่ง SMS"
        elif job.sms_sent_on > end:
            state, reason = "missed", f"ส่ง SMS หลังสิ้นช่วง ({thai_date(job.sms_sent_on)})"
        else:
            days = (job.sms_sent_on - job.completed_on).days
            state, reason = (
                "in_time",
                "ส่ง SMS วันที่งานแล้วเสร็จ" if not days else f"ส่ง SMS หลังงานแล้วเสร็จ {days} วัน",
            )
        lines.append(
            {
                "reference": job.reference,
                "unit": job.unit.code,
                "kind": JOB_TH[job.job_type],
                "date": job.completed_on,
                "closed": job.sms_sent_on,
                "state": state,
                "reason": reason,
                "url": reverse("voc:sms_job_edit", args=[job.pk]),
            }
        )
    return lines


def _survey_verdict(name: str, r: SurveyResponse, reached: bool | None) -> tuple[str, str]:
    method_th = METHOD_TH[r.method]
    if name.startswith("phone_surveys_"):
        job = name.removeprefix("phone_surveys_")
        if r.method != Method.PHONE:
            return "left_out", f"ไม่นับ: ประเมินทาง{method_th} ไม่ใช่ทางโทรศัพท์"
        if r.job_type != job:
            return "left_out", f"ไม่นับ: ประเภทงานอื่น ({JOB_TH.get(r.job_type, 'ไม่ระบุ')})"
        return "counted", f"นับ: สำรวจทางโทรศัพท์ {JOBS[job]}"
    if name.startswith("satisfaction_avg_"):
        methods = measures.AVERAGE_METHODS[name.removeprefix("satisfaction_avg_")]
        if r.method not in methods:
            return "left_out", f"ไม่นับ: ประเมินทาง{method_th}"
        if SCALES[r.method] == 5:
            return "counted", f"นับ: คะแนน {_score(r.score_5)}"
        return "counted", f"นับ: คะแนน {_score(r.score)} จาก {SCALES[r.method]} = {_score(r.score_5)} บนสเกล 5"
    # callback_ratio_pct: the Smile Box and touch-screen ratings of 1 or 2
    if r.method not in (Method.SMILE_BOX, Method.TOUCH_SCREEN):
        return "left_out", f"ไม่นับ: ประเมินทาง{method_th}"
    if r.score > LOW_RATING:
        return "left_out", f"ไม่นับ: คะแนน {_score(r.score)} (ติดต่อกลับเฉพาะ 1–2 คะแนน)"
    if reached is None:
        return "missed", "ยังไม่ได้ติดต่อกลับ"
    return ("in_time" if reached else "missed"), OUTCOME_TH[r.callback.outcome]


def _survey_lines(name: str, unit_ids, start: date, end: date) -> list[dict]:
    # Counted toward the quota office, as the measure counts them.
    responses = (
        SurveyResponse.objects.filter(quota_unit_id__in=list(unit_ids), date__gte=start, date__lte=end)
        .select_related("unit", "quota_unit", "callback")
        .order_by("date", "pk")
    )
    lines = []
    for r in responses:
        callback = getattr(r, "callback", None)
        reached = None if callback is None else callback.outcome in measures.REACHED
        state, reason = _survey_verdict(name, r, reached)
        if r.quota_unit_id != r.unit_id and state != "left_out":
            reason += f" (นับให้โควตาของ {r.quota_unit.code})"
        lines.append(
            {
                "reference": r.external_id,
                "unit": r.unit.code,
                "kind": METHOD_TH[r.method],
                "date": r.date,
                "detail": f"{_score(r.score)} จาก {SCALES[r.method]}",
                "state": state,
                "reason": reason,
                "url": reverse("voc:callback", args=[r.pk]) if r.is_low else "",
            }
        )
    return lines
