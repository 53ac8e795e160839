"""VOC and satisfaction KPIs from the records, registered as the "voc" family (one or two queries).

voc.unresolved_logged                 significant or unresolved VOC logged
voc.phone_surveys_<job type>          phone surveys done, counted toward the quota office
voc.satisfaction_avg_<sms|phone|smilebox>   mean on a 5-point scale, weighted by responses (denominator = n)
voc.callback_ratio_pct                low ratings (1-2) called back and reached / low ratings
voc.sms_survey_coverage_pct           3.3.1's jobs whose customer was sent the SMS survey by the period's end /
                                      jobs completed in the period (developers' estates and condominiums left out)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse

from plans.measures import MeasureValue

from .models import LOW_RATING, CallBack, SmsSurveyJob, SurveyResponse, VocRecord

NAMES = (
    "unresolved_logged",
    "phone_surveys_new_service",
    "phone_surveys_lv_extension",
    "phone_surveys_transformer",
    "satisfaction_avg_sms",
    "satisfaction_avg_phone",
    "satisfaction_avg_smilebox",
    "callback_ratio_pct",
    "sms_survey_coverage_pct",
)  # each name is computed by SURVEY_MEASURES, voc_counts or sms_coverage below
AVERAGE_METHODS = {"sms": ("sms",), "phone": ("phone",), "smilebox": ("smile_box", "touch_screen")}
REACHED = (CallBack.Outcome.REACHED, CallBack.Outcome.REACHED_OPEN)


def survey_tallies(unit_ids, start: date, end: date) -> dict[tuple[int, str, str], dict]:
    """(quota unit, method, job type) -> n, sum of 5-point scores, low ratings, low ratings called back."""
    rows = (
        SurveyResponse.objects.filter(quota_unit_id__in=list(unit_ids), date__gte=start, date__lte=end)
        .values("quota_unit_id", "method", "job_type")
        .annotate(
            n=Count("pk"),
            total=Sum("score_5"),
            low=Count("pk", filter=Q(score__lte=LOW_RATING)),
            called=Count("pk", filter=Q(score__lte=LOW_RATING, callback__outcome__in=REACHED)),
        )
        .order_by()
    )
    return {(r["quota_unit_id"], r["method"], r["job_type"]): r for r in rows}


def voc_counts(unit_ids, start: date, end: date) -> dict[int, int]:
    rows = (
        VocRecord.objects.filter(unit_id__in=list(unit_ids), date__gte=start, date__lte=end)
        .filter(Q(significant=True) | Q(resolved=False))
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["unit_id"]: r["n"] for r in rows}


def sms_coverage(unit_ids, start: date, end: date) -> dict[int, tuple[int, int]]:
    """Office -> (jobs sent the SMS survey by ``end``, jobs counted) of the jobs completed in [start, end].
    One query. A job is judged as of the period's end: an SMS sent later does not count for this period."""
    rows = (
        SmsSurveyJob.objects.filter(
            unit_id__in=list(unit_ids),
            completed_on__gte=start,
            completed_on__lte=end,
            developer_project=False,
        )
        .values("unit_id")
        .annotate(n=Count("pk"), sent=Count("pk", filter=Q(sms_sent_on__lte=end)))
        .order_by()
    )
    return {r["unit_id"]: (r["sent"], r["n"]) for r in rows}


def _surveys(rows: list[dict], job: str) -> MeasureValue:
    n = sum(r["n"] for r in rows if r["method"] == "phone" and r["job_type"] == job)
    return MeasureValue(Decimal(n))


SURVEY_MEASURES: dict[str, Callable[[list[dict]], MeasureValue]] = {
    "phone_surveys_new_service": lambda rows: _surveys(rows, "new_service"),
    "phone_surveys_lv_extension": lambda rows: _surveys(rows, "lv_extension"),
    "phone_surveys_transformer": lambda rows: _surveys(rows, "transformer"),
    "satisfaction_avg_sms": lambda rows: _average([r for r in rows if r["method"] in AVERAGE_METHODS["sms"]]),
    "satisfaction_avg_phone": lambda rows: _average(
        [r for r in rows if r["method"] in AVERAGE_METHODS["phone"]]
    ),
    "satisfaction_avg_smilebox": lambda rows: _average(
        [r for r in rows if r["method"] in AVERAGE_METHODS["smilebox"]]
    ),
    "callback_ratio_pct": lambda rows: _ratio(
        [r for r in rows if r["method"] in ("smile_box", "touch_screen")]
    ),
}


def is_known(key: str) -> bool:
    prefix, _dot, name = key.partition(".")
    return prefix == "voc" and name in NAMES


def compute(
    keys: list[str], scopes: Mapping[int, Sequence[int]], start: date, end: date
) -> dict[str, dict[int, MeasureValue]]:
    """Every key for every reporting unit, over the units its scope covers (records by the quota office)."""
    names = {key.split(".", 1)[1]: key for key in keys}
    covered = {u for ids in scopes.values() for u in ids}
    out: dict[str, dict[int, MeasureValue]] = {}
    if "unresolved_logged" in names:
        counts = voc_counts(covered, start, end)
        out[names["unresolved_logged"]] = {
            u: MeasureValue(Decimal(sum(counts.get(i, 0) for i in ids))) for u, ids in scopes.items()
        }
    if "sms_survey_coverage_pct" in names:
        jobs = sms_coverage(covered, start, end)
        out[names["sms_survey_coverage_pct"]] = {
            u: _share(sum(jobs.get(i, (0, 0))[0] for i in ids), sum(jobs.get(i, (0, 0))[1] for i in ids))
            for u, ids in scopes.items()
        }
    wanted = {name: key for name, key in names.items() if name in SURVEY_MEASURES}
    if wanted:
        per_unit: dict[int, list[dict]] = defaultdict(list)
        for (unit_id, _method, _job), row in survey_tallies(covered, start, end).items():
            per_unit[unit_id].append(row)
        for name, key in wanted.items():
            measure = SURVEY_MEASURES[name]
            out[key] = {u: measure([r for i in ids for r in per_unit[i]]) for u, ids in scopes.items()}
    return out


def _average(rows: list[dict]) -> MeasureValue:
    n = sum(r["n"] for r in rows)
    if not n:
        return MeasureValue(None, None, Decimal(0))
    total = sum((r["total"] for r in rows), Decimal(0))
    return MeasureValue((total / n).quantize(Decimal("0.0001")), total, Decimal(n))


def _ratio(rows: list[dict]) -> MeasureValue:
    return _share(sum(r["called"] for r in rows), sum(r["low"] for r in rows))


def _share(part: int, whole: int) -> MeasureValue:
    """part / whole in per cent; no value without a denominator ("ไม่มีข้อมูล", never 0 %)."""
    if not whole:
        return MeasureValue(None, Decimal(part), Decimal(0))
    return MeasureValue(
        (Decimal(100) * part / whole).quantize(Decimal("0.01")), Decimal(part), Decimal(whole)
    )


def records_url(key: str, unit_id: int, start: date, end: date) -> str:
    query = urlencode({"unit": unit_id, "date_from": start.isoformat(), "date_to": end.isoformat()})
    if key.endswith("unresolved_logged"):
        return reverse("voc:list") + "?" + query + "&logged=1"
    if key.endswith("sms_survey_coverage_pct"):
        return reverse("voc:sms_jobs") + "?" + query
    return reverse("voc:satisfaction") + "?" + query
