"""KAM benchmark: the region's coverage board over 10,000 accounts and 200,000 activities."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

from kpiplan.lib.benchmarking import Outcome, benchmark
from kpiplan.lib.bulk import insert_rows

from .models import Activity, KeyAccount
from .selectors import coverage_board

SIZES = {"small": (1_000, 20_000), "national": (10_000, 200_000)}
SEGMENTS = ["Strategic", "Star", "Status", "Streamline"]
KINDS = ["FMS", "RBA", "COM", "COM", "SEMINAR"]


def _prepare(data: dict) -> None:
    if "_kam" in data:
        return
    n_accounts, n_activities = SIZES[data["scale"]]
    offices = data["region"]["offices"]
    insert_rows(
        KeyAccount,
        ["customer_number", "name", "segment", "office", "revenue_band"],
        [
            (f"K{i:07d}", f"ลูกค้า {i}", SEGMENTS[i % 4], offices[i % len(offices)].pk, "")
            for i in range(n_accounts)
        ],
    )
    accounts = list(KeyAccount.objects.filter(customer_number__startswith="K").values_list("pk", "office_id"))
    rng = random.Random(2564)
    logged = datetime(2022, 1, 1, tzinfo=ZoneInfo("UTC"))
    logged = logged.strftime("%Y-%m-%d %H:%M:%S") if connection.vendor == "sqlite" else logged
    rows = []
    for i in range(n_activities):
        account_id, office_id = accounts[rng.randrange(len(accounts))]
        rows.append(
            (
                account_id,
                office_id,
                "",
                KINDS[i % 5],
                "",
                date(2021, 1, 1) + timedelta(days=rng.randrange(365)),
                "",
                "",
                "",
                logged,
            )
        )
    insert_rows(
        Activity,
        [
            "account",
            "office",
            "prospect",
            "kind",
            "exec_level",
            "date",
            "participants",
            "notes",
            "voc_reference",
            "logged_at",
        ],
        rows,
    )
    data["_kam"] = (n_accounts, n_activities)


@benchmark("kam_coverage_region", prepare=_prepare)
def kam_coverage_region(data: dict) -> Outcome:
    """The coverage board of the region for Q1-4 (segments x FMS/RBA/COM/seminar per office)."""
    offices = list(data["region"]["offices"])
    rows, total = coverage_board(offices, date(2021, 1, 1), date(2021, 12, 31), 2580)
    assert rows and total.cells

    def floor():
        # The board's numbers: accounts per office and segment, and those with an activity of each kind.
        with connection.cursor() as cursor:
            ids = [o.pk for o in offices]
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT office_id, segment, COUNT(*) FROM kam_keyaccount WHERE office_id IN ({marks}) "
                "GROUP BY office_id, segment",
                ids,
            )
            accounts = cursor.fetchall()
            cursor.execute(
                "SELECT k.office_id, k.segment, a.kind, COUNT(DISTINCT a.account_id) FROM kam_activity a "
                f"JOIN kam_keyaccount k ON k.id = a.account_id WHERE k.office_id IN ({marks}) "
                "AND a.date >= %s AND a.date <= %s GROUP BY k.office_id, k.segment, a.kind",
                [*ids, date(2021, 1, 1), date(2021, 12, 31)],
            )
            return accounts, cursor.fetchall()

    return Outcome(rows=data["_kam"][1], floor=floor)
