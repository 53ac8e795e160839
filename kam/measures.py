"""Key-account KPIs from the records, registered as the "kam" family.

Coverage is the share of a segment's accounts active in the period with at least one activity of the kind
(the denominator counts only accounts active in the period). COM is asked once per customer per quarter, so
its coverage counts (account, quarter) pairs. Executive visits and BOI contacts are counts per office.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from kpiplan.lib.periods import PlanYear, plan_year_containing
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
    """The plan quarters inside [start, end], each asked on its own (COM: once per customer per quarter).

    A cumulative Q1..Qn starts on its plan year's first day, so quarters run in three-month blocks from
    ``start``'s month: a fiscal-year plan's (October) as a calendar-year plan's (January). The plan year is
    the one ``start`` falls in (fiscal 2565 begins in October 2021: named after the year it ends). A span
    holding no whole quarter (a few days of a drill-down link) is one span."""
    start_month = start.month if start.day == 1 else 1
    plan_year = PlanYear(plan_year_containing(start, start_month), start_month)
    spans = []
    while plan_year.start <= end:
        for q in plan_year.quarters():
            if q.start >= start and q.end <= end:
                spans.append((q.start, q.end))
        plan_year = plan_year.next()
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


SEGMENTS = ("strategic", "star", "status", "streamline")
EXEC_LEVELS = ("director", "assistant", "manager")


def _merged(covs: list[dict[str, Coverage]]) -> dict[str, Coverage]:
    """Coverage of several offices added up per segment (the accounts are each office's own)."""
    out: dict[str, Coverage] = {}
    for per_segment in covs:
        for segment, c in per_segment.items():
            total = out.setdefault(segment, Coverage(covered={}))
            total.accounts += c.accounts
            total.com_pairs += c.com_pairs
            total.com_covered += c.com_covered
            for kind, n in c.covered.items():
                total.covered[kind] = total.covered.get(kind, 0) + n
    return out


def _com(cov: dict[str, Coverage], _counts: dict) -> MeasureValue:
    mine = [c for s, c in cov.items() if s in COM_SEGMENTS]
    return _pct(sum(c.com_covered for c in mine), sum(c.com_pairs for c in mine))


def _segment_coverage(kind: str, segment: str):
    def measure(cov: dict[str, Coverage], _counts: dict) -> MeasureValue:
        c = cov.get(segment.capitalize(), Coverage())
        return _pct(c.covered.get(kind, 0), c.accounts)

    return measure


def _exec(level: str):
    return lambda _cov, counts: MeasureValue(Decimal(counts.get((Kind.EXEC_VISIT, level), 0)))


def _boi(_cov, counts: dict) -> MeasureValue:
    return MeasureValue(Decimal(sum(n for (k, _l), n in counts.items() if k == Kind.BOI)))


MEASURES = {
    "com_coverage_pct": _com,
    "boi_contacts": _boi,
    **{f"exec_visits_{level}": _exec(level) for level in EXEC_LEVELS},
    **{
        f"{kind.lower()}_coverage_{segment}_pct": _segment_coverage(kind, segment)
        for kind in (Kind.FMS, Kind.RBA, Kind.SEMINAR)
        for segment in SEGMENTS
    },
}


def is_known(key: str) -> bool:
    prefix, _dot, name = key.partition(".")
    return prefix == "kam" and name in MEASURES


def compute(
    keys: list[str], scopes: Mapping[int, Sequence[int]], start: date, end: date
) -> dict[str, dict[int, MeasureValue]]:
    """Every key for every reporting unit, over the offices its scope covers."""
    names = {key.split(".", 1)[1]: key for key in keys}
    covered = {u for ids in scopes.values() for u in ids}
    out: dict[str, dict[int, MeasureValue]] = {}
    needs_coverage = any("coverage" in n for n in names)
    cov = coverage(covered, start, end) if needs_coverage else {}
    counts = activity_counts(covered, start, end) if any(n.startswith(("exec", "boi")) for n in names) else {}
    per_office: dict[int, dict[str, Coverage]] = defaultdict(dict)
    for (office, segment), c in cov.items():
        per_office[office][segment] = c
    per_office_counts: dict[int, dict] = defaultdict(dict)
    for (office, kind, level), n in counts.items():
        per_office_counts[office][(kind, level)] = n
    for unit, ids in scopes.items():
        mine_cov = _merged([per_office[i] for i in ids])
        mine_counts: dict = defaultdict(int)
        for i in ids:
            for pair, n in per_office_counts[i].items():
                mine_counts[pair] += n
        for name, key in names.items():
            out.setdefault(key, {})[unit] = MEASURES[name](mine_cov, mine_counts)
    return out


def records_url(key: str, unit_id: int, start: date, end: date) -> str:
    query = {"office": unit_id, "date_from": start.isoformat(), "date_to": end.isoformat()}
    return reverse("kam:board") + "?" + urlencode(query)
