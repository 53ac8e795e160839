"""Synthetic data at a chosen scale and the results / grid benchmarks (run by `manage.py bench`)."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test import Client
from django.utils import timezone

from kpiplan.lib.benchmarking import Outcome, benchmark
from kpiplan.lib.htmlforms import form_fields
from plans.models import Unit, User

from .models import ReportBatch
from .reports import build_report, render_pdf
from .synthetic import synthetic_region
from .tasks import build_report_batch

SCALES = {
    # offices in the region grid, offices in the national grid, targets per plan
    "small": {"region_units": 20, "national_units": 60, "targets": 20},
    "national": {"region_units": 84, "national_units": 1000, "targets": 100},
}


def _world(code: str, n_units: int, n_targets: int, year: int) -> dict:
    world = synthetic_region(code, n_units, n_targets, year)
    return {
        "plan": world.plan,
        "region": world.region,
        "division": world.division,
        "offices": world.offices,
        "targets": world.targets,
    }


def _results(world: dict, quarters=(1, 2, 3, 4), draft_unit: Unit | None = None) -> int:
    from .models import Result

    now = timezone.now()
    batch, total = [], 0
    for office in world["offices"]:
        for index, target in enumerate(world["targets"]):
            for q in quarters:
                kind = target.kind
                draft = office == draft_unit and q == 4
                batch.append(
                    Result(
                        target=target,
                        unit=office,
                        quarter=q,
                        status="draft" if draft else "accepted",
                        value=None
                        if kind in ("percentage", "milestone")
                        else Decimal(3 * q if kind == "count" else 4 if kind == "score" else 18),
                        numerator=Decimal(90 + index % 10) if kind == "percentage" else None,
                        denominator=Decimal(100) if kind in ("percentage", "score", "duration") else None,
                        done=True if kind == "milestone" else None,
                        narrative="-",
                        submitted_at=None if draft else now,
                        on_time=None if draft else index % 7 != 0,
                    )
                )
                if len(batch) >= 5000:
                    Result.objects.bulk_create(batch)
                    total += len(batch)
                    batch = []
    Result.objects.bulk_create(batch)
    return total + len(batch)


def generate(scale: str) -> dict:
    """The benchmark world: a region-sized plan and a national-sized one, a year of accepted results."""
    sizes = SCALES[scale]
    region = _world("BR", sizes["region_units"], sizes["targets"], 2580)
    national = _world("BN", sizes["national_units"], sizes["targets"], 2581)
    reporter_unit = region["offices"][0]
    rows = _results(region, draft_unit=reporter_unit) + _results(national)
    reporter = User.objects.create_user("bench-reporter", password="x", unit=reporter_unit, role="reporter")
    reviewer = User.objects.create_user(
        "bench-reviewer", password="x", unit=region["division"], role="reviewer"
    )
    national_reviewer = User.objects.create_user(
        "bench-hq", password="x", unit=national["division"], role="reviewer"
    )
    return {
        "scale": scale,
        "region": region,
        "national": national,
        "result_rows": rows,
        "reporter": reporter,
        "reviewer": reviewer,
        "national_reviewer": national_reviewer,
    }


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


def _prepare_entry(data: dict) -> None:
    """Open the form (untimed) and change every target on it, as a reporter would before saving."""
    state = data.setdefault("_entry", {"round": 0})
    client = _client(data, data["reporter"])
    fields = form_fields(client.get(_entry_url(data)).content.decode())
    state["round"] += 1
    r = state["round"]
    new_values = {
        "count": ("value", str(12 + r)),
        "score": ("value", f"4.{r % 9 + 1}"),
        "duration": ("value", str(15 + r % 5)),
        "percentage": ("numerator", str(90 + r % 5)),
        "milestone": ("done", "1" if r % 2 else "0"),
    }
    for target in data["region"]["targets"]:
        field, value = new_values[target.kind]
        fields[f"t{target.pk}-{field}"] = value
        fields[f"t{target.pk}-narrative"] = f"รอบที่ {r}"
    state["fields"] = fields


@benchmark("entry_form_save", prepare=_prepare_entry)
def entry_form_save(data: dict) -> Outcome:
    """A reporter saves a whole quarter form with every target changed (the POST alone is timed)."""
    client = _client(data, data["reporter"])
    response = client.post(_entry_url(data), data["_entry"]["fields"] | {"action": "save"})
    assert response.status_code == 302, response.status_code
    return Outcome(rows=len(data["region"]["targets"]))


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
    return Outcome(rows=len(world["targets"]))


@benchmark("report_batch_region", repeat=1)
def report_batch_region(data: dict) -> Outcome:
    """Every unit's report of the region into one ZIP through the task (rows = units; units/s = rows / s)."""
    world = data["region"]
    batch = ReportBatch.objects.create(plan=world["plan"], quarter=4, requested_at=timezone.now())
    build_report_batch.call(batch.pk)
    batch.refresh_from_db()
    assert batch.state == ReportBatch.State.DONE
    return Outcome(rows=batch.total)
