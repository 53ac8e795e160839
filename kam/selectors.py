"""Reads: accounts a user may see, the office coverage board, executive visits against quotas, late logging."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet

from plans import access
from plans.models import Unit, User

from .measures import COVERED_KINDS, Coverage, activity_counts, coverage
from .models import Activity, ExecLevel, KeyAccount, Kind, Segment, SegmentTarget, VisitPlan

# Executive visits asked per quarter (seed CR2 1.2): the regional director 1 for the region, an assistant
# director 3 per class 1-3 office, the office manager 6 per office.
EXEC_QUOTA = {ExecLevel.DIRECTOR: 1, ExecLevel.ASSISTANT: 3, ExecLevel.MANAGER: 6}


def accounts_visible_to(user: User) -> QuerySet[KeyAccount]:
    return KeyAccount.objects.filter(office__in=access.units_visible_to(user))


def _pct(part: int, whole: int) -> Decimal | None:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else None


@dataclass
class BoardCell:
    accounts: int
    covered: int
    pct: Decimal | None
    target: Decimal | None

    @property
    def status(self) -> str:
        if self.pct is None:
            return "not_reported"
        return "achieved" if self.target is None or self.pct >= self.target else "behind"


@dataclass
class BoardRow:
    office: Unit | None  # None: the region's total
    cells: dict[tuple[str, str], BoardCell] = field(default_factory=dict)  # (segment, kind) -> cell


def coverage_board(offices: list[Unit], start: date, end: date, year: int) -> tuple[list[BoardRow], BoardRow]:
    """Offices x (segment x FMS / RBA / COM / seminar), with the region's total against the segment targets."""
    cov = coverage([o.pk for o in offices], start, end)
    regions = {o.region_id for o in offices}
    targets = {
        (t.segment, t.kind): t.coverage_pct
        for t in SegmentTarget.objects.filter(year=year, region_id__in=regions)
    }
    rows, total = [], BoardRow(None)
    sums: dict[tuple[str, str], list[int]] = {}
    for office in offices:
        row = BoardRow(office)
        for segment in Segment.values:
            c = cov.get((office.pk, segment), Coverage())
            for kind in COVERED_KINDS:
                covered, whole = (
                    (c.com_covered, c.com_pairs) if kind == Kind.COM else (c.covered.get(kind, 0), c.accounts)
                )
                row.cells[(segment, kind)] = BoardCell(
                    whole, covered, _pct(covered, whole), targets.get((segment, kind))
                )
                acc = sums.setdefault((segment, kind), [0, 0])
                acc[0] += covered
                acc[1] += whole
        if any(c.accounts for c in row.cells.values()):
            rows.append(row)
    for (segment, kind), (covered, whole) in sums.items():
        total.cells[(segment, kind)] = BoardCell(
            whole, covered, _pct(covered, whole), targets.get((segment, kind))
        )
    return rows, total


def uncovered(office: Unit, segment: str, kind: str, start: date, end: date) -> QuerySet[KeyAccount]:
    """The office's accounts of the segment, active in the period, with no activity of the kind in it."""
    done = Activity.objects.filter(kind=kind, date__gte=start, date__lte=end).values("account_id")
    return (
        KeyAccount.objects.filter(KeyAccount.active_between(start, end), office=office, segment=segment)
        .exclude(pk__in=done)
        .select_related("kamr")
    )


@dataclass
class ExecLine:
    office: Unit
    counts: dict[str, int]
    owed: dict[str, int]
    late: int
    plans: dict[str, int] = field(
        default_factory=dict
    )  # visit plans due in the period: planned/done/cancelled


def exec_visits(offices: list[Unit], start: date, end: date, quarters: int) -> list[ExecLine]:
    counts = activity_counts([o.pk for o in offices], start, end)
    late_rows = late_logged([o.pk for o in offices], start, end)
    plan_rows = {
        (r["account__office_id"], r["state"]): r["n"]
        for r in (
            VisitPlan.objects.filter(
                account__office__in=offices, planned_date__gte=start, planned_date__lte=end
            )
            .values("account__office_id", "state")
            .annotate(n=Count("pk"))
            .order_by()
        )
    }
    lines = []
    for office in offices:
        got = {level: counts.get((office.pk, Kind.EXEC_VISIT, level), 0) for level in EXEC_QUOTA}
        owed = (
            {
                level: max(0, EXEC_QUOTA[level] * quarters - got[level])
                for level in (ExecLevel.ASSISTANT, ExecLevel.MANAGER)
            }
            if office.kind == "office"
            else {}
        )
        plans = {state: plan_rows.get((office.pk, state), 0) for state in VisitPlan.State.values}
        lines.append(ExecLine(office, got, owed, late_rows.get(office.pk, 0), plans))
    return lines


def late_logged(office_ids, start: date, end: date) -> dict[int, int]:
    """Activities logged after the 5th day following their month, per office (computed in Python from the
    logging time: a date difference that varies by month is clearer here than in SQL)."""
    out: dict[int, int] = {}
    for office_id, day, logged in Activity.objects.filter(
        office_id__in=list(office_ids), date__gte=start, date__lte=end
    ).values_list("office_id", "date", "logged_at"):
        probe = Activity(date=day, logged_at=logged)
        if probe.logged_late:
            out[office_id] = out.get(office_id, 0) + 1
    return out
