"""The results benchmarks: the quarter form, the grids, the matrix and the reports (run by `manage.py bench`).

They run on the world operations/synthetic.py builds: data["region"] and data["national"], each a plan, its
region, division, offices and targets, with a year of accepted results; data["reporter"], data["reviewer"].
"""

from __future__ import annotations

import re

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from kpiplan.lib.benchmarking import Outcome, benchmark
from plans.models import Unit, User

from . import selectors
from .forms import ResultRowForm
from .models import ReportBatch
from .reports import build_report, render_pdf
from .tasks import build_report_batch


def _client(data: dict, user: User) -> Client:
    """One signed-in client per user for the whole run, as a person's browser would be."""
    clients = data.setdefault("_clients", {})
    if user.pk not in clients:
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)
    return clients[user.pk]


def _floor_grid(region: Unit):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.target_id, r.quarter, COUNT(*), SUM(r.value), SUM(r.numerator), SUM(r.denominator), "
                "SUM(CASE WHEN r.on_time THEN 1 ELSE 0 END) "
                "FROM quarters_result r JOIN plans_unit u ON u.id = r.unit_id "
                "WHERE u.region_id = %s AND r.status = 'accepted' GROUP BY r.target_id, r.quarter",
                [region.pk],
            )
            return cursor.fetchall()

    return run


def _entry_url(data: dict) -> str:
    world = data["region"]
    return f"/results/{world['plan'].pk}/unit/{world['offices'][0].pk}/q4/"


def _form_fields(data: dict) -> dict[str, str]:
    """What the quarter form posts when nothing is changed: each row form's fields as the page renders them."""
    world = data["region"]
    form = selectors.entry_form(world["plan"], world["offices"][0], 4, timezone.localdate())
    fields = {}
    for row in form.rows:
        row_form = ResultRowForm(None, row=row, quarter=4, editable=True)
        for name in row_form.fields:
            # files, and the kept/attached-file ticks: a browser posts nothing for them when none is chosen
            if name not in ("evidence", "pending", "remove_evidence"):
                value = row_form[name].value()
                fields[row_form[name].html_name] = "" if value is None else str(value)
    return fields


def _prepare_entry(data: dict) -> None:
    """Open the form (untimed) and change every target on it, as a reporter would before saving."""
    state = data.setdefault("_entry", {"round": 0})
    client = _client(data, data["reporter"])
    assert client.get(_entry_url(data)).status_code == 200
    fields = _form_fields(data)
    state["round"] += 1
    r = state["round"]
    new_values = {
        "count": ("value", str(12 + r)),
        "score": ("value", f"4.{r % 9 + 1}"),
        "duration": ("value", str(15 + r % 5)),
        # cumulative figures may not fall below the previous quarter's (up to 99 of 100 in the national data)
        "percentage": ("numerator", str(99 + r % 2)),
        "milestone": ("done", "1" if r % 2 else "0"),
    }
    for target in data["region"]["targets"]:
        field, value = new_values[target.kind]
        fields[f"t{target.pk}-{field}"] = value
        fields[f"t{target.pk}-narrative"] = f"รอบที่ {r}"
    state["fields"] = fields


def _floor_entry(data: dict):
    """The same save straight in SQL: the form's rows of the office's quarter 4 read under lock, each row's
    posted figures written back with one UPDATE per row, in one transaction (no checks, audit or versions)."""
    world, fields = data["region"], data["_entry"]["fields"]
    office = world["offices"][0]

    def posted(target, name):
        value = fields.get(f"t{target.pk}-{name}", "")
        return value or None

    rows = [
        (
            posted(t, "value"),
            posted(t, "numerator"),
            None if t.kind != "milestone" else posted(t, "done") == "1",
            posted(t, "narrative") or "",
            t.pk,
            office.pk,
        )
        for t in world["targets"]
    ]
    lock = "" if connection.vendor == "sqlite" else " FOR UPDATE"

    def run():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, target_id, value, numerator, done, narrative FROM quarters_result "
                f"WHERE unit_id = %s AND quarter = 4{lock}",
                [office.pk],
            )
            cursor.fetchall()
            cursor.executemany(
                "UPDATE quarters_result SET value = %s, numerator = %s, done = %s, narrative = %s "
                "WHERE target_id = %s AND unit_id = %s AND quarter = 4",
                rows,
            )

    return run


@benchmark("entry_form_save", prepare=_prepare_entry)
def entry_form_save(data: dict) -> Outcome:
    """A reporter saves a whole quarter form with every target changed (the POST alone is timed)."""
    client = _client(data, data["reporter"])
    response = client.post(_entry_url(data), data["_entry"]["fields"] | {"action": "save"})
    assert response.status_code == 302, (response.status_code, _refusals(response))
    return Outcome(rows=len(data["region"]["targets"]), floor=_floor_entry(data))


def _refusals(response) -> list[str]:
    """The messages of a refused save, so that a benchmark whose data no longer passes says why."""

    return re.findall(r'role="alert"[^>]*>([^<]*)<', response.content.decode())[:5]


@benchmark("grid_region")
def grid_region(data: dict) -> Outcome:
    world = data["region"]
    response = _client(data, data["reviewer"]).get("/results/grid/", {"plan": world["plan"].pk, "quarter": 4})
    assert response.status_code == 200
    return Outcome(rows=len(world["offices"]) * len(world["targets"]) * 4, floor=_floor_grid(world["region"]))


@benchmark("grid_national")
def grid_national(data: dict) -> Outcome:
    world = data["national"]
    response = _client(data, data["national_reviewer"]).get(
        "/results/grid/", {"plan": world["plan"].pk, "quarter": 4}
    )
    assert response.status_code == 200
    return Outcome(rows=len(world["offices"]) * len(world["targets"]) * 4, floor=_floor_grid(world["region"]))


@benchmark("matrix_region_quarter")
def matrix_region_quarter(data: dict) -> Outcome:
    world = data["region"]
    response = _client(data, data["reviewer"]).get(
        "/results/matrix/", {"plan": world["plan"].pk, "quarter": 4}
    )
    assert response.status_code == 200

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.unit_id, r.target_id, r.status, r.value FROM quarters_result r JOIN plans_unit u "
                "ON u.id = r.unit_id WHERE u.region_id = %s AND r.quarter = 4",
                [world["region"].pk],
            )
            return cursor.fetchall()

    return Outcome(rows=len(world["offices"]) * len(world["targets"]), floor=floor)


@benchmark("report_pdf_region", repeat=3)
def report_pdf_region(data: dict) -> Outcome:
    """The region's consolidated report form as PDF (all targets, four quarters)."""
    world = data["region"]
    report = build_report(world["plan"], 4, variant="region", today=timezone.localdate())
    content = render_pdf(report)
    assert content.startswith(b"%PDF")
    # The floor is the report's numbers (each target's region roll-up per quarter) in one SQL query.
    return Outcome(rows=len(world["targets"]), floor=_floor_grid(world["region"]))


@benchmark("report_batch_region", repeat=1)
def report_batch_region(data: dict) -> Outcome:
    """Every unit's report of the region into one ZIP through the task (rows = units; units/s = rows / s)."""
    world = data["region"]
    batch = ReportBatch.objects.create(plan=world["plan"], quarter=4, requested_at=timezone.now())
    build_report_batch.call(batch.pk)
    batch.refresh_from_db()
    assert batch.state == ReportBatch.State.DONE
    return Outcome(rows=batch.total)
