"""Key-account KPIs from the records, registered as the "kam" family.

Coverage is the share of a segment's accounts active in the period with at least one activity of the kind
(the denominator counts only accounts active in the period). COM is asked once per customer per quarter, so
its coverage counts (account, quarter) pairs. Executive visits and BOI contacts are counts per office.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from kpiplan.lib.periods import PlanYear, be_year
from plans.measures import MeasureValue

from .models import Activity, KeyAccount, Kind

NAMES = (
    "fms_coverage_<segment>_pct",
    "rba_coverage_<segment>_pct",
    "seminar_coverage_<segment>_pct",
    "com_coverage_pct",
    "exec_visits_director",
    "exec_visits_assistant",
    "exec_visits_manager",
    "boi_contacts",
)
COVERED_KINDS = (Kind.FMS, Kind.RBA, Kind.COM, Kind.SEMINAR)
COM_SEGMENTS = ("Strategic", "Star", "Status")


@dataclass
class Coverage:
    accounts: int = 0
    covered: dict[str, int] = field(default_factory=dict)  # kind -> accounts with at least one
    com_pairs: int = 0  # (account, quarter) pairs active
    com_covered: int = 0  # ... with a COM that quarter


def _quarters_in(start: date, end: date) -> list[tuple[date, date]]:
    plan_year = PlanYear(be_year(start.year), start.month if start.day == 1 else 1)
    spans = []
    for q in plan_year.quarters():
        if q.start >= start and q.end <= end:
            spans.append((q.start, q.end))
    return spans or [(start, end)]


def coverage(unit_ids, start: date, end: date) -> dict[tuple[int, str], Coverage]:
    """(office, segment) -> coverage of the accounts active in [start, end]. One query."""
    window = Q(date__gte=start, date__lte=end)
    accounts = KeyAccount.objects.filter(KeyAccount.active_between(start, end), office_id__in=list(unit_ids))
    annotations = {
        f"has_{kind.lower()}": Exists(Activity.objects.filter(window, account=OuterRef("pk"), kind=kind))
        for kind in COVERED_KINDS
    }
    quarters = _quarters_in(start, end)
    for i, (q_start, q_end) in enumerate(quarters):
        annotations[f"com_q{i}"] = Exists(
            Activity.objects.filter(account=OuterRef("pk"), kind=Kind.COM, date__gte=q_start, date__lte=q_end)
        )
    aggregates = {"n": Count("pk")}
    aggregates |= {
        f"n_{kind.lower()}": Count("pk", filter=Q(**{f"has_{kind.lower()}": True})) for kind in COVERED_KINDS
    }
    for i, (q_start, q_end) in enumerate(quarters):
        active = KeyAccount.active_between(q_start, q_end)
        aggregates[f"pairs_q{i}"] = Count("pk", filter=active)
        aggregates[f"covered_q{i}"] = Count("pk", filter=active & Q(**{f"com_q{i}": True}))
    rows = accounts.annotate(**annotations).values("office_id", "segment").annotate(**aggregates).order_by()
    out = {}
    for r in rows:
        out[(r["office_id"], r["segment"])] = Coverage(
            accounts=r["n"],
            covered={kind: r[f"n_{kind.lower()}"] for kind in COVERED_KINDS},
            com_pairs=sum(r[f"pairs_q{i}"] for i in range(len(quarters))),
            com_covered=sum(r[f"covered_q{i}"] for i in range(len(quarters))),
        )
    return out


def activity_counts(unit_ids, start: date, end: date) -> dict[tuple[int, str, str], int]:
    """(office, kind, executive level) -> activities in [start, end]. One query."""
    rows = (
        Activity.objects.filter(office_id__in=list(unit_ids), date__gte=start, date__lte=end)
        .values("office_id", "kind", "exec_level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["office_id"], r["kind"], r["exec_level"]): r["n"] for r in rows}


def _pct(part: int, whole: int) -> MeasureValue:
    if not whole:
        return MeasureValue(None, Decimal(part), Decimal(0))
    return MeasureValue(
        (Decimal(100) * part / whole).quantize(Decimal("0.01")), Decimal(part), Decimal(whole)
    )


def compute(
    keys: list[str], unit_ids: list[int], start: date, end: date
) -> dict[str, dict[int, MeasureValue]]:
    names = {key.split(".", 1)[1]: key for key in keys}
    out: dict[str, dict[int, MeasureValue]] = {}
    needs_coverage = any("coverage" in n for n in names)
    cov = coverage(unit_ids, start, end) if needs_coverage else {}
    counts = (
        activity_counts(unit_ids, start, end) if any(n.startswith(("exec", "boi")) for n in names) else {}
    )
    per_office: dict[int, dict[str, Coverage]] = defaultdict(dict)
    for (office, segment), c in cov.items():
        per_office[office][segment] = c
    for name, key in names.items():
        values = {}
        for unit in unit_ids:
            if name == "com_coverage_pct":
                mine = [c for s, c in per_office[unit].items() if s in COM_SEGMENTS]
                values[unit] = _pct(sum(c.com_covered for c in mine), sum(c.com_pairs for c in mine))
            elif "_coverage_" in name:
                kind, _coverage, segment, _pct_suffix = name.split("_")
                c = per_office[unit].get(segment.capitalize(), Coverage())
                values[unit] = _pct(c.covered.get(kind.upper(), 0), c.accounts)
            elif name.startswith("exec_visits_"):
                level = name.removeprefix("exec_visits_")
                values[unit] = MeasureValue(Decimal(counts.get((unit, Kind.EXEC_VISIT, level), 0)))
            elif name == "boi_contacts":
                values[unit] = MeasureValue(
                    Decimal(sum(n for (u, k, _l), n in counts.items() if u == unit and k == Kind.BOI))
                )
        out[key] = values
    return out


def records_url(key: str, unit_id: int, start: date, end: date) -> str:
    query = {"office": unit_id, "date_from": start.isoformat(), "date_to": end.isoformat()}
    return reverse("kam:board") + "?" + urlencode(query)
