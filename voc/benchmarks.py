"""Satisfaction benchmark: the region's average for a quarter over millions of responses, in the database."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import connection

from kpiplan.lib.benchmarking import Outcome, benchmark
from kpiplan.lib.bulk import insert_rows
from plans import measures

from .models import SurveyResponse

SIZES = {"small": 40_000, "national": 2_000_000}
METHODS = ["sms", "phone", "smile_box", "touch_screen"]
JOBS = ["new_service", "lv_extension", "transformer", "counter"]


def _prepare(data: dict) -> None:
    if "_surveys" in data:
        return
    n = SIZES[data["scale"]]
    units = [u.pk for u in data["national"]["offices"]]
    rng = random.Random(2564)
    start = date(2021, 1, 1)
    rows = []
    for i in range(n):
        method = METHODS[i % 4]
        score = rng.randint(1, 3 if method == "smile_box" else 5)
        score_5 = 1 + (score - 1) * 2 if method == "smile_box" else score
        unit = units[i % len(units)]
        rows.append(
            (
                f"BS{i:09d}",
                method,
                JOBS[i % 4],
                unit,
                unit,
                start + timedelta(days=i % 365),
                "{}",
                score,
                score_5,
            )
        )
        if len(rows) == 50_000:
            insert_rows(
                SurveyResponse,
                [
                    "external_id",
                    "method",
                    "job_type",
                    "unit",
                    "quota_unit",
                    "date",
                    "answers",
                    "score",
                    "score_5",
                ],
                rows,
            )
            rows = []
    insert_rows(
        SurveyResponse,
        ["external_id", "method", "job_type", "unit", "quota_unit", "date", "answers", "score", "score_5"],
        rows,
    )
    data["_surveys"] = n


@benchmark("satisfaction_avg_region_quarter", prepare=_prepare)
def satisfaction_avg_region_quarter(data: dict) -> Outcome:
    """Weighted satisfaction averages (SMS, phone, Smile Box) and call-back ratio per office for Q1-2."""
    units = [u.pk for u in data["national"]["offices"]]
    keys = [
        "voc.satisfaction_avg_sms",
        "voc.satisfaction_avg_phone",
        "voc.satisfaction_avg_smilebox",
        "voc.callback_ratio_pct",
    ]
    values = measures.compute(keys, units, date(2021, 1, 1), date(2021, 6, 30))
    assert len(values[keys[0]]) == len(units)

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT quota_unit_id, method, COUNT(*), SUM(score_5) FROM voc_surveyresponse "
                "WHERE date >= %s AND date <= %s GROUP BY quota_unit_id, method",
                [date(2021, 1, 1), date(2021, 6, 30)],
            )
            return cursor.fetchall()

    return Outcome(rows=data["_surveys"] // 2, floor=floor)
