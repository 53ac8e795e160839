"""Complaint benchmarks: the region's SLA summary over a year of complaints, and the import rate."""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from kpiplan.lib.benchmarking import Outcome, benchmark
from kpiplan.lib.bulk import insert_rows
from plans import measures
from plans.models import User
from plans.selectors import plan_years_span

from . import sla
from .importers import import_complaints
from .models import Complaint, ComplaintType
from .services import types_and_holidays_load

SIZES = {
    "small": {"complaints": 20_000, "import": 5_000},
    "national": {"complaints": 1_000_000, "import": 100_000},
}
BKK = ZoneInfo("Asia/Bangkok")
KEYS = [
    "complaints.closed_within_sla_pct",
    "complaints.closed_within_15d_pct",
    "complaints.closed_within_30d_pct",
    "complaints.open_overdue",
    "complaints.avg_days_to_close",
]


def _ensure_types() -> list[ComplaintType]:
    if not ComplaintType.objects.exists():
        types_and_holidays_load(
            {
                "complaint_types": [
                    {"code": f"OP{i}", "name_th": f"ประเภท {i}", "sla_value": d, "category": "operational"}
                    for i, d in enumerate([25, 25, 15, 20, 20, 20], start=1)
                ]
                + [
                    {
                        "code": "URGENT",
                        "name_th": "เร่งด่วน",
                        "sla_value": 24,
                        "sla_unit": "hours",
                        "category": "urgent",
                    },
                    {
                        "code": "MISCONDUCT",
                        "name_th": "ประพฤติมิชอบ",
                        "sla_value": 30,
                        "category": "misconduct",
                        "counted": False,
                    },
                ]
            }
        )
    return list(ComplaintType.objects.all())


def _prepare(data: dict) -> None:
    if "_complaints" in data:
        return
    types = _ensure_types()
    n = SIZES[data["scale"]]["complaints"]
    units = data["national"]["offices"]
    rng = random.Random(2564)
    start = datetime(2021, 1, 1, 8, tzinfo=BKK)
    columns = [
        "reference",
        "received_at",
        "channel",
        "unit",
        "type",
        "urgent",
        "description",
        "contact_name",
        "contact_phone",
        "status",
        "due_at",
        "closed_at",
        "resolution",
        "voc_reference",
        "created_at",
        # the standing the service fixes when it writes a complaint (complaints.sla)
        "due_15d_at",
        "due_30d_at",
        "due_month_at",
        "in_sla",
        "in_15d",
        "in_30d",
        "in_month",
        "time_to_close",
    ]
    as_text = connection.vendor == "sqlite"  # SQLite keeps datetimes as UTC text, as Django writes them

    def db(moment):
        if moment is None or not as_text:
            return moment
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def duration(span):
        return None if span is None else (span // timedelta(microseconds=1) if as_text else span)

    rules: dict[date, dict] = {}  # the rules' deadlines follow from the local day of receipt alone
    rows = []
    for i in range(n):
        t = types[i % len(types)]
        received = start + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        span = timedelta(hours=t.sla_value) if t.sla_unit == "hours" else timedelta(days=t.sla_value)
        closed = received + span * rng.uniform(0.2, 1.5) if rng.random() < 0.9 else None
        day = received.date()
        if day not in rules:
            rules[day] = sla.rule_deadlines(received)
        deadlines = rules[day] | {"received_at": received, "due_at": received + span}
        standing = sla.closing_standing(closed, deadlines)
        rows.append(
            (
                f"B{i:08d}",
                db(received),
                "call_center",
                units[i % len(units)].pk,
                t.pk,
                False,
                "-",
                "",
                "",
                "closed" if closed else "open",
                db(received + span),
                db(closed),
                "",
                "",
                db(received),
                db(deadlines["due_15d_at"]),
                db(deadlines["due_30d_at"]),
                db(deadlines["due_month_at"]),
                standing["in_sla"],
                standing["in_15d"],
                standing["in_30d"],
                standing["in_month"],
                duration(standing["time_to_close"]),
            )
        )
        if len(rows) == 50_000:
            insert_rows(Complaint, columns, rows)
            rows = []
    insert_rows(Complaint, columns, rows)
    data["_complaints"] = n


@benchmark("complaints_sla_region_quarter", prepare=_prepare)
def complaints_sla_region_quarter(data: dict) -> Outcome:
    """Every complaint KPI for every unit of the (national-size) region over Q1-4, in the database."""
    units = [u.pk for u in data["national"]["offices"]]
    values = measures.compute(KEYS, units, date(2021, 1, 1), date(2021, 12, 31))
    assert len(values[KEYS[0]]) == len(units)

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_id, COUNT(*), SUM(CASE WHEN closed_at <= due_at THEN 1 ELSE 0 END) "
                "FROM complaints_complaint WHERE received_at >= %s AND received_at < %s GROUP BY unit_id",
                [datetime(2021, 1, 1, tzinfo=BKK), datetime(2022, 1, 1, tzinfo=BKK)],
            )
            return cursor.fetchall()

    return Outcome(rows=data["_complaints"], floor=floor)


def _import_file(data: dict) -> None:
    n = SIZES[data["scale"]]["import"]
    codes = [u.code for u in data["national"]["offices"]]
    # March of the bench plans' first year: an import refuses dates outside the plans' years.
    span = plan_years_span()
    year = span.start.year if span else 2021
    lines = ["reference,received_at,channel,unit,type,description,status,closed_at,resolution"]
    for i in range(n):
        day = 1 + i % 28
        lines.append(
            f"IMP{i:07d},{year}-03-{day:02d} 09:{i % 60:02d},call_center,{codes[i % len(codes)]},"
            f"OP{1 + i % 6},ไฟดับ,closed,{year}-03-{day:02d} 17:00,แก้ไขแล้ว"
        )
    data["_import"] = ("\n".join(lines) + "\n").encode()
    data["_import_now"] = datetime(year, 12, 31, 23, 0, tzinfo=BKK)
    Complaint.objects.filter(reference__startswith="IMP").delete()
    if "_import_user" not in data:
        data["_import_user"] = User.objects.filter(username="bench-hq").first()


@benchmark("complaints_import_100k", repeat=2, prepare=_import_file)
def complaints_import_100k(data: dict) -> Outcome:
    """A CSV export (100,000 rows at national scale) checked and imported; rows/s = rows / median s."""
    _ensure_types()
    started = time.perf_counter()
    outcome = import_complaints(
        SimpleUploadedFile("export.csv", data["_import"]),
        user=data["_import_user"],
        allowed_units=data["national"]["offices"],
        # The bench plans lie in the future (2580/2581 B.E.): import as at the end of the file's year, or every
        # closing time would be refused as in the future.
        now=data["_import_now"],
    )
    data["_import_rate"] = len(outcome.rows) / (time.perf_counter() - started)
    return Outcome(rows=len(outcome.rows))
